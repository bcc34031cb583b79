import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonNumber } from '../../src/format/json-number.js';
import { JsonObject } from '../../src/format/json-object.js';
import type { JsonValue } from '../../src/format/json-value.js';
import { jsonEscape, writeJson } from '../../src/format/json-writer.js';
import { parseJson } from '../../src/format/json-reader.js';
import { DecodeError } from '../../src/encoding/errors.js';
import { readText } from '../support/vectors.js';
import { jsonDiff } from './json-compare.js';

test('UniValue write(4): the original ocean-tx pretty files re-print byte for byte', () => {
  for (const f of ['txcreate1.json', 'blanktxv1.json', 'txcreatedata1.json', 'txcreatemultisig1.json', 'tt-delin1-out.json', 'txcreatesignv1.json']) {
    const text = readText('vectors', 'ocean', f);
    assert.equal(writeJson(parseJson(text), 4) + '\n', text, f);
  }
});

test('UniValue write(4): separators, trailing space after array elements, empty containers', () => {
  const v = new JsonObject()
    .push('a', [])
    .push('o', new JsonObject())
    .push('s', ['x', 'y'])
    .push('n', [new JsonObject().push('k', 1), new JsonObject()]);
  assert.equal(
    writeJson(v, 4),
    '{\n    "a": [\n    ],\n    "o": {\n    },\n    "s": [\n        "x", \n        "y"\n    ],\n    "n": [\n        {\n            "k": 1\n        }, \n        {\n        }\n    ]\n}',
  );
  assert.equal(writeJson(v), '{"a":[],"o":{},"s":["x","y"],"n":[{"k":1},{}]}');
  assert.equal(writeJson([], 4), '[\n]');
  assert.equal(writeJson(new JsonObject(), 4), '{\n}');
  assert.equal(writeJson(null), 'null');
  assert.equal(writeJson(true), 'true');
  assert.equal(writeJson(JsonNumber.parse('0.00000000'), 4), '0.00000000');
});

test('UniValue escapes: control characters, quote, backslash, DEL; other text verbatim', () => {
  assert.equal(jsonEscape('a"b\\c'), 'a\\"b\\\\c');
  assert.equal(jsonEscape('\b\t\n\f\r\u0001\u001f\u007f'), '\\b\\t\\n\\f\\r\\u0001\\u001f\\u007f');
  assert.equal(jsonEscape('é/€'), 'é/€');
});

test('reader keeps number tokens, key order and duplicates; rejects malformed JSON', () => {
  const v = parseJson(' {"b": 0E-8, "a": [1.50, -2e3, true, null, "x\\u0041\\n"], "b": {}} ') as JsonObject;
  assert.deepEqual(v.keys, ['b', 'a', 'b']);
  assert.equal((v.get('b') as JsonNumber).raw, '0E-8');
  const a = v.get('a') as JsonValue[];
  assert.equal((a[0] as JsonNumber).raw, '1.50');
  assert.equal(a[4], 'xA\n');
  assert.equal(parseJson('"s"'), 's');
  for (const bad of ['', '{', '[1,]', '{"a":1,}', '01', '1.', '.5', '"a', '"\u0001"', 'tru', '[1] x', '{"a" 1}', "'a'", '-', '1e', '"\\x"']) {
    assert.throws(() => parseJson(bad), DecodeError, bad);
  }
});

const jsonArb: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => JsonNumber.parse(JSON.stringify(n))),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.string(), tie('v')), { maxLength: 4 }).map((e) => new JsonObject(e)),
  ),
})).v;

test('property: parse(write(v)) = v for compact and pretty output; compact agrees with JSON.stringify', () => {
  fc.assert(
    fc.property(jsonArb, (v) => {
      assert.equal(jsonDiff(parseJson(writeJson(v)), v), undefined);
      assert.equal(jsonDiff(parseJson(writeJson(v, 4)), v), undefined);
      assert.equal(writeJson(parseJson(writeJson(v))), writeJson(v));
    }),
    { numRuns: 300 },
  );
});

test('jsonDiff: exact decimals, key order, types', async () => {
  const { decimalValue } = await import('../../src/format/json-diff.js');
  assert.deepEqual(decimalValue('0E-8'), [0n, 0]);
  assert.deepEqual(decimalValue('21000000.00000000'), [21n, 6]);
  assert.deepEqual(decimalValue('1e-08'), [1n, -8]);
  assert.equal(decimalValue('x'), undefined);
  assert.equal(jsonDiff(parseJson('{"a":0E-8,"b":[1,2]}'), parseJson('{"a":0.00000000,"b":[1,2]}')), undefined);
  assert.equal(jsonDiff(parseJson('{"a":1e-08}'), parseJson('{"a":0.00000002}')), '$.a: 1e-08 vs 0.00000002');
  assert.equal(jsonDiff(parseJson('{"a":1,"c":2}'), parseJson('{"c":2,"a":1}')), '$: keys [a,c] vs [c,a]');
  assert.equal(jsonDiff(parseJson('[1]'), parseJson('["1"]')), '$[0]: 1 vs "1"');
  assert.equal(jsonDiff(parseJson('[[]]'), parseJson('[{}]')), '$[0]: […] vs {…}');
});
