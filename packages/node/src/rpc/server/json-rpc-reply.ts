import { JsonObject, type JsonValue } from '@ocean-ts/core';
import type { RpcError } from './rpc-error.js';

/** Core's `JSONRPCError(code, message)`: `{"code":…,"message":…}`. */
export function jsonRpcErrorObject(error: Pick<RpcError, 'code' | 'message'>): JsonObject {
  return new JsonObject().push('code', error.code).push('message', error.message);
}

/**
 * Core's `JSONRPCReplyObj`: `{"result":…,"error":…,"id":…}` in that key order; `result` is null
 * whenever there is an error.
 */
export function jsonRpcReplyObject(result: JsonValue, error: JsonObject | null, id: JsonValue): JsonObject {
  return new JsonObject([
    ['result', error === null ? result : null],
    ['error', error],
    ['id', id],
  ]);
}
