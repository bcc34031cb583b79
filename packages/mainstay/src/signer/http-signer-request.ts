/**
 * The Profile B signer protocol (spec mainstay.md §6.2): request parsing and the signing itself.
 *
 * Request: `POST` JSON `{"sighash_string": ["<64 hex>", …], "merkle_root": "<64 hex display>"}`.
 * Response: `{"witness": ["<DER hex> <compressed pubkey hex>", …]}`, one per sighash: input 0 with
 * the base key tweaked by `merkle_root` (reversed to internal order; zeros → untweaked), inputs ≥ 1
 * with the topup key. The daemon appends the sighash byte.
 *
 * Every malformed request is a 4xx with `{"error": "<what is wrong>"}`.
 */
import { fromHex, isHex, reversed, toHex } from '@ocean-ts/core';
import { baseKeyFor, KeySourceError, TOPUP_KEY, type KeySource } from './key-source.js';

/** A request the signer refuses, with its HTTP status. */
export class HttpSignerError extends Error {
  override readonly name = 'HttpSignerError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Most sighashes one request may carry (the daemon sends one per input: 1 or 2). */
export const MAX_SIGHASHES = 64;

export interface SignRequest {
  /** 32-byte digests, in input order. */
  readonly sighashes: readonly Uint8Array[];
  /** The last confirmed root in INTERNAL order (zeros = untweaked). */
  readonly merkleRoot: Uint8Array;
}

export interface SignResponse {
  readonly witness: readonly string[];
}

function isHash(v: unknown): v is string {
  return typeof v === 'string' && v.length === 64 && isHex(v);
}

/** Whether the Content-Type header names JSON (`application/json`, parameters allowed). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Parse and validate a request body. Throws `HttpSignerError` (400/415). */
export function parseSignRequest(body: Uint8Array, contentType: string | undefined): SignRequest {
  if (!isJsonContentType(contentType)) throw new HttpSignerError(415, 'Content-Type must be application/json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new HttpSignerError(400, 'request body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new HttpSignerError(400, 'request body must be a JSON object');
  const o = json as Record<string, unknown>;
  const list = o['sighash_string'];
  if (list === undefined) throw new HttpSignerError(400, 'missing sighash_string');
  if (!Array.isArray(list)) throw new HttpSignerError(400, 'sighash_string must be an array of 64-character hex strings');
  if (list.length === 0) throw new HttpSignerError(400, 'sighash_string is empty');
  if (list.length > MAX_SIGHASHES) throw new HttpSignerError(400, `sighash_string has ${list.length} entries; at most ${MAX_SIGHASHES} are allowed`);
  const sighashes = list.map((v: unknown, i) => {
    if (!isHash(v)) throw new HttpSignerError(400, `sighash_string[${i}] must be a 64-character hex string`);
    return fromHex(v);
  });
  const root = o['merkle_root'];
  if (root === undefined) throw new HttpSignerError(400, 'missing merkle_root');
  if (!isHash(root)) throw new HttpSignerError(400, 'merkle_root must be a 64-character hex string');
  return { sighashes, merkleRoot: reversed(fromHex(root)) };
}

/**
 * Sign a parsed request. Throws `HttpSignerError`: 422 when topup inputs are asked for but no
 * topup key is configured, 503 when the key source fails (e.g. the HSM is unavailable).
 */
export async function signRequest(keys: KeySource, request: SignRequest): Promise<SignResponse> {
  if (request.sighashes.length > 1 && !keys.hasTopupKey) {
    throw new HttpSignerError(422, `${request.sighashes.length - 1} topup input(s) to sign but no topup key is configured`);
  }
  const base = baseKeyFor(request.merkleRoot);
  const witness: string[] = [];
  for (let i = 0; i < request.sighashes.length; i++) {
    try {
      const { der, publicKey } = await keys.sign(request.sighashes[i]!, i === 0 ? base : TOPUP_KEY);
      witness.push(`${toHex(der)} ${toHex(publicKey)}`);
    } catch (e) {
      if (e instanceof KeySourceError) throw new HttpSignerError(503, `cannot sign input ${i}: ${e.message}`);
      throw e;
    }
  }
  return { witness };
}
