/**
 * Raw ECDSA verify throughput of the two Secp256k1 backends (native libsecp256k1 vs pure-JS noble).
 *
 *   node --import tsx bench/secp256k1.bench.ts
 *
 * Each backend verifies a fixed set of 64 distinct (message, signature, compressed pubkey) triples in a
 * loop for ~1.5 s; that is repeated 3 times and the median ops/s reported, then the noble/native ratio.
 */
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import type { Secp256k1 } from '../packages/core/src/crypto/secp256k1.js';
import { loadNativeSecp256k1 } from '../packages/core/src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../packages/core/src/crypto/secp256k1-noble.js';

const RUN_MS = 1500;
const RUNS = 3;
const SET = 64;

interface Triple {
  msg: Uint8Array;
  sig: Uint8Array;
  pub: Uint8Array;
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function makeTriples(signer: Secp256k1): Triple[] {
  const out: Triple[] = [];
  for (let i = 0; i < SET; i++) {
    const key = sha256(new TextEncoder().encode(`bench key ${i}`));
    const msg = sha256(new TextEncoder().encode(`bench message ${i}`));
    out.push({ msg, sig: signer.sign(msg, key).signature, pub: signer.publicKeyCreate(key, true) });
  }
  return out;
}

function measureOnce(secp: Secp256k1, triples: Triple[]): number {
  let ops = 0;
  let failures = 0;
  const start = performance.now();
  let now = start;
  while (now - start < RUN_MS) {
    // Check the clock once per pass over the set to keep timer overhead out of the loop.
    for (const t of triples) if (!secp.verify(t.msg, t.sig, t.pub)) failures++;
    ops += triples.length;
    now = performance.now();
  }
  if (failures > 0) throw new Error(`${secp.name}: ${failures} verifications failed`);
  return (ops * 1000) / (now - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bench(secp: Secp256k1, triples: Triple[]): number {
  // Warm-up (JIT, noble's base-point precomputation).
  for (let i = 0; i < 3; i++) for (const t of triples) secp.verify(t.msg, t.sig, t.pub);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(measureOnce(secp, triples));
  const m = median(runs);
  const detail = runs.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
  console.log(`secp256k1 verify  ${secp.name.padEnd(6)}  ${Math.round(m).toLocaleString('en-US').padStart(8)} ops/s  (runs: ${detail})`);
  return m;
}

const native = loadNativeSecp256k1();
const noble = new NobleSecp256k1();
const triples = makeTriples(native);
const nativeOps = bench(native, triples);
const nobleOps = bench(noble, triples);
console.log(`secp256k1 verify  noble/native ratio ${(nobleOps / nativeOps).toFixed(4)} (native is ${(nativeOps / nobleOps).toFixed(1)}× faster)`);
