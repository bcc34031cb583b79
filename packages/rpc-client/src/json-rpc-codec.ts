import { DecodeError, JsonNumber, JsonObject, parseJson, writeJson, type JsonValue } from '@ocean-ts/core';
import { RpcCallError } from './rpc-call-error.js';
import { RpcHttpError } from './rpc-http-error.js';
import { RpcReplyError } from './rpc-reply-error.js';

/** Positional (array) or named (object) parameters. */
export type RpcParams = readonly JsonValue[] | JsonObject;

/** One JSON-RPC 1.0 request. */
export interface RpcRequest {
  readonly method: string;
  readonly params: RpcParams;
  readonly id: number;
}

/** One entry of a batch reply, in request order. */
export type BatchEntry = { readonly ok: true; readonly result: JsonValue } | { readonly ok: false; readonly error: RpcCallError };

/**
 * The sans-I/O half of the client: request bodies, and the interpretation of an HTTP status and
 * body with bitcoin-cli's rules (`CallRPC` in bitcoin-cli.cpp, 0.14).
 */

/** `{"method":…,"params":…,"id":…}` as UniValue writes it (compact, in this key order). */
export function requestObject(req: RpcRequest): JsonObject {
  return new JsonObject([
    ['method', req.method],
    ['params', req.params as JsonValue],
    ['id', JsonNumber.of(req.id)],
  ]);
}

/** Request body of one call (bitcoin-cli appends a newline). */
export function encodeRequest(req: RpcRequest): string {
  return writeJson(requestObject(req)) + '\n';
}

/** Request body of a batch: a JSON array of request objects. */
export function encodeBatch(reqs: readonly RpcRequest[]): string {
  return writeJson(reqs.map(requestObject)) + '\n';
}

/**
 * The JSON value of an HTTP reply, after bitcoin-cli's status checks: 401 → "incorrect rpcuser or
 * rpcpassword"; any other status ≥ 400 except 400, 404 and 500 (which carry JSON-RPC errors) →
 * "server returned HTTP error <status>"; an empty body → "no response from server"; text that is
 * not JSON → "couldn't parse reply from server".
 */
export function decodeHttpReply(status: number, body: string): JsonValue {
  if (status === 401) throw new RpcHttpError(status, body);
  if (status >= 400 && status !== 400 && status !== 404 && status !== 500) throw new RpcHttpError(status, body);
  if (body === '') throw new RpcReplyError('no response from server', status, body);
  try {
    return parseJson(body);
  } catch (e) {
    if (e instanceof DecodeError) throw new RpcReplyError("couldn't parse reply from server", status, body);
    throw e;
  }
}

/** A single-call reply: must be a non-empty object (bitcoin-cli's `get_obj()` and emptiness checks). */
export function decodeReply(status: number, body: string): JsonObject {
  const reply = decodeHttpReply(status, body);
  if (!(reply instanceof JsonObject)) throw new RpcReplyError('JSON value is not an object as expected', status, body);
  if (reply.size === 0) throw new RpcReplyError('expected reply to have result, error and id properties', status, body);
  return reply;
}

/** The `result` of a reply object, or the `RpcCallError` its non-null `error` describes. */
export function replyResult(reply: JsonObject): JsonValue {
  const error = reply.get('error');
  if (error !== undefined && error !== null) throw callError(error);
  return reply.get('result') ?? null;
}

/**
 * A JSON-RPC error value as an `RpcCallError`: `code` must be an integer (else -1 is used, with a
 * message saying what arrived), `message` a string.
 */
export function callError(error: JsonValue): RpcCallError {
  if (!(error instanceof JsonObject)) return new RpcCallError(-1, `malformed JSON-RPC error: ${writeJson(error)}`, error);
  const code = error.get('code');
  const message = error.get('message');
  const text = typeof message === 'string' ? message : message === undefined ? '' : writeJson(message);
  if (!(code instanceof JsonNumber) || !code.isInteger) {
    return new RpcCallError(-1, text || `malformed JSON-RPC error: ${writeJson(error)}`, error);
  }
  return new RpcCallError(Number(code.raw), text, error);
}

/**
 * The entries of a batch reply, matched to `ids` (the request ids, in request order) by their `id`
 * member; the server may answer in any order. A missing, duplicate or unknown id is a reply error.
 */
export function decodeBatchReply(status: number, body: string, ids: readonly number[]): BatchEntry[] {
  const reply = decodeHttpReply(status, body);
  if (!Array.isArray(reply)) {
    // A server that rejects the whole batch answers with one error object.
    if (reply instanceof JsonObject && reply.get('error') != null) throw callError(reply.get('error')!);
    throw new RpcReplyError('batch reply is not an array', status, body);
  }
  const byId = new Map<number, BatchEntry>();
  for (const item of reply as readonly JsonValue[]) {
    const id = item instanceof JsonObject ? item.get('id') : undefined;
    if (!(item instanceof JsonObject) || !(id instanceof JsonNumber) || !id.isInteger) {
      throw new RpcReplyError('batch reply entry without a numeric id', status, body);
    }
    const n = Number(id.raw);
    if (byId.has(n)) throw new RpcReplyError(`batch reply has id ${n} twice`, status, body);
    const error = item.get('error');
    const failed = error !== undefined && error !== null;
    byId.set(n, failed ? { ok: false, error: callError(error) } : { ok: true, result: item.get('result') ?? null });
  }
  return ids.map((id) => {
    const entry = byId.get(id);
    if (entry === undefined) throw new RpcReplyError(`batch reply has no entry for id ${id}`, status, body);
    return entry;
  });
}
