/**
 * `acceptAsync` / `submitAsync`: the scripts (and confidential proofs) of a transaction checked on
 * the script verifier — the worker pool — give exactly the answers of the inline `accept`, the
 * deferred checks keep Core's order (amounts before fee rules, scripts last), and nothing is
 * inserted on checks made against a pool that changed meanwhile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZkpConfidentialVerifier, type Reject, type ScriptCheck, type Transaction } from '@ocean-ts/core';
import type { AcceptResult, Mempool } from '../../src/mempool/index.js';
import { ScriptVerifierPool } from '../../src/verify/script-verifier-pool.js';
import { InlineScriptVerifier, type ScriptVerifier } from '../../src/verify/script-verifier.js';
import { corpusChecks, withBrokenRangeProof, withBrokenSignature } from '../verify/support/corpus-checks.js';
import { Clock, FakeChain, feeOut, fund, makePool, out, simple, spend, secp, utxo } from './support.js';

const zkp = await ZkpConfidentialVerifier.create();

/** Records the checks it is given, then delegates (optionally after `gate` resolves). */
class RecordingVerifier implements ScriptVerifier {
  readonly seen: ScriptCheck[] = [];
  gate: Promise<void> | undefined;
  constructor(private readonly inner: ScriptVerifier) {}
  async verify(checks: readonly ScriptCheck[]): Promise<Reject | null> {
    this.seen.push(...checks);
    const g = this.gate;
    this.gate = undefined;
    if (g) await g;
    return this.inner.verify(checks);
  }
}

function summary(r: AcceptResult): string {
  return r.status === 'rejected' ? `rejected ${r.reject.reason} ${r.reject.code} ${r.reject.score} ${r.reject.debug ?? ''}` : `${r.status} ${r.txid}`;
}

/** Two identical pools (same chain, clock): one accepts inline, the other through `sv`. */
function twins(sv: ScriptVerifier, options = {}) {
  const chain = new FakeChain();
  const clock = new Clock();
  const inline = makePool(chain, clock, { options, verifier: zkp });
  const deferred = makePool(chain, clock, { options, verifier: zkp, scriptVerifier: sv });
  return { chain, clock, inline, deferred };
}

async function both(p: { inline: Mempool; deferred: Mempool }, tx: Transaction): Promise<string> {
  const a = summary(p.inline.accept(tx));
  const b = summary(await p.deferred.acceptAsync(tx));
  assert.equal(b, a, `acceptAsync agrees with accept for ${tx.txidHex}`);
  p.inline.checkConsistency();
  p.deferred.checkConsistency();
  assert.deepEqual(p.deferred.txids().sort(), p.inline.txids().sort());
  return a;
}

/** `t` with a byte of input 0's signature flipped. */
function withBadSig(t: Transaction): Transaction {
  return withBrokenSignature({ txIndex: 0, tx: t, spent: [], amounts: false, scripts: true, flags: 0, nonMandatoryRetry: true }).tx;
}

test('explicit transactions: same answers inline and through the worker pool (1 and 12 inputs, bad signatures, RBF, orphans)', async () => {
  const pool = new ScriptVerifierPool({ threads: 2, secp, verifier: zkp, inlineBelowCost: 0 });
  await pool.start();
  try {
    const rec = new RecordingVerifier(pool);
    const p = twins(rec, { enableReplacement: true });
    const coins = fund(p.chain, 20);
    assert.match(await both(p, simple(coins[0]!)), /^accepted/);
    const many = spend(coins.slice(1, 13), [out(12n * 100_000_000n - 50_000n), feeOut(50_000n)]);
    assert.match(await both(p, many), /^accepted/);
    assert.equal(rec.seen.length, 2);
    assert.equal(rec.seen[1]!.tx.inputs.length, 12);
    assert.ok(rec.seen.every((c) => c.scripts && c.nonMandatoryRetry && !c.amounts));
    // a broken signature: the inline reason and score
    assert.match(await both(p, withBadSig(simple(coins[13]!))), /^rejected mandatory-script-verify-flag-failed \(/);
    // replacement of an RBF-signalling transaction by a higher fee one
    const rbf = simple(coins[14]!, 10_000n, { sequence: 0 });
    assert.match(await both(p, rbf), /^accepted/);
    assert.match(await both(p, simple(coins[14]!, 50_000n, { sequence: 0 })), /^accepted/);
    assert.ok(!p.deferred.has(rbf.txidHex));
    // submitAsync: an orphan is kept, then accepted with its parent
    const parent = simple(coins[15]!);
    const child = simple(utxo(parent, 0));
    const r1 = await p.deferred.submitAsync(child);
    assert.equal(r1.result.status, 'missing-inputs');
    const r2 = await p.deferred.submitAsync(parent);
    assert.equal(r2.result.status, 'accepted');
    assert.deepEqual(r2.acceptedOrphans, [child.txidHex]);
    p.deferred.checkConsistency();
  } finally {
    await pool.stop();
  }
});

/** The spent coins of a corpus transaction as the fake chain's UTXO set. */
function seed(chain: FakeChain, c: ScriptCheck): void {
  c.tx.inputs.forEach((input, i) => chain.utxos.set(input.prevout, { out: c.spent[i]!, height: 1, isCoinbase: false }));
}

test('confidential transactions: amounts deferred too; a broken proof wins over a later fee rule, as inline', async () => {
  const cts = corpusChecks().filter((c) => c.chain === 'rt-ct' && c.check.amounts && c.check.tx.outputs.some((o) => o.value.isCommitment));
  assert.ok(cts.length >= 2);
  for (const { check } of cts.slice(0, 2)) {
    const rec = new RecordingVerifier(new InlineScriptVerifier(secp, zkp));
    const p = twins(rec, { requireStandard: false, minRelayTxFee: 0n });
    seed(p.chain, check);
    const good = check.tx;
    const badProof = withBrokenRangeProof(check).tx;
    // a later rule fails (absurd fee): inline reports it after the amounts passed…
    const strict = twins(rec, { requireStandard: false, minRelayTxFee: 0n, maxTxFee: 0n });
    seed(strict.chain, check);
    assert.match(await both(strict, good), /^rejected absurdly-high-fee/);
    assert.equal(rec.seen.at(-1)!.amounts, true, 'the amounts were deferred');
    assert.equal(rec.seen.at(-1)!.scripts, false, 'the scripts are not reached when a later rule fails');
    // …but a broken range proof comes first
    assert.match(await both(strict, badProof), /^rejected bad-txns-in-ne-out/);
    // without the fee rule: a broken proof, a broken signature, and the real transaction
    assert.match(await both(p, badProof), /^rejected bad-txns-in-ne-out/);
    assert.match(await both(p, withBrokenSignature(check).tx), /^rejected mandatory-script-verify-flag-failed/);
    assert.match(await both(p, good), /^accepted/);
    assert.equal(rec.seen.at(-1)!.amounts && rec.seen.at(-1)!.scripts, true);
  }
});

test('the pool changing while the scripts are verified: the checks are redone, nothing stale is inserted', async () => {
  const rec = new RecordingVerifier(new InlineScriptVerifier(secp));
  const chain = new FakeChain();
  const clock = new Clock();
  const pool = makePool(chain, clock, { scriptVerifier: rec });
  const [u] = fund(chain, 1);
  const a = simple(u!, 10_000n);
  const b = simple(u!, 20_000n); // spends the same coin
  let release!: () => void;
  rec.gate = new Promise<void>((r) => (release = r));
  const pending = pool.acceptAsync(a);
  await new Promise((r) => setImmediate(r));
  assert.equal(rec.seen.length, 1, 'a is being verified');
  // something mutates the pool meanwhile (it should hold the chain lock; this proves the guard)
  assert.equal(pool.accept(b).status, 'accepted');
  release();
  const r = await pending;
  assert.equal(r.status, 'rejected');
  assert.equal(r.status === 'rejected' && r.reject.reason, 'txn-mempool-conflict');
  assert.equal(rec.seen.length, 1, 'the second evaluation stopped before the scripts');
  assert.deepEqual(pool.txids(), [b.txidHex]);
  pool.checkConsistency();

  // a prioritisation meanwhile also means a re-check (the modified fee changed)
  const [v] = fund(chain, 1);
  const c = simple(v!);
  rec.gate = new Promise<void>((res) => (release = res));
  const pending2 = pool.acceptAsync(c);
  await new Promise((res) => setImmediate(res));
  pool.prioritiseTransaction(c.txidHex, 1000n);
  release();
  assert.equal((await pending2).status, 'accepted');
  assert.equal(rec.seen.length, 3, 'verified twice');
  assert.equal(pool.entryInfo(c.txidHex)!.modifiedfee, 11_000n);
});

test('without a script verifier, acceptAsync is accept', async () => {
  const chain = new FakeChain();
  const pool = makePool(chain, new Clock());
  const [u] = fund(chain, 1);
  assert.equal((await pool.acceptAsync(simple(u!))).status, 'accepted');
  assert.equal((await pool.submitAsync(simple(u!, 20_000n))).result.status, 'rejected');
});
