import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OP, OutPoint, ScriptBuilder, TransactionBuilder, TxIn, TxInWitness, type Transaction } from '@ocean-ts/core';
import type { AcceptResult } from '../../src/mempool/index.js';
import { Clock, FakeChain, feeOut, fund, id32, makePool, out, simple, spend, utxo, P2PKH, PUB, OTHER_ASSET } from './support.js';

function rejected(r: AcceptResult, reason: string, code: number): void {
  assert.equal(r.status, 'rejected', `expected ${reason}, got ${r.status}`);
  if (r.status !== 'rejected') return;
  assert.equal(r.reject.reason, reason, r.reject.toString());
  assert.equal(r.reject.code, code);
}

function setup(options = {}) {
  const chain = new FakeChain();
  const clock = new Clock();
  const pool = makePool(chain, clock, { options });
  return { chain, clock, pool };
}

test('accepts a signed P2PKH spend and reports it', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const tx = simple(u!);
  const r = pool.accept(tx);
  assert.equal(r.status, 'accepted');
  assert.ok(pool.has(tx.txidHex));
  const e = pool.entryInfo(tx.txidHex)!;
  assert.equal(e.fee, 10_000n);
  assert.equal(e.ancestorcount, 1);
  assert.equal(e.height, 100);
  assert.deepEqual(pool.txids(), [tx.txidHex]);
  assert.equal(pool.info().size, 1);
  pool.checkConsistency();
});

test('coinbase (16)', () => {
  const { pool } = setup();
  const b = new TransactionBuilder();
  b.addInput(new TxIn(OutPoint.NULL, Uint8Array.of(1, 1, 1), 0xffffffff));
  b.addOutput(out(0n, Uint8Array.of(OP.OP_RETURN)));
  rejected(pool.accept(b.build()), 'coinbase', 16);
});

test('consensus CheckTransaction failures come first', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const tx = spend([u!, u!], [out(1n)]);
  rejected(pool.accept(tx), 'bad-txns-inputs-duplicate', 16);
});

test('txn-already-in-mempool (257), txn-mempool-conflict (258)', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const tx = simple(u!);
  assert.equal(pool.accept(tx).status, 'accepted');
  rejected(pool.accept(tx), 'txn-already-in-mempool', 257);
  rejected(pool.accept(simple(u!, 20_000n)), 'txn-mempool-conflict', 258);
});

test('missing-inputs, bad-txns-inputs-spent (18), txn-already-known (257)', () => {
  const { chain, pool } = setup();
  const [u, v] = fund(chain, 2);
  const parent = simple(u!);
  const child = simple(utxo(parent, 0));
  assert.equal(pool.accept(child).status, 'missing-inputs');
  assert.deepEqual(pool.testAccept(child), { txid: child.txidHex, allowed: false, 'reject-reason': 'missing-inputs' });
  chain.confirm(parent, 100);
  rejected(pool.accept(parent), 'txn-already-known', 257);
  const spendU = simple(u!, 30_000n);
  rejected(pool.accept(spendU), 'bad-txns-inputs-spent', 18);
  assert.equal(pool.testAccept(spendU)['reject-reason'], '18: bad-txns-inputs-spent');
  assert.equal(pool.accept(simple(v!)).status, 'accepted');
});

test('non-final and non-BIP68-final (64)', () => {
  const { chain, pool } = setup();
  const [u, v] = fund(chain, 2);
  rejected(pool.accept(simple(u!, 10_000n, { locktime: 500, sequence: 0 })), 'non-final', 64);
  // relative lock of 200 blocks on a coin confirmed at height 1
  rejected(pool.accept(simple(v!, 10_000n, { sequence: 200 })), 'non-BIP68-final', 64);
  assert.equal(pool.accept(simple(v!, 10_000n, { sequence: 50 })).status, 'accepted');
});

test('min relay fee not met / absurdly-high-fee (66 / 256)', () => {
  const { chain, pool } = setup();
  const [u, v, w] = fund(chain, 3);
  rejected(pool.accept(simple(u!, 1n)), 'min relay fee not met', 66);
  rejected(pool.accept(simple(v!, 20_000_000n)), 'absurdly-high-fee', 256);
  assert.equal(pool.accept(simple(v!, 20_000_000n), { allowHighFees: true }).status, 'accepted');
  // a transaction without any fee output pays 0
  rejected(pool.accept(spend([w!], [out(100_000_000n)])), 'min relay fee not met', 66);
});

test('coinbase-spending and all-burn transactions are exempt from min fees', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const cb = new TransactionBuilder();
  cb.addInput(new TxIn(OutPoint.NULL, Uint8Array.of(1, 5), 0xffffffff));
  cb.addOutput(out(50_000n));
  const coinbase = cb.build();
  chain.confirm(coinbase, 50, true);
  assert.equal(pool.accept(spend([utxo(coinbase, 0)], [out(50_000n)])).status, 'accepted');
  const burn = spend([u!], [out(100_000_000n, Uint8Array.of(OP.OP_RETURN))]);
  assert.equal(pool.accept(burn).status, 'accepted');
});

test('standardness applies only with requireStandard', () => {
  const lax = setup();
  const [a] = fund(lax.chain, 1);
  assert.equal(lax.pool.accept(simple(a!, 10_000n, { version: 3 })).status, 'accepted');

  const { chain, pool } = setup({ requireStandard: true });
  const [u, v, w, x] = fund(chain, 4);
  rejected(pool.accept(simple(u!, 10_000n, { version: 3 })), 'version', 64);
  rejected(pool.accept(spend([v!], [out(99_990_000n, Uint8Array.of(OP.OP_1)), feeOut(10_000n)])), 'scriptpubkey', 64);
  rejected(pool.accept(spend([w!], [out(99_989_900n), out(100n), feeOut(10_000n)])), 'dust', 64);
  // scriptSig with a non-push opcode
  const t = simple(x!);
  const b = TransactionBuilder.from(t);
  const i0 = t.inputs[0]!;
  b.setInput(0, new TxIn(i0.prevout, new Uint8Array([...i0.scriptSig, OP.OP_NOP]), i0.sequence));
  rejected(pool.accept(b.build()), 'scriptsig-not-pushonly', 64);
});

test('bad-txns-nonstandard-inputs (64) with requireStandard', () => {
  const { chain, pool } = setup({ requireStandard: true });
  const [u] = fund(chain, 1);
  const weird = spend([u!], [out(99_990_000n, Uint8Array.of(OP.OP_1, OP.OP_1, OP.OP_DROP)), feeOut(10_000n)]);
  chain.confirm(weird, 100);
  const t = spend([], [out(99_980_000n), feeOut(10_000n)]);
  const b = TransactionBuilder.from(t);
  b.addInput(new TxIn(new OutPoint(weird.txid, 0), new Uint8Array(0), 0xffffffff));
  rejected(pool.accept(b.build()), 'bad-txns-nonstandard-inputs', 64);
});

test('bad-txns-too-many-sigops (64)', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const heavy = new Uint8Array(201).fill(OP.OP_CHECKMULTISIG);
  const tx = spend([u!], [out(99_000_000n, heavy), feeOut(1_000_000n)]);
  rejected(pool.accept(tx), 'bad-txns-too-many-sigops', 64);
});

test('script failures: mandatory and non-mandatory', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const tx = simple(u!);
  const b = TransactionBuilder.from(tx);
  const i0 = tx.inputs[0]!;
  const sig = i0.scriptSig.slice();
  sig[10]! ^= 1;
  b.setInput(0, new TxIn(i0.prevout, sig, i0.sequence));
  const r = pool.accept(b.build());
  assert.equal(r.status, 'rejected');
  if (r.status === 'rejected') assert.match(r.reject.reason, /script-verify-flag/);
});

test('-fixedtxfee: incorrect transaction fee (66), split-outputs-spam (64)', () => {
  const { chain, pool } = setup({ fixedTxFee: 100_000n });
  const [u, v, w, x] = fund(chain, 4);
  rejected(pool.accept(simple(u!, 10_000n)), 'incorrect transaction fee', 66);
  rejected(pool.accept(simple(u!, 1_000_000n)), 'incorrect transaction fee', 66);
  assert.equal(pool.accept(simple(u!, 100_000n)).status, 'accepted');
  // any fee asset: the smallest asset id that has fee outputs
  const t2 = spend([v!], [out(99_900_000n), feeOut(100_000n)]);
  assert.equal(pool.accept(t2).status, 'accepted');
  const spam = spend([w!], [out(40_000_000n), out(59_900_000n), feeOut(100_000n)]);
  rejected(pool.accept(spam), 'split-outputs-spam', 64);
  assert.equal(pool.testAccept(spam)['reject-reason'], '64: split-outputs-spam');
  // same address, different assets: not spam (value balance fails later, but not for spam)
  const nonspam = spend([x!], [out(99_900_000n), out(0n, P2PKH, OTHER_ASSET), feeOut(100_000n)]);
  assert.equal(pool.accept(nonspam).status, 'accepted');
});

test('testAccept reports success before fee and script checks and changes nothing', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const cheap = simple(u!, 1n);
  assert.deepEqual(pool.testAccept(cheap), { txid: cheap.txidHex, allowed: true });
  assert.equal(pool.size, 0);
  const tx = simple(u!);
  pool.accept(tx);
  assert.deepEqual(pool.testAccept(tx), { txid: tx.txidHex, allowed: false, 'reject-reason': '257: txn-already-in-mempool' });
  chain.confirm(tx, 101);
  pool.removeForBlock([tx]);
  assert.equal(pool.testAccept(tx)['reject-reason'], '257: txn-already-known');
});

test('bad-txns-in-ne-out from the consensus input checks', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  rejected(pool.accept(spend([u!], [out(99_000_000n), feeOut(10_000n)])), 'bad-txns-in-ne-out', 16);
});

export type { Transaction };

test('tx-size, bad-witness-nonstandard (64) with requireStandard; several OP_RETURN outputs are fine', () => {
  const { chain, pool } = setup({ requireStandard: true });
  const [u, v, w] = fund(chain, 3);
  const big = new Uint8Array(100_001).fill(OP.OP_NOP);
  big[0] = OP.OP_RETURN;
  rejected(pool.accept(spend([u!], [out(99_000_000n, big), feeOut(1_000_000n)])), 'tx-size', 64);
  const t = simple(v!);
  const b = TransactionBuilder.from(t);
  b.setInputWitness(0, new TxInWitness(new Uint8Array(0), new Uint8Array(0), [Uint8Array.of(1)]));
  rejected(pool.accept(b.build()), 'bad-witness-nonstandard', 64);
  const twoReturns = spend([w!], [out(99_980_000n), out(5_000n, Uint8Array.of(OP.OP_RETURN, 1, 7)), out(5_000n, Uint8Array.of(OP.OP_RETURN)), feeOut(10_000n)]);
  assert.equal(pool.accept(twoReturns).status, 'accepted');
});

test('bare-multisig with -permitbaremultisig=0', () => {
  const { chain, pool } = setup({ requireStandard: true, permitBareMultisig: false });
  const [u] = fund(chain, 1);
  const ms = new ScriptBuilder().op(OP.OP_1).push(PUB).op(OP.OP_1, OP.OP_CHECKMULTISIG).build();
  rejected(pool.accept(spend([u!], [out(99_990_000n, ms), feeOut(10_000n)])), 'bare-multisig', 64);
});

test('pegin-no-witness (16)', () => {
  const { chain, pool } = setup();
  const [u] = fund(chain, 1);
  const t = simple(u!);
  const b = TransactionBuilder.from(t);
  b.addInput(new TxIn(new OutPoint(id32(0x55), 0), new Uint8Array(0), 0xffffffff, undefined, true));
  rejected(pool.accept(b.build()), 'pegin-no-witness', 16);
});
