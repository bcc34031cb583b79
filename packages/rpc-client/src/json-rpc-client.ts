import type { JsonObject, JsonValue } from '@ocean-ts/core';
import { HttpTransport } from './http-transport.js';
import {
  decodeBatchReply,
  decodeReply,
  encodeBatch,
  encodeRequest,
  replyResult,
  type BatchEntry,
  type RpcParams,
} from './json-rpc-codec.js';
import { toJsonValue, type JsonInput } from './json-params.js';
import { basicAuthorization, type RpcCredentials } from './rpc-cookie.js';
import type { RpcTransport } from './rpc-transport.js';

export interface JsonRpcClientOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly port: number;
  readonly credentials: RpcCredentials;
  /** Request path (default `/`). */
  readonly path?: string;
  /** Inactivity timeout in milliseconds; 0 = none (default 900 000, bitcoin-cli's 900 s). */
  readonly timeoutMs?: number;
  /** Keep connections open between calls (default false). */
  readonly keepAlive?: boolean;
  /** Replaces the HTTP transport (tests, other carriers); host/port/path/timeout are then unused. */
  readonly transport?: RpcTransport;
}

/** Parameters: the UniValue model or plain JavaScript values (see `toJsonValue`). */
export type CallParams = RpcParams | readonly JsonInput[] | { readonly [name: string]: JsonInput | undefined };

/** One call of a batch. */
export interface BatchCall {
  readonly method: string;
  readonly params?: CallParams;
}

export const DEFAULT_CLIENT_TIMEOUT_MS = 900_000;

/**
 * JSON-RPC 1.0 over HTTP POST with Basic auth, as bitcoin-cli and the functional-test harness talk
 * to the node. Results are parsed with core's `parseJson`, so numbers keep their exact text
 * (`JsonNumber`) and objects their key order. Failures:
 * - `RpcConnectionError`: no HTTP reply (refused, timeout, closed, unresolvable);
 * - `RpcHttpError`: 401, or another status ≥ 400 without a JSON-RPC body;
 * - `RpcReplyError`: a reply that is empty, not JSON or not a JSON-RPC reply;
 * - `RpcCallError`: the server's `{code, message}` error (from `call`; `request` returns it).
 */
export class JsonRpcClient {
  private readonly transport: RpcTransport;
  private readonly authorization: string;
  private nextId = 1;

  constructor(options: JsonRpcClientOptions) {
    this.authorization = basicAuthorization(options.credentials);
    this.transport =
      options.transport ??
      new HttpTransport({
        host: options.host ?? '127.0.0.1',
        port: options.port,
        ...(options.path !== undefined ? { path: options.path } : {}),
        timeoutMs: options.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS,
        keepAlive: options.keepAlive ?? false,
      });
  }

  /** The result of `method`, or throws (`RpcCallError` when the server reports an error). */
  async call(method: string, params: CallParams = []): Promise<JsonValue> {
    return replyResult(await this.request(method, params));
  }

  /** The whole reply object `{result, error, id}`, whether or not `error` is set. */
  async request(method: string, params: CallParams = []): Promise<JsonObject> {
    const body = encodeRequest({ method, params: normaliseParams(params), id: this.nextId++ });
    const reply = await this.transport.post(body, this.headers());
    return decodeReply(reply.status, reply.body);
  }

  /** Several calls in one HTTP request; entries come back in call order. */
  async batch(calls: readonly BatchCall[]): Promise<BatchEntry[]> {
    if (calls.length === 0) return [];
    const reqs = calls.map((c) => ({ method: c.method, params: normaliseParams(c.params ?? []), id: this.nextId++ }));
    const reply = await this.transport.post(encodeBatch(reqs), this.headers());
    return decodeBatchReply(reply.status, reply.body, reqs.map((r) => r.id));
  }

  /** Release kept-alive connections (only needed with `keepAlive`). */
  close(): void {
    if (this.transport instanceof HttpTransport) this.transport.close();
  }

  private headers(): Record<string, string> {
    return { Authorization: this.authorization, 'Content-Type': 'application/json' };
  }
}

function normaliseParams(params: CallParams): RpcParams {
  const v = toJsonValue(params as JsonInput);
  return v as RpcParams;
}
