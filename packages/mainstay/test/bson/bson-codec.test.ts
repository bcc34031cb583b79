import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeBson } from '../../src/bson/bson-decoder.js';
import { encodeBson } from '../../src/bson/bson-encoder.js';
import { BsonError } from '../../src/bson/bson-error.js';
import { BsonDateTime, BsonDocument, BsonInt32, BsonObjectId, INT64_MAX, INT64_MIN, type BsonValue } from '../../src/bson/bson-value.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** A document from hex pieces, with its int32 size computed (so each case shows only the bad part). */
function framed(bodyHex: string): Uint8Array {
  const body = unhex(bodyHex);
  const out = new Uint8Array(body.length + 5);
  new DataView(out.buffer).setInt32(0, out.length, true);
  out.set(body, 4);
  return out;
}

function decodeError(bytes: Uint8Array, options: Parameters<typeof decodeBson>[1] = {}): BsonError {
  try {
    decodeBson(bytes, options);
  } catch (e) {
    assert.ok(e instanceof BsonError, `not a BsonError: ${String(e)}`);
    return e;
  }
  assert.fail(`decoded: ${hex(bytes)}`);
}

describe('BSON codec: every supported type', () => {
  it('encodes each type with its tag and layout, and decodes back to the same values', () => {
    const oid = new BsonObjectId(unhex('5c1123b1a8e2f1b0f0a1b2c3'));
    const doc = new BsonDocument([
      ['d', 1.5],
      ['s', 'hé'],
      ['o', new BsonDocument([['b', true]])],
      ['a', [new BsonInt32(-1), null]],
      ['i', oid],
      ['f', false],
      ['t', new BsonDateTime(1544646641309n)],
      ['n', null],
      ['x', new BsonInt32(0x01020304)],
      ['l', -2n],
    ]);
    const bytes = encodeBson(doc);
    const expected =
      '01 6400 000000000000f83f' + // double 1.5
      '02 7300 04000000 68c3a900' + // string "hé" (3 UTF-8 bytes + NUL)
      '03 6f00 09000000 08 6200 01 00' + // {b: true}
      '04 6100 0f000000 10 3000 ffffffff 0a 3100 00' + // [int32 -1, null]
      '07 6900 5c1123b1a8e2f1b0f0a1b2c3' +
      '08 6600 00' +
      '09 7400 9d461da467010000' + // 1544646641309 ms
      '0a 6e00' +
      '10 7800 04030201' +
      '12 6c00 feffffffffffffff';
    assert.equal(hex(bytes), hex(framed(expected)));
    assert.deepStrictEqual(decodeBson(bytes), doc);
    assert.equal(hex(encodeBson(decodeBson(bytes))), hex(bytes));
  });

  it('the empty document is 5 bytes', () => {
    assert.equal(hex(encodeBson(new BsonDocument([]))), '0500000000');
    assert.deepStrictEqual(decodeBson(unhex('0500000000')), new BsonDocument([]));
  });

  it('encoding rejects what BSON cannot hold, with BsonError', () => {
    const bad: [string, () => unknown][] = [
      ['NUL in a key', () => encodeBson(new BsonDocument([['a\0b', 1]]))],
      ['lone surrogate in a string', () => encodeBson(new BsonDocument([['a', '\ud800x']]))],
      ['lone surrogate in a key', () => encodeBson(new BsonDocument([['\udc00', 1]]))],
      ['int64 overflow', () => encodeBson(new BsonDocument([['a', INT64_MAX + 1n]]))],
      ['undefined value', () => encodeBson(new BsonDocument([['a', undefined as unknown as BsonValue]]))],
      ['too deep', () => encodeBson(new BsonDocument([['a', new BsonDocument([['b', new BsonDocument([])]])]]), { maxDepth: 2 })],
      ['too large', () => encodeBson(new BsonDocument([['a', 'x'.repeat(100)]]), { maxSize: 64 })],
      ['int32 range', () => new BsonInt32(2 ** 31)],
      ['int32 fraction', () => new BsonInt32(1.5)],
      ['ObjectId length', () => new BsonObjectId(new Uint8Array(11))],
      ['duplicate key', () => new BsonDocument([['a', 1], ['a', 2]])],
      ['datetime range', () => new BsonDateTime(INT64_MIN - 1n)],
    ];
    for (const [name, f] of bad) assert.throws(f, BsonError, name);
  });
});

describe('BSON decoder: strict bounds checks with offsets', () => {
  const cases: { name: string; bytes: Uint8Array; offset: number; match: RegExp; options?: Parameters<typeof decodeBson>[1] }[] = [
    { name: 'shorter than 5 bytes', bytes: unhex('04000000'), offset: 0, match: /minimum/ },
    { name: 'size does not match the buffer', bytes: unhex('0600000000'), offset: 0, match: /does not match/ },
    { name: 'size over the limit', bytes: framed('0a 6100'.repeat(10)), offset: 0, match: /exceeds/, options: { maxSize: 16 } },
    { name: 'no terminating NUL', bytes: unhex('050000000a'), offset: 4, match: /does not end with NUL/ },
    { name: 'key without NUL', bytes: framed('0a 6161'), offset: 5, match: /key is not NUL-terminated/ },
    { name: 'string length 0', bytes: framed('02 6100 00000000'), offset: 7, match: /below 1/ },
    { name: 'string length past the end', bytes: framed('02 6100 20000000 6100'), offset: 11, match: /runs past/ },
    { name: 'string without NUL', bytes: framed('02 6100 02000000 6162'), offset: 12, match: /string "a" does not end with NUL/ },
    { name: 'string not UTF-8', bytes: framed('02 6100 02000000 ff00'), offset: 11, match: /not valid UTF-8/ },
    { name: 'key not UTF-8', bytes: framed('0a c300'), offset: 5, match: /key is not valid UTF-8/ },
    { name: 'boolean 2', bytes: framed('08 6100 02'), offset: 7, match: /only 0 or 1/ },
    { name: 'double cut short', bytes: framed('01 6100 000000'), offset: 7, match: /double "a" runs past/ },
    { name: 'int32 cut short', bytes: framed('10 6100 0000'), offset: 7, match: /int32 "a" runs past/ },
    { name: 'int64 cut short', bytes: framed('12 6100 00000000'), offset: 7, match: /int64 "a" runs past/ },
    { name: 'datetime cut short', bytes: framed('09 6100 00'), offset: 7, match: /datetime "a" runs past/ },
    { name: 'ObjectId cut short', bytes: framed('07 6100 0000'), offset: 7, match: /ObjectId "a" runs past/ },
    { name: 'unsupported type (binary)', bytes: framed('05 6100 01000000 00 ff'), offset: 4, match: /unsupported BSON type 0x05/ },
    { name: 'unsupported type (decimal128)', bytes: framed('13 6100' + '00'.repeat(16)), offset: 4, match: /unsupported BSON type 0x13/ },
    { name: 'nested size below 5', bytes: framed('03 6100 04000000 00'), offset: 7, match: /below the minimum/ },
    { name: 'nested size past its container', bytes: framed('03 6100 09000000 00'), offset: 7, match: /past the end of its container/ },
    { name: 'nested without NUL', bytes: framed('03 6100 06000000 0a 01'), offset: 12, match: /does not end with NUL/ },
    { name: 'array key out of sequence', bytes: framed('04 6100 08000000 0a 3100 00'), offset: 12, match: /array key "1" where 0/ },
    { name: 'duplicate key', bytes: framed('0a 6100 0a 6100'), offset: 8, match: /duplicate key "a"/ },
    { name: 'too deep', bytes: framed('03 6100 0d000000 03 6200 05000000 00 00'), offset: 14, match: /nesting deeper than 2/, options: { maxDepth: 2 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = decodeError(c.bytes, c.options);
      assert.match(e.detail, c.match);
      assert.equal(e.offset, c.offset);
    });
  }

  it('offsets are shifted by baseOffset (the position in a file)', () => {
    assert.equal(decodeError(framed('08 6100 07'), { baseOffset: 1000 }).offset, 1007);
  });
});

// ---- fuzz ----------------------------------------------------------------------------------------

const key = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((k) => !k.includes('\0'));
const scalar: fc.Arbitrary<BsonValue> = fc.oneof(
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !/[\uD800-\uDFFF]/.test(s) || /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/.test(s)),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((n) => new BsonInt32(n)),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map((n) => new BsonDateTime(n)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new BsonObjectId(b)),
);
const { doc: documentArb } = fc.letrec<{ value: BsonValue; doc: BsonDocument; array: BsonValue[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('doc'), tie('array')),
  doc: fc.uniqueArray(fc.tuple(key, tie('value')), { selector: ([k]) => k, maxLength: 5 }).map((entries) => new BsonDocument(entries)),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));

/** Valid encodings with damage: bit flips, truncation, insertions, with or without a fixed-up size. */
const damaged = fc
  .tuple(documentArb, fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.constantFrom('flip', 'cut', 'insert', 'delete')), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([doc, edits, fixSize]) => {
    let b = Array.from(encodeBson(doc));
    for (const [at, v, op] of edits) {
      const i = b.length === 0 ? 0 : at % b.length;
      if (op === 'flip') b[i] = v;
      else if (op === 'cut') b = b.slice(0, i);
      else if (op === 'insert') b.splice(i, 0, v);
      else b.splice(i, 1);
    }
    const out = Uint8Array.from(b);
    if (fixSize && out.length >= 4) new DataView(out.buffer).setInt32(0, out.length, true);
    return out;
  });

describe('BSON codec fuzz (fast-check)', () => {
  it('decode∘encode is the identity on documents, and encode∘decode on their bytes', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const bytes = encodeBson(doc);
        const back = decodeBson(bytes);
        assert.deepStrictEqual(back, doc);
        assert.equal(hex(encodeBson(back)), hex(bytes));
      }),
      { numRuns: 1500 },
    );
  });

  it('decode of damaged or random bytes returns a document or throws BsonError, nothing else', () => {
    const check = (bytes: Uint8Array, maxDepth: number): void => {
      try {
        const doc = decodeBson(bytes, { maxDepth });
        // Whatever decodes re-encodes to bytes that decode to the same document.
        assert.deepStrictEqual(decodeBson(encodeBson(doc, { maxDepth }), { maxDepth }), doc);
      } catch (e) {
        if (!(e instanceof BsonError)) throw e;
        assert.ok(e.offset !== undefined && e.offset >= 0 && e.offset <= bytes.length, `offset ${String(e.offset)} outside 0..${bytes.length}`);
      }
    };
    fc.assert(fc.property(damaged, fc.integer({ min: 1, max: 4 }), (bytes, depth) => check(bytes, depth)), { numRuns: 3000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => check(bytes, 32)), { numRuns: 1000 });
  });
});
