import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError, Reader, Writer, base58CheckDecode, base58CheckEncode, base58Decode, base58Encode, fromHex, toHex, MAX_SIZE, compactSizeLength, parseUintHexLenient, toDisplayHex } from '../../src/index.js';
import { readJson } from '../support/vectors.js';

test('CompactSize round-trips and has the advertised length', () => {
  fc.assert(
    fc.property(fc.nat({ max: MAX_SIZE }), (n) => {
      const b = new Writer().compactSize(n).finish();
      assert.equal(b.length, compactSizeLength(n));
      const r = new Reader(b);
      assert.equal(r.compactSize(), n);
      assert.ok(r.done);
    }),
  );
});

test('non-minimal and oversized CompactSize are rejected', () => {
  const bad = ['fdfc00', 'fe ffff0000', 'ff ffffffff00000000', 'fe01000002', 'ff0000000001000000'];
  const reasons = ['non-canonical', 'non-canonical', 'non-canonical', 'size too large', 'size too large'];
  bad.forEach((h, i) => {
    assert.throws(() => new Reader(fromHex(h.replace(/ /g, ''))).compactSize(), (e: unknown) => e instanceof DecodeError && e.message.includes(reasons[i]!));
  });
  assert.equal(new Reader(fromHex('fdfd00')).compactSize(), 0xfd);
  assert.equal(new Reader(fromHex('fe00000002')).compactSize(), MAX_SIZE);
});

test('counts are bounded by the remaining input before allocating', () => {
  assert.throws(() => new Reader(fromHex('fe00000002')).count(1, 'items'), DecodeError);
  assert.equal(new Reader(fromHex('03aabbcc')).count(1, 'items'), 3);
  assert.throws(() => new Reader(fromHex('04aabbcc')).count(1, 'items'), DecodeError);
});

test('Reader fixed-width reads and bounds', () => {
  const r = new Reader(fromHex('0100000002000000000000000000000000000003'));
  assert.equal(r.u32le(), 1);
  assert.equal(r.u64le(), 2n);
  assert.equal(r.u64be(), 3n);
  assert.throws(() => r.u8(), DecodeError);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.constantFrom('u8', 'u16le', 'u32le', 'i32le', 'u64le', 'i64le', 'u64be', 'compactSize', 'varBytes'), { maxLength: 10 }), (b, ops) => {
      const rr = new Reader(b);
      for (const op of ops) {
        try {
          (rr as unknown as Record<string, () => unknown>)[op]!();
        } catch (e) {
          assert.ok(e instanceof DecodeError, String(e));
          return;
        }
      }
    }),
  );
});

test('hex round-trips; bad hex is a DecodeError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => assert.deepEqual(fromHex(toHex(b)), b)));
  assert.throws(() => fromHex('abc'), DecodeError);
  assert.throws(() => fromHex('zz'), DecodeError);
  assert.equal(toHex(fromHex('ABcd')), 'abcd');
});

test('uint256 SetHex leniency (display order, left padding, 0x prefix)', () => {
  assert.equal(toDisplayHex(parseUintHexLenient('ff')), '00'.repeat(31) + 'ff');
  assert.equal(parseUintHexLenient('0x10')[0], 0x10);
  assert.equal(toDisplayHex(parseUintHexLenient('  12zz')), '00'.repeat(31) + '12');
});

test('base58 vectors (upstream base58_encode_decode.json)', () => {
  const cases = readJson<[string, string][]>('vectors', 'ocean', 'base58_encode_decode.json');
  assert.ok(cases.length > 5);
  for (const [hex, b58] of cases) {
    assert.equal(base58Encode(fromHex(hex)), b58);
    assert.equal(toHex(base58Decode(b58)), hex);
  }
  assert.throws(() => base58Decode('invalid0'), DecodeError);
  // Core skips surrounding whitespace but fails on anything after it
  assert.equal(toHex(base58Decode(' \t\n\v\f\r skip \r\f\v\n\t ')), '971a55');
  assert.throws(() => base58Decode(' \t\n\v\f\r skip \r\f\v\n\t a'), DecodeError);
});

test('base58 and base58check round-trip; corrupted checksums are rejected', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      assert.deepEqual(base58Decode(base58Encode(b)), b);
      const s = base58CheckEncode(b);
      assert.deepEqual(base58CheckDecode(s), b);
    }),
  );
  const s = base58CheckEncode(fromHex('eb0102030405060708090a0b0c0d0e0f1011121314'));
  const last = s[s.length - 1] === '1' ? '2' : '1';
  assert.throws(() => base58CheckDecode(s.slice(0, -1) + last), DecodeError);
});
