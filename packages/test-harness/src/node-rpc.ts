import { httpRequest } from './http-request.js';

/** The node's JSON-RPC error reply `{code, message}`. */
export class RpcFailure extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
  ) {
    super(`${method}: ${code} ${rpcMessage}`);
    this.name = 'RpcFailure';
  }
}

export interface RpcReply {
  readonly result: unknown;
  readonly error: { readonly code: number; readonly message: string } | null;
}

/**
 * JSON-RPC 1.0 over HTTP POST to one oceand, one connection per call (no keep-alive: the node may
 * be restarted between calls). Replies are parsed with `JSON.parse` (amounts become JS numbers,
 * which is what tests compare).
 */
export class NodeRpc {
  readonly #auth: string;

  constructor(
    readonly port: number,
    user: string,
    password: string,
    readonly timeoutMs = 120_000,
  ) {
    this.#auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  /** The whole reply, error or not (throws only when there is no JSON-RPC reply at all). */
  async request(method: string, params: readonly unknown[] = []): Promise<RpcReply> {
    const body = JSON.stringify({ jsonrpc: '1.0', id: 1, method, params });
    const headers = { 'Content-Type': 'application/json', Authorization: this.#auth, 'Content-Length': Buffer.byteLength(body) };
    const text = (await httpRequest(this.port, 'POST', '/', body, headers, { timeoutMs: this.timeoutMs })).body.toString('utf8');
    const reply = JSON.parse(text) as RpcReply;
    if (typeof reply !== 'object' || reply === null || !('result' in reply)) throw new Error(`${method}: not a JSON-RPC reply: ${text.slice(0, 200)}`);
    return reply;
  }

  /** The result, or throws `RpcFailure` with the node's code and message. */
  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const r = await this.request(method, params);
    if (r.error) throw new RpcFailure(method, r.error.code, r.error.message);
    return r.result as T;
  }
}
