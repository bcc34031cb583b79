/**
 * Serves REST and JSON-RPC on the same port, as Core's one HTTP server does with `-rest`.
 *
 * `HttpRpcServer` answers 404 to every path other than `/` and owns its `node:http` servers, so it
 * cannot route `/rest/` itself. With `-rest`, the composition root therefore lets it listen on an
 * internal loopback port and puts this front listener on the RPC endpoints. Each accepted
 * connection is classified by its first request line: `/rest/…` requests (and every request of a
 * client that `-rpcallowip` refuses, which gets Core's 403) are served here by a `node:http`
 * server; any other connection is spliced byte-for-byte onto the internal RPC server, so its
 * limits, keep-alive, timeouts, auth and replies are unchanged.
 *
 * Limitation: the choice is per connection, made on its first request; a keep-alive connection
 * that mixes JSON-RPC and REST requests gets 404 for the requests of the other kind.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { normaliseClientAddress } from '../rpc/server/client-address.js';
import { handleRest, type RestContext } from './rest-handler.js';

/** Largest REST request body read (Core's `MAX_SIZE`). */
const MAX_REST_BODY = 0x02000000;
/** Bytes of a request looked at before the connection is classified. */
const CLASSIFY_BYTES = 64;
const REST_PREFIX = '/rest/';
/** On close, how long spliced JSON-RPC connections may take to deliver their last replies. */
const CLOSE_GRACE_MS = 2000;

export interface RestFrontOptions {
  readonly rest: RestContext;
  /** The internal JSON-RPC server (listening on loopback). */
  readonly rpcTarget: () => { host: string; port: number } | undefined;
  /** `-rpcallowip` (normalised address). */
  readonly isClientAllowed: (address: string) => boolean;
  readonly logger?: { warn(m: string): void; debug(m: string): void };
}

type Route = 'rest' | 'rpc';

/** Decide from the first bytes of a connection; `undefined` = need more bytes. */
export function classifyRequestStart(buf: Buffer): Route | undefined {
  const text = buf.toString('latin1');
  const sp = text.indexOf(' ');
  const eol = text.indexOf('\n');
  if (sp < 0) return eol >= 0 || buf.length >= CLASSIFY_BYTES ? 'rpc' : undefined;
  const path = text.slice(sp + 1);
  if (path.length >= REST_PREFIX.length) return path.startsWith(REST_PREFIX) ? 'rest' : 'rpc';
  if (eol >= 0 || buf.length >= CLASSIFY_BYTES) return 'rpc';
  return REST_PREFIX.startsWith(path) ? undefined : 'rpc';
}

export class RestFront {
  readonly #opts: RestFrontOptions;
  readonly #servers: Server[] = [];
  readonly #http: HttpServer;
  readonly #sockets = new Set<Socket>();
  /** Client sockets spliced onto the internal RPC server. */
  readonly #spliced = new Set<Socket>();
  #closing: Promise<void> | null = null;

  constructor(opts: RestFrontOptions) {
    this.#opts = opts;
    this.#http = createHttpServer({ requireHostHeader: false, noDelay: true }, (req, res) => {
      this.#serve(req, res).catch((e: unknown) => {
        this.#opts.logger?.warn(`REST request failed: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
  }

  get addresses(): AddressInfo[] {
    return this.#servers.map((s) => s.address() as AddressInfo);
  }

  async listen(endpoints: readonly { host: string; port: number }[]): Promise<AddressInfo[]> {
    const bound: AddressInfo[] = [];
    const errors: string[] = [];
    for (const ep of endpoints) {
      const server = createServer((socket) => this.#accept(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(ep.port, ep.host, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        const message = `Binding RPC on address ${ep.host} port ${ep.port} failed: ${e instanceof Error ? e.message : String(e)}`;
        this.#opts.logger?.warn(message);
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
   * Stop listening, let spliced JSON-RPC connections deliver what the (already closed) RPC server
   * sent — e.g. the reply to `stop` — for a short grace period, then drop every connection.
   * Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = (async () => {
      const closed = this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      this.#http.closeIdleConnections();
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (this.#spliced.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      this.#http.closeAllConnections();
      for (const s of this.#sockets) s.destroy();
      await Promise.all(closed);
    })();
    return this.#closing;
  }

  #accept(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const allowed = this.#opts.isClientAllowed(normaliseClientAddress(socket.remoteAddress));
    if (!allowed) {
      // Core refuses a disallowed client with 403 whatever it asks for.
      this.#http.emit('connection', socket);
      return;
    }
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const route = classifyRequestStart(buf);
      if (route === undefined) return;
      socket.off('data', onData);
      socket.pause();
      if (route === 'rest') {
        socket.unshift(buf);
        this.#http.emit('connection', socket);
        socket.resume();
      } else this.#splice(socket, buf);
    };
    socket.on('data', onData);
  }

  #splice(socket: Socket, head: Buffer): void {
    const target = this.#opts.rpcTarget();
    if (!target) {
      socket.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    this.#spliced.add(socket);
    socket.once('close', () => this.#spliced.delete(socket));
    upstream.setNoDelay(true);
    socket.setNoDelay(true);
    this.#sockets.add(upstream);
    upstream.once('close', () => {
      this.#sockets.delete(upstream);
      socket.end();
    });
    upstream.on('error', () => socket.destroy());
    socket.once('close', () => upstream.destroy());
    upstream.write(head);
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.resume();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { Connection: 'close', 'Content-Length': 0 }).end();
      return;
    }
    const send = (status: number, contentType: string | undefined, payload: Uint8Array | string): void => {
      const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
      const headers: Record<string, string | number> = { 'Content-Length': bytes.length };
      if (contentType !== undefined) headers['Content-Type'] = contentType;
      if (this.#closing) headers['Connection'] = 'close';
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };
    if (this.#closing) return send(503, undefined, '');
    if (!this.#opts.isClientAllowed(normaliseClientAddress(req.socket.remoteAddress))) return send(403, undefined, '');
    if (!['GET', 'POST', 'HEAD', 'PUT'].includes(req.method ?? '')) return send(405, undefined, '');
    const reply = await handleRest(this.#opts.rest, req.url ?? '', body);
    if (!reply) return send(404, undefined, '');
    send(reply.status, reply.contentType, reply.body);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REST_BODY) over = true;
      else chunks.push(c);
    });
    req.once('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
