/**
 * The signed submission envelope of `POST /api/v1/commitment/send`, format (a) of spec
 * mainstay.md §4.2 — what the Go `commitmenttool` and pymainstay send:
 *
 *   {"X-MAINSTAY-PAYLOAD": base64(payload JSON), "X-MAINSTAY-SIGNATURE": base64(DER) or ""}
 *   payload JSON: {"commitment": "<64 hex>", "position": <int>, "token": "<auth token>"}
 *
 * Decoding performs the server's first validation steps (1–3) and throws
 * {@link CommitmentEnvelopeError}s whose messages are the API's error strings; the signature check
 * (step 7) is {@link checkEnvelopeSignature}.
 */
import type { Secp256k1 } from '@ocean-ts/core';
import { decodeBase64Strict, verifyCommitmentSignature } from './commitment-signature.js';

export const PAYLOAD_HEADER = 'X-MAINSTAY-PAYLOAD';
export const SIGNATURE_HEADER = 'X-MAINSTAY-SIGNATURE';

/** The API error strings of a submission (spec §4.2). */
export const CommitmentEnvelopeMessages = {
  payloadNotBase64: 'X-MAINSTAY-PAYLOAD not in base64 format',
  missingCommitment: 'missing commitment parameter',
  missingPosition: 'missing position parameter',
  missingToken: 'missing token parameter',
  positionNotInt: 'position expects a int',
  commitmentNotHex: 'commitment is not a valid hex string',
  missingSignature: 'missing X-MAINSTAY-SIGNATURE',
  signatureIncorrect: 'your signature is incorrect',
} as const;

export type CommitmentEnvelopeErrorCode = keyof typeof CommitmentEnvelopeMessages;

export class CommitmentEnvelopeError extends Error {
  override readonly name = 'CommitmentEnvelopeError';
  constructor(readonly code: CommitmentEnvelopeErrorCode) {
    super(CommitmentEnvelopeMessages[code]);
  }
}

export interface CommitmentPayload {
  /** 64 hex characters; lowercased when decoded. */
  readonly commitment: string;
  readonly position: number;
  readonly token: string;
}

export interface DecodedCommitmentEnvelope {
  readonly payload: CommitmentPayload;
  /** The commitment string exactly as submitted (the signed message is its bytes). */
  readonly submittedCommitment: string;
  /** base64 DER signature, '' when absent. */
  readonly signature: string;
}

/**
 * The payload JSON text, formatted as the Go tool does (`{"commitment": "%s", "position": %d,
 * "token": "%s"}`, with JSON string escaping).
 */
export function encodeCommitmentPayload(payload: CommitmentPayload): string {
  return `{"commitment": ${JSON.stringify(payload.commitment)}, "position": ${payload.position}, "token": ${JSON.stringify(payload.token)}}`;
}

/** The request body of format (a). `signatureBase64` may be '' (unsigned slot). */
export function encodeCommitmentEnvelope(payload: CommitmentPayload, signatureBase64 = ''): string {
  const encoded = Buffer.from(encodeCommitmentPayload(payload), 'utf8').toString('base64');
  return JSON.stringify({ [PAYLOAD_HEADER]: encoded, [SIGNATURE_HEADER]: signatureBase64 });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parsePosition(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^[0-9]{1,15}$/.test(v)) return Number(v);
  return undefined;
}

/**
 * Decode and validate a format (a) request body (the raw text, or an already-parsed object).
 * Order of checks: envelope/base64/payload JSON → commitment, position, token present → commitment
 * exactly 64 hex characters → position a non-negative integer (or a string of digits).
 */
export function decodeCommitmentEnvelope(body: string | Record<string, unknown>): DecodedCommitmentEnvelope {
  const envelope = typeof body === 'string' ? parseJsonObject(body) : body;
  if (envelope === undefined) throw new CommitmentEnvelopeError('payloadNotBase64');
  const encoded = envelope[PAYLOAD_HEADER];
  const raw = typeof encoded === 'string' ? decodeBase64Strict(encoded) : undefined;
  const payload = raw === undefined ? undefined : parseJsonObject(raw.toString('utf8'));
  if (payload === undefined) throw new CommitmentEnvelopeError('payloadNotBase64');

  if (payload['commitment'] === undefined) throw new CommitmentEnvelopeError('missingCommitment');
  if (payload['position'] === undefined) throw new CommitmentEnvelopeError('missingPosition');
  if (payload['token'] === undefined) throw new CommitmentEnvelopeError('missingToken');
  const commitment = payload['commitment'];
  if (typeof commitment !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(commitment)) throw new CommitmentEnvelopeError('commitmentNotHex');
  const position = parsePosition(payload['position']);
  if (position === undefined) throw new CommitmentEnvelopeError('positionNotInt');
  const token = payload['token'];

  const sig = envelope[SIGNATURE_HEADER];
  return {
    payload: { commitment: commitment.toLowerCase(), position, token: typeof token === 'string' ? token : String(token) },
    submittedCommitment: commitment,
    signature: typeof sig === 'string' ? sig : '',
  };
}

/**
 * Step 7 of the server: with a non-empty slot pubkey the signature must be present and valid.
 * Throws `missingSignature` / `signatureIncorrect`; does nothing when `pubkeyHex` is ''.
 */
export function checkEnvelopeSignature(secp: Secp256k1, pubkeyHex: string, decoded: DecodedCommitmentEnvelope): void {
  if (pubkeyHex === '') return;
  if (decoded.signature === '') throw new CommitmentEnvelopeError('missingSignature');
  if (!verifyCommitmentSignature(secp, pubkeyHex, decoded.submittedCommitment, decoded.signature)) {
    throw new CommitmentEnvelopeError('signatureIncorrect');
  }
}
