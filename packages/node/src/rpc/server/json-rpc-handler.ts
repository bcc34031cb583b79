import { JsonObject, writeJson, type JsonValue } from '@ocean-ts/core';
import { jsonRpcErrorObject, jsonRpcReplyObject } from './json-rpc-reply.js';
import type { MethodTable } from './method-table.js';
import { RPC_METRICS_INVALID_METHOD, RPC_METRICS_UNKNOWN_METHOD, type RpcCallObserver } from './rpc-call-observer.js';
import { parseRequestJson } from './request-json.js';
import { transformNamedArguments } from './named-arguments.js';
import {
  RPC_FORBIDDEN_BY_SAFE_MODE,
  RPC_INVALID_REQUEST,
  RPC_IN_WARMUP,
  RPC_METHOD_NOT_FOUND,
  RPC_MISC_ERROR,
  RPC_PARSE_ERROR,
  RpcError,
} from './rpc-error.js';
import type { RpcCallContext } from './rpc-method.js';

/** Per-request facts supplied by the transport. */
export interface RpcRequestMeta {
  readonly authUser: string;
  readonly uri: string;
  readonly peer: string;
  readonly signal: AbortSignal;
}

/** An HTTP status and the JSON body text (ends with a newline, like Core's replies). */
export interface JsonRpcHttpReply {
  readonly status: number;
  readonly body: string;
}

export interface JsonRpcHandlerOptions {
  /**
   * Initial warm-up status. A string → every call fails with -28 and this message until
   * `setWarmupFinished()`. Default: Core's initial `"RPC server started"`; pass null to start ready.
   */
  readonly warmupStatus?: string | null;
  /**
   * The current safe-mode warning (Core's `GetWarnings("rpc")`, already empty when
   * `-disablesafemode` is set). Non-empty → methods without `okSafeMode` fail with
   * -2 `Safe mode: <warning>`. Default: never in safe mode.
   */
  readonly safeModeWarning?: () => string;
  /** Told about every request object handled (metrics); default none. */
  readonly observer?: RpcCallObserver;
}

/** A request object after Core's `JSONRPCRequest::parse`. */
interface ParsedRequest {
  readonly method: string;
  readonly params: readonly JsonValue[] | JsonObject;
}

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_NOT_FOUND = 404;
const HTTP_INTERNAL_SERVER_ERROR = 500;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * JSON-RPC 1.0-style request processing with Bitcoin Core 0.14 semantics (`HTTPReq_JSONRPC`,
 * `JSONRPCRequest::parse`, `JSONRPCExecBatch`, `CRPCTable::execute`), independent of HTTP: takes
 * the body bytes, returns the status and body text.
 */
export class JsonRpcHandler {
  #warmupStatus: string | null;
  readonly #safeModeWarning: () => string;
  readonly #observer: RpcCallObserver | undefined;

  constructor(
    readonly table: MethodTable,
    options: JsonRpcHandlerOptions = {},
  ) {
    this.#warmupStatus = options.warmupStatus === undefined ? 'RPC server started' : options.warmupStatus;
    this.#safeModeWarning = options.safeModeWarning ?? (() => '');
    this.#observer = options.observer;
  }

  /** The warm-up message while warming up, else null. */
  get warmupStatus(): string | null {
    return this.#warmupStatus;
  }

  /** Core's `SetRPCWarmupStatus`: enter (or stay in) warm-up with this message. */
  setWarmupStatus(status: string): void {
    this.#warmupStatus = status;
  }

  /** Core's `SetRPCWarmupFinished`. */
  setWarmupFinished(): void {
    this.#warmupStatus = null;
  }

  /**
   * Handle a request body. Not UTF-8 or not JSON → 500 with -32700 `Parse error`. Then as
   * `handleValue`.
   */
  async handleBody(body: Uint8Array, meta: RpcRequestMeta): Promise<JsonRpcHttpReply> {
    let value: JsonValue;
    try {
      value = parseRequestJson(utf8.decode(body));
    } catch {
      this.#observeInvalid(RPC_PARSE_ERROR);
      return errorReply(new RpcError(RPC_PARSE_ERROR, 'Parse error'), null);
    }
    return this.handleValue(value, meta);
  }

  /**
   * A single request object → 200 with its result, or its error with status 400 (-32600),
   * 404 (-32601) or 500 (anything else). An array → a batch: each element handled in order,
   * independently, always 200 (an empty batch gives `[]`). Anything else → 500 with -32700
   * `Top-level object parse error`.
   */
  async handleValue(value: JsonValue, meta: RpcRequestMeta): Promise<JsonRpcHttpReply> {
    if (value instanceof JsonObject) {
      const id = requestId(value);
      try {
        const result = await this.#executeObserved(value, meta);
        return { status: HTTP_OK, body: writeJson(jsonRpcReplyObject(result, null, id)) + '\n' };
      } catch (e) {
        return errorReply(asRpcError(e), id);
      }
    }
    if (Array.isArray(value)) {
      const replies: JsonValue[] = [];
      for (const element of value as readonly JsonValue[]) replies.push(await this.executeOne(element, meta));
      return { status: HTTP_OK, body: writeJson(replies) + '\n' };
    }
    this.#observeInvalid(RPC_PARSE_ERROR);
    return errorReply(new RpcError(RPC_PARSE_ERROR, 'Top-level object parse error'), null);
  }

  /**
   * Core's `CRPCTable::execute`: warm-up (-28), lookup (-32601 `Method not found`), safe mode
   * (-2), named-argument mapping (-8), parameter-count bounds (-1 with the usage text), then the
   * handler. An `RpcError` keeps its code; any other throw becomes -1 with its message.
   */
  async execute(method: string, params: readonly JsonValue[] | JsonObject, meta: RpcRequestMeta): Promise<JsonValue> {
    if (this.#warmupStatus !== null) throw new RpcError(RPC_IN_WARMUP, this.#warmupStatus);
    const command = this.table.get(method);
    if (command === undefined) throw new RpcError(RPC_METHOD_NOT_FOUND, 'Method not found');
    if (!command.okSafeMode) {
      const warning = this.#safeModeWarning();
      if (warning !== '') throw new RpcError(RPC_FORBIDDEN_BY_SAFE_MODE, `Safe mode: ${warning}`);
    }
    const positional = params instanceof JsonObject ? transformNamedArguments(params, command.argNames) : params;
    try {
      const n = positional.length;
      if ((command.minArgs !== undefined && n < command.minArgs) || (command.maxArgs !== undefined && n > command.maxArgs)) {
        throw new RpcError(RPC_MISC_ERROR, command.help);
      }
      const ctx: RpcCallContext = { method, authUser: meta.authUser, uri: meta.uri, peer: meta.peer, signal: meta.signal };
      return await command.handler(positional, ctx);
    } catch (e) {
      throw asRpcError(e);
    }
  }

  /** Core's `JSONRPCExecOne`: one batch element to its reply object (never throws). */
  private async executeOne(element: JsonValue, meta: RpcRequestMeta): Promise<JsonObject> {
    const id = element instanceof JsonObject ? requestId(element) : null;
    try {
      if (!(element instanceof JsonObject)) {
        this.#observeInvalid(RPC_INVALID_REQUEST);
        throw new RpcError(RPC_INVALID_REQUEST, 'Invalid Request object');
      }
      return jsonRpcReplyObject(await this.#executeObserved(element, meta), null, id);
    } catch (e) {
      return jsonRpcReplyObject(null, jsonRpcErrorObject(asRpcError(e)), id);
    }
  }

  /** Parse and execute one request object, telling the observer (throws the call's error). */
  async #executeObserved(value: JsonObject, meta: RpcRequestMeta): Promise<JsonValue> {
    let request: ParsedRequest;
    try {
      request = parseRequest(value);
    } catch (e) {
      this.#observeInvalid(asRpcError(e).code);
      throw e;
    }
    const done = this.#observer?.callStarted(this.table.get(request.method) === undefined ? RPC_METRICS_UNKNOWN_METHOD : request.method);
    try {
      const result = await this.execute(request.method, request.params, meta);
      done?.(null);
      return result;
    } catch (e) {
      const error = asRpcError(e);
      done?.(error.code);
      throw error;
    }
  }

  #observeInvalid(code: number): void {
    this.#observer?.callStarted(RPC_METRICS_INVALID_METHOD)(code);
  }
}

/** Core's `find_value(request, "id")`: the first `id` key, null when absent. */
function requestId(request: JsonObject): JsonValue {
  return request.get('id') ?? null;
}

/** Core's `JSONRPCRequest::parse` (the id is read separately so errors still echo it). */
function parseRequest(request: JsonObject): ParsedRequest {
  const method = request.get('method') ?? null;
  if (method === null) throw new RpcError(RPC_INVALID_REQUEST, 'Missing method');
  if (typeof method !== 'string') throw new RpcError(RPC_INVALID_REQUEST, 'Method must be a string');
  const params = request.get('params') ?? null;
  if (params === null) return { method, params: [] };
  if (Array.isArray(params) || params instanceof JsonObject) return { method, params: params as readonly JsonValue[] | JsonObject };
  throw new RpcError(RPC_INVALID_REQUEST, 'Params must be an array or object');
}

function asRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  return new RpcError(RPC_MISC_ERROR, e instanceof Error ? e.message : String(e));
}

/** Core's `JSONErrorReply`: 400 for -32600, 404 for -32601, else 500. */
function errorReply(error: RpcError, id: JsonValue): JsonRpcHttpReply {
  const status =
    error.code === RPC_INVALID_REQUEST ? HTTP_BAD_REQUEST : error.code === RPC_METHOD_NOT_FOUND ? HTTP_NOT_FOUND : HTTP_INTERNAL_SERVER_ERROR;
  return { status, body: writeJson(jsonRpcReplyObject(null, jsonRpcErrorObject(error), id)) + '\n' };
}
