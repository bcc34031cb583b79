import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AcceptResult } from '../../src/mempool/index.js';
import { Clock, FakeChain, feeOut, fund, makePool, out, simple, spend, utxo } from './support.js';

function rejected(r: AcceptResult, reason: string, code: number): string {
  assert.equal(r.status, 'rejected', `expected ${reason}, got ${r.status}`);
  if (r.status !== 'rejected') return '';
  assert.equal(r.reject.reason, reason, r.reject.toString());
  assert.equal(r.reject.code, code);
  return r.reject.debug ?? '';
}

function setup(options = {}) {
  const chain = new FakeChain();
  const clock = new Clock();
  const pool = makePool(chain, clock, { options });
  return { chain, clock, pool };
}

const RBF = 0xfffffffd;

test('RBF: a signalling transaction is replaced by a higher-paying one', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const a = simple(u!, 10_000n, { sequence: RBF });
  assert.equal(pool.accept(a).status, 'accepted');
  const child = simple(utxo(a, 0), 10_000n);
  assert.equal(pool.accept(child).status, 'accepted');
  // rule 4/3: must pay for the conflicts (20,000) plus relay of its own size
  const low = simple(u!, 15_000n);
  assert.match(rejected(pool.accept(low), 'insufficient fee', 66), /less fees than conflicting txs/);
  const b = simple(u!, 30_000n);
  const r = pool.accept(b);
  assert.equal(r.status, 'accepted');
  if (r.status === 'accepted') assert.deepEqual(new Set(r.replaced), new Set([a.txidHex, child.txidHex]));
  assert.ok(!pool.has(a.txidHex) && !pool.has(child.txidHex));
  pool.checkConsistency();
});

test('RBF: lower fee rate, not signalling, spends-conflicting, adds-unconfirmed', () => {
  const { chain, pool } = setup();
  const [u, v] = fund(chain, 2);
  const a = simple(u!, 50_000n, { sequence: RBF });
  pool.accept(a);
  assert.match(rejected(pool.accept(simple(u!, 40_000n)), 'insufficient fee', 66), /new feerate .* <= old feerate/);
  // not enough extra to relay its own size
  assert.match(rejected(pool.accept(simple(u!, 50_001n)), 'insufficient fee', 66), /not enough additional fees/);
  // spending the transaction it replaces
  const both = spend([u!, utxo(a, 0)], [out(100_000_000n + 99_950_000n - 100_000n), feeOut(100_000n)]);
  rejected(pool.accept(both), 'bad-txns-spends-conflicting-tx', 16);
  // replacement adding a new unconfirmed input
  const other = simple(v!, 10_000n);
  pool.accept(other);
  const adds = spend([u!, utxo(other, 0)], [out(100_000_000n + 99_990_000n - 200_000n), feeOut(200_000n)]);
  rejected(pool.accept(adds), 'replacement-adds-unconfirmed', 64);
  // an opt-out transaction cannot be replaced
  const [w] = fund(chain, 1);
  pool.accept(simple(w!, 10_000n));
  rejected(pool.accept(simple(w!, 90_000n)), 'txn-mempool-conflict', 258);
  pool.checkConsistency();
});

test('ancestor limit: too-long-mempool-chain', () => {
  const { chain, pool } = setup({ limitAncestorCount: 5 });
  const [u] = fund(chain, 1);
  let prev = u!;
  const chainTxs = [];
  for (let i = 0; i < 5; i++) {
    const t = simple(prev, 10_000n);
    assert.equal(pool.accept(t).status, 'accepted', `tx ${i}`);
    chainTxs.push(t);
    prev = utxo(t, 0);
  }
  const dbg = rejected(pool.accept(simple(prev, 10_000n)), 'too-long-mempool-chain', 64);
  assert.match(dbg, /too many (unconfirmed ancestors|descendants)/);
  const last = chainTxs[4]!.txidHex;
  assert.equal(pool.entryInfo(last)!.ancestorcount, 5);
  assert.equal(pool.entryInfo(chainTxs[0]!.txidHex)!.descendantcount, 5);
  assert.equal(pool.ancestorsOf(last)!.length, 4);
  assert.deepEqual(pool.entryInfo(last)!.depends, [chainTxs[3]!.txidHex]);
  pool.checkConsistency();
});

test('a full pool evicts the lowest fee rate and raises the minimum fee; it decays after blocks', () => {
  const probe = new FakeChain();
  const sz = simple(fund(probe, 1)[0]!).size + 256;
  const { chain, clock, pool } = setup({ maxMempoolBytes: 3 * sz + 10 });
  const us = fund(chain, 6);
  const fees = [1_000n, 2_000n, 3_000n];
  const txs = fees.map((f, i) => simple(us[i]!, f));
  for (const t of txs) assert.equal(pool.accept(t).status, 'accepted');
  assert.equal(pool.info().mempoolminfee, 0n);
  // a better transaction pushes out the cheapest one
  const rich = simple(us[3]!, 50_000n);
  assert.equal(pool.accept(rich).status, 'accepted');
  assert.ok(!pool.has(txs[0]!.txidHex));
  const minFee = pool.info().mempoolminfee;
  assert.ok(minFee > 1000n, `min fee ${minFee}`);
  // a transaction below the new minimum is refused
  rejected(pool.accept(simple(us[4]!, 1_100n)), 'mempool min fee not met', 66);
  // one that would itself be evicted: mempool full
  const { chain: c2, pool: p2 } = setup({ maxMempoolBytes: 2 * sz + 10 });
  const vs = fund(c2, 3);
  p2.accept(simple(vs[0]!, 50_000n));
  p2.accept(simple(vs[1]!, 50_000n));
  rejected(p2.accept(simple(vs[2]!, 2_000n)), 'mempool full', 66);
  // decay: after a block and 48 h (half-life 12 h at this usage) the rolling fee drops to 0
  pool.removeForBlock([]);
  clock.now += 48 * 3600;
  assert.equal(pool.info().mempoolminfee, 0n);
  pool.checkConsistency();
});

test('expiry removes old transactions with their descendants', () => {
  const { chain, clock, pool } = setup({ expirySeconds: 3600 });
  const [u, v] = fund(chain, 2);
  const a = simple(u!);
  pool.accept(a);
  clock.now += 1800;
  pool.accept(simple(utxo(a, 0)));
  clock.now += 1801;
  pool.accept(simple(v!));
  assert.equal(pool.size, 1);
  pool.checkConsistency();
});

test('expiry finds the oldest entry after removals and clock steps back (the scan is skipped only when nothing can expire)', () => {
  const { chain, clock, pool } = setup({ expirySeconds: 3600 });
  const [u, v, w, x] = fund(chain, 4);
  const t0 = clock.now;
  const a = simple(u!);
  pool.accept(a);
  clock.now = t0 + 100;
  const b = simple(v!);
  pool.accept(b);
  // the oldest leaves by a block, not by expiry: b is the oldest now
  chain.height++;
  chain.confirm(a, chain.height);
  pool.removeForBlock([a]);
  clock.now = t0 + 3650;
  assert.equal(pool.expire(clock.now - 3600), 0, 'b (t0+100) is not older than t0+50');
  assert.equal(pool.expire(t0 + 101), 1, 'b is');
  assert.equal(pool.size, 0);
  // a clock that steps back (setmocktime): an entry older than every earlier one
  clock.now = t0 + 5000;
  pool.accept(simple(w!));
  clock.now = t0 + 10;
  pool.accept(simple(x!));
  assert.equal(pool.expire(t0 + 11), 1, 'the entry at t0+10 expires');
  assert.equal(pool.size, 1);
  assert.equal(pool.expire(t0 + 5000), 0);
  assert.equal(pool.expire(t0 + 5001), 1);
  pool.checkConsistency();
});

test('prioritiseTransaction changes modified fees and package statistics', () => {
  const { chain, pool } = setup();
  const [u, v] = fund(chain, 2);
  const a = simple(u!, 10_000n);
  pool.prioritiseTransaction(simple(v!, 1n).txidHex, 100_000n);
  // a delta registered before arrival lets a low-fee transaction in
  assert.equal(pool.accept(simple(v!, 1n)).status, 'accepted');
  pool.accept(a);
  const child = simple(utxo(a, 0), 10_000n);
  pool.accept(child);
  pool.prioritiseTransaction(a.txidHex, 5_000n);
  assert.equal(pool.entryInfo(a.txidHex)!.modifiedfee, 15_000n);
  assert.equal(pool.entryInfo(a.txidHex)!.descendantfees, 25_000n);
  assert.equal(pool.entryInfo(child.txidHex)!.ancestorfees, 25_000n);
  pool.checkConsistency();
});

test('orphans wait for their parents and are accepted when they arrive', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const parent = simple(u!);
  const child = simple(utxo(parent, 0));
  const grandchild = simple(utxo(child, 0));
  assert.equal(pool.submit(grandchild).result.status, 'missing-inputs');
  assert.equal(pool.submit(child).result.status, 'missing-inputs');
  assert.equal(pool.orphans.size, 2);
  const r = pool.submit(parent);
  assert.equal(r.result.status, 'accepted');
  assert.deepEqual(r.acceptedOrphans, [child.txidHex, grandchild.txidHex]);
  assert.equal(pool.orphans.size, 0);
  assert.equal(pool.size, 3);
  pool.checkConsistency();
});

test('orphan pool is limited by random eviction', () => {
  const chain = new FakeChain();
  const clock = new Clock();
  let calls = 0;
  const pool = makePool(chain, clock, { options: { maxOrphanTx: 3 }, rng: () => (calls++ % 2) / 2 });
  const [u] = fund(chain, 1);
  for (let i = 0; i < 6; i++) {
    const parent = simple(u!, BigInt(10_000 + i));
    pool.submit(simple(utxo(parent, 0)));
  }
  assert.equal(pool.orphans.size, 3);
  assert.ok(calls >= 3);
  // expired orphans go first
  clock.now += 21 * 60;
  pool.orphans.limit(3, clock.now);
  assert.equal(pool.orphans.size, 0);
});

test('removeForBlock drops mined transactions and conflicts; resurrect re-adds them', () => {
  const { chain, pool } = setup();
  const [u, v, w] = fund(chain, 3);
  const a = simple(u!);
  const child = simple(utxo(a, 0));
  const b = simple(v!, 10_000n, { sequence: RBF });
  pool.accept(a);
  pool.accept(child);
  pool.accept(b);
  // the block mines a and a conflicting version of b
  const b2 = simple(v!, 20_000n);
  chain.height = 101;
  chain.confirm(a, 101);
  chain.confirm(b2, 101);
  pool.removeForBlock([a, b2]);
  assert.ok(!pool.has(a.txidHex) && !pool.has(b.txidHex));
  assert.ok(pool.has(child.txidHex));
  assert.equal(pool.entryInfo(child.txidHex)!.ancestorcount, 1);
  pool.checkConsistency();
  // reorg: the block is disconnected; its transactions come back, child relinks to a
  chain.unconfirm(a, [u!]);
  chain.unconfirm(b2, [v!]);
  chain.height = 100;
  const back = pool.resurrect([a, b2]);
  assert.deepEqual(back, [a.txidHex, b2.txidHex]);
  assert.equal(pool.entryInfo(child.txidHex)!.ancestorcount, 2);
  assert.equal(pool.entryInfo(a.txidHex)!.descendantcount, 2);
  // a low-fee block transaction is re-added without fee floors
  const free = spend([w!], [out(100_000_000n)]);
  chain.confirm(free, 101);
  chain.unconfirm(free, [w!]);
  assert.deepEqual(pool.resurrect([free]), [free.txidHex]);
  pool.checkConsistency();
});

test('blockOrder sorts by ancestor fee rate with parents first', () => {
  const { chain, pool } = setup();
  const [u, v] = fund(chain, 2);
  const lowParent = simple(u!, 1_000n);
  const richChild = simple(utxo(lowParent, 0), 200_000n);
  const mid = simple(v!, 20_000n);
  for (const t of [lowParent, richChild, mid]) assert.equal(pool.accept(t).status, 'accepted');
  const order = pool.blockOrder().map((e) => e.txid);
  assert.deepEqual(order, [lowParent.txidHex, richChild.txidHex, mid.txidHex]);
  assert.ok(order.indexOf(lowParent.txidHex) < order.indexOf(richChild.txidHex));
});
