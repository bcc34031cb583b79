import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getFee, hasValidFee, isFee, amountMapInMoneyRange } from '../../src/consensus/fees.js';
import { MAX_MONEY } from '../../src/primitives/amount.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { toDisplayHex } from '../../src/encoding/hex.js';
import { ASSET_A, ASSET_B, EMPTY, OP_TRUE, fee, id32, input, out, tx } from './support/fixtures.js';

const prev = new OutPoint(id32(1), 0);
const A = toDisplayHex(ASSET_A);
const B = toDisplayHex(ASSET_B);
const commitment = (p: number) => {
  const c = new Uint8Array(33);
  c[0] = p;
  c[32] = 1;
  return c;
};

test('IsFee: empty script with explicit asset and explicit value only', () => {
  assert.equal(isFee(fee(ASSET_A, 1n)), true);
  assert.equal(isFee(out(ASSET_A, 1n, OP_TRUE)), false);
  assert.equal(isFee(new TxOut(ConfidentialAsset.fromBytes(commitment(0x0a)), ConfidentialValue.fromAmount(1n), ConfidentialNonce.NULL, EMPTY)), false);
  assert.equal(isFee(new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.fromBytes(commitment(0x08)), ConfidentialNonce.NULL, EMPTY)), false);
  assert.equal(isFee(TxOut.NULL), false);
});

test('HasValidFee: non-zero, in range, per-asset totals in range', () => {
  assert.equal(hasValidFee(tx([input(prev)], [out(ASSET_A, 5n)])), true);
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, 1n), fee(ASSET_B, MAX_MONEY)])), true);
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, 0n)])), false);
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, MAX_MONEY + 1n)])), false);
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, -1n)])), false);
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, MAX_MONEY), fee(ASSET_A, 1n)])), false);
  // The same amounts split over two assets are fine.
  assert.equal(hasValidFee(tx([input(prev)], [fee(ASSET_A, MAX_MONEY), fee(ASSET_B, 1n)])), true);
  // A zero-value output with a script is not a fee output.
  assert.equal(hasValidFee(tx([input(prev)], [out(ASSET_A, 0n, OP_TRUE)])), true);
});

test('GetFee: per-asset sums; without fee outputs {asset of vout[0]: 0}', () => {
  assert.deepEqual(getFee(tx([input(prev)], [out(ASSET_B, 9n), fee(ASSET_A, 2n), fee(ASSET_B, 3n), fee(ASSET_A, 4n)])), new Map([[A, 6n], [B, 3n]]));
  assert.deepEqual(getFee(tx([input(prev)], [out(ASSET_B, 9n), out(ASSET_A, 1n)])), new Map([[B, 0n]]));
});

test('GetFee on a confidential vout[0] without fee outputs: empty map (the reference aborts)', () => {
  const blinded = new TxOut(ConfidentialAsset.fromBytes(commitment(0x0a)), ConfidentialValue.fromBytes(commitment(0x08)), ConfidentialNonce.NULL, OP_TRUE);
  assert.deepEqual(getFee(tx([input(prev)], [blinded, out(ASSET_A, 1n)])), new Map());
  // With a fee output the confidential vout[0] does not matter.
  assert.deepEqual(getFee(tx([input(prev)], [blinded, fee(ASSET_A, 7n)])), new Map([[A, 7n]]));
});

test('MoneyRange of an amount map', () => {
  assert.equal(amountMapInMoneyRange(new Map([[A, 0n], [B, MAX_MONEY]])), true);
  assert.equal(amountMapInMoneyRange(new Map([[A, -1n]])), false);
  assert.equal(amountMapInMoneyRange(new Map([[A, MAX_MONEY + 1n]])), false);
});
