/**
 * JSON-RPC client for the parent chain's Ethereum node (geth): the original's `CallMainChainRPC`
 * (policy spec §10.1, rpc spec §4.5). One HTTP POST `/` per call with the body
 * `{"method":…,"params":[…],"id":1}`, `Content-Type: application/json` and HTTP Basic auth
 * `user:password` (an empty credential when no password is configured — the parent chain has no
 * cookie fallback). With `-mainchainrpcuri` the request goes to that URL instead and the body
 * carries `"jsonrpc":"2.0"` (the original's curlpp variant). The whole exchange is bounded by
 * `-rpcclienttimeout` seconds (0 = no limit).
 *
 * Failures are thrown as `GethRpcError` with the original's client texts (`couldn't connect to
 * server`, `incorrect rpcuser or rpcpassword (authorization failed)`, …); a JSON-RPC error object
 * in the reply is NOT an exception — the caller gets `{ result, error }` as geth sent them.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Where and how to reach geth (the `-mainchainrpc*` options). */
export interface GethClientSettings {
  readonly host: string;
  readonly port: number;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  /** `-mainchainrpcuri`: a full http(s) URL; replaces host/port and switches to JSON-RPC 2.0 bodies. */
  readonly uri?: string | undefined;
  /** `-rpcclienttimeout` in seconds (default 900; 0 = wait forever). */
  readonly timeoutSeconds?: number;
}

/** A JSON-RPC reply as the server sent it. */
export interface MainchainReply {
  readonly result: unknown;
  readonly error: unknown;
}

/** What the peg code needs from the parent chain: one JSON-RPC call. */
export interface MainchainRpc {
  call(method: string, params: readonly unknown[]): Promise<MainchainReply>;
}

/** The call did not produce a JSON-RPC reply (connection, HTTP or parse failure, timeout). */
export class GethRpcError extends Error {
  override readonly name = 'GethRpcError';
}

export const DEFAULT_RPC_CLIENT_TIMEOUT_SECONDS = 900;

export class GethClient implements MainchainRpc {
  readonly #settings: GethClientSettings;

  constructor(settings: GethClientSettings) {
    this.#settings = settings;
  }

  /** The request body: `{"method","params","id":1}` (plus `"jsonrpc":"2.0"` for the URI form). */
  body(method: string, params: readonly unknown[]): string {
    const o: Record<string, unknown> = this.#settings.uri !== undefined ? { jsonrpc: '2.0' } : {};
    o['method'] = method;
    o['params'] = params;
    o['id'] = 1;
    return JSON.stringify(o);
  }

  /** The `Authorization` header value. */
  authorization(): string {
    const s = this.#settings;
    const credential = s.password === undefined ? '' : `${s.user ?? ''}:${s.password}`;
    return `Basic ${Buffer.from(credential, 'utf8').toString('base64')}`;
  }

  async call(method: string, params: readonly unknown[]): Promise<MainchainReply> {
    const { status, text } = await this.#post(this.body(method, params));
    if (status === 401) throw new GethRpcError('incorrect rpcuser or rpcpassword (authorization failed)');
    if (status >= 400 && status !== 400 && status !== 404 && status !== 500) throw new GethRpcError(`server returned HTTP error ${status}`);
    if (text.length === 0) throw new GethRpcError('no response from server');
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      throw new GethRpcError("couldn't parse reply from server");
    }
    if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) throw new GethRpcError("couldn't parse reply from server");
    const o = reply as Record<string, unknown>;
    if (Object.keys(o).length === 0) throw new GethRpcError('expected reply to have result, error and id properties');
    return { result: o['result'] ?? null, error: o['error'] ?? null };
  }

  #post(body: string): Promise<{ status: number; text: string }> {
    const s = this.#settings;
    const timeoutMs = (s.timeoutSeconds ?? DEFAULT_RPC_CLIENT_TIMEOUT_SECONDS) * 1000;
    const headers = {
      Host: s.host,
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      Authorization: this.authorization(),
    };
    return new Promise((resolve, reject) => {
      const onResponse = (res: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => reject(new GethRpcError('no response from server')));
      };
      let req;
      if (s.uri !== undefined) {
        let url: URL;
        try {
          url = new URL(s.uri);
        } catch {
          reject(new GethRpcError(`couldn't connect to server: invalid URI ${s.uri}`));
          return;
        }
        const { Host: _host, ...rest } = headers;
        const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
        req = send(url, { method: 'POST', headers: rest }, onResponse);
      } else {
        req = httpRequest({ host: s.host, port: s.port, path: '/', method: 'POST', headers }, onResponse);
      }
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(new GethRpcError('timeout on transient error: no response from server')));
      }
      req.on('error', (e) => reject(e instanceof GethRpcError ? e : new GethRpcError(`couldn't connect to server: ${e.message}`)));
      req.end(body);
    });
  }
}
