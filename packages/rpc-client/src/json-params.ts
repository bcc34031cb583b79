import { JsonNumber, JsonObject, type JsonValue } from '@ocean-ts/core';

/**
 * What callers may pass as RPC parameters: the UniValue model itself (`JsonNumber`, `JsonObject`,
 * …) or plain JavaScript values — numbers and bigints become number tokens, plain objects become
 * ordered objects (key order kept), `undefined` members are dropped.
 */
export type JsonInput =
  | JsonValue
  | number
  | bigint
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput | undefined };

/** Convert plain JavaScript values to the UniValue model; throws `TypeError` on anything else. */
export function toJsonValue(value: JsonInput): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return JsonNumber.of(value);
  if (value instanceof JsonNumber || value instanceof JsonObject) return value;
  if (Array.isArray(value)) return (value as readonly JsonInput[]).map(toJsonValue);
  if (typeof value === 'object' && isPlainObject(value)) {
    const out = new JsonObject();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out.push(k, toJsonValue(v));
    return out;
  }
  throw new TypeError(`not representable as JSON: ${String(value)}`);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
