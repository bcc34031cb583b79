import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTransaction } from '../../src/consensus/check-transaction.js';
import { REJECT_INVALID } from '../../src/consensus/reject.js';
import { MAX_MONEY } from '../../src/primitives/amount.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { ASSET_A, EMPTY, OP_TRUE, fee, id32, input, out, tx } from './support/fixtures.js';

const prev = new OutPoint(id32(1), 0);

function expectReject(t: ReturnType<typeof tx>, reason: string, score: number): void {
  const r = checkTransaction(t);
  assert.ok(r, `expected ${reason}`);
  assert.equal(r.reason, reason);
  assert.equal(r.code, REJECT_INVALID);
  assert.equal(r.score, score);
}

test('a plain transaction passes; so does a coinbase with a 2..100 byte scriptSig', () => {
  assert.equal(checkTransaction(tx([input(prev)], [out(ASSET_A, 5n), fee(ASSET_A, 1n)])), null);
  assert.equal(checkTransaction(tx([input(OutPoint.NULL, 0xffffffff, Uint8Array.of(1, 2))], [out(ASSET_A, 0n)])), null);
  assert.equal(checkTransaction(tx([input(OutPoint.NULL, 0xffffffff, new Uint8Array(100))], [out(ASSET_A, 0n)])), null);
});

test('bad-txns-vin-empty (10) and bad-txns-vout-empty (10); vin is checked first', () => {
  expectReject(tx([], [out(ASSET_A, 1n)]), 'bad-txns-vin-empty', 10);
  expectReject(tx([input(prev)], []), 'bad-txns-vout-empty', 10);
  expectReject(tx([], []), 'bad-txns-vin-empty', 10);
});

test('bad-txns-oversize: no-witness size above 1,000,000 bytes', () => {
  const big = out(ASSET_A, 1n, new Uint8Array(1_000_000));
  expectReject(tx([input(prev)], [big]), 'bad-txns-oversize', 100);
  // Right at the limit passes (the size counts the whole stripped transaction).
  const base = tx([input(prev)], [out(ASSET_A, 1n, EMPTY)]).strippedSize;
  const exact = out(ASSET_A, 1n, new Uint8Array(1_000_000 - base - 4)); // 5-byte CompactSize instead of 1
  assert.equal(tx([input(prev)], [exact]).strippedSize, 1_000_000);
  assert.equal(checkTransaction(tx([input(prev)], [exact])), null);
});

test('bad-txns-vout-amount-invalid: a value that is neither null, explicit, commitment nor 0xff', () => {
  const bad = new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.fromBytes(Uint8Array.of(5, 0, 0, 0, 0, 0, 0, 0, 1)), ConfidentialNonce.NULL, OP_TRUE);
  expectReject(tx([input(prev)], [bad]), 'bad-txns-vout-amount-invalid', 100);
  // the 0xff "trust me" form and a null value are IsValid
  const ff = new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.fromBytes(new Uint8Array(9).fill(0xff)), ConfidentialNonce.NULL, OP_TRUE);
  const nul = new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.NULL, ConfidentialNonce.NULL, OP_TRUE);
  assert.equal(checkTransaction(tx([input(prev)], [ff, nul])), null);
});

test('bad-txns-txouttotal-toolarge: explicit value above MAX_MONEY or negative; no sum check here', () => {
  expectReject(tx([input(prev)], [out(ASSET_A, MAX_MONEY + 1n)]), 'bad-txns-txouttotal-toolarge', 100);
  expectReject(tx([input(prev)], [out(ASSET_A, -1n)]), 'bad-txns-txouttotal-toolarge', 100);
  // Two outputs of MAX_MONEY each: fine for CheckTransaction (sums are per asset, in VerifyAmounts).
  assert.equal(checkTransaction(tx([input(prev)], [out(ASSET_A, MAX_MONEY), out(ASSET_A, MAX_MONEY)])), null);
});

test('bad-txns-inputs-duplicate: same prevout twice (masked index; flags do not make them distinct)', () => {
  expectReject(tx([input(prev), input(prev)], [out(ASSET_A, 1n)]), 'bad-txns-inputs-duplicate', 100);
  assert.equal(checkTransaction(tx([input(prev), input(new OutPoint(id32(1), 1))], [out(ASSET_A, 1n)])), null);
});

test('bad-cb-length: coinbase scriptSig of 1 or 101 bytes', () => {
  expectReject(tx([input(OutPoint.NULL, 0xffffffff, Uint8Array.of(1))], [out(ASSET_A, 0n)]), 'bad-cb-length', 100);
  expectReject(tx([input(OutPoint.NULL, 0xffffffff, new Uint8Array(101))], [out(ASSET_A, 0n)]), 'bad-cb-length', 100);
});

test('bad-cb-fee: a coinbase may not contain fee outputs', () => {
  expectReject(tx([input(OutPoint.NULL, 0xffffffff, Uint8Array.of(1, 2))], [fee(ASSET_A, 1n)]), 'bad-cb-fee', 100);
});

test('bad-txns-prevout-null (10): a non-coinbase with a null prevout', () => {
  expectReject(tx([input(prev), input(OutPoint.NULL)], [out(ASSET_A, 1n)]), 'bad-txns-prevout-null', 10);
});

test('first failure wins: output rules before duplicates before coinbase rules', () => {
  expectReject(tx([input(prev), input(prev)], [out(ASSET_A, -5n)]), 'bad-txns-txouttotal-toolarge', 100);
  expectReject(tx([input(OutPoint.NULL), input(OutPoint.NULL)], [out(ASSET_A, 1n)]), 'bad-txns-inputs-duplicate', 100);
});
