/** Parameter readers with the original's error codes and texts (Core 0.14 UniValue / ParseHashV). */
import { JsonNumber, fromDisplayHex, fromHex, isHex, type JsonValue } from '@ocean-ts/core';
import { RPC_DESERIALIZATION_ERROR, RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';

export function isNull(v: JsonValue | undefined): v is null | undefined {
  return v === undefined || v === null;
}

export function paramInt(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) throw new RpcError(RPC_TYPE_ERROR, 'JSON value is not an integer as expected');
  if (!/^-?\d+$/.test(v.raw)) throw new RpcError(RPC_TYPE_ERROR, 'JSON integer out of range');
  const n = Number(v.raw);
  if (!Number.isSafeInteger(n)) throw new RpcError(RPC_TYPE_ERROR, 'JSON integer out of range');
  return n;
}

export function paramBool(v: JsonValue | undefined): boolean {
  if (typeof v !== 'boolean') throw new RpcError(RPC_TYPE_ERROR, 'JSON value is not a boolean as expected');
  return v;
}

export function paramString(v: JsonValue | undefined): string {
  if (typeof v !== 'string') throw new RpcError(RPC_TYPE_ERROR, 'JSON value is not a string as expected');
  return v;
}

/** `ParseHashV`: a 64-character hex hash in display order → internal bytes. */
export function paramHash(v: JsonValue | undefined, name: string): Uint8Array {
  const s = paramString(v);
  if (!isHex(s)) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be hexadecimal string (not '${s}')`);
  if (s.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be of length 64 (not ${s.length}, for '${s}')`);
  return fromDisplayHex(s);
}

/** Hex bytes or -22 with `message` (e.g. `TX decode failed`). */
export function paramHexBytes(v: JsonValue | undefined, message: string): Uint8Array {
  const s = paramString(v);
  if (!isHex(s)) throw new RpcError(RPC_DESERIALIZATION_ERROR, message);
  return fromHex(s);
}

/** Verbosity given as a boolean or a number (getblock, getrawtransaction). */
export function paramVerbosity(v: JsonValue | undefined, dflt: number): number {
  if (isNull(v)) return dflt;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return paramInt(v);
}

/** UniValue's type name of a parameter, as `RPCTypeCheck` messages print it. */
export function jsonTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof JsonNumber) return 'number';
  return 'object';
}
