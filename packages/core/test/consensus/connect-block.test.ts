import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectBlock, verifyCoinbaseAmount, type ConnectBlockResult } from '../../src/consensus/connect-block.js';
import { SimpleConsensusRules } from '../../src/consensus/consensus-rules.js';
import { ConfidentialVerifierRequiredError } from '../../src/consensus/confidential-verifier.js';
import { REJECT_INVALID, REJECT_PEGIN, Reject } from '../../src/consensus/reject.js';
import { SEQUENCE_LOCKTIME_DISABLE_FLAG, SEQUENCE_LOCKTIME_TYPE_FLAG } from '../../src/primitives/locktime.js';
import type { Block } from '../../src/primitives/block.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { TxInWitness } from '../../src/primitives/witness.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { concatBytes, toDisplayHex } from '../../src/encoding/hex.js';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { OP } from '../../src/script/opcodes.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import {
  ASSET_A,
  ASSET_B,
  EMPTY,
  OP_RETURN,
  OP_TRUE,
  fee,
  id32,
  input,
  key,
  makeBlock,
  makeGenesis,
  out,
  rulesFor,
  secp,
  tx,
} from './support/fixtures.js';
import { ChainReplay } from './support/replay.js';
import { corpusChain } from './support/corpus.js';

const BIG = 1_500_000_000_000_000n;
const REGISTER = Uint8Array.of(OP.OP_REGISTERADDRESS, 1, 2);
const DEREGISTER = Uint8Array.of(OP.OP_DEREGISTERADDRESS, 1, 2);
const { block: genesis, coinTx } = makeGenesis([
  out(ASSET_A, 1000n),
  out(ASSET_A, 2000n),
  out(ASSET_B, 500n),
  out(ASSET_A, BIG),
  out(ASSET_A, BIG),
  out(ASSET_A, 7n, OP_RETURN),
  out(ASSET_A, 7n, REGISTER),
  out(ASSET_A, 7n, DEREGISTER),
  fee(ASSET_A, 3n),
]);
const coin = (n: number) => new OutPoint(coinTx.txid, n);

function chain(rules = rulesFor(genesis)): ChainReplay {
  const r = new ChainReplay(rules, secp);
  assert.equal(r.submit(genesis), null);
  return r;
}

function expect(r: Reject | null | ConnectBlockResult, reason: string, score = 100, code = REJECT_INVALID): void {
  assert.ok(r instanceof Reject, `expected ${reason}`);
  assert.equal(r.reason, reason, r.toString());
  assert.equal(r.code, code);
  assert.equal(r.score, score);
}

const ctxAt = (height: number) => ({ height, medianTimePast: genesis.header.time, medianTimePastAt: () => genesis.header.time });

test('genesis: every stored output enters the UTXO set at height 0, coinbase flag only for tx 0', () => {
  const r = chain();
  const c0 = r.view.get(coin(0))!;
  assert.equal(c0.height, 0);
  assert.equal(c0.isCoinbase, false);
  assert.equal(r.view.get(coin(5)), undefined, 'OP_RETURN dropped');
  assert.ok(r.view.get(coin(6)), 'register-address output kept');
  assert.ok(r.view.get(coin(7)), 'deregister-address output kept');
  assert.equal(r.view.get(coin(8)), undefined, 'fee output (empty script) dropped');
  assert.equal(r.view.get(new OutPoint(genesis.transactions[0]!.txid, 0)), undefined, 'genesis coinbase OP_RETURN dropped');
  assert.equal(r.view.size, 7);
});

test('a block spending genesis coins connects; fees are accumulated per asset and claimable', () => {
  const r = chain();
  const t1 = tx([input(coin(0))], [out(ASSET_A, 990n), fee(ASSET_A, 10n)]);
  const t2 = tx([input(coin(2))], [out(ASSET_B, 495n), fee(ASSET_B, 5n)]);
  // t3 spends an output created earlier in the same block
  const t3 = tx([input(new OutPoint(t1.txid, 0))], [out(ASSET_A, 989n), fee(ASSET_A, 1n)]);
  const blk = makeBlock({ prev: genesis, txs: [t1, t2, t3], fees: [[ASSET_A, 11n], [ASSET_B, 5n]] });
  const res = connectBlock(blk, r.view, ctxAt(1), { rules: r.rules, secp });
  assert.ok(!(res instanceof Reject), res instanceof Reject ? res.toString() : '');
  assert.deepEqual(res.fees, new Map([[toDisplayHex(ASSET_A), 11n], [toDisplayHex(ASSET_B), 5n]]));
  assert.equal(res.view.get(coin(0)), undefined);
  assert.equal(res.view.get(new OutPoint(t1.txid, 0)), undefined);
  assert.equal(res.view.get(new OutPoint(t3.txid, 0))!.out.value.amount, 989n);
  assert.equal(res.view.get(new OutPoint(blk.transactions[0]!.txid, 0))!.isCoinbase, true);
  // the base view is untouched
  assert.ok(r.view.get(coin(0)));
  assert.equal(r.submit(blk), null);
  assert.equal(r.view.get(coin(0)), undefined);
});

test('bad-cb-amount: claims beyond the fees, in another asset, confidential, or zero on a spendable script', () => {
  const r = chain();
  const t1 = tx([input(coin(0))], [out(ASSET_A, 990n), fee(ASSET_A, 10n)]);
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1], fees: [[ASSET_A, 11n]] }), { apply: false }), 'bad-cb-amount');
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1], fees: [[ASSET_B, 1n]] }), { apply: false }), 'bad-cb-amount');
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1], coinbaseOutputs: [out(ASSET_A, 0n, OP_TRUE)] }), { apply: false }), 'bad-cb-amount');
  const commitment = new Uint8Array(33);
  commitment[0] = 8;
  commitment[32] = 1;
  const blinded = new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.fromBytes(commitment), ConfidentialNonce.NULL, OP_TRUE);
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1], coinbaseOutputs: [blinded] }), { apply: false }), 'bad-cb-amount');
  // split claims and under-claims are fine; zero on OP_RETURN is fine
  const ok = makeBlock({ prev: genesis, txs: [t1], coinbaseOutputs: [out(ASSET_A, 4n), out(ASSET_A, 5n), out(ASSET_A, 0n, OP_RETURN)] });
  assert.equal(r.submit(ok, { apply: false }), null);
  // no fees at all: nothing may be claimed
  expect(r.submit(makeBlock({ prev: genesis, fees: [[ASSET_A, 1n]] }), { apply: false }), 'bad-cb-amount');
});

test('VerifyCoinbaseAmount in isolation', () => {
  const A = toDisplayHex(ASSET_A);
  const cb = (outs: TxOut[]) => tx([input(OutPoint.NULL, 0xffffffff, Uint8Array.of(1, 1))], outs);
  assert.equal(verifyCoinbaseAmount(cb([out(ASSET_A, 5n)]), new Map([[A, 5n]])), true);
  assert.equal(verifyCoinbaseAmount(cb([out(ASSET_A, 6n)]), new Map([[A, 5n]])), false);
  assert.equal(verifyCoinbaseAmount(cb([out(ASSET_A, -1n)]), new Map([[A, 5n]])), false);
  assert.equal(verifyCoinbaseAmount(cb([out(ASSET_A, 0n, EMPTY)]), new Map()), true); // empty script is unspendable
});

test('bad-coinbase-txos: -con_mandatorycoinbase with a -coinbasechange schedule; explicit zero exempt', () => {
  const dest1 = key(5).p2pkh;
  const dest2 = key(6).p2pkh;
  const rules = new SimpleConsensusRules({
    genesisHash: genesis.hash,
    peggedAsset: ASSET_A,
    parentGenesisBlockHash: id32(1),
    mandatoryCoinbase: dest1,
    coinbaseChanges: [{ height: 3, script: dest2 }],
  });
  const r = chain(rules);
  const pay = (n: number, script: Uint8Array, prev: Block) => {
    const t = tx([input(coin(n))], [out(ASSET_A, n === 0 ? 990n : 1990n), fee(ASSET_A, 10n)]);
    return makeBlock({ prev, txs: [t], coinbaseOutputs: [out(ASSET_A, 10n, script), out(ASSET_A, 0n, OP_RETURN)] });
  };
  expect(r.submit(pay(0, dest2, genesis), { apply: false }), 'bad-coinbase-txos');
  expect(r.submit(pay(0, OP_TRUE, genesis), { apply: false }), 'bad-coinbase-txos');
  const b1 = pay(0, dest1, genesis);
  assert.equal(r.submit(b1), null);
  const b2 = makeBlock({ prev: b1 });
  assert.equal(r.submit(b2), null);
  // height 3: the scheduled script applies
  expect(r.submit(pay(1, dest1, b2), { apply: false }), 'bad-coinbase-txos');
  assert.equal(r.submit(pay(1, dest2, b2)), null);
  // -coinbasechange alone does nothing
  const loose = chain(new SimpleConsensusRules({ genesisHash: genesis.hash, peggedAsset: ASSET_A, parentGenesisBlockHash: id32(1), coinbaseChanges: [{ height: 1, script: dest2 }] }));
  assert.equal(loose.submit(pay(0, OP_TRUE, genesis), { apply: false }), null);
});

test('bad-txns-BIP30: a transaction whose txid still has unspent outputs', () => {
  const r = chain();
  expect(r.submit(makeBlock({ prev: genesis, txs: [coinTx] }), { apply: false }), 'bad-txns-BIP30');
});

test('bad-txns-inputs-missingorspent: missing, spent earlier in the block, -disabledoutput', () => {
  const r = chain();
  const t1 = tx([input(coin(0))], [out(ASSET_A, 1000n)]);
  const dup = tx([input(coin(0))], [out(ASSET_A, 999n), fee(ASSET_A, 1n)]);
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1, dup], fees: [[ASSET_A, 1n]] }), { apply: false }), 'bad-txns-inputs-missingorspent');
  expect(r.submit(makeBlock({ prev: genesis, txs: [tx([input(coin(99))], [out(ASSET_A, 1n)])] }), { apply: false }), 'bad-txns-inputs-missingorspent');
  // a register-address output is in the UTXO set but can never be spent
  const reg = tx([input(coin(6))], [out(ASSET_A, 7n)]);
  const rr = r.submit(makeBlock({ prev: genesis, txs: [reg] }), { apply: false });
  assert.ok(rr && rr.reason.startsWith('mandatory-script-verify-flag-failed'), rr?.toString());
  const disabled = chain(new SimpleConsensusRules({ genesisHash: genesis.hash, peggedAsset: ASSET_A, parentGenesisBlockHash: id32(1), disabledOutputs: [coin(0)] }));
  expect(disabled.submit(makeBlock({ prev: genesis, txs: [t1] }), { apply: false }), 'bad-txns-inputs-missingorspent');
});

test('BIP68 sequence locks (bad-txns-nonfinal, score 100): height and time locks, version ≥ 2, disable flag', () => {
  const r = chain();
  const rel = (seq: number, version = 2) => tx([input(coin(0), seq)], [out(ASSET_A, 1000n)], { version });
  // coin at height 0, 3-block relative lock: minHeight = 0 + 3 - 1 = 2 → allowed from height 3
  expect(r.submit(makeBlock({ prev: genesis, txs: [rel(3)] }), { apply: false }), 'bad-txns-nonfinal', 100);
  assert.equal(r.submit(makeBlock({ prev: genesis, txs: [rel(3, 1)] }), { apply: false }), null, 'version 1: not enforced');
  assert.equal(r.submit(makeBlock({ prev: genesis, txs: [rel(3 | SEQUENCE_LOCKTIME_DISABLE_FLAG)] }), { apply: false }), null, 'disabled');
  assert.equal(r.submit(makeBlock({ prev: genesis, txs: [rel(1)] }), { apply: false }), null, '1 block: next block');
  const b1 = makeBlock({ prev: genesis, time: genesis.header.time + 600 });
  assert.equal(r.submit(b1), null);
  expect(r.submit(makeBlock({ prev: b1, txs: [rel(3)] }), { apply: false }), 'bad-txns-nonfinal', 100);
  const b2 = makeBlock({ prev: b1, time: genesis.header.time + 1200 });
  assert.equal(r.submit(b2), null);
  assert.equal(r.submit(makeBlock({ prev: b2, txs: [rel(3)] }), { apply: false }), null);
  // time lock of 2 × 512 s from the coin's MTP (genesis time): needs prev MTP > T0 + 1023
  const timeLock = rel(SEQUENCE_LOCKTIME_TYPE_FLAG | 2);
  expect(r.submit(makeBlock({ prev: b2, txs: [timeLock] }), { apply: false }), 'bad-txns-nonfinal', 100);
  const b3 = makeBlock({ prev: b2, time: genesis.header.time + 2000 });
  const b4 = makeBlock({ prev: b3, time: genesis.header.time + 2100 });
  assert.equal(r.submit(b3), null);
  assert.equal(r.submit(b4), null);
  // MTP(b4) = median(T0, +600, +1200, +2000, +2100) = T0 + 1200 > T0 + 1023
  assert.equal(r.submit(makeBlock({ prev: b4, txs: [timeLock] }), { apply: false }), null);
});

test('BIP68 ignores peg-in inputs (the peg-in then fails on its witness instead)', () => {
  const r = chain();
  const b = new TransactionBuilder();
  b.addInput(new TxIn(new OutPoint(id32(0x44), 0), EMPTY, 0x0000ffff, undefined, true), new TxInWitness(EMPTY, EMPTY, [], [Uint8Array.of(1)]));
  b.addOutput(out(ASSET_A, 1n));
  expect(r.submit(makeBlock({ prev: genesis, txs: [b.build()] }), { apply: false }), 'bad-pegin-witness', 0, REJECT_PEGIN);
});

test('bad-blk-sigops: P2SH redeem-script and witness sigops count toward the cost', () => {
  const many = new Uint8Array(1001).fill(OP.OP_CHECKMULTISIG); // 20,020 accurate sigops (no OP_n before)
  const p2sh = concatBytes(Uint8Array.of(OP.OP_HASH160, 20), hash160(many), Uint8Array.of(OP.OP_EQUAL));
  const witnessScript = new Uint8Array(20_001).fill(OP.OP_CHECKSIG);
  const p2wsh = concatBytes(Uint8Array.of(OP.OP_0, 32), sha256(witnessScript));
  const r = chain();
  const fund = tx([input(coin(1))], [out(ASSET_A, 1000n, p2sh), out(ASSET_A, 1000n, p2wsh)]);
  const b1 = makeBlock({ prev: genesis, txs: [fund] });
  assert.equal(r.submit(b1), null);
  const spendP2sh = tx([input(new OutPoint(fund.txid, 0), 0xffffffff, new ScriptBuilder().push(many).build())], [out(ASSET_A, 1000n)]);
  expect(r.submit(makeBlock({ prev: b1, txs: [spendP2sh] }), { apply: false }), 'bad-blk-sigops');
  const spendP2wsh = tx([input(new OutPoint(fund.txid, 1))], [out(ASSET_A, 1000n)], { inWitness: [new TxInWitness(EMPTY, EMPTY, [witnessScript])] });
  // 20,001 witness sigops alone are fine (witness sigops are not scaled) …
  const w1 = r.submit(makeBlock({ prev: b1, txs: [spendP2wsh] }), { apply: false });
  assert.ok(w1 === null || w1.reason !== 'bad-blk-sigops', w1?.toString());
  // … but with 60,000 more from legacy outputs (15,000 × 4) the block is over.
  const legacy = tx([input(coin(0))], [out(ASSET_A, 1000n, new Uint8Array(750).fill(OP.OP_CHECKMULTISIG))]);
  expect(r.submit(makeBlock({ prev: b1, txs: [legacy, spendP2wsh] }), { apply: false }), 'bad-blk-sigops');
});

test('bad-blockreward-outofrange: the block fee total per asset must stay in money range', () => {
  const r = chain();
  const t1 = tx([input(coin(3))], [fee(ASSET_A, BIG)]);
  const t2 = tx([input(coin(4))], [fee(ASSET_A, BIG)]);
  assert.equal(r.submit(makeBlock({ prev: genesis, txs: [t1], fees: [[ASSET_A, BIG]] }), { apply: false }), null);
  expect(r.submit(makeBlock({ prev: genesis, txs: [t1, t2] }), { apply: false }), 'bad-blockreward-outofrange');
});

test('CheckTxInputs failures propagate from ConnectBlock', () => {
  const r = chain();
  expect(r.submit(makeBlock({ prev: genesis, txs: [tx([input(coin(0))], [out(ASSET_A, 1001n)])] }), { apply: false }), 'bad-txns-in-ne-out');
  expect(r.submit(makeBlock({ prev: genesis, txs: [tx([input(coin(0))], [out(ASSET_A, 1000n), fee(ASSET_A, 0n)])] }), { apply: false }), 'bad-txns-fee-outofrange');
  // a coinbase output spent in its own block: the coinbase is connected first, so the coin exists
  // but is immature
  const b = makeBlock({ prev: genesis, txs: [tx([input(coin(0))], [out(ASSET_A, 990n), fee(ASSET_A, 10n)])], fees: [[ASSET_A, 10n]] });
  const cbSpend = tx([input(new OutPoint(b.transactions[0]!.txid, 0))], [out(ASSET_A, 10n)]);
  expect(r.submit(makeBlock({ prev: genesis, txs: [...b.transactions.slice(1), cbSpend], fees: [[ASSET_A, 10n]] }), { apply: false }), 'bad-txns-premature-spend-of-coinbase', 0);
});

test('confidential blocks need a ConfidentialVerifier', () => {
  const ct = corpusChain('rt-ct');
  const r = new ChainReplay(ct.rules, secp);
  assert.throws(() => {
    for (const { block } of ct.blocks) assert.equal(r.submit(block), null);
  }, ConfidentialVerifierRequiredError);
});
