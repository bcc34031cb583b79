import { request, type IncomingHttpHeaders } from 'node:http';

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequestOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Abort (reject) when the whole reply has not arrived within this many ms (default: no limit). */
  readonly timeoutMs?: number;
}

/**
 * One HTTP request on a fresh connection (`Connection: close`, no agent) with the headers given
 * (Node adds `Host` and, for a body, `Content-Length`).
 */
export function httpRequest(port: number, method: string, path: string, body?: Uint8Array | string, headers: Record<string, string | number> = {}, options: HttpRequestOptions = {}): Promise<HttpReply> {
  const { host = '127.0.0.1', timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, agent: false, headers: { Connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no reply within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
