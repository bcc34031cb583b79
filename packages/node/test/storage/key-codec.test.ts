import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareKeys,
  hash32,
  heightKey,
  outpointKey,
  prefixSuccessor,
  prefixedKey,
  readOutpointKey,
  readU32be,
  u32be,
} from '../../src/storage/key-codec.js';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);

describe('key-codec', () => {
  it('compareKeys is memcmp order (property vs Buffer.compare)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 6 }), (x, y) => {
        assert.equal(Math.sign(compareKeys(x, y)), Buffer.compare(x, y));
      }),
      { numRuns: 2000 },
    );
  });

  it('u32be: big-endian, round-trips, sorts numerically', () => {
    assert.deepEqual(u32be(0x01020304), b(1, 2, 3, 4));
    assert.deepEqual(u32be(0xffffffff), b(255, 255, 255, 255));
    assert.equal(readU32be(b(9, 0xff, 0xff, 0xff, 0xfe), 1), 0xfffffffe);
    assert.throws(() => u32be(-1), RangeError);
    assert.throws(() => u32be(2 ** 32), RangeError);
    assert.throws(() => u32be(1.5), RangeError);
    assert.throws(() => readU32be(b(1, 2, 3)), RangeError);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (x, y) => {
        assert.equal(readU32be(heightKey(x)), x);
        assert.equal(Math.sign(compareKeys(heightKey(x), heightKey(y))), Math.sign(x - y));
      }),
    );
  });

  it('prefixSuccessor: smallest key above every key with the prefix', () => {
    assert.deepEqual(prefixSuccessor(b(1, 2)), b(1, 3));
    assert.deepEqual(prefixSuccessor(b(1, 0xff)), b(2));
    assert.deepEqual(prefixSuccessor(b(1, 0xff, 0xff)), b(2));
    assert.equal(prefixSuccessor(b(0xff, 0xff)), undefined);
    assert.equal(prefixSuccessor(b()), undefined);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 4 }), (p, rest) => {
        const succ = prefixSuccessor(p);
        const withPrefix = Uint8Array.from([...p, ...rest]);
        if (succ !== undefined) assert.ok(compareKeys(withPrefix, succ) < 0);
        else assert.ok(p.every((x) => x === 0xff));
      }),
    );
  });

  it('prefixedKey, hash32 and outpoint keys', () => {
    assert.deepEqual(prefixedKey(0x43, b(1), b(2, 3)), b(0x43, 1, 2, 3));
    assert.throws(() => prefixedKey(256), RangeError);
    assert.throws(() => hash32(new Uint8Array(31)), RangeError);
    const txid = new Uint8Array(32).fill(7);
    const k = outpointKey(txid, 258);
    assert.equal(k.length, 36);
    assert.deepEqual(k.subarray(32), b(0, 0, 1, 2));
    const back = readOutpointKey(prefixedKey(0x43, k), 1);
    assert.deepEqual(back.txid, txid);
    assert.equal(back.index, 258);
    // outputs of one transaction are adjacent and in index order
    assert.ok(compareKeys(outpointKey(txid, 2), outpointKey(txid, 10)) < 0);
    assert.ok(compareKeys(outpointKey(txid, 0xffffffff), outpointKey(new Uint8Array(32).fill(8), 0)) < 0);
  });
});
