import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SipHashKey, siphash24 } from '../src/index.js';
import { referenceSipHash24 } from './support/siphash-reference.js';

/**
 * Test vectors of the SipHash paper (Aumasson & Bernstein, appendix A / reference `vectors.h`):
 * key 00 01 … 0f, message 00 01 … (len-1). Entry 15 is the paper's worked example.
 */
const PAPER_VECTORS: Record<number, bigint> = {
  0: 0x726fdb47dd0e0e31n,
  1: 0x74f839c593dc67fdn,
  2: 0x0d6c8009d9a94f5an,
  3: 0x85676696d7fb7e2dn,
  4: 0xcf2794e0277187b7n,
  5: 0x18765564cd99a68dn,
  6: 0xcbc9466e58fee3cen,
  7: 0xab0200f58b01d137n,
  8: 0x93f5f5799a932462n,
  9: 0x9e0082df0ba9e4b0n,
  10: 0x7a5dbbc594ddb9f3n,
  11: 0xf4b32f46226bada7n,
  12: 0x751e8fbc860ee5fbn,
  13: 0x14ea5627c0843d90n,
  14: 0xf723ca908e7af2een,
  15: 0xa129ca6149be45e5n,
  16: 0x3f2acc7f57c29bdbn,
  18: 0x4bc1b3f0968dd39cn,
  27: 0x2f2e6163076bcfadn,
  32: 0x7127512f72f27ccen,
  40: 0x0e3ea96b5304a7d0n,
  48: 0xe612a3cb9ecba951n,
  63: 0x958a324ceb064572n,
};

const KEY = new SipHashKey(0x0706050403020100n, 0x0f0e0d0c0b0a0908n);
const message = (len: number) => Uint8Array.from({ length: len }, (_, i) => i);

test('SipHash-2-4 matches the paper vectors', () => {
  for (const [len, want] of Object.entries(PAPER_VECTORS)) {
    assert.equal(siphash24(KEY, message(Number(len))), want, `length ${len}`);
    assert.equal(referenceSipHash24(KEY.k0, KEY.k1, message(Number(len))), want, `reference, length ${len}`);
  }
});

test("SipHash-2-4 of a uint256 (Core's SipHashUint256 check value)", () => {
  // uint256S("1f1e…0100") is the bytes 00 01 … 1f in internal order
  assert.equal(siphash24(KEY, message(32)), 0x7127512f72f27ccen);
});

test('SipHash-2-4 agrees with a plain bigint implementation on random keys and messages', () => {
  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  fc.assert(
    fc.property(u64, u64, fc.uint8Array({ maxLength: 300 }), (k0, k1, m) => {
      assert.equal(siphash24(new SipHashKey(k0, k1), m), referenceSipHash24(k0, k1, m));
    }),
    { numRuns: 500 },
  );
});
