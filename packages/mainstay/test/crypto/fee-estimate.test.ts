import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '@ocean-ts/core';
import { ClassicFeeModel, SEGWIT_SIGNED_TX_SIZE, SegwitFeeModel, feeFor } from '../../src/crypto/fee-estimate.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { readVector } from './support.js';

interface FeeVectors {
  signed_size_estimate_classic: {
    cases: { unsigned_size: number; script_hex: string; n_sigs: number; n_inputs: number; fee_per_byte: number; expected_size: number; expected_fee: number }[];
  };
  signed_size_estimate_2024: { constant_signed_tx_size_bytes: number };
}

const V = readVector<FeeVectors>('fees.json');

describe('fee size estimates (fees.json)', () => {
  for (const c of V.signed_size_estimate_classic.cases) {
    test(`Profile A: ${fromHex(c.script_hex).length}-byte script, ${c.n_sigs} sig(s), ${c.n_inputs} input(s) → ${c.expected_size} B`, () => {
      const model = new ClassicFeeModel(fromHex(c.script_hex).length, c.n_sigs);
      assert.equal(model.signedSize(c.unsigned_size, c.n_inputs), c.expected_size);
      assert.equal(feeFor(model, c.fee_per_byte, c.unsigned_size, c.n_inputs), BigInt(c.expected_fee));
    });
  }

  test('Profile A: OP_PUSHDATA1 byte and 3-byte CompactSize only above their thresholds', () => {
    assert.equal(new ClassicFeeModel(75, 1).scriptSigSize, 1 + 75 + 1 + 73);
    assert.equal(new ClassicFeeModel(76, 1).scriptSigSize, 1 + 1 + 76 + 1 + 73);
    // S = 252 → 1-byte CompactSize; S = 253 → 3 bytes
    const m253 = new ClassicFeeModel(104, 2); // 1+1+104+1+146 = 253
    assert.equal(m253.scriptSigSize, 253);
    assert.equal(m253.signedSize(0, 1), 255);
    const m = new ClassicFeeModel(103, 2); // 252
    assert.equal(m.signedSize(0, 1), 252);
  });

  test('Profile B: constant 110 bytes whatever the inputs', () => {
    assert.equal(SEGWIT_SIGNED_TX_SIZE, V.signed_size_estimate_2024.constant_signed_tx_size_bytes);
    const m = new SegwitFeeModel();
    assert.equal(feeFor(m, 10, 83, 1), 1100n);
    assert.equal(feeFor(m, 10, 500, 3), 1100n);
    assert.throws(() => feeFor(m, 1.5, 83, 1), MainstayCryptoError);
  });
});
