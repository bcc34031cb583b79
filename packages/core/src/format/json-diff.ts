import { JsonNumber } from './json-number.js';
import { JsonObject } from './json-object.js';
import type { JsonValue } from './json-value.js';

/**
 * Exact decimal value of a JSON number token as `[mantissa, exponent]` (value = mantissa ×
 * 10^exponent), normalized so that equal values give equal pairs (`0E-8`, `0.00000000` and `0`
 * all give `[0n, 0]`). Returns undefined for text that is not a number token.
 */
export function decimalValue(token: string): [bigint, number] | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let mant = BigInt(m[2]! + frac);
  let exp = Number(m[4] ?? '0') - frac.length;
  if (mant === 0n) return [0n, 0];
  while (mant % 10n === 0n) {
    mant /= 10n;
    exp++;
  }
  return [m[1] === '-' ? -mant : mant, exp];
}

/**
 * Structural comparison of two values of the UniValue model: objects must have the same keys in
 * the same order, arrays the same length, numbers the same exact decimal value (whatever their
 * spelling). Returns a path and description of the first difference, or undefined when equal.
 */
export function jsonDiff(a: JsonValue, b: JsonValue, path = '$'): string | undefined {
  if (a instanceof JsonNumber || b instanceof JsonNumber) {
    if (!(a instanceof JsonNumber && b instanceof JsonNumber)) return `${path}: ${show(a)} vs ${show(b)}`;
    const da = decimalValue(a.raw);
    const db = decimalValue(b.raw);
    if (da && db && da[0] === db[0] && da[1] === db[1]) return undefined;
    return da || db || a.raw !== b.raw ? `${path}: ${a.raw} vs ${b.raw}` : undefined;
  }
  if (a instanceof JsonObject || b instanceof JsonObject) {
    if (!(a instanceof JsonObject && b instanceof JsonObject)) return `${path}: ${show(a)} vs ${show(b)}`;
    if (a.keys.join(',') !== b.keys.join(',')) return `${path}: keys [${a.keys.join(',')}] vs [${b.keys.join(',')}]`;
    for (let i = 0; i < a.entries.length; i++) {
      const d = jsonDiff(a.entries[i]![1], b.entries[i]![1], `${path}.${a.entries[i]![0]}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b))) return `${path}: ${show(a)} vs ${show(b)}`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = jsonDiff(a[i] as JsonValue, b[i] as JsonValue, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${show(a)} vs ${show(b)}`;
}

function show(v: JsonValue): string {
  if (v instanceof JsonNumber) return v.raw;
  if (v instanceof JsonObject) return '{…}';
  if (Array.isArray(v)) return '[…]';
  return JSON.stringify(v);
}
