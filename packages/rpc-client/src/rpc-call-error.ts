import type { JsonValue } from '@ocean-ts/core';
import { RpcClientError } from './rpc-client-error.js';

/**
 * The server answered with a JSON-RPC error object `{code, message}` (e.g. -8 "Block height out of
 * range", -28 while warming up, -32601 "Method not found"). `error` is the object as received.
 */
export class RpcCallError extends RpcClientError {
  override readonly name = 'RpcCallError';
  constructor(
    readonly code: number,
    message: string,
    readonly error: JsonValue = null,
  ) {
    super(message);
  }
}
