import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeproofInfo } from '../../src/format/rangeproof-info.js';

function proof(head: number[], len = 65): Uint8Array {
  const p = new Uint8Array(Math.max(len, head.length));
  p.set(head);
  return p;
}

test('rangeproof header: exact value, ranges, minimum, exponent scaling', () => {
  assert.deepEqual(rangeproofInfo(proof([0x00])), { exp: -1, mantissa: 0, minValue: 0n, maxValue: 0n });
  // exact value with a minimum: value = min
  assert.deepEqual(rangeproofInfo(proof([0x20, 0, 0, 0, 0, 0, 0, 0x30, 0x39])), { exp: -1, mantissa: 0, minValue: 12345n, maxValue: 12345n });
  // 32 bits, exp 0, min 1 (what Elements wallets make): max = 2^32 - 1 + 1
  assert.deepEqual(rangeproofInfo(proof([0x60, 31, 0, 0, 0, 0, 0, 0, 0, 1])), { exp: 0, mantissa: 32, minValue: 1n, maxValue: 4294967296n });
  // exp 2, 8 bits: max = 255 * 100
  assert.deepEqual(rangeproofInfo(proof([0x42, 7])), { exp: 2, mantissa: 8, minValue: 0n, maxValue: 25500n });
  // 64 bits, exp 0: max = 2^64 - 1
  assert.deepEqual(rangeproofInfo(proof([0x40, 63])), { exp: 0, mantissa: 64, minValue: 0n, maxValue: (1n << 64n) - 1n });
});

test('rangeproof header: invalid encodings', () => {
  assert.equal(rangeproofInfo(new Uint8Array(64)), undefined, 'shorter than 65 bytes');
  assert.equal(rangeproofInfo(new Uint8Array(0)), undefined, 'empty');
  assert.equal(rangeproofInfo(proof([0x80])), undefined, 'bit 128');
  assert.equal(rangeproofInfo(proof([0x40 | 19, 0])), undefined, 'exp > 18');
  assert.equal(rangeproofInfo(proof([0x40, 64])), undefined, 'mantissa > 64');
  assert.equal(rangeproofInfo(proof([0x40 | 18, 63])), undefined, 'max × 10^exp overflows');
  assert.equal(rangeproofInfo(proof([0x60, 63, 0, 0, 0, 0, 0, 0, 0, 1])), undefined, 'max + min overflows');
  assert.deepEqual(rangeproofInfo(proof([0x40 | 18, 0])), { exp: 18, mantissa: 1, minValue: 0n, maxValue: 10n ** 18n });
});
