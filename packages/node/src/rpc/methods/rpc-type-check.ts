/**
 * Core 0.14's parameter type checks of `rpc/server.cpp`: `RPCTypeCheck`, `RPCTypeCheckArgument`
 * and `RPCTypeCheckObj`. A mismatch is -3 (RPC_TYPE_ERROR) `Expected type X, got Y`; methods that
 * skip them and read with the UniValue accessors report -1 instead (`univalue-params.ts`).
 */
import type { JsonObject, JsonValue } from '@ocean-ts/core';
import { RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import { findValue, isNull, jsonTypeName } from './univalue-params.js';

/** UniValue's `VType`s by their `uvTypeName`. */
export type UniValueType = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object';

/** `RPCTypeCheckArgument(value, type)`. */
export function rpcTypeCheckArgument(v: JsonValue | undefined, expected: UniValueType): void {
  const t = jsonTypeName(v);
  if (t !== expected) throw new RpcError(RPC_TYPE_ERROR, `Expected type ${expected}, got ${t}`);
}

/**
 * `RPCTypeCheck(params, types, fAllowNull)`: the given parameters in order, as far as both lists
 * go. Core's default is `fAllowNull = false` (an explicit null is "got null"); handlers that pass
 * `true` (createrawtransaction, signrawtransaction) skip nulls.
 */
export function rpcTypeCheck(params: readonly JsonValue[], types: readonly UniValueType[], allowNull = false): void {
  for (let i = 0; i < types.length && i < params.length; i++) {
    const v = params[i];
    if (allowNull && isNull(v)) continue;
    rpcTypeCheckArgument(v, types[i]!);
  }
}

/**
 * `RPCTypeCheckObj(o, types, fAllowNull = false, fStrict = false)`. The keys are checked in
 * `std::map` order (sorted), which decides which error a value with several problems gets.
 */
export function rpcTypeCheckObj(o: JsonObject, types: Readonly<Record<string, UniValueType>>, allowNull = false): void {
  for (const key of Object.keys(types).sort()) {
    const v = findValue(o, key);
    if (!allowNull && isNull(v)) throw new RpcError(RPC_TYPE_ERROR, `Missing ${key}`);
    if (allowNull && isNull(v)) continue;
    const t = jsonTypeName(v);
    if (t !== types[key]) throw new RpcError(RPC_TYPE_ERROR, `Expected type ${types[key]} for ${key}, got ${t}`);
  }
}
