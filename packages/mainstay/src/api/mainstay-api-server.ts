import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ocean-ts/service-kit';
import { ApiError } from './api-error.js';
import { ApiMessages } from './api-messages.js';
import type { ApiReply } from './api-reply.js';
import { EXTENSION_PATHS, routePath, type Route, type RouteTable } from './api-routes.js';
import { DEFAULT_MAX_BODY_BYTES, readRequestBody } from './request-body.js';

export interface MainstayApiServerOptions {
  readonly routes: RouteTable;
  readonly logger: Logger;
  /** Milliseconds since the epoch, for `timestamp` (tests inject one). */
  readonly clock?: () => number;
  /** Monotonic nanoseconds, for `allowance.cost`. */
  readonly hrtime?: () => bigint;
  readonly maxBodyBytes?: number;
}

interface Envelope {
  readonly status: number;
  readonly body: unknown;
  readonly close?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The REST API `/api/v1` on `node:http` (spec §5.2–5.3). Every answer is JSON: API errors are HTTP
 * 200 envelopes like the original; unknown routes are 404 and wrong methods 405, both with a JSON
 * error envelope; nothing ever becomes a 500 — an unexpected exception is logged and answered with
 * `an error occurred in the API`.
 */
export class MainstayApiServer {
  private readonly server: Server;
  private readonly clock: () => number;
  private readonly hrtime: () => bigint;
  private readonly maxBody: number;

  constructor(private readonly options: MainstayApiServerOptions) {
    this.clock = options.clock ?? Date.now;
    this.hrtime = options.hrtime ?? (() => process.hrtime.bigint());
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        // serve() answers everything itself; this is the last line of defence.
        this.options.logger.error('mainstay api: unhandled failure', { error: String(err) });
        if (!res.headersSent) this.send(res, { status: 200, body: this.errorBody(ApiMessages.internalError, this.hrtime(), true) });
        else res.destroy();
      });
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Listen on host:port (port 0 = ephemeral); resolves with the bound address. */
  listen(port: number, host: string): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const a = this.server.address() as AddressInfo;
        resolve({ host: a.address, port: a.port });
      });
    });
  }

  /** Stop listening and close every connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = this.hrtime();
    const target = routePath(req.url ?? '/');
    const route: Route | undefined = target === undefined ? undefined : this.options.routes.get(target.path);
    if (target === undefined || route === undefined) {
      const extension = target !== undefined && EXTENSION_PATHS.includes(target.path);
      const message = extension ? ApiMessages.extensionUnsupported : ApiMessages.routeNotFound;
      this.send(res, { status: extension ? 200 : 404, body: this.errorBody(message, start, true) });
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== route.method) {
      this.send(res, { status: 405, body: this.errorBody(ApiMessages.methodNotAllowed, start, true), headers: { Allow: route.method } });
      return;
    }
    let body: Buffer = Buffer.alloc(0);
    if (route.method === 'POST') {
      const read = await readRequestBody(req, this.maxBody);
      if (!read.ok) {
        if (read.reason === 'too-large') this.send(res, { status: 200, body: this.errorBody(ApiMessages.bodyTooLarge, start, true), close: true });
        else res.destroy();
        return;
      }
      body = read.body;
    }
    this.send(res, { status: 200, body: await this.run(route, { query: new URLSearchParams(target.query), body }, start) });
  }

  private async run(route: Route, input: Parameters<Route['handle']>[0], start: bigint): Promise<unknown> {
    let reply: ApiReply;
    try {
      reply = await route.handle(input);
    } catch (err) {
      if (err instanceof ApiError) return this.errorBody(err.message, start, route.errorWithoutAllowance !== true);
      this.options.logger.error('mainstay api: request failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      return this.errorBody(ApiMessages.internalError, start, route.errorWithoutAllowance !== true);
    }
    if (reply.kind === 'bare') return reply.body;
    return { response: reply.payload, timestamp: this.clock(), allowance: { cost: this.cost(start) } };
  }

  private errorBody(message: string, start: bigint, allowance: boolean): unknown {
    return allowance
      ? { error: message, timestamp: this.clock(), allowance: { cost: this.cost(start) } }
      : { error: message, timestamp: this.clock() };
  }

  private cost(start: bigint): number {
    return Number(this.hrtime() - start);
  }

  private send(res: ServerResponse, e: Envelope): void {
    const text = JSON.stringify(e.body);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...e.headers,
    };
    if (e.close) headers['Connection'] = 'close';
    res.writeHead(e.status, headers);
    res.end(text);
  }
}
