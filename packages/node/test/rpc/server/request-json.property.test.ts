/**
 * `parseRequestJson` (long strings cut out before core's `parseJson` reads the text) gives exactly
 * what `parseJson` gives — the same value (key order, duplicate keys, exact numbers) or a failure
 * for the same texts — on random documents with long strings in keys and values, escaped ones
 * included, and on corrupted copies of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson } from '@ocean-ts/core';
import { parseRequestJson } from '../../../src/rpc/server/request-json.js';

const hexChar = fc.constantFrom(...'0123456789abcdef'.split(''));
const longHex = fc.array(hexChar, { minLength: 250, maxLength: 700 }).map((a) => a.join(''));
const longText = fc.string({ minLength: 250, maxLength: 600, unit: 'binary' });
const anyString = fc.oneof(fc.string({ maxLength: 8 }), longHex, longText);

/** JSON text: values as JSON.stringify writes them, objects written by hand to allow duplicate keys. */
const document: fc.Arbitrary<string> = fc.letrec<{ doc: string }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyString.map((s) => JSON.stringify(s)),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => JSON.stringify(n)),
    fc.constantFrom('true', 'false', 'null', '1.50000000', '-0.00000001', '1e-7'),
    fc.array(tie('doc'), { maxLength: 4 }).map((a) => `[${a.join(',')}]`),
    fc.array(fc.tuple(anyString, tie('doc')), { maxLength: 4 }).map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    fc.tuple(anyString, tie('doc')).map(([k, v]) => `{${JSON.stringify(k)}:${v},${JSON.stringify(k)}:${v} }`),
  ),
})).doc;

function outcome(parse: (t: string) => unknown, text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(text) };
  } catch {
    return { ok: false };
  }
}

test('the same value as parseJson on random documents with long strings', () => {
  fc.assert(
    fc.property(document, fc.constantFrom('', ' ', '\n\t '), (doc, ws) => {
      const text = `${ws}${doc}${ws}`;
      assert.deepStrictEqual(parseRequestJson(text), parseJson(text));
    }),
    { numRuns: 300 },
  );
});

test('the same success or failure as parseJson on corrupted documents', () => {
  fc.assert(
    fc.property(document, fc.nat(), fc.constantFrom('"', '\\', ',', ':', '{', '}', '[', ']', 'x', '\u0001', ''), (doc, at, ch) => {
      const i = at % (doc.length + 1);
      for (const text of [doc.slice(0, i) + ch + doc.slice(i), doc.slice(0, i) + doc.slice(i + 1), doc.slice(0, i)]) {
        assert.deepStrictEqual(outcome(parseRequestJson, text), outcome(parseJson, text), JSON.stringify(text.slice(0, 80)));
      }
    }),
    { numRuns: 300 },
  );
});

test('a submitblock-sized request: the hex comes back whole, much faster than parseJson reads it', () => {
  const hex = 'ab'.repeat(340_000);
  const text = JSON.stringify({ jsonrpc: '1.0', id: 'x', method: 'submitblock', params: [hex, { workid: 'w' }] });
  const a = parseRequestJson(text);
  assert.deepStrictEqual(a, parseJson(text));
  const time = (f: () => void): number => {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) f();
    return performance.now() - t0;
  };
  const fast = time(() => parseRequestJson(text));
  const slow = time(() => parseJson(text));
  assert.ok(fast < slow, `parseRequestJson ${fast.toFixed(1)} ms vs parseJson ${slow.toFixed(1)} ms`);
});
