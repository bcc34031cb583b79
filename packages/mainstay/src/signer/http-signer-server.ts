/**
 * The Profile B HTTP signer (spec mainstay.md §6.2) on `node:http`. Any path is served (the
 * daemon's `signer.url` names the full URL); only `POST` is allowed. Every answer is JSON; bad
 * requests are 4xx with `{"error": …}` and the server never stops because of a request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ocean-ts/service-kit';
import { DEFAULT_MAX_BODY_BYTES, readRequestBody } from '../api/request-body.js';
import type { KeySource } from './key-source.js';
import { HttpSignerError, parseSignRequest, signRequest } from './http-signer-request.js';

export const DEFAULT_HTTP_SIGNER_HOST = '127.0.0.1';
export const DEFAULT_HTTP_SIGNER_PORT = 8000;

export interface HttpSignerServerOptions {
  readonly keySource: KeySource;
  readonly logger: Logger;
  /** Largest request body (default 64 KiB). */
  readonly maxBodyBytes?: number;
}

export class HttpSignerServer {
  private readonly server: Server;
  private readonly maxBody: number;

  constructor(private readonly options: HttpSignerServerOptions) {
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        // serve() answers everything itself; this is the last line of defence
        this.options.logger.error('http signer: unhandled failure', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        if (!res.headersSent) this.send(res, 500, { error: 'internal signer error' });
        else res.destroy();
      });
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Listen on host:port (port 0 = ephemeral); resolves with the bound address. */
  listen(port: number, host: string = DEFAULT_HTTP_SIGNER_HOST): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const a = this.server.address() as AddressInfo;
        this.options.logger.info('http signer listening', { host: a.address, port: a.port, keys: this.options.keySource.description });
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
    if (req.method !== 'POST') {
      req.resume();
      this.send(res, 405, { error: 'only POST is allowed' }, { Allow: 'POST' });
      return;
    }
    const read = await readRequestBody(req, this.maxBody);
    if (!read.ok) {
      if (read.reason === 'too-large') this.send(res, 413, { error: `request body larger than ${this.maxBody} bytes` }, { Connection: 'close' });
      else res.destroy();
      return;
    }
    try {
      const request = parseSignRequest(read.body, req.headers['content-type']);
      const response = await signRequest(this.options.keySource, request);
      this.options.logger.info('http signer: signed', { inputs: request.sighashes.length });
      this.send(res, 200, response);
    } catch (e) {
      if (!(e instanceof HttpSignerError)) throw e;
      (e.status >= 500 ? this.options.logger.error : this.options.logger.warn).call(this.options.logger, `http signer: refused: ${e.message}`, { status: e.status });
      this.send(res, e.status, { error: e.message });
    }
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}
