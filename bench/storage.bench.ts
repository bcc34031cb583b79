/**
 * KvStore throughput: batched puts and random gets of 1M random 36-byte keys (outpoint-sized) with
 * 40-byte values, for the LMDB store (durable commits, on the OS temp dir) and the in-memory store,
 * plus raw lmdb-js (`db.batch` + `db.flushed`, no copies, no child transaction) as the baseline for
 * the LMDB wrapper's overhead.
 *
 *   node --import tsx bench/storage.bench.ts        (about 40 s; `benchStorage()` for bench/run.ts)
 *
 * Puts go through the public API end to end (WriteBatch of 10k puts, then `await write()`), so they
 * include building the batch. Ratios within one run are what to read; absolute figures move with the
 * machine and its disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { open } from 'lmdb';
import { LmdbKvStore } from '../packages/node/src/storage/lmdb-kv-store.js';
import { MemoryKvStore } from '../packages/node/src/storage/memory-kv-store.js';
import type { KvStore } from '../packages/node/src/storage/kv-store.js';
import { WriteBatch } from '../packages/node/src/storage/write-batch.js';
import { measure, report } from './harness.js';
import type { BenchResult } from './harness.js';

const N = 1_000_000;
const BATCH = 10_000;
const KEY = 36;
const VALUE = 40;

interface Data {
  keys: Uint8Array[];
  values: Uint8Array[];
}

function makeData(): Data {
  const kb = randomBytes(N * KEY);
  const vb = randomBytes(N * VALUE);
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < N; i++) {
    keys.push(new Uint8Array(kb.buffer, kb.byteOffset + i * KEY, KEY));
    values.push(new Uint8Array(vb.buffer, vb.byteOffset + i * VALUE, VALUE));
  }
  return { keys, values };
}

async function loadStore(name: string, store: KvStore, d: Data): Promise<BenchResult> {
  const start = performance.now();
  for (let s = 0; s < N; s += BATCH) {
    const batch = new WriteBatch();
    for (let i = s; i < s + BATCH; i++) batch.put(d.keys[i]!, d.values[i]!);
    await store.write(batch);
  }
  return { name, opsPerSec: (N * 1000) / (performance.now() - start) };
}

function randomGets(name: string, store: KvStore, d: Data): BenchResult {
  let i = 0;
  const order = Uint32Array.from({ length: 1 << 16 }, () => Math.floor(Math.random() * N));
  return measure(name, () => {
    if (store.get(d.keys[order[i++ & 0xffff]!]!) === undefined) throw new Error('missing key');
  }, 1.5);
}

async function rawLmdbPuts(dir: string, d: Data): Promise<BenchResult> {
  const db = open<Uint8Array, Uint8Array>({ path: dir, keyEncoding: 'binary', encoding: 'binary', overlappingSync: false });
  const start = performance.now();
  for (let s = 0; s < N; s += BATCH) {
    await db.batch(() => {
      for (let i = s; i < s + BATCH; i++) void db.put(d.keys[i]!, d.values[i]!);
    });
    await db.flushed;
  }
  const r = { name: 'raw lmdb-js: batched puts (db.batch, 10k/commit)', opsPerSec: (N * 1000) / (performance.now() - start) };
  await db.close();
  return r;
}

export async function benchStorage(): Promise<void> {
  const d = makeData();
  const root = mkdtempSync(join(tmpdir(), 'ocean-bench-storage-'));
  try {
    const raw = await rawLmdbPuts(join(root, 'raw'), d);
    const lmdb = LmdbKvStore.open(join(root, 'lmdb'));
    const lmdbPuts = await loadStore('LmdbKvStore: batched puts (10k/commit, durable)', lmdb, d);
    const lmdbGets = randomGets('LmdbKvStore: random gets (1M keys)', lmdb, d);
    await lmdb.close();
    const memory = new MemoryKvStore();
    const memPuts = await loadStore('MemoryKvStore: batched puts (10k/batch)', memory, d);
    const memGets = randomGets('MemoryKvStore: random gets (1M keys)', memory, d);
    console.log(`# ${N} random ${KEY}-byte keys, ${VALUE}-byte values`);
    report([raw, lmdbPuts, memPuts], raw);
    report([lmdbGets, memGets], lmdbGets);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchStorage();
}
