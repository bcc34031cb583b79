import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindTransaction, countFieldsToBlind, DEFAULT_CT_BITS } from '../../src/confidential/blind-transaction.js';
import { RandomSourceExhaustedError } from '../../src/confidential/random-source.js';
import { unblindOutput } from '../../src/confidential/unblind.js';
import { verifyAmounts } from '../../src/consensus/amounts.js';
import { bytesEqual, toHex } from '../../src/encoding/hex.js';
import { rangeproofInfo } from '../../src/format/rangeproof-info.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { TxOutWitness } from '../../src/primitives/witness.js';
import { ASSET_A, ASSET_B, fee, input, out, tx } from '../consensus/support/fixtures.js';
import { explicitCoin, prevout, receiver, seeded, verifier, zkp } from './support.js';

const alice = receiver(1);
const bob = receiver(2);

/** One explicit input of 100 000 A → 60 000 to Alice, 39 000 to Bob (both blinded), fee 1 000. */
function twoOutputSpend() {
  const coin = explicitCoin(ASSET_A, 100_000n, alice.script);
  const unsigned = tx([input(prevout(1))], [out(ASSET_A, 60_000n, alice.script), out(ASSET_A, 39_000n, bob.script), fee(ASSET_A, 1_000n)]);
  return { coin, unsigned };
}

test('a blinded 2-output transaction balances and its range and surjection proofs verify', (t) => {
  const { coin, unsigned } = twoOutputSpend();
  const request = { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub] };
  const times: number[] = [];
  const cold = performance.now();
  let r = blindTransaction(zkp, { ...request, random: seeded('two-output') });
  const coldMs = performance.now() - cold;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    r = blindTransaction(zkp, { ...request, random: seeded('two-output') });
    times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  t.diagnostic(`blinding a 2-output transaction: median ${times[2]!.toFixed(0)} ms warm, ${coldMs.toFixed(0)} ms on the first call (WASM secp256k1-zkp)`);
  assert.equal(r.error, undefined);
  assert.equal(r.blinded, 2);
  const blinded = r.tx;
  for (const o of [0, 1]) {
    const output = blinded.outputs[o]!;
    assert.ok(output.value.isCommitment && output.asset.isCommitment, `output ${o} is blinded`);
    assert.equal(output.nonce.data.length, 33, 'nonce field holds the ephemeral public key');
    const w = blinded.outWitness[o]!;
    const info = rangeproofInfo(w.rangeProof)!;
    assert.deepEqual([info.exp, info.mantissa, info.minValue], [0, DEFAULT_CT_BITS, 1n]);
    // one input: 2-byte count, 1-byte bitmap, 32-byte nonce, 32 bytes per used input
    assert.equal(w.surjectionProof.length, 67);
    assert.ok(verifier.verifySurjectionProof(w.surjectionProof, [verifier.generator(ASSET_A)], output.asset.data));
    assert.ok(verifier.verifyRangeProof(w.rangeProof, output.value.data, output.asset.data, output.scriptPubKey));
  }
  assert.ok(blinded.outputs[2]!.isFee, 'the fee output stays explicit');
  assert.ok(verifyAmounts([coin.spent], blinded, verifier), 'VerifyAmounts accepts the blinded transaction');
  // The same transaction with one unit more in the fee no longer balances.
  const b = TransactionBuilder.from(blinded);
  b.outputs[2] = fee(ASSET_A, 1_001n);
  assert.equal(verifyAmounts([coin.spent], b.build(), verifier), false);
  // Swapping the two range proofs breaks them.
  const swapped = TransactionBuilder.from(blinded);
  swapped.setOutputWitness(0, new TxOutWitness(blinded.outWitness[0]!.surjectionProof, blinded.outWitness[1]!.rangeProof));
  swapped.setOutputWitness(1, new TxOutWitness(blinded.outWitness[1]!.surjectionProof, blinded.outWitness[0]!.rangeProof));
  assert.equal(verifyAmounts([coin.spent], swapped.build(), verifier), false);
  // The range proof commits to the scriptPubKey: redirecting the output invalidates it.
  const redirected = TransactionBuilder.from(blinded);
  const o0 = blinded.outputs[0]!;
  redirected.outputs[0] = new TxOut(o0.asset, o0.value, o0.nonce, bob.script);
  assert.equal(verifyAmounts([coin.spent], redirected.build(), verifier), false);
});

test('the last blinded output gets the balancing factor; the others are random draws', () => {
  const { coin, unsigned } = twoOutputSpend();
  const r = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('x') });
  const expected = zkp.blindGeneratorBlindSum([60_000n, 39_000n], r.assetBlinders.slice(0, 2), [r.valueBlinders[0]!], 0);
  assert.equal(toHex(r.valueBlinders[1]!), toHex(expected!));
  // the first output's blinder is the first 32 bytes drawn
  assert.equal(toHex(r.valueBlinders[0]!), toHex(seeded('x')(32)));
});

test('blinding is a pure function of the random bytes', () => {
  const { coin, unsigned } = twoOutputSpend();
  const req = { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub] };
  const a = blindTransaction(zkp, { ...req, random: seeded('same') }).tx;
  const b = blindTransaction(zkp, { ...req, random: seeded('same') }).tx;
  const c = blindTransaction(zkp, { ...req, random: seeded('other') }).tx;
  assert.equal(toHex(a.toBytes()), toHex(b.toBytes()));
  assert.notEqual(toHex(a.toBytes()), toHex(c.toBytes()));
  // A fixed byte string works too, and running out of it is an error, not a weak blinding.
  const bytes = seeded('fixed')(4 * 32 * 2);
  const d = blindTransaction(zkp, { ...req, random: bytes });
  assert.equal(d.blinded, 2);
  assert.throws(() => blindTransaction(zkp, { ...req, random: bytes.subarray(0, 100) }), RandomSourceExhaustedError);
});

test('spending blinded inputs: known input blinders enter the final blinding factor', () => {
  const { coin, unsigned } = twoOutputSpend();
  const first = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('a') }).tx;
  // Alice unblinds her output and spends it to Bob, one blinded output plus an explicit fee.
  const mine = unblindOutput(zkp, alice.blindingKey, first.outputs[0]!, first.outWitness[0]!)!;
  assert.equal(mine.value, 60_000n);
  const spend = tx([input(prevout(9))], [out(ASSET_A, 59_500n, bob.script), fee(ASSET_A, 500n)]);
  const r = blindTransaction(zkp, {
    tx: spend,
    inputs: [{ asset: mine.asset, assetBlinder: mine.assetBlinder, value: mine.value, valueBlinder: mine.valueBlinder }],
    outputPubkeys: [bob.blindingPub],
    random: seeded('b'),
  });
  assert.equal(r.blinded, 1, 'one blinded output is enough when an input is blinded');
  assert.ok(verifyAmounts([first.outputs[0]!], r.tx, verifier));
  // With wrong input blinders the result does not balance.
  const wrong = blindTransaction(zkp, {
    tx: spend,
    inputs: [{ asset: mine.asset, assetBlinder: mine.assetBlinder, value: mine.value, valueBlinder: bob.blindingKey }],
    outputPubkeys: [bob.blindingPub],
    random: seeded('b'),
  });
  assert.equal(verifyAmounts([first.outputs[0]!], wrong.tx, verifier), false);
});

test('two assets: each surjection proof covers both inputs', () => {
  const a = explicitCoin(ASSET_A, 5_000n, alice.script);
  const b = explicitCoin(ASSET_B, 7_000n, alice.script);
  const unsigned = tx(
    [input(prevout(1)), input(prevout(2))],
    [out(ASSET_B, 7_000n, bob.script), out(ASSET_A, 4_000n, alice.script), fee(ASSET_A, 1_000n)],
  );
  const r = blindTransaction(zkp, { tx: unsigned, inputs: [a.info, b.info], outputPubkeys: [bob.blindingPub, alice.blindingPub], random: seeded('ab') });
  assert.equal(r.blinded, 2);
  for (const o of [0, 1]) assert.equal(r.tx.outWitness[o]!.surjectionProof.length, 99);
  assert.ok(verifyAmounts([a.spent, b.spent], r.tx, verifier));
  // Bob learns asset B, not A.
  const got = unblindOutput(zkp, bob.blindingKey, r.tx.outputs[0]!, r.tx.outWitness[0]!)!;
  assert.ok(bytesEqual(got.asset, ASSET_B));
  assert.equal(got.value, 7_000n);
});

test('an asset that is not among the inputs cannot be surjected: fewer fields blinded', () => {
  const a = explicitCoin(ASSET_A, 5_000n, alice.script);
  const unsigned = tx([input(prevout(1))], [out(ASSET_A, 4_000n, alice.script), out(ASSET_B, 500n, bob.script), fee(ASSET_A, 500n)]);
  const r = blindTransaction(zkp, { tx: unsigned, inputs: [a.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('nb') });
  assert.equal(countFieldsToBlind(unsigned, [alice.blindingPub, bob.blindingPub]), 2);
  assert.equal(r.blinded, 1);
  assert.equal(r.tx.outWitness[1]!.surjectionProof.length, 0);
});

test('requests BlindTransaction refuses (−1)', () => {
  const { coin, unsigned } = twoOutputSpend();
  const go = (pubkeys: (Uint8Array | null)[], t = unsigned) => blindTransaction(zkp, { tx: t, inputs: [coin.info], outputPubkeys: pubkeys, random: seeded('r') });
  // a key of the right size that is not a point
  const offCurve = Uint8Array.of(0x02, ...new Uint8Array(32).fill(0xff));
  assert.equal(go([offCurve, bob.blindingPub]).blinded, -1);
  // bytes that are not even key-sized (`CPubKey::IsValid` false) mean "do not blind this output"
  const notAKey = Uint8Array.from(alice.blindingPub);
  notAKey[0] = 0x05;
  assert.equal(countFieldsToBlind(unsigned, [notAKey, bob.blindingPub]), 1);
  const partial = go([notAKey, bob.blindingPub]);
  assert.equal(partial.blinded, 0, 'one field to blind and no blinded input: refused');
  assert.equal(partial.error, 'only one field to blind and no blinded input');
  // a key on the fee output
  assert.equal(go([alice.blindingPub, bob.blindingPub, alice.blindingPub]).blinded, -1);
  // an output that is already blinded
  const once = go([alice.blindingPub, bob.blindingPub]).tx;
  assert.equal(go([alice.blindingPub, bob.blindingPub], once).blinded, -1);
  // an output with a witness already
  const withWitness = TransactionBuilder.from(unsigned).setOutputWitness(0, new TxOutWitness(new Uint8Array(0), Uint8Array.of(1))).build();
  assert.equal(go([alice.blindingPub, bob.blindingPub], withWitness).blinded, -1);
  // an input without asset id or generator
  assert.equal(
    blindTransaction(zkp, { tx: unsigned, inputs: [{ ...coin.info, asset: null }], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('r') }).blinded,
    -1,
  );
  // shape errors are exceptions
  assert.throws(() => blindTransaction(zkp, { tx: unsigned, inputs: [], outputPubkeys: [], random: seeded('r') }), RangeError);
  // no key at all: nothing to do
  const none = go([]);
  assert.equal(none.blinded, 0);
  assert.equal(toHex(none.tx.toBytes()), toHex(unsigned.toBytes()));
});

test('an input known only by its asset commitment (auxiliary generator)', () => {
  const { coin, unsigned } = twoOutputSpend();
  const first = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('g') }).tx;
  const other = explicitCoin(ASSET_B, 3_000n, alice.script);
  // Input 0 is someone else's blinded coin: only its asset commitment is known.
  const spend = tx([input(prevout(5)), input(prevout(6))], [out(ASSET_B, 2_000n, bob.script), out(ASSET_B, 500n, alice.script), fee(ASSET_B, 500n)]);
  const r = blindTransaction(zkp, {
    tx: spend,
    inputs: [{ asset: null, assetBlinder: new Uint8Array(32), value: 0n, valueBlinder: new Uint8Array(32), generator: first.outputs[0]!.asset.data }, other.info],
    outputPubkeys: [bob.blindingPub, alice.blindingPub],
    random: seeded('aux'),
  });
  assert.equal(r.blinded, 2);
  // The surjection proofs verify against both inputs' generators; the tally of course does not
  // (the unknown input's value is not spent to any output), so check the proofs directly.
  const targets = [first.outputs[0]!.asset.data, verifier.generator(ASSET_B)];
  for (const o of [0, 1]) assert.ok(verifier.verifySurjectionProof(r.tx.outWitness[o]!.surjectionProof, targets, r.tx.outputs[o]!.asset.data));
  // ... and not against the explicit generator of some other asset in place of the commitment
  assert.equal(verifier.verifySurjectionProof(r.tx.outWitness[0]!.surjectionProof, [verifier.generator(ASSET_A), targets[1]!], r.tx.outputs[0]!.asset.data), false);
});

test('ct_bits and ct_exponent reach the range proof', () => {
  const { coin, unsigned } = twoOutputSpend();
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [coin.info],
    outputPubkeys: [alice.blindingPub, bob.blindingPub],
    random: seeded('bits'),
    ctBits: 36,
    ctExponent: 2,
  });
  const info = rangeproofInfo(r.tx.outWitness[0]!.rangeProof)!;
  assert.equal(info.exp, 2);
  assert.equal(info.mantissa, 36);
  assert.ok(verifyAmounts([coin.spent], r.tx, verifier));
  // large values need more bits than the default minimum
  const big = explicitCoin(ASSET_A, 300_000_000_000_000n, alice.script);
  const bigTx = tx([input(prevout(3))], [out(ASSET_A, 200_000_000_000_000n, alice.script), out(ASSET_A, 99_999_999_990_000n, bob.script), fee(ASSET_A, 10_000n)]);
  const rb = blindTransaction(zkp, { tx: bigTx, inputs: [big.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('big') });
  assert.equal(rangeproofInfo(rb.tx.outWitness[0]!.rangeProof)!.mantissa, 48);
  assert.ok(verifyAmounts([big.spent], rb.tx, verifier));
});

test('explicit zero-value output to a spendable script cannot be blinded (min value 1)', () => {
  const coin = explicitCoin(ASSET_A, 1_000n, alice.script);
  const unsigned = tx([input(prevout(1))], [out(ASSET_A, 0n, alice.script), out(ASSET_A, 900n, bob.script), fee(ASSET_A, 100n)]);
  const r = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('z') });
  assert.notEqual(r.blinded, 2);
  assert.match(r.error ?? '', /range proof failed/);
});
