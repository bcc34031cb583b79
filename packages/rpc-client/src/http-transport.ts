import { Agent, request, type IncomingMessage } from 'node:http';
import { RpcConnectionError, type ConnectionFailure } from './rpc-connection-error.js';
import type { HttpReply, RpcTransport } from './rpc-transport.js';

export interface HttpTransportOptions {
  /** Host name or IP address (IPv6 with or without brackets). */
  readonly host: string;
  readonly port: number;
  /** Request path (default `/`). */
  readonly path?: string;
  /**
   * Inactivity timeout in milliseconds (connect, send, or silence while waiting for the reply),
   * like libevent's connection timeout; 0 or absent = none.
   */
  readonly timeoutMs?: number;
  /** Reuse connections (default false: `Connection: close`, as bitcoin-cli does). */
  readonly keepAlive?: boolean;
}

/** JSON-RPC over HTTP POST with `node:http`. */
export class HttpTransport implements RpcTransport {
  private readonly agent: Agent | undefined;
  private readonly host: string;

  constructor(private readonly options: HttpTransportOptions) {
    this.host = options.host.replace(/^\[(.*)\]$/, '$1');
    this.agent = options.keepAlive ? new Agent({ keepAlive: true }) : undefined;
  }

  post(body: string, headers: Readonly<Record<string, string>>): Promise<HttpReply> {
    const payload = Buffer.from(body, 'utf8');
    const { port, path = '/', timeoutMs = 0, keepAlive = false } = this.options;
    return new Promise<HttpReply>((resolve, reject) => {
      let settled = false;
      const fail = (failure: ConnectionFailure, code?: string) => {
        if (settled) return;
        settled = true;
        reject(new RpcConnectionError(failure, code));
      };
      const req = request(
        {
          host: this.host,
          port,
          path,
          method: 'POST',
          agent: this.agent ?? false,
          headers: {
            ...headers,
            'Content-Length': String(payload.length),
            ...(keepAlive ? {} : { Connection: 'close' }),
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', () => fail('eof'));
          res.on('aborted', () => fail('eof'));
        },
      );
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => {
          fail('timeout');
          req.destroy();
        });
      }
      req.on('error', (e: NodeJS.ErrnoException) => fail(classify(e), e.code));
      req.end(payload);
    });
  }

  /** Close idle kept-alive connections. */
  close(): void {
    this.agent?.destroy();
  }
}

function classify(e: NodeJS.ErrnoException): ConnectionFailure {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'eof';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return e.code?.startsWith('HPE_') ? 'invalid-header' : 'unknown';
  }
}
