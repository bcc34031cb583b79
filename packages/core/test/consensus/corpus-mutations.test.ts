/**
 * Mutations of real corpus blocks: each must be rejected with the specific reason (and code and
 * score), and the unmodified rebuilt/re-signed blocks must still pass (so the tooling is sound).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block } from '../../src/primitives/block.js';
import type { Transaction } from '../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { TxInWitness } from '../../src/primitives/witness.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import { fromHex } from '../../src/encoding/hex.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import { REJECT_INVALID, type Reject } from '../../src/consensus/reject.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import { OpReader } from '../../src/script/op-reader.js';
import { corpusChain } from './support/corpus.js';
import { ChainReplay } from './support/replay.js';
import { secp } from './support/fixtures.js';
import { RT_SIGNED_KEYS, flipByte, rebuild, sign, withHeader } from './support/rebuild.js';
import { findTx } from './support/corpus-index.js';

const zkp = await ZkpConfidentialVerifier.create();

/** A replay of `id` with blocks 0 … height-1 connected, and block `height`. */
function at(id: string, height: number): { replay: ChainReplay; block: Block } {
  const chain = corpusChain(id);
  const replay = new ChainReplay(chain.rules, secp, zkp);
  for (const b of chain.blocks.slice(0, height)) assert.equal(replay.submit(b.block), null);
  return { replay, block: chain.blocks[height]!.block };
}

function expect(r: Reject | null, reason: string, score = 100, code = REJECT_INVALID): void {
  assert.ok(r, `expected ${reason}, got success`);
  assert.equal(r.reason, reason, r.toString());
  assert.equal(r.code, code);
  assert.equal(r.score, score);
}

function replaceTx(block: Block, index: number, t: Transaction): Transaction[] {
  const txs = [...block.transactions];
  txs[index] = t;
  return txs;
}

function withScriptSig(t: Transaction, i: number, scriptSig: Uint8Array): Transaction {
  const inp = t.inputs[i]!;
  return TransactionBuilder.from(t).setInput(i, new TxIn(inp.prevout, scriptSig, inp.sequence, inp.issuance, inp.isPegin)).build();
}

/**
 * Index range of the first push in `script` that looks like a DER signature (followed by a
 * hashtype byte, or — block solutions — not).
 */
function firstSignature(script: Uint8Array, hashtype = true): { start: number; end: number } {
  const r = new OpReader(script);
  while (r.next()) {
    const d = r.data;
    if (d.length >= 8 && d[0] === 0x30 && d[1] === d.length - (hashtype ? 3 : 2)) return { start: r.pc - d.length, end: r.pc };
  }
  throw new Error('no signature');
}

const EVAL_FALSE = 'mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)';

// ---------------------------------------------------------------------------------------------
// rt-signed: block proofs, challenge schedule, mandatory coinbase schedule, peg-ins
// ---------------------------------------------------------------------------------------------

const { s1, s2, s3, s4, s5 } = RT_SIGNED_KEYS;

test('rt-signed: re-signing a block with any 2 of the 3 keys passes; one key or a wrong key fails', () => {
  const { replay, block } = at('rt-signed', 5);
  for (const pair of [[s1, s2], [s1, s3], [s2, s3]]) {
    assert.equal(replay.submit(rebuild(block, block.transactions, { solution: sign(block.header, pair).solution }), { apply: false }), null);
  }
  for (const keys of [[s1], [s3], [s1, s4], [s4, s5]]) {
    expect(replay.submit(new (block.constructor as typeof Block)(sign(block.header, keys), block.transactions), { apply: false }), 'block-proof-invalid', 50);
  }
});

test('rt-signed: a flipped byte in the block solution fails block-proof-invalid (50); lax DER padding passes', () => {
  const { replay, block } = at('rt-signed', 8);
  const sol = block.header.solution;
  const sig = firstSignature(sol, false);
  const bad = new (block.constructor as typeof Block)(block.header.withSolution(flipByte(sol, sig.end - 2)), block.transactions);
  expect(replay.submit(bad), 'block-proof-invalid', 50);
  // Lax DER: a signature with an extra trailing byte still verifies (no sighash byte here).
  const r = new OpReader(sol);
  const sb = new ScriptBuilder();
  while (r.next()) {
    if (r.data.length > 60) sb.push(Uint8Array.from([...r.data, 0x00]));
    else if (r.opcode === 0) sb.op(0);
    else sb.push(r.data);
  }
  assert.equal(replay.submit(new (block.constructor as typeof Block)(block.header.withSolution(sb.build()), block.transactions)), null);
});

test('rt-signed: an empty solution fails; a flipped header byte (hash changes) fails', () => {
  const { replay, block } = at('rt-signed', 3);
  expect(replay.submit(new (block.constructor as typeof Block)(block.header.withSolution(new Uint8Array(0)), block.transactions)), 'block-proof-invalid', 50);
  expect(replay.submit(new (block.constructor as typeof Block)(withHeader(block.header, { time: block.header.time + 1 }), block.transactions)), 'block-proof-invalid', 50);
});

test('rt-signed: the challenge schedule switches to the 1-of-2 script at height 22 (highest matching height)', () => {
  const chain = corpusChain('rt-signed');
  const old = chain.blocks[21]!.block.header.challenge;
  const fresh = chain.blocks[22]!.block.header.challenge;
  assert.notDeepEqual(old, fresh);
  // Block 22 with the old 2-of-3 challenge, properly signed: bad-diffbits.
  {
    const { replay, block } = at('rt-signed', 22);
    const h = withHeader(block.header, { challenge: old });
    expect(replay.submit(new (block.constructor as typeof Block)(sign(h, [s1, s2]), block.transactions)), 'bad-diffbits');
    // and the real block 22, re-signed by the other 1-of-2 key, passes
    assert.equal(replay.submit(new (block.constructor as typeof Block)(sign(block.header, [s5]), block.transactions)), null);
  }
  // Block 21 with the new challenge, properly signed: bad-diffbits.
  {
    const { replay, block } = at('rt-signed', 21);
    const h = withHeader(block.header, { challenge: fresh });
    expect(replay.submit(new (block.constructor as typeof Block)(sign(h, [s4]), block.transactions)), 'bad-diffbits');
  }
  // Block 25 (schedule still applies above 22): the parent's challenge is also the scheduled one.
  {
    const { replay, block } = at('rt-signed', 25);
    const h = withHeader(block.header, { challenge: old });
    expect(replay.submit(new (block.constructor as typeof Block)(sign(h, [s2, s3]), block.transactions)), 'bad-diffbits');
  }
});

const CB = fromHex('76a9145bb834cfd94381a7f5dd68a83386ee4282f0f53188ac');
const CB2 = fromHex('76a914e340ea8d148bd25e109cb000d615522f1d6a9a2f88ac');

function withCoinbaseOutput(block: Block, j: number, f: (o: TxOut) => TxOut): Transaction[] {
  const cb = block.transactions[0]!;
  const b = TransactionBuilder.from(cb);
  b.outputs[j] = f(cb.outputs[j]!);
  return replaceTx(block, 0, b.build());
}

test('rt-signed: mandatory coinbase destination, switched at height 13 by -coinbasechange', () => {
  // Height 11 pays the original destination; paying the later one is rejected.
  {
    const { replay, block } = at('rt-signed', 11);
    assert.deepEqual(block.transactions[0]!.outputs[0]!.scriptPubKey, CB);
    const txs = withCoinbaseOutput(block, 0, (o) => new TxOut(o.asset, o.value, o.nonce, CB2));
    const b = rebuild(block, txs);
    expect(replay.submit(new (block.constructor as typeof Block)(sign(b.header, [s1, s2]), b.transactions)), 'bad-coinbase-txos');
    const same = rebuild(block, block.transactions);
    assert.equal(replay.submit(new (block.constructor as typeof Block)(sign(same.header, [s1, s3]), same.transactions)), null);
  }
  // Height 14 pays the new destination; the old one is rejected.
  {
    const { replay, block } = at('rt-signed', 14);
    assert.deepEqual(block.transactions[0]!.outputs[0]!.scriptPubKey, CB2);
    const b = rebuild(block, withCoinbaseOutput(block, 0, (o) => new TxOut(o.asset, o.value, o.nonce, CB)));
    expect(replay.submit(new (block.constructor as typeof Block)(sign(b.header, [s2, s3]), b.transactions)), 'bad-coinbase-txos');
  }
  // Explicit-zero outputs may go anywhere as far as the destination rule goes — but a zero value
  // on a spendable script then fails VerifyCoinbaseAmount.
  {
    const { replay, block } = at('rt-signed', 12);
    const b = rebuild(block, withCoinbaseOutput(block, 0, (o) => new TxOut(o.asset, o.value, o.nonce, CB2)));
    expect(replay.submit(new (block.constructor as typeof Block)(sign(b.header, [s1, s2]), b.transactions)), 'bad-cb-amount');
  }
});

test('rt-signed: a coinbase claiming one unit more than the fees fails bad-cb-amount', () => {
  const { replay, block } = at('rt-signed', 11);
  const txs = withCoinbaseOutput(block, 0, (o) => new TxOut(o.asset, ConfidentialValue.fromAmount(o.value.amount + 1n), o.nonce, o.scriptPubKey));
  const b = rebuild(block, txs);
  expect(replay.submit(new (block.constructor as typeof Block)(sign(b.header, [s1, s2]), b.transactions)), 'bad-cb-amount');
  // claiming less is fine (unclaimed fees are destroyed)
  const less = rebuild(block, withCoinbaseOutput(block, 0, (o) => new TxOut(o.asset, ConfidentialValue.fromAmount(o.value.amount - 1n), o.nonce, o.scriptPubKey)));
  assert.equal(replay.submit(new (block.constructor as typeof Block)(sign(less.header, [s1, s2]), less.transactions)), null);
});

test('rt-signed: the Ethereum peg-in claims verify (P2PKH of the claim key) and cannot be claimed twice', () => {
  const claim = findTx('rt-signed', 'eth-pegin-claimethpegin');
  const { replay, block } = at('rt-signed', claim.height);
  const claimTx = block.transactions[claim.index]!;
  assert.ok(claimTx.inputs[0]!.isPegin);
  // Same claim again in the same block, with a different fee split so that the txid differs.
  const b = TransactionBuilder.from(claimTx);
  const [o0, o1] = [claimTx.outputs[0]!, claimTx.outputs[1]!];
  b.outputs[0] = new TxOut(o0.asset, ConfidentialValue.fromAmount(o0.value.amount - 1n), o0.nonce, o0.scriptPubKey);
  b.outputs[1] = new TxOut(o1.asset, ConfidentialValue.fromAmount(o1.value.amount + 1n), o1.nonce, o1.scriptPubKey);
  const txs = [...block.transactions, b.build()];
  const mutated = rebuild(block, txs);
  const signed = new (block.constructor as typeof Block)(sign(mutated.header, [s4]), mutated.transactions);
  expect(replay.submit(signed), 'bad-txns-double-withdraw', 0);
  // After the block, the claim is recorded: a later block re-claiming fails too.
  assert.equal(replay.submit(block), null);
  const next = corpusChain('rt-signed').blocks[claim.height + 1]!.block;
  const again = rebuild(next, [...next.transactions, b.build()]);
  expect(replay.submit(new (next.constructor as typeof Block)(sign(again.header, [s4]), again.transactions)), 'bad-txns-double-withdraw', 0);
  // and the untouched next block still connects
  assert.equal(replay.submit(next), null);
});

test('rt-signed: a peg-in with a broken witness fails bad-pegin-witness (REJECT_PEGIN, 0)', () => {
  const claim = findTx('rt-signed', 'eth-pegin-claimethpegin');
  const { replay, block } = at('rt-signed', claim.height);
  const t = block.transactions[claim.index]!;
  const w = t.inWitness[0]!;
  const stack = [...w.peginWitness];
  stack[4] = flipByte(stack[4]!, 0); // Ethereum txid no longer equals the prevout hash
  const bad = TransactionBuilder.from(t).setInputWitness(0, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, w.scriptWitness, stack)).build();
  const m = rebuild(block, replaceTx(block, claim.index, bad));
  expect(replay.submit(new (block.constructor as typeof Block)(sign(m.header, [s5]), m.transactions)), 'bad-pegin-witness', 0, 0x44);
});

// ---------------------------------------------------------------------------------------------
// rt-policy (OP_TRUE challenge): transactions and Merkle root
// ---------------------------------------------------------------------------------------------

test('rt-policy: the rebuild tooling is neutral (unchanged transactions pass)', () => {
  const { replay, block } = at('rt-policy', 17);
  assert.equal(replay.submit(rebuild(block, block.transactions)), null);
});

test('rt-policy: a flipped Merkle root fails bad-txnmrklroot (corruption possible)', () => {
  const { replay, block } = at('rt-policy', 4);
  const bad = new (block.constructor as typeof Block)(withHeader(block.header, { merkleRoot: flipByte(block.header.merkleRoot, 7) }), block.transactions);
  const r = replay.submit(bad);
  expect(r, 'bad-txnmrklroot');
  assert.equal(r!.corruptionPossible, true);
});

test('rt-policy: flipped signature bytes fail the scripts (P2PKH, P2SH 2-of-3, P2WPKH)', () => {
  // P2PKH: a byte of S flipped → CHECKSIG false.
  {
    const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
    const { replay, block } = at('rt-policy', height);
    const t = block.transactions[index]!;
    const sig = firstSignature(t.inputs[0]!.scriptSig);
    const bad = withScriptSig(t, 0, flipByte(t.inputs[0]!.scriptSig, sig.end - 4));
    const r = replay.submit(rebuild(block, replaceTx(block, index, bad)));
    expect(r, EVAL_FALSE);
  }
  // P2SH multisig 2-of-3
  {
    const { height, index } = findTx('rt-policy', 'spend-p2sh-multisig-2of3');
    const { replay, block } = at('rt-policy', height);
    const t = block.transactions[index]!;
    const sig = firstSignature(t.inputs[0]!.scriptSig);
    const bad = withScriptSig(t, 0, flipByte(t.inputs[0]!.scriptSig, sig.end - 4));
    expect(replay.submit(rebuild(block, replaceTx(block, index, bad))), EVAL_FALSE);
  }
  // P2WPKH: the signature is in the script witness
  {
    const { height, index } = findTx('rt-policy', 'spend-native-p2wpkh');
    const { replay, block } = at('rt-policy', height);
    const t = block.transactions[index]!;
    const w = t.inWitness[0]!;
    const stack = [...w.scriptWitness];
    stack[0] = flipByte(stack[0]!, stack[0]!.length - 4);
    const bad = TransactionBuilder.from(t).setInputWitness(0, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, stack, w.peginWitness)).build();
    expect(replay.submit(rebuild(block, replaceTx(block, index, bad))), EVAL_FALSE);
  }
});

test('rt-policy: a non-DER signature fails under DERSIG', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  const sig = firstSignature(t.inputs[0]!.scriptSig);
  const s = t.inputs[0]!.scriptSig.slice();
  s[sig.start] = 0x31; // not a DER sequence
  expect(replay.submit(rebuild(block, replaceTx(block, index, withScriptSig(t, 0, s)))), 'mandatory-script-verify-flag-failed (Non-canonical DER signature)');
});

test('rt-policy: CLTV — lowering the lock time below the script requirement fails', () => {
  const { height, index } = findTx('rt-policy', 'spend-p2sh-cltv-height');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  assert.ok(t.locktime > 0);
  const b = TransactionBuilder.from(t);
  b.locktime = 1;
  expect(replay.submit(rebuild(block, replaceTx(block, index, b.build()))), 'mandatory-script-verify-flag-failed (Locktime requirement not satisfied)');
});

test('rt-policy: a changed output amount fails bad-txns-in-ne-out before the scripts', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  const b = TransactionBuilder.from(t);
  const o = t.outputs[0]!;
  b.outputs[0] = new TxOut(o.asset, ConfidentialValue.fromAmount(o.value.amount + 1n), o.nonce, o.scriptPubKey);
  expect(replay.submit(rebuild(block, replaceTx(block, index, b.build()))), 'bad-txns-in-ne-out');
});

test('rt-policy: a changed fee amount fails bad-txns-in-ne-out (fees are not implicit)', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  const j = t.outputs.findIndex((o) => o.scriptPubKey.length === 0);
  const b = TransactionBuilder.from(t);
  const o = t.outputs[j]!;
  b.outputs[j] = new TxOut(o.asset, ConfidentialValue.fromAmount(o.value.amount - 1n), o.nonce, o.scriptPubKey);
  expect(replay.submit(rebuild(block, replaceTx(block, index, b.build()))), 'bad-txns-in-ne-out');
});

test('rt-policy: spending a missing output fails bad-txns-inputs-missingorspent', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  const inp = t.inputs[0]!;
  const bad = TransactionBuilder.from(t).setInput(0, new TxIn(new OutPoint(inp.prevout.txid, 999), inp.scriptSig, inp.sequence)).build();
  expect(replay.submit(rebuild(block, replaceTx(block, index, bad))), 'bad-txns-inputs-missingorspent');
});

test('rt-policy: spending a coinbase output at depth 1 fails; at depth 2 the maturity check passes', () => {
  const { replay, block } = at('rt-policy', 3);
  const prevCoinbase = corpusChain('rt-policy').blocks[2]!.block.transactions[0]!;
  const j = prevCoinbase.outputs.findIndex((o) => o.value.isExplicit && o.value.amount > 0n);
  assert.ok(j >= 0, 'block 2 coinbase pays fees');
  const o = prevCoinbase.outputs[j]!;
  const spend = new TransactionBuilder();
  spend.addInput(new TxIn(new OutPoint(prevCoinbase.txid, j), new Uint8Array(0), 0xffffffff));
  spend.addOutput(o);
  const r = replay.submit(rebuild(block, [...block.transactions, spend.build()]));
  expect(r, 'bad-txns-premature-spend-of-coinbase', 0);
  // one block later it is mature: the spend now fails only on its (missing) signature
  assert.equal(replay.submit(block), null);
  const next = corpusChain('rt-policy').blocks[4]!.block;
  const r2 = replay.submit(rebuild(next, [...next.transactions, spend.build()]));
  assert.ok(r2 && r2.reason.startsWith('mandatory-script-verify-flag-failed'), r2?.toString());
});

test('rt-policy: the same transaction twice in a block is caught (BIP30 / duplicate / Merkle mutation)', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const { replay, block } = at('rt-policy', height);
  const t = block.transactions[index]!;
  // Appended at the end: duplicate inputs across transactions = spent within the block.
  expect(replay.submit(rebuild(block, [...block.transactions, t])), 'bad-txns-inputs-missingorspent');
  // Re-mining an already connected transaction whose outputs are unspent: BIP30.
  assert.equal(replay.submit(block), null);
  const next = corpusChain('rt-policy').blocks[height + 1]!.block;
  expect(replay.submit(rebuild(next, [...next.transactions, t])), 'bad-txns-BIP30');
});
