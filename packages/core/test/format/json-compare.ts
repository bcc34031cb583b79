import { JsonNumber } from '../../src/format/json-number.js';
import { JsonObject } from '../../src/format/json-object.js';
import type { JsonValue } from '../../src/format/json-value.js';

export { jsonDiff } from '../../src/format/json-diff.js';

const AMOUNT_KEYS = new Set(['value', 'value-minimum', 'value-maximum', 'assetamount', 'tokenamount']);

/** Every amount number (by key) prints with exactly 8 decimals; returns offending paths. */
export function badAmountTokens(v: JsonValue, path = '$', out: string[] = []): string[] {
  if (v instanceof JsonObject) {
    for (const [k, x] of v.entries) {
      if (AMOUNT_KEYS.has(k) && x instanceof JsonNumber && !/^-?\d+\.\d{8}$/.test(x.raw)) out.push(`${path}.${k}=${x.raw}`);
      badAmountTokens(x, `${path}.${k}`, out);
    }
  } else if (Array.isArray(v)) v.forEach((x, i) => badAmountTokens(x as JsonValue, `${path}[${i}]`, out));
  return out;
}
