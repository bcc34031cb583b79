/**
 * Profile B's daemon side of the signer protocol (spec mainstay.md §6.2): `POST <signer.url>` with
 * `{"sighash_string": [...], "merkle_root": "<display hex>"}`, answered by
 * `{"witness": ["<DER hex> <compressed pubkey hex>", …]}`, one per sighash.
 *
 * The original did no error handling around this call and crashed on a bad response. Here every
 * failure is a `SignerTransportError` (the service goes to Error → Init): connection errors, a
 * timeout, a non-200 status, a body over 64 KiB, non-JSON, a missing or wrongly sized `witness`
 * array, or an entry that is not exactly two hex fields (a DER signature of 8–72 bytes, a
 * 33-byte compressed key). The service then verifies each signature and key cryptographically.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fromHex, isHex, toDisplayHex, toHex } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { SignerTransportError, type InputSignature, type SignerTransport, type SigningRequest } from '../service/signer-transport.js';

export const DEFAULT_HTTP_SIGNER_TIMEOUT_MS = 30_000;
export const MAX_SIGNER_RESPONSE_BYTES = 64 * 1024;

export interface HttpSignerTransportOptions {
  /** `signer.url`: `http(s)://host:port/path`, or `host:port[/path]` (http). */
  readonly url: string;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

/** The parsed URL; throws `SignerTransportError` when it is not http(s). */
export function parseSignerUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SignerTransportError(`invalid signer url ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SignerTransportError(`signer url must be http or https: ${JSON.stringify(text)}`);
  return url;
}

/** Validate a signer response body (already JSON-parsed) for `count` sighashes. */
export function parseWitnessResponse(body: unknown, count: number): InputSignature[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SignerTransportError('signer response is not a JSON object');
  const witness = (body as Record<string, unknown>)['witness'];
  if (!Array.isArray(witness)) throw new SignerTransportError('signer response has no "witness" array');
  if (witness.length !== count) throw new SignerTransportError(`signer returned ${witness.length} witness entries for ${count} sighashes`);
  return witness.map((entry: unknown, i) => {
    if (typeof entry !== 'string') throw new SignerTransportError(`witness[${i}] is not a string`);
    const parts = entry.split(' ');
    if (parts.length !== 2) throw new SignerTransportError(`witness[${i}] must be "<signature hex> <pubkey hex>"`);
    const [sigHex, keyHex] = parts as [string, string];
    if (!isHex(sigHex) || sigHex.length < 16 || sigHex.length > 144 || sigHex.length % 2 !== 0) {
      throw new SignerTransportError(`witness[${i}] signature is not a DER signature in hex`);
    }
    if (!isHex(keyHex) || keyHex.length !== 66 || !/^0[23]/.test(keyHex)) {
      throw new SignerTransportError(`witness[${i}] public key is not a compressed key in hex`);
    }
    const der = fromHex(sigHex);
    const signature = new Uint8Array(der.length + 1);
    signature.set(der);
    signature[der.length] = 0x01; // the daemon appends SIGHASH_ALL
    return { signature, pubkey: fromHex(keyHex) };
  });
}

export class HttpSignerTransport implements SignerTransport {
  readonly url: URL;
  #result: InputSignature[] | undefined;

  constructor(private readonly options: HttpSignerTransportOptions) {
    this.url = parseSignerUrl(options.url);
  }

  async publishConfirmedHash(): Promise<void> {
    // Profile B sends the root with every request.
  }

  async requestSignatures(request: SigningRequest): Promise<void> {
    this.#result = undefined;
    const body = JSON.stringify({ sighash_string: request.items.map((s) => toHex(s)), merkle_root: toDisplayHex(request.confirmedRoot) });
    const reply = await this.#post(body);
    if (reply.status !== 200) throw new SignerTransportError(`signer answered HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(reply.text);
    } catch {
      throw new SignerTransportError('signer response is not JSON');
    }
    this.#result = parseWitnessResponse(json, request.items.length);
    this.options.logger.debug('signer answered', { url: this.url.origin, signatures: this.#result.length });
  }

  async collectSignatures(): Promise<InputSignature[][]> {
    const result = this.#result;
    if (result === undefined) throw new SignerTransportError('no signatures from the signer for this round');
    this.#result = undefined;
    return result.map((s) => [s]);
  }

  async resubscribe(): Promise<void> {
    this.#result = undefined;
  }

  async close(): Promise<void> {
    this.#result = undefined;
  }

  #post(body: string): Promise<{ status: number; text: string }> {
    const payload = Buffer.from(body, 'utf8');
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_HTTP_SIGNER_TIMEOUT_MS;
    const request = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        reject(e instanceof SignerTransportError ? e : new SignerTransportError(`signer request failed: ${e.message}`));
      };
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: false,
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.length), Connection: 'close' },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_SIGNER_RESPONSE_BYTES) {
              req.destroy(new SignerTransportError(`signer response is larger than ${MAX_SIGNER_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
        },
      );
      const timer = setTimeout(() => req.destroy(new SignerTransportError(`signer did not answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        fail(e);
      });
      req.on('close', () => clearTimeout(timer));
      req.end(payload);
    });
  }
}
