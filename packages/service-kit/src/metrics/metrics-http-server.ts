import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from './metrics-registry.js';

/** Where the metrics listener binds. */
export interface MetricsEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface MetricsHttpServerOptions {
  readonly registry: MetricsRegistry;
  /** The one path served (default `/metrics`). */
  readonly path?: string;
  /** Scrape failures are reported here. */
  readonly logger?: { warn(message: string): void };
}

/** Limit for receiving a request (headers and body), ms. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The Prometheus scrape endpoint: `GET` (or `HEAD`) on the metrics path answers the registry's text
 * exposition with its content type; any other method there is 405 (with `Allow`), any other path
 * 404. No authentication: bind it to loopback, or put it behind something that authenticates.
 * A query string is ignored.
 */
export class MetricsHttpServer {
  readonly #registry: MetricsRegistry;
  readonly #path: string;
  readonly #logger: { warn(message: string): void } | undefined;
  #server: Server | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: MetricsHttpServerOptions) {
    this.#registry = options.registry;
    this.#path = options.path ?? '/metrics';
    this.#logger = options.logger;
  }

  /** The bound address, once listening. */
  get address(): AddressInfo | undefined {
    return (this.#server?.address() as AddressInfo | null) ?? undefined;
  }

  /**
   * Listen on `endpoint` (port 0 = ephemeral). Rejects with
   * `Unable to bind the metrics endpoint on <host>:<port>: <reason>` when it cannot be bound.
   */
  async listen(endpoint: MetricsEndpoint): Promise<AddressInfo> {
    if (this.#server !== undefined || this.#closing !== undefined) throw new Error('metrics server already started');
    const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS, requireHostHeader: false }, (req, res) => {
      this.#serve(req, res).catch((e: unknown) => this.#fail(res, e));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(endpoint.port, endpoint.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      throw new Error(`Unable to bind the metrics endpoint on ${host}:${endpoint.port}: ${e instanceof Error ? e.message : String(e)}`);
    }
    server.on('error', (e) => this.#logger?.warn(`metrics server: ${e.message}`));
    this.#server = server;
    return server.address() as AddressInfo;
  }

  /** Stop listening and drop open connections. Idempotent. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const server = this.#server;
    this.#closing =
      server === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
    return this.#closing;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== this.#path) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not Found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const text = await this.#registry.metrics();
    send(res, 200, this.#registry.contentType, text);
  }

  #fail(res: ServerResponse, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.#logger?.warn(`metrics scrape failed: ${message}`);
    if (res.headersSent) res.destroy();
    else send(res, 500, 'text/plain; charset=utf-8', `metrics collection failed: ${message}\n`);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}
