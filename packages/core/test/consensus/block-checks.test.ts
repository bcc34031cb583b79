import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkBlock,
  checkProof,
  coinbaseHeightPrefix,
  contextualCheckBlock,
  contextualCheckBlockHeader,
  type HeaderContext,
} from '../../src/consensus/block-checks.js';
import { REJECT_INVALID, REJECT_OBSOLETE, type Reject } from '../../src/consensus/reject.js';
import { SimpleConsensusRules } from '../../src/consensus/consensus-rules.js';
import { Block, WITNESS_COMMITMENT_HEADER } from '../../src/primitives/block.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxInWitness, TxOutWitness } from '../../src/primitives/witness.js';
import { toHex, concatBytes } from '../../src/encoding/hex.js';
import { hash160 } from '../../src/crypto/hash.js';
import { OP } from '../../src/script/opcodes.js';
import { ASSET_A, EMPTY, OP_TRUE, assemble, id32, input, makeBlock, makeGenesis, out, rulesFor, secp, tx } from './support/fixtures.js';
import { rebuild, withHeader } from './support/rebuild.js';

const { block: genesis, coinTx } = makeGenesis([out(ASSET_A, 1000n), out(ASSET_A, 2000n)]);
const rules = rulesFor(genesis);
const NOW = genesis.header.time + 10_000;
const opts = { rules, secp, adjustedTime: NOW };

function expect(r: Reject | null, reason: string, score = 100, code = REJECT_INVALID): void {
  assert.ok(r, `expected ${reason}`);
  assert.equal(r.reason, reason, r.toString());
  assert.equal(r.code, code);
  assert.equal(r.score, score);
}

const spend = tx([input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1000n)]);
const b1 = makeBlock({ prev: genesis, txs: [spend] });

test('a well-formed block passes CheckBlock and the contextual checks', () => {
  assert.equal(checkBlock(b1, opts), null);
  const ctx: HeaderContext = { prevHeight: 0, prevChallenge: OP_TRUE, medianTimePast: genesis.header.time, adjustedTime: NOW };
  assert.equal(contextualCheckBlockHeader(b1.header, ctx, rules), null);
  assert.equal(contextualCheckBlock(b1, ctx), null);
});

test('block-proof-invalid (50): the solution must satisfy the challenge; genesis is exempt', () => {
  const unsat = assemble(genesis, b1.transactions, { challenge: Uint8Array.of(OP.OP_0) });
  expect(checkBlock(unsat, opts), 'block-proof-invalid', 50);
  assert.equal(checkProof(unsat.header, genesis.hash, secp), false);
  // A genesis with an unsatisfiable challenge passes (hash = genesis hash).
  const g2 = new Block(withHeader(genesis.header, { challenge: Uint8Array.of(OP.OP_0) }), genesis.transactions);
  assert.equal(checkProof(g2.header, g2.hash, secp), true);
  assert.equal(checkBlock(g2, { ...opts, rules: rulesFor(g2) }), null);
  // the proof check can be switched off (headers already verified)
  assert.equal(checkBlock(unsat, { ...opts, checkProof: false }), null);
});

test('block proofs: P2SH challenges evaluate their redeem script; segwit and CSV are off', () => {
  // P2SH of OP_TRUE: solution pushes the redeem script
  const redeem = OP_TRUE;
  const p2sh = concatBytes(Uint8Array.of(OP.OP_HASH160, 20), hash160(redeem), Uint8Array.of(OP.OP_EQUAL));
  const withP2sh = assemble(genesis, b1.transactions, { challenge: p2sh, solution: Uint8Array.of(1, OP.OP_1) });
  assert.equal(checkProof(withP2sh.header, genesis.hash, secp), true);
  const wrong = assemble(genesis, b1.transactions, { challenge: p2sh, solution: Uint8Array.of(1, OP.OP_2) });
  assert.equal(checkProof(wrong.header, genesis.hash, secp), false);
  // OP_CHECKSEQUENCEVERIFY is a NOP without its flag: `1 CSV` passes
  const csv = assemble(genesis, b1.transactions, { challenge: Uint8Array.of(OP.OP_1, OP.OP_CHECKSEQUENCEVERIFY) });
  assert.equal(checkProof(csv.header, genesis.hash, secp), true);
});

test('time-too-new: more than 2 hours past the adjusted time (score 0)', () => {
  const at = (t: number) => assemble(genesis, b1.transactions, { time: t });
  assert.equal(checkBlock(at(NOW + 7200), opts), null);
  expect(checkBlock(at(NOW + 7201), opts), 'time-too-new', 0);
});

test('bad-txnmrklroot and bad-txns-duplicate (CVE-2012-2459) are corruption-possible', () => {
  const bad = new Block(withHeader(b1.header, { merkleRoot: id32(5) }), b1.transactions);
  const r = checkBlock(bad, opts);
  expect(r, 'bad-txnmrklroot');
  assert.equal(r!.corruptionPossible, true);

  const t2 = tx([input(new OutPoint(coinTx.txid, 1))], [out(ASSET_A, 2000n)]);
  const three = makeBlock({ prev: genesis, txs: [spend, t2] });
  const four = new Block(three.header, [...three.transactions, t2]);
  assert.deepEqual(four.computeMerkleRoot().root, three.header.merkleRoot);
  assert.equal(checkBlock(three, opts), null);
  const r2 = checkBlock(four, opts);
  expect(r2, 'bad-txns-duplicate');
  assert.equal(r2!.corruptionPossible, true);
  // and the Merkle check can be switched off
  assert.equal(checkBlock(bad, { ...opts, checkMerkleRoot: false }), null);
});

test('bad-blk-length: no transactions, or a stripped size above 1,000,000 bytes', () => {
  expect(checkBlock(assemble(genesis, []), opts), 'bad-blk-length');
  const big = tx([input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1000n, new Uint8Array(999_800))]);
  const blk = makeBlock({ prev: genesis, txs: [big] });
  assert.ok(blk.strippedSize > 1_000_000 && big.strippedSize <= 1_000_000);
  expect(checkBlock(blk, opts), 'bad-blk-length');
});

test('bad-cb-missing and bad-cb-multiple', () => {
  expect(checkBlock(assemble(genesis, [spend]), opts), 'bad-cb-missing');
  const cb = b1.transactions[0]!;
  const cb2 = tx([input(OutPoint.NULL, 0xffffffff, Uint8Array.of(OP.OP_1, 7))], [out(ASSET_A, 0n, Uint8Array.of(OP.OP_RETURN))]);
  expect(checkBlock(assemble(genesis, [cb, spend, cb2]), opts), 'bad-cb-multiple');
});

test('every transaction passes CheckTransaction: its reason and score propagate', () => {
  const bad = tx([input(new OutPoint(coinTx.txid, 0)), input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1n)]);
  const r = checkBlock(makeBlock({ prev: genesis, txs: [bad] }), opts);
  expect(r, 'bad-txns-inputs-duplicate');
  assert.match(r!.debug!, /^Transaction check failed \(tx hash [0-9a-f]{64}\)/);
  const prevNull = tx([input(new OutPoint(coinTx.txid, 0)), input(OutPoint.NULL)], [out(ASSET_A, 1n)]);
  expect(checkBlock(makeBlock({ prev: genesis, txs: [prevNull] }), opts), 'bad-txns-prevout-null', 10);
  // a coinbase with a 1-byte scriptSig
  expect(checkBlock(makeBlock({ prev: genesis, coinbaseScriptSig: Uint8Array.of(OP.OP_1) }), opts), 'bad-cb-length');
});

test('bad-blk-sigops: legacy sigops × 4 above 80,000 (CHECKMULTISIG counts 20)', () => {
  const script = (n: number) => new Uint8Array(n).fill(OP.OP_CHECKMULTISIG);
  const ok = tx([input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1000n, script(1000))]);
  assert.equal(checkBlock(makeBlock({ prev: genesis, txs: [ok] }), opts), null);
  const over = tx([input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1000n, concatBytes(script(1000), Uint8Array.of(OP.OP_CHECKSIG)))]);
  expect(checkBlock(makeBlock({ prev: genesis, txs: [over] }), opts), 'bad-blk-sigops');
  // CHECKSIGFROMSTACK counts 1 as well
  const csfs = tx([input(new OutPoint(coinTx.txid, 0))], [out(ASSET_A, 1000n, concatBytes(script(1000), Uint8Array.of(OP.OP_CHECKSIGFROMSTACK)))]);
  expect(checkBlock(makeBlock({ prev: genesis, txs: [csfs] }), opts), 'bad-blk-sigops');
});

// ---------------------------------------------------------------------------------------------
// Contextual header checks
// ---------------------------------------------------------------------------------------------

const ctx: HeaderContext = { prevHeight: 0, prevChallenge: OP_TRUE, medianTimePast: genesis.header.time, adjustedTime: NOW };

test('bad-diffbits: the challenge must equal the parent challenge', () => {
  const other = assemble(genesis, b1.transactions, { challenge: Uint8Array.of(OP.OP_2) });
  expect(contextualCheckBlockHeader(other.header, ctx, rules), 'bad-diffbits');
});

test('bad-diffbits with -signblockscriptchange: the highest scheduled height at or below the block wins', () => {
  const X = Uint8Array.of(OP.OP_2);
  const Y = Uint8Array.of(OP.OP_3);
  const sched = new SimpleConsensusRules({
    genesisHash: genesis.hash,
    peggedAsset: ASSET_A,
    parentGenesisBlockHash: id32(1),
    signBlockScriptChanges: [{ height: 5, script: Y }, { height: 3, script: X }],
  });
  const hdr = (height: number, challenge: Uint8Array) => assemble(genesis, [], { height, challenge }).header;
  const c = (prevHeight: number, prevChallenge: Uint8Array): HeaderContext => ({ ...ctx, prevHeight, prevChallenge });
  // below every entry: continuity with the parent
  assert.equal(contextualCheckBlockHeader(hdr(2, OP_TRUE), c(1, OP_TRUE), sched), null);
  expect(contextualCheckBlockHeader(hdr(2, X), c(1, OP_TRUE), sched), 'bad-diffbits');
  // from 3: X (whatever the parent had)
  assert.equal(contextualCheckBlockHeader(hdr(3, X), c(2, OP_TRUE), sched), null);
  expect(contextualCheckBlockHeader(hdr(3, OP_TRUE), c(2, OP_TRUE), sched), 'bad-diffbits');
  assert.equal(contextualCheckBlockHeader(hdr(4, X), c(3, X), sched), null);
  // from 5: Y
  expect(contextualCheckBlockHeader(hdr(5, X), c(4, X), sched), 'bad-diffbits');
  assert.equal(contextualCheckBlockHeader(hdr(5, Y), c(4, X), sched), null);
  assert.equal(contextualCheckBlockHeader(hdr(9, Y), c(8, X), sched), null);
  expect(contextualCheckBlockHeader(hdr(9, X), c(8, X), sched), 'bad-diffbits');
});

test('time-too-old: the time must exceed the median time past (score 0)', () => {
  const at = (t: number) => assemble(genesis, [], { time: t }).header;
  expect(contextualCheckBlockHeader(at(ctx.medianTimePast), ctx, rules), 'time-too-old', 0);
  assert.equal(contextualCheckBlockHeader(at(ctx.medianTimePast + 1), ctx, rules), null);
});

test('bad-header-height: the header height must be the parent height + 1', () => {
  expect(contextualCheckBlockHeader(assemble(genesis, [], { height: 2 }).header, ctx, rules), 'bad-header-height', 0);
  expect(contextualCheckBlockHeader(assemble(genesis, [], { height: 0 }).header, ctx, rules), 'bad-header-height', 0);
});

test('time-too-new in the contextual header check', () => {
  expect(contextualCheckBlockHeader(assemble(genesis, [], { time: NOW + 7201 }).header, ctx, rules), 'time-too-new', 0);
});

test('bad-version(0x%08x): versions below 4 are obsolete (REJECT_OBSOLETE, score 0)', () => {
  for (const [v, text] of [[3, 'bad-version(0x00000003)'], [1, 'bad-version(0x00000001)'], [-1, 'bad-version(0xffffffff)']] as const) {
    expect(contextualCheckBlockHeader(assemble(genesis, [], { version: v }).header, ctx, rules), text, 0, REJECT_OBSOLETE);
  }
  assert.equal(contextualCheckBlockHeader(assemble(genesis, [], { version: 4 }).header, ctx, rules), null);
});

test('contextual header checks run in order: challenge, time-too-old, height, time-too-new, version', () => {
  const h = assemble(genesis, [], { challenge: Uint8Array.of(OP.OP_2), time: 1, height: 7, version: 1 }).header;
  expect(contextualCheckBlockHeader(h, ctx, rules), 'bad-diffbits');
  expect(contextualCheckBlockHeader(withHeader(h, { challenge: OP_TRUE }), ctx, rules), 'time-too-old', 0);
  expect(contextualCheckBlockHeader(withHeader(h, { challenge: OP_TRUE, time: NOW + 9999 }), ctx, rules), 'bad-header-height', 0);
  expect(contextualCheckBlockHeader(withHeader(h, { challenge: OP_TRUE, time: NOW + 9999, height: 1 }), ctx, rules), 'time-too-new', 0);
  expect(contextualCheckBlockHeader(withHeader(h, { challenge: OP_TRUE, time: NOW, height: 1 }), ctx, rules), 'bad-version(0x00000001)', 0, REJECT_OBSOLETE);
});

// ---------------------------------------------------------------------------------------------
// Contextual block checks
// ---------------------------------------------------------------------------------------------

test('bad-txns-nonfinal (10): IsFinalTx at height h with the parent MTP as cutoff', () => {
  const mk = (locktime: number, seq = 0xfffffffe) => tx([input(new OutPoint(coinTx.txid, 0), seq)], [out(ASSET_A, 1000n)], { locktime });
  const blk = (t: ReturnType<typeof mk>) => makeBlock({ prev: genesis, txs: [t] });
  assert.equal(contextualCheckBlock(blk(mk(0)), ctx), null);
  expect(contextualCheckBlock(blk(mk(1)), ctx), 'bad-txns-nonfinal', 10); // height 1 is not < 1
  assert.equal(contextualCheckBlock(blk(mk(1, 0xffffffff)), ctx), null); // all sequences final
  const ctx5 = { prevHeight: 5, medianTimePast: 600_000_000 };
  const at6 = (t: ReturnType<typeof mk>) => makeBlock({ prev: genesis, txs: [t], height: 6 });
  assert.equal(contextualCheckBlock(at6(mk(5)), ctx5), null);
  expect(contextualCheckBlock(at6(mk(6)), ctx5), 'bad-txns-nonfinal', 10);
  // time lock: compared with the median time past (BIP113), not the block time
  assert.equal(contextualCheckBlock(at6(mk(599_999_999)), ctx5), null);
  expect(contextualCheckBlock(at6(mk(600_000_000)), ctx5), 'bad-txns-nonfinal', 10);
});

test('coinbase height prefix: CScript() << h', () => {
  assert.equal(toHex(coinbaseHeightPrefix(1)), '51');
  assert.equal(toHex(coinbaseHeightPrefix(16)), '60');
  assert.equal(toHex(coinbaseHeightPrefix(17)), '0111');
  assert.equal(toHex(coinbaseHeightPrefix(128)), '028000');
  assert.equal(toHex(coinbaseHeightPrefix(500)), '02f401');
  assert.equal(toHex(coinbaseHeightPrefix(65536)), '03000001');
});

test('bad-cb-height: the coinbase scriptSig must start with the height', () => {
  const wrong = makeBlock({ prev: genesis, coinbaseScriptSig: Uint8Array.of(OP.OP_2, 0) });
  expect(contextualCheckBlock(wrong, ctx), 'bad-cb-height');
  // a non-minimal push of 1 is not `CScript() << 1`
  expect(contextualCheckBlock(makeBlock({ prev: genesis, coinbaseScriptSig: Uint8Array.of(1, 1) }), ctx), 'bad-cb-height');
  // anything may follow the prefix
  assert.equal(contextualCheckBlock(makeBlock({ prev: genesis, coinbaseScriptSig: Uint8Array.of(OP.OP_1, 9, 9, 9) }), ctx), null);
  const at500 = makeBlock({ prev: genesis, height: 500 });
  assert.equal(contextualCheckBlock(at500, { prevHeight: 499, medianTimePast: 0 }), null);
  expect(contextualCheckBlock(at500, { prevHeight: 500, medianTimePast: 0 }), 'bad-cb-height');
});

function withWitness(): ReturnType<typeof tx> {
  return TransactionBuilder.from(spend).setInputWitness(0, new TxInWitness(EMPTY, EMPTY, [Uint8Array.of(1)])).build();
}

test('witness commitment: the committed root must match, with a 32-byte nonce', () => {
  const blk = makeBlock({ prev: genesis, txs: [withWitness()] });
  assert.equal(contextualCheckBlock(blk, ctx), null);
  const cb = blk.transactions[0]!;
  // nonce of 31 bytes / two stack items / none
  for (const stack of [[new Uint8Array(31)], [new Uint8Array(32), new Uint8Array(32)], []]) {
    const b = TransactionBuilder.from(cb).setInputWitness(0, new TxInWitness(EMPTY, EMPTY, stack)).build();
    expect(contextualCheckBlock(rebuild(blk, [b, ...blk.transactions.slice(1)]), ctx), 'bad-witness-nonce-size');
  }
  // a changed witness in a transaction: the commitment no longer matches
  const tampered = TransactionBuilder.from(blk.transactions[1]!).setInputWitness(0, new TxInWitness(EMPTY, EMPTY, [Uint8Array.of(2)])).build();
  const stale = new Block(withHeader(blk.header, {}), [cb, tampered]);
  const r = contextualCheckBlock(stale, ctx);
  expect(r, 'bad-witness-merkle-match');
  assert.equal(r!.corruptionPossible, true);
  // the commitment is the LAST matching output
  const extra = TransactionBuilder.from(cb);
  extra.addOutput(out(ASSET_A, 0n, concatBytes(WITNESS_COMMITMENT_HEADER, new Uint8Array(32))));
  expect(contextualCheckBlock(new Block(blk.header, [extra.build(), blk.transactions[1]!]), ctx), 'bad-witness-merkle-match');
});

test('unexpected-witness: witness data without a commitment (also output witnesses)', () => {
  const blk = makeBlock({ prev: genesis, txs: [withWitness()], commitment: false });
  expect(contextualCheckBlock(blk, ctx), 'unexpected-witness');
  const outWit = TransactionBuilder.from(spend).setOutputWitness(0, new TxOutWitness(Uint8Array.of(1), EMPTY)).build();
  expect(contextualCheckBlock(makeBlock({ prev: genesis, txs: [outWit], commitment: false }), ctx), 'unexpected-witness');
  // a commitment with no witnesses anywhere is fine
  assert.equal(contextualCheckBlock(makeBlock({ prev: genesis, txs: [spend], commitment: true }), ctx), null);
});

test('bad-blk-weight: weight above 4,000,000 (witness bytes count once, stripped bytes four times)', () => {
  const heavy = TransactionBuilder.from(spend).setOutputWitness(0, new TxOutWitness(EMPTY, new Uint8Array(3_999_000))).build();
  const blk = makeBlock({ prev: genesis, txs: [heavy] });
  assert.ok(blk.weight > 4_000_000 && blk.strippedSize < 1_000_000);
  expect(contextualCheckBlock(blk, ctx), 'bad-blk-weight');
  const light = TransactionBuilder.from(spend).setOutputWitness(0, new TxOutWitness(EMPTY, new Uint8Array(3_990_000))).build();
  const ok = makeBlock({ prev: genesis, txs: [light] });
  assert.ok(ok.weight <= 4_000_000);
  assert.equal(contextualCheckBlock(ok, ctx), null);
});
