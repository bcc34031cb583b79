import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { auctionPrice } from '../../src/policy/auction-price.js';
import { valueFromAmount } from '../../src/format/value-from-amount.js';

const COIN = 100_000_000n;
const price = (startPrice: bigint, decayConst: number, confirmedBlockHeight: number, startBlockHeight: number, height: number) =>
  auctionPrice({ startPrice, decayConst, confirmedBlockHeight, startBlockHeight }, height);
const text = (sat: bigint) => valueFromAmount(sat);

describe('auction price (ocean-policy.md §9.3)', () => {
  test('spec worked values: start price 20, decay 100, confirmed at 103', () => {
    const got = [103, 104, 105, 106, 107, 108].map((h) => text(price(20n * COIN, 100, 103, 1000, h)));
    assert.deepEqual(got, ['20.00000000', '19.90049751', '19.48051948', '18.73536299', '17.73049645', '16.55172413']);
  });

  test('spec worked value: start price 5, decay 5, confirmed 103, start 111 — fixed from the start height on', () => {
    for (const h of [111, 112, 500]) assert.equal(text(price(5n * COIN, 5, 103, 111, h)), '0.40394973');
    assert.notEqual(text(price(5n * COIN, 5, 103, 111, 110)), '0.40394973');
  });

  test('corpus auctionPrice values of the original (rt-policy requests at tip 53)', () => {
    // request 0393f844…: startPrice 17.49049997, decay 15, confirmed 44, start 46
    assert.equal(text(price(1_749_049_997n, 15, 44, 46, 53)), '14.85042450');
    // request 3f78bce3…: startPrice 1.60532628, decay 416, confirmed 44, start 46
    assert.equal(text(price(160_532_628n, 416, 44, 46, 53)), '1.59510127');
  });

  test('before the confirmation height (t < 0) the price is 0', () => {
    assert.equal(price(20n * COIN, 100, 103, 1000, 102), 0n);
    assert.equal(price(20n * COIN, 100, 103, 50, 200), 0n); // start below confirmation
  });

  test('decay constant 0: start price at t = 0, zero after — never NaN (defect fix, ADR 0022)', () => {
    assert.equal(price(7n * COIN, 0, 10, 100, 10), 7n * COIN);
    assert.equal(price(7n * COIN, 0, 10, 100, 11), 0n);
    assert.equal(price(7n * COIN, 0, 10, 100, 99), 0n);
  });

  test('always a finite int64, never above the start price for t ≥ 0 and positive prices', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 21_000_000n * COIN }),
        fc.nat(),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 1_000_000 }),
        (sp, decay, conf, start, h) => {
          fc.pre(sp * BigInt(Math.min(h, start) - conf + 1) < 2n ** 63n); // no int64 wrap of the numerator
          const p = price(sp, decay, conf, start, h);
          assert.equal(typeof p, 'bigint');
          assert.ok(p >= 0n && p <= sp, `price ${p} of start price ${sp}`);
        },
      ),
    );
  });

  test('the numerator wraps like the reference int64 product', () => {
    // startPrice × (1 + t) overflows int64 for a start price near the maximum: wrapped, then divided
    const sp = 2n ** 62n;
    const p = price(sp, 1_000_000, 0, 10, 1); // t = 1: numerator 2^63 wraps to -2^63
    assert.ok(p < 0n);
  });
});
