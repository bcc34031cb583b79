import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseBasicAuthorization, type Authenticator, type BasicCredentials } from './authenticator.js';
import { isLoopbackAddress, normaliseClientAddress, type ClientAllowPredicate } from './client-address.js';
import { matchRoute, type HttpRoute, type HttpRouteHandler, type HttpRouteMethod, type HttpRouteReply, type HttpRouteRequest } from './http-route.js';
import type { JsonRpcHandler } from './json-rpc-handler.js';
import { readRequestBody } from './request-body.js';
import { WorkQueue } from './work-queue.js';

/** `-rpcthreads` default. */
export const DEFAULT_RPC_THREADS = 4;
/** `-rpcworkqueue` default. */
export const DEFAULT_RPC_WORK_QUEUE = 16;
/** `-rpcservertimeout` default, seconds. */
export const DEFAULT_RPC_SERVER_TIMEOUT = 30;
/** Largest request body: Core's `MAX_SIZE` (0x02000000 = 32 MiB), its libevent body limit. */
export const MAX_RPC_BODY_SIZE = 0x02000000;
/** Largest request header block, Core's `MAX_HEADERS_SIZE`. */
export const MAX_RPC_HEADERS_SIZE = 8192;
/** Pause before answering a wrong password, against brute force (Core's `MilliSleep(250)`). */
export const DEFAULT_AUTH_FAILURE_DELAY_MS = 250;
/** Status of a request refused because the work queue is full (Core 0.14: `HTTP_INTERNAL`). */
export const WORK_QUEUE_FULL_STATUS = 500;
/** How long an oversized upload is still read (and discarded) after the 413, before the socket is cut. */
const OVERSIZE_LINGER_MS = 2000;

const WWW_AUTHENTICATE = 'Basic realm="jsonrpc"';
/** Methods Core's `RequestMethodString` knows; anything else is refused with 405 before routing. */
const KNOWN_HTTP_METHODS = new Set(['GET', 'POST', 'HEAD', 'PUT']);
const JSON_CONTENT_TYPE: Readonly<Record<string, string>> = { 'Content-Type': 'application/json' };
const INTERNAL_ERROR_BODY = '{"result":null,"error":{"code":-32603,"message":"Internal error"},"id":null}\n';

/** What `HttpRpcServer` remembers about a connection (see `#connections`). */
interface ConnectionFacts {
  readonly peer: string;
  readonly allowed: boolean;
  authorized: { readonly header: string; readonly user: string } | undefined;
}

export interface RpcEndpoint {
  readonly host: string;
  readonly port: number;
}

/** The log lines the server writes (a pino logger fits). */
export interface RpcServerLogger {
  warn(message: string): void;
  debug(message: string): void;
}

export interface HttpRpcServerOptions {
  readonly handler: JsonRpcHandler;
  readonly authenticator: Authenticator;
  /** `-rpcallowip`: gets the normalised client address. Default: loopback only (Core's default). */
  readonly isClientAllowed?: ClientAllowPredicate;
  /** `-rpcthreads`: handlers running at once (at least 1). */
  readonly rpcThreads?: number;
  /** `-rpcworkqueue`: requests waiting for a handler slot (at least 1); beyond → refused. */
  readonly workQueueDepth?: number;
  /**
   * `-rpcservertimeout`, seconds: limit for receiving a request (headers and body) and for an idle
   * keep-alive connection. A request being handled is never timed out (long polls).
   */
  readonly serverTimeoutSeconds?: number;
  /** Request body limit in bytes (default `MAX_RPC_BODY_SIZE`). */
  readonly maxBodySize?: number;
  readonly authFailureDelayMs?: number;
  readonly logger?: RpcServerLogger;
}

const silentLogger: RpcServerLogger = { warn: () => undefined, debug: () => undefined };

/**
 * oceand's HTTP server (Core 0.14 `httpserver.cpp` + `httprpc.cpp`). Per request, in Core's order:
 * body read within the size limit (413, connection closed), shutting down (503), `-rpcallowip`
 * (403), unknown HTTP method (405), no path handler matches (404), work queue full (500
 * `Work queue depth exceeded`); then the matched handler runs in a handler slot.
 *
 * Path handlers are Core's `RegisterHTTPHandler` model: the JSON-RPC handler is registered first,
 * for exactly `/`; more can be added with `registerHandler` (REST's `/rest/…` prefixes) and are
 * tried in registration order. The JSON-RPC handler checks, in its slot: non-POST (405), Basic
 * auth (401 with `WWW-Authenticate`, delayed on a wrong password), and replies with
 * `Content-Type: application/json`. Other handlers get no authentication from the server (REST
 * has none in Core). Connections are kept alive as HTTP/1.1 allows, whatever mix of paths they carry.
 */
export class HttpRpcServer {
  readonly handler: JsonRpcHandler;
  readonly #authenticator: Authenticator;
  readonly #isClientAllowed: ClientAllowPredicate;
  readonly #queue: WorkQueue;
  readonly #timeoutMs: number;
  readonly #maxBodySize: number;
  readonly #authFailureDelayMs: number;
  readonly #log: RpcServerLogger;
  readonly #servers: Server[] = [];
  readonly #routes: HttpRoute[] = [];
  /** 401 replies to a wrong password, answered after the anti-brute-force pause (see `#work`). */
  readonly #delayedReplies = new WeakSet<HttpRouteReply>();
  readonly #shutdown = new AbortController();
  #closing: Promise<void> | null = null;
  /**
   * Per connection: the client address and whether `-rpcallowip` admits it (a connection's peer
   * never changes), and the last `Authorization` header value that passed on it. The settings and
   * credentials are fixed for the server's life, so a keep-alive client is checked once, not on
   * every request; a header that differs is checked in full.
   */
  readonly #connections = new WeakMap<Socket, ConnectionFacts>();
  /** The connection each JSON-RPC request arrived on (for the cached authorization). */
  readonly #socketOf = new WeakMap<HttpRouteRequest, Socket>();

  constructor(options: HttpRpcServerOptions) {
    this.handler = options.handler;
    this.#authenticator = options.authenticator;
    this.#isClientAllowed = options.isClientAllowed ?? isLoopbackAddress;
    this.#queue = new WorkQueue(options.rpcThreads ?? DEFAULT_RPC_THREADS, options.workQueueDepth ?? DEFAULT_RPC_WORK_QUEUE);
    this.#timeoutMs = Math.max(1, options.serverTimeoutSeconds ?? DEFAULT_RPC_SERVER_TIMEOUT) * 1000;
    this.#maxBodySize = options.maxBodySize ?? MAX_RPC_BODY_SIZE;
    this.#authFailureDelayMs = options.authFailureDelayMs ?? DEFAULT_AUTH_FAILURE_DELAY_MS;
    this.#log = options.logger ?? silentLogger;
    this.registerHandler('/', true, (request) => this.#jsonRpc(request));
  }

  /**
   * Core's `RegisterHTTPHandler`: serve URIs equal to (`exactMatch`) or starting with `prefix` with
   * `handler`, after every handler registered before (the first match wins). The handler runs in a
   * work-queue slot, after the allow-ip and method checks; it gets no authentication.
   */
  registerHandler(prefix: string, exactMatch: boolean, handler: HttpRouteHandler): void {
    this.#routes.push({ prefix, exactMatch, handler });
  }

  /** Core's `UnregisterHTTPHandler`: remove the first handler with this prefix and match kind. */
  unregisterHandler(prefix: string, exactMatch: boolean): boolean {
    const i = this.#routes.findIndex((r) => r.prefix === prefix && r.exactMatch === exactMatch);
    if (i < 0) return false;
    this.#routes.splice(i, 1);
    return true;
  }

  /** The addresses being listened on. */
  get addresses(): AddressInfo[] {
    return this.#servers.map((s) => s.address() as AddressInfo);
  }

  /** Aborted when `close()` starts (handed to handlers as `ctx.signal`). */
  get shutdownSignal(): AbortSignal {
    return this.#shutdown.signal;
  }

  /**
   * Listen on every endpoint (port 0 = ephemeral). Like Core's `HTTPBindAddresses`, an endpoint
   * that cannot be bound is logged and skipped; only when none can be bound does this reject
   * (`Unable to bind any endpoint for RPC server`).
   */
  async listen(endpoints: readonly RpcEndpoint[]): Promise<AddressInfo[]> {
    if (this.#closing !== null) throw new Error('RPC server is closed');
    const bound: AddressInfo[] = [];
    const errors: string[] = [];
    for (const endpoint of endpoints) {
      const server = this.#createServer();
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(endpoint.port, endpoint.host, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        const message = `Binding RPC on address ${endpoint.host} port ${endpoint.port} failed: ${e instanceof Error ? e.message : String(e)}`;
        this.#log.warn(message);
        errors.push(message);
        continue;
      }
      this.#servers.push(server);
      bound.push(server.address() as AddressInfo);
    }
    if (bound.length === 0) throw new Error(`Unable to bind any endpoint for RPC server${errors.length > 0 ? ` (${errors.join('; ')})` : ''}`);
    return bound;
  }

  /**
   * Stop accepting connections, answer 503 to new requests on open connections, let every
   * accepted request (running or queued) finish and its reply be sent, then drop the remaining
   * connections. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    this.#closing = (async () => {
      this.#shutdown.abort();
      const closed = this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      await this.#queue.idle();
      for (const s of this.#servers) s.closeAllConnections();
      await Promise.all(closed);
    })();
    return this.#closing;
  }

  #createServer(): Server {
    const server = createServer(
      {
        maxHeaderSize: MAX_RPC_HEADERS_SIZE,
        requestTimeout: this.#timeoutMs,
        headersTimeout: this.#timeoutMs,
        connectionsCheckingInterval: Math.min(1000, this.#timeoutMs),
        requireHostHeader: false,
        noDelay: true,
      },
      (req, res) => {
        this.#serve(req, res).catch((e: unknown) => this.#internalError(res, e));
      },
    );
    server.keepAliveTimeout = this.#timeoutMs;
    return server;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A reply written after the client went away fails on the response; never let that throw.
    res.on('error', (e) => this.#log.debug(`RPC reply not delivered: ${e.message}`));
    let body: Buffer | null;
    try {
      body = await readRequestBody(req, this.#maxBodySize);
    } catch {
      res.destroy();
      return;
    }
    if (body === null) {
      this.#refuseOversized(req, res);
      return;
    }
    if (this.#closing !== null) {
      await this.#send(res, 503, '');
      return;
    }
    const connection = this.#connection(req.socket);
    const peer = connection.peer;
    if (!connection.allowed) {
      await this.#send(res, 403, '');
      return;
    }
    const method = req.method ?? '';
    if (!KNOWN_HTTP_METHODS.has(method)) {
      await this.#send(res, 405, '');
      return;
    }
    const uri = req.url ?? '';
    const match = matchRoute(this.#routes, uri);
    if (match === undefined) {
      await this.#send(res, 404, '');
      return;
    }
    const request: HttpRouteRequest = {
      method: method as HttpRouteMethod,
      uri,
      path: match.path,
      headers: req.headers,
      body,
      peer,
      signal: this.#shutdown.signal,
    };
    this.#socketOf.set(request, req.socket);
    const handler = match.route.handler;
    const accepted = this.#queue.submit(() => this.#work(handler, request, res).catch((e: unknown) => this.#internalError(res, e)));
    if (!accepted) {
      this.#log.warn('request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting');
      await this.#send(res, WORK_QUEUE_FULL_STATUS, 'Work queue depth exceeded');
    }
  }

  /** The part that runs in a handler slot (Core's `HTTPWorkItem`). */
  async #work(handler: HttpRouteHandler, request: HttpRouteRequest, res: ServerResponse): Promise<void> {
    const reply = await handler(request);
    if (this.#delayedReplies.has(reply)) {
      // Core sleeps in the worker thread, so a few password guessers hold up every other client;
      // here the pause runs after the handler slot is given back.
      void sleep(this.#authFailureDelayMs).then(() => this.#send(res, reply.status, reply.body ?? '', reply.headers));
      return;
    }
    await this.#send(res, reply.status, reply.body ?? '', reply.headers);
  }

  /** The JSON-RPC path handler (Core's `HTTPReq_JSONRPC`). */
  async #jsonRpc(request: HttpRouteRequest): Promise<HttpRouteReply> {
    if (request.method !== 'POST') return { status: 405, body: 'JSONRPC server handles only POST requests' };
    const header = request.headers.authorization;
    if (header === undefined) return { status: 401, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } };
    const socket = this.#socketOf.get(request);
    const connection = socket === undefined ? undefined : this.#connections.get(socket);
    if (connection?.authorized !== undefined && connection.authorized.header === header) return this.#callJsonRpc(request, connection.authorized.user);
    const credentials = parseBasicAuthorization(header);
    if (credentials === null || !this.#authorized(credentials)) {
      this.#log.warn(`ThreadRPCServer incorrect password attempt from ${request.peer}`);
      const reply: HttpRouteReply = { status: 401, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } };
      this.#delayedReplies.add(reply);
      return reply;
    }
    if (connection !== undefined) connection.authorized = { header, user: credentials.user };
    return this.#callJsonRpc(request, credentials.user);
  }

  async #callJsonRpc(request: HttpRouteRequest, authUser: string): Promise<HttpRouteReply> {
    const reply = await this.handler.handleBody(request.body, { authUser, uri: request.uri, peer: request.peer, signal: request.signal });
    return { status: reply.status, headers: JSON_CONTENT_TYPE, body: reply.body };
  }

  /** The connection's cached facts (see `#connections`), computed on its first request. */
  #connection(socket: Socket): ConnectionFacts {
    let c = this.#connections.get(socket);
    if (c === undefined) {
      const peer = normaliseClientAddress(socket.remoteAddress);
      c = { peer, allowed: this.#isClientAllowed(peer), authorized: undefined };
      this.#connections.set(socket, c);
    }
    return c;
  }

  #authorized(credentials: BasicCredentials): boolean {
    try {
      return this.#authenticator.check(credentials.user, credentials.password);
    } catch (e) {
      this.#log.warn(`RPC authenticator failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /** Write a complete reply; resolves when it has been flushed or the connection is gone. */
  #send(res: ServerResponse, status: number, body: Uint8Array | string, headers: OutgoingHttpHeaders = {}): Promise<void> {
    return new Promise((resolve) => {
      if (res.headersSent || res.destroyed) {
        resolve();
        return;
      }
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const all: OutgoingHttpHeaders = { ...headers, 'Content-Length': bytes.length };
      if (bytes.length > 0 && all['Content-Type'] === undefined) all['Content-Type'] = 'text/plain; charset=utf-8';
      if (this.#closing !== null) all['Connection'] = 'close';
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      res.writeHead(status, all);
      res.end(bytes);
    });
  }

  /**
   * 413, then close the connection without reading the oversized body into memory. The reply is
   * written straight to the socket and followed by a FIN, and whatever the client still sends is
   * discarded for a short linger before the socket is destroyed: closing at once (what Node does
   * after a response carrying `Connection: close`) would reset a client that is still uploading,
   * and a reset can make it lose the 413 it has not read yet.
   */
  #refuseOversized(req: IncomingMessage, res: ServerResponse): void {
    this.#log.debug(`refused an RPC request body larger than ${this.#maxBodySize} bytes`);
    const socket = req.socket;
    if (res.headersSent || socket.destroyed) return;
    req.resume();
    const timer = setTimeout(() => socket.destroy(), OVERSIZE_LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
    socket.end(`HTTP/1.1 413 Payload Too Large\r\nDate: ${new Date().toUTCString()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }

  #internalError(res: ServerResponse, e: unknown): void {
    this.#log.warn(`RPC request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    void this.#send(res, 500, INTERNAL_ERROR_BODY, { 'Content-Type': 'application/json' });
  }
}
