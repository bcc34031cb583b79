// JSON-RPC over one HTTP keep-alive connection, returning the reply parsed with the UniValue-model
// reader so that numbers keep their exact text (for comparing with the original's output).
import { Agent, request } from 'node:http';
import { JsonNumber, JsonObject, parseJson, type JsonValue } from '@ocean-ts/core';

export interface RawRpcReply {
  /** The `result` member as the node wrote it. */
  readonly result: JsonValue;
  readonly error: { readonly code: number; readonly message: string } | null;
}

export class KeepAliveRpc {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly auth: string;

  constructor(
    private readonly port: number,
    user = 'u',
    password = 'p',
  ) {
    this.auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  request(method: string, params: readonly unknown[] = []): Promise<RawRpcReply> {
    const body = JSON.stringify({ jsonrpc: '1.0', method, params, id: 1 });
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, method: 'POST', path: '/', agent: this.agent, headers: { 'Content-Type': 'application/json', Authorization: this.auth, 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const reply = parseJson(Buffer.concat(chunks).toString('utf8'));
              if (!(reply instanceof JsonObject)) throw new Error(`${method}: reply is not an object (HTTP ${res.statusCode})`);
              const err = reply.get('error');
              let error: RawRpcReply['error'] = null;
              if (err instanceof JsonObject) {
                const code = err.get('code');
                error = { code: code instanceof JsonNumber ? Number(code.raw) : NaN, message: String(err.get('message')) };
              }
              resolve({ result: reply.get('result') ?? null, error });
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The result, or an exception carrying the RPC error. */
  async call(method: string, params: readonly unknown[] = []): Promise<JsonValue> {
    const r = await this.request(method, params);
    if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result;
  }

  close(): void {
    this.agent.destroy();
  }
}
