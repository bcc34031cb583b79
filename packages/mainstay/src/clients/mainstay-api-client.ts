/**
 * A client of the Mainstay REST API `/api/v1` (spec §5.2–5.3) for the tools: HTTP or HTTPS, JSON
 * envelopes `{response | error, timestamp, allowance}`. An `error` field (the API answers errors
 * with HTTP 200) becomes an {@link ApiReplyError} with the API's message; anything else that goes
 * wrong (no answer, another status, not JSON) is an {@link ApiTransportError}.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProofOp } from '../store/documents.js';

export const DEFAULT_MAINSTAY_API_URL = 'https://mainstay.xyz';
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/** The API answered with an error envelope; `message` is the API's `error` text. */
export class ApiReplyError extends Error {
  override readonly name = 'ApiReplyError';
}

/** The API could not be reached or answered something that is not an API envelope. */
export class ApiTransportError extends Error {
  override readonly name = 'ApiTransportError';
}

/** `GET /attestation?txid` (the current API's nested shape, spec §5.3 and §8.12). */
export interface ApiAttestation {
  readonly txid: string;
  readonly merkleRoot: string;
  readonly confirmed: boolean;
}

/** `GET /commitment/proof`. */
export interface ApiCommitmentProof {
  readonly merkleRoot: string;
  readonly commitment: string;
  readonly ops: readonly ProofOp[];
}

interface HttpReply {
  readonly status: number;
  readonly text: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ApiTransportError(`${what}: "${key}" is not a string`);
  return v;
}

export class MainstayApiClient {
  private readonly base: URL;
  /** The host's path prefix without a trailing slash ('' for a bare host). */
  private readonly prefix: string;

  /** `apiHost` as the Go tools take it: `https://mainstay.xyz`, `http://127.0.0.1:3000` (a bare `host:port` means http). */
  constructor(
    apiHost: string = DEFAULT_MAINSTAY_API_URL,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(apiHost) ? apiHost : `http://${apiHost}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new ApiTransportError(`invalid API host: ${apiHost}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiTransportError(`invalid API host (http or https only): ${apiHost}`);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.base = url;
  }

  /** The URL of `path` below `/api/v1` with `query`. */
  url(path: string, query: Record<string, string | number> = {}): URL {
    const u = new URL(this.base.href);
    u.pathname = `${this.prefix}/api/v1${path}`;
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u;
  }

  /**
   * `POST /commitment/send` with a ready request body (format (a) of spec §4.2). Success is HTTP 200
   * and a JSON body without `error`; returns the `response` value as text ("Commitment added").
   */
  async sendCommitment(body: string): Promise<string> {
    const reply = await this.exchange('POST', this.url('/commitment/send'), body);
    const response = this.envelope(reply, 'POST /commitment/send');
    return typeof response === 'string' ? response : JSON.stringify(response);
  }

  /** `GET /attestation?txid=…`: reads `response.attestation` (not the flat shape the Go tool expected). */
  async attestation(txid: string): Promise<ApiAttestation> {
    const what = 'GET /attestation';
    const response = await this.get('/attestation', { txid }, what);
    const a = isObject(response) ? response['attestation'] : undefined;
    if (!isObject(a)) throw new ApiTransportError(`${what}: no "attestation" object in the response`);
    return { txid: str(a, 'txid', what), merkleRoot: str(a, 'merkle_root', what), confirmed: a['confirmed'] === true };
  }

  /** `GET /commitment?position=…&merkle_root=…`: the slot's commitment in that tree. */
  async commitment(position: number, merkleRoot: string): Promise<string> {
    const what = 'GET /commitment';
    const response = await this.get('/commitment', { position, merkle_root: merkleRoot }, what);
    if (!isObject(response)) throw new ApiTransportError(`${what}: the response is not an object`);
    return str(response, 'commitment', what);
  }

  /** `GET /commitment/proof?position=…&merkle_root=…`. */
  async commitmentProof(position: number, merkleRoot: string): Promise<ApiCommitmentProof> {
    const what = 'GET /commitment/proof';
    const response = await this.get('/commitment/proof', { position, merkle_root: merkleRoot }, what);
    if (!isObject(response)) throw new ApiTransportError(`${what}: the response is not an object`);
    const ops = response['ops'];
    if (!Array.isArray(ops)) throw new ApiTransportError(`${what}: "ops" is not an array`);
    return {
      merkleRoot: str(response, 'merkle_root', what),
      commitment: str(response, 'commitment', what),
      // Shapes are checked by the proof verifier (a malformed op makes the proof invalid).
      ops: ops as ProofOp[],
    };
  }

  private async get(path: string, query: Record<string, string | number>, what: string): Promise<unknown> {
    return this.envelope(await this.exchange('GET', this.url(path, query)), what);
  }

  private envelope(reply: HttpReply, what: string): unknown {
    if (reply.status !== 200) throw new ApiTransportError(`${what}: HTTP ${reply.status}${reply.text === '' ? '' : `: ${reply.text.slice(0, 200)}`}`);
    let body: unknown;
    try {
      body = JSON.parse(reply.text);
    } catch {
      throw new ApiTransportError(`${what}: the reply is not JSON: ${reply.text.slice(0, 200)}`);
    }
    if (!isObject(body)) throw new ApiTransportError(`${what}: the reply is not a JSON object`);
    if ('error' in body) throw new ApiReplyError(typeof body['error'] === 'string' ? body['error'] : JSON.stringify(body['error']));
    if (!('response' in body)) throw new ApiTransportError(`${what}: the reply has neither "response" nor "error"`);
    return body['response'];
  }

  private exchange(method: 'GET' | 'POST', url: URL, body?: string): Promise<HttpReply> {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const headers: Record<string, string | number> = { Accept: 'application/json', Connection: 'close' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const fail = (e: Error): void => reject(new ApiTransportError(`${method} ${url.href}: ${e.message}`));
      const req = send(url, { method, headers, agent: false }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY_BYTES) req.destroy(new Error('reply too large'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no reply within ${this.timeoutMs} ms`)));
      req.on('error', fail);
      req.end(payload);
    });
  }
}
