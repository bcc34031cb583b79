import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valueFromAmount, amountJson } from '../../src/format/value-from-amount.js';
import { writeJson } from '../../src/format/json-writer.js';

test('ValueFromAmount: 8 decimals, sign, int64 wrap-around', () => {
  assert.equal(valueFromAmount(0n), '0.00000000');
  assert.equal(valueFromAmount(1n), '0.00000001');
  assert.equal(valueFromAmount(-1n), '-0.00000001');
  assert.equal(valueFromAmount(500_000_000_000n), '5000.00000000');
  assert.equal(valueFromAmount(2_100_000_000_000_000n), '21000000.00000000');
  assert.equal(valueFromAmount(-123_456_789n), '-1.23456789');
  assert.equal(valueFromAmount((1n << 63n) - 1n), '92233720368.54775807');
  assert.equal(valueFromAmount((1n << 64n) - 1n), '-0.00000001', 'uint64 max cast to CAmount');
  assert.equal(valueFromAmount(-(1n << 63n)), '--92233720368.-54775808', 'INT64_MIN as the C++ prints it');
  assert.equal(writeJson(amountJson(100_000n)), '0.00100000');
  assert.equal(writeJson(amountJson(-(1n << 63n))), '--92233720368.-54775808');
});
