import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BitcoinTransaction, fromHex, toHex } from '@ocean-ts/core';
import { btcToSatoshis, satoshisToBtcString } from '../../src/crypto/amount.js';
import {
  CLASSIC_TX_VERSION,
  ERROR_INSUFFICIENT_FUNDS,
  SEGWIT_TX_VERSION,
  STAYCHAIN_INPUT_SEQUENCE,
  TOPUP_INPUT_SEQUENCE,
  buildUnsignedAttestation,
  bumpAttestationFee,
  type UnsignedAttestationRequest,
} from '../../src/crypto/attestation-transaction.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { ClassicFeeModel, SegwitFeeModel, feeFor } from '../../src/crypto/fee-estimate.js';
import { readVector } from './support.js';

interface ZmqVector {
  framing: { unsigned_tx1_hex: string; unsigned_tx2_hex: string };
}
interface FeeVector {
  bump_sequence: { 'after_each_bump_[prev,current]': [number, number][] };
}

const SCRIPT_1OF2 = fromHex('512103e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b33210325bf82856a8fdcc7a2c08a933343d2c6332c4c252974d6b09b6232ea4080462652ae');
const CLASSIC = new ClassicFeeModel(SCRIPT_1OF2.length, 1);
const OUT = fromHex('a914a0a160558a95c10eedda3a70ab68189dd484cb3a87');

function request(over: Partial<UnsignedAttestationRequest> = {}): UnsignedAttestationRequest {
  return {
    tip: { txid: 'c325ced653c9eaf86767a3b7c6914d155b35e78605e0f3e176e56585b8552630', vout: 0, value: 10_000_000n },
    outputScript: OUT,
    version: CLASSIC_TX_VERSION,
    feeModel: CLASSIC,
    feePerByte: 10,
    maxFeePerByte: 100,
    ...over,
  };
}

describe('unsigned attestation transaction', () => {
  test('reproduces the unsigned attestations of the zmq vectors byte for byte (fee 0)', () => {
    const f = readVector<ZmqVector>('signer_zmq_serialisation.json').framing;
    for (const hex of [f.unsigned_tx1_hex, f.unsigned_tx2_hex]) {
      const want = BitcoinTransaction.fromHex(hex);
      const topupValue = want.inputs.length > 1 ? 12_345n : 0n;
      const [tip, topup] = want.inputs.map((i, k) => ({ txid: i.prevTxidHex, vout: i.prevIndex, value: k === 0 ? want.outputs[0]!.value - topupValue : topupValue }));
      const a = buildUnsignedAttestation(request({ tip: tip!, topup, outputScript: want.outputs[0]!.scriptPubKey, feePerByte: 0, maxFeePerByte: 1 }));
      assert.equal(a.tx.toHex(), hex);
      assert.equal(a.fee, 0n);
    }
  });

  test('layout: version 2 (A) / 1 (B), RBF vin0, final topup, one output, locktime 0, output = inputs − fee', () => {
    const topup = { txid: '9f4a656fc281874f76e7abedb0424b56d77ccdb95e46e3c0ecab6087c18abac0', vout: 2, value: 1_000_000n };
    const a = buildUnsignedAttestation(request({ topup }));
    const tx = a.tx;
    assert.equal(tx.version, 2);
    assert.equal(tx.locktime, 0);
    assert.deepEqual(tx.inputs.map((i) => i.sequence), [STAYCHAIN_INPUT_SEQUENCE, TOPUP_INPUT_SEQUENCE]);
    assert.deepEqual(tx.inputs.map((i) => i.prevIndex), [0, 2]);
    assert.equal(tx.inputs[1]!.prevTxidHex, topup.txid);
    assert.equal(tx.outputs.length, 1);
    assert.equal(toHex(tx.outputs[0]!.scriptPubKey), toHex(OUT));
    assert.equal(a.fee, feeFor(CLASSIC, 10, tx.size, 2));
    assert.equal(a.fee, 10n * BigInt(tx.size + 2 * (1 + 71 + 1 + 73)));
    assert.equal(tx.outputs[0]!.value, 11_000_000n - a.fee);
    const b = buildUnsignedAttestation(request({ version: SEGWIT_TX_VERSION, feeModel: new SegwitFeeModel() }));
    assert.equal(b.tx.version, 1);
    assert.equal(b.fee, 1100n);
    assert.equal(b.tx.inputs.length, 1);
  });

  test('funding checks against the fee at maxFee: < 5× is an error, < 100× a warning', () => {
    const size = buildUnsignedAttestation(request()).tx.size;
    const maxTotal = feeFor(CLASSIC, 100, size, 1);
    const at = (value: bigint) => buildUnsignedAttestation(request({ tip: { txid: '11'.repeat(32), vout: 0, value } }));
    assert.throws(() => at(5n * maxTotal - 1n), (e: unknown) => e instanceof MainstayCryptoError && e.message === ERROR_INSUFFICIENT_FUNDS);
    assert.equal(ERROR_INSUFFICIENT_FUNDS, 'Insufficient unspent vout value (less than the 5*maxFee target)');
    assert.equal(at(5n * maxTotal).lowFunds, true);
    assert.equal(at(100n * maxTotal - 1n).lowFunds, true);
    assert.equal(at(100n * maxTotal).lowFunds, false);
    // the topup counts towards the checked value
    const low = { txid: '11'.repeat(32), vout: 0, value: 3n * maxTotal };
    assert.throws(() => buildUnsignedAttestation(request({ tip: low })), MainstayCryptoError);
    const topup = { txid: '22'.repeat(32), vout: 0, value: 0n };
    const maxTotal2 = feeFor(CLASSIC, 100, buildUnsignedAttestation(request({ topup })).tx.size, 2);
    const two = buildUnsignedAttestation(request({ tip: low, topup: { ...topup, value: 5n * maxTotal2 - low.value } }));
    assert.throws(() => buildUnsignedAttestation(request({ tip: low, topup: { ...topup, value: 5n * maxTotal2 - low.value - 1n } })), MainstayCryptoError);
    assert.equal(two.tx.inputs.length, 2);
    assert.throws(() => buildUnsignedAttestation(request({ tip: { txid: 'xyz', vout: 0, value: 1n } })), MainstayCryptoError);
  });

  test('RBF bump: scriptSigs stripped, output lowered by feeFor(current − prev); the fees.json sequence', () => {
    const first = buildUnsignedAttestation(request({ feePerByte: 10 }));
    const signedLike = first.tx.withInput(0, first.tx.inputs[0]!.withScriptSig(fromHex('00' + '11'.repeat(100))));
    const steps = readVector<FeeVector>('fees.json').bump_sequence['after_each_bump_[prev,current]'];
    let tx = signedLike;
    for (const [prev, current] of steps) {
      const before = tx.outputs[0]!.value;
      const bumped = bumpAttestationFee(tx, CLASSIC, current - prev);
      assert.equal(bumped.tx.inputs.every((i) => i.scriptSig.length === 0), true);
      assert.equal(bumped.feeIncrement, feeFor(CLASSIC, current - prev, first.tx.size, 1));
      assert.equal(bumped.tx.outputs[0]!.value, before - bumped.feeIncrement);
      assert.equal(bumped.tx.inputs[0]!.sequence, STAYCHAIN_INPUT_SEQUENCE);
      assert.equal(toHex(bumped.tx.outputs[0]!.scriptPubKey), toHex(OUT));
      tx = bumped.tx;
    }
    // after the last bump the total fee is that of the final rate (100 sat/B)
    assert.equal(10_000_000n - tx.outputs[0]!.value, feeFor(CLASSIC, 100, first.tx.size, 1));
    assert.notEqual(tx.txidHex, first.tx.txidHex);
    assert.throws(() => bumpAttestationFee(first.tx, CLASSIC, 1_000_000), MainstayCryptoError);
  });
});

describe('BTC amounts', () => {
  test('exact conversion (the original truncated float products)', () => {
    assert.equal(btcToSatoshis(0.29), 29_000_000n);
    assert.equal(Math.trunc(0.29 * 1e8), 28_999_999); // what Go's int64(amount*1e8) gives
    assert.equal(btcToSatoshis(20999999.99999999), 2_099_999_999_999_999n);
    assert.equal(btcToSatoshis(1e-8), 1n);
    assert.equal(btcToSatoshis('0.00000001'), 1n);
    assert.equal(btcToSatoshis('12'), 1_200_000_000n);
    assert.equal(btcToSatoshis('0.1'), 10_000_000n);
    for (const bad of ['0.000000001', '-1', '1e-8', 'abc', '', '.5']) assert.throws(() => btcToSatoshis(bad), MainstayCryptoError, bad);
    assert.throws(() => btcToSatoshis(Number.NaN), MainstayCryptoError);
    assert.throws(() => btcToSatoshis(-0.1), MainstayCryptoError);
    assert.equal(satoshisToBtcString(1_040_868n), '0.01040868');
    assert.equal(satoshisToBtcString(-5n), '-0.00000005');
  });
});
