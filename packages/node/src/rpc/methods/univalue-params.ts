/**
 * UniValue as Core 0.14 handlers read their parameters: the typed accessors (`get_int`,
 * `get_int64`, `get_real`, `get_str`, `get_bool`, `get_array`, `get_obj`), `isNull` / `isTrue`,
 * `find_value` / `exists` and the type names (`uvTypeName`).
 *
 * A wrong type or range makes an accessor throw `std::runtime_error`, which `CRPCTable::execute`
 * reports as -1 (RPC_MISC_ERROR) with the accessor's message. Methods that call `RPCTypeCheck`
 * first report -3 instead (`rpc-type-check.ts`).
 */
import { JsonNumber, JsonObject, type JsonValue } from '@ocean-ts/core';
import { RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';

function fail(message: string): never {
  throw new RpcError(RPC_MISC_ERROR, message);
}

/** `isNull()`: JSON null, or a parameter that was not given. */
export function isNull(v: JsonValue | undefined): v is null | undefined {
  return v === undefined || v === null;
}

/** `isTrue()`: the JSON literal `true` (anything else, numbers included, is not). */
export function isTrue(v: JsonValue | undefined): boolean {
  return v === true;
}

/** `uvTypeName(v.type())`: the type name `RPCTypeCheck` messages print. */
export function jsonTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof JsonNumber) return 'number';
  return 'object';
}

/** `get_int`: a number token that parses as int32. */
export function getInt(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) fail('JSON value is not an integer as expected');
  if (!/^-?\d+$/.test(v.raw)) fail('JSON integer out of range');
  const n = Number(v.raw);
  if (n < -0x80000000 || n > 0x7fffffff) fail('JSON integer out of range');
  return n;
}

/** `get_int64`. */
export function getInt64(v: JsonValue | undefined): bigint {
  if (!(v instanceof JsonNumber)) fail('JSON value is not an integer as expected');
  if (!/^-?\d+$/.test(v.raw)) fail('JSON integer out of range');
  const n = BigInt(v.raw);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) fail('JSON integer out of range');
  return n;
}

/** `get_real`. */
export function getReal(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) fail('JSON value is not a number as expected');
  const n = Number(v.raw);
  if (!Number.isFinite(n)) fail('JSON double out of range');
  return n;
}

/** `get_str`. */
export function getStr(v: JsonValue | undefined): string {
  if (typeof v !== 'string') fail('JSON value is not a string as expected');
  return v;
}

/** `get_bool`. */
export function getBool(v: JsonValue | undefined): boolean {
  if (typeof v !== 'boolean') fail('JSON value is not a boolean as expected');
  return v;
}

/** `get_array`. */
export function getArray(v: JsonValue | undefined): readonly JsonValue[] {
  if (!Array.isArray(v)) fail('JSON value is not an array as expected');
  return v as readonly JsonValue[];
}

/** `get_obj`. */
export function getObj(v: JsonValue | undefined): JsonObject {
  if (!(v instanceof JsonObject)) fail('JSON value is not an object as expected');
  return v;
}

/** `find_value(o, key)`: the first member named `key` (undefined when absent, which reads as null). */
export function findValue(o: JsonObject, key: string): JsonValue | undefined {
  for (const [k, v] of o.entries) if (k === key) return v;
  return undefined;
}

/** `UniValue::exists(key)`. */
export function hasKey(o: JsonObject, key: string): boolean {
  return o.entries.some(([k]) => k === key);
}
