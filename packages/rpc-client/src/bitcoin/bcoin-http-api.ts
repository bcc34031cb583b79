import { request } from 'node:http';
import { RpcConnectionError } from '../rpc-connection-error.js';
import { basicAuthorization } from '../rpc-cookie.js';

/** A reply of bcoin's REST API: status and the parsed JSON body (undefined when not JSON). */
export interface BcoinApiReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * bcoin's HTTP REST API (the node's or the wallet's server): JSON in, JSON out, Basic auth with
 * the API key as password. Used for what bcoin's RPC cannot do: create a watch-only wallet
 * (`PUT /wallet/:id`) and submit a transaction and learn about a rejection (`POST /broadcast`).
 */
export class BcoinHttpApi {
  private readonly authorization: string;

  constructor(
    readonly host: string,
    readonly port: number,
    apiKey: string,
    readonly timeoutMs = 60_000,
  ) {
    this.authorization = basicAuthorization({ user: 'x', password: apiKey });
  }

  send(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<BcoinApiReply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          path,
          method,
          agent: false,
          headers: {
            Authorization: this.authorization,
            Connection: 'close',
            ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', () => reject(new RpcConnectionError('eof')));
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new RpcConnectionError('timeout')));
      req.on('error', (e: NodeJS.ErrnoException) =>
        reject(e instanceof RpcConnectionError ? e : new RpcConnectionError(e.code === 'ECONNREFUSED' ? 'refused' : 'unknown', e.code)),
      );
      req.end(payload);
    });
  }
}
