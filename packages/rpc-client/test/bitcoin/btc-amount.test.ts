import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonNumber, parseJson, valueFromAmount } from '@ocean-ts/core';
import { btcJson, satsFromBtcText, satsFromBtcValue } from '../../src/index.js';

test('satsFromBtcText: exact decimal conversion, signs, exponents', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['0.00000001', 1],
    ['0.1', 10_000_000],
    ['0.29', 29_000_000], // 0.29 * 1e8 = 28999999.999999996 as a float: truncation loses a satoshi
    ['1.23456789', 123_456_789],
    ['50.00000000', 5_000_000_000],
    ['21000000', 2_100_000_000_000_000],
    ['-0.00001', -1000],
    ['-0', 0],
    ['1e-7', 10], // bcoin prints small amounts through JSON.stringify
    ['1.5E-6', 150],
    ['2e+1', 2_000_000_000],
    ['0.000000010', 1],
    ['0.000000001', undefined], // a fraction of a satoshi
    ['1e-9', undefined],
    ['1e400', undefined],
    ['100000000000', undefined], // beyond 2^53 satoshis
    ['', undefined],
    ['.5', undefined],
    ['1.', undefined],
    ['0x10', undefined],
    ['1 ', undefined],
  ];
  for (const [text, sats] of cases) assert.equal(satsFromBtcText(text), sats, text);
});

test('satsFromBtcValue: number tokens and strings; anything else is undefined', () => {
  assert.equal(satsFromBtcValue(JsonNumber.parse('0.00012345')), 12_345);
  assert.equal(satsFromBtcValue('0.5'), 50_000_000);
  assert.equal(satsFromBtcValue(true), undefined);
  assert.equal(satsFromBtcValue(null), undefined);
  assert.equal(satsFromBtcValue(undefined), undefined);
});

test('satsFromBtcText round-trips bitcoind text (ValueFromAmount) and JavaScript float text (bcoin)', () => {
  fc.assert(
    fc.property(fc.integer({ min: -2_100_000_000_000_000, max: 2_100_000_000_000_000 }), (sats) => {
      assert.equal(satsFromBtcText(valueFromAmount(BigInt(sats))), sats);
      // bcoin: Amount.btc(value, true) is a float; JSON.stringify prints its shortest form.
      const token = (parseJson(JSON.stringify(sats / 1e8)) as JsonNumber).raw;
      assert.equal(satsFromBtcText(token), sats);
    }),
    { numRuns: 2000 },
  );
});

test('btcJson: an exact 8-decimal token; non-integers are refused', () => {
  assert.equal(btcJson(12_345).raw, '0.00012345');
  assert.equal(btcJson(5_000_000_000n).raw, '50.00000000');
  assert.throws(() => btcJson(0.5), RangeError);
});
