import type { Secp256k1 } from '@ocean-ts/core';
import {
  checkEnvelopeSignature,
  CommitmentEnvelopeError,
  decodeCommitmentEnvelope,
  PAYLOAD_HEADER,
  SIGNATURE_HEADER,
  type DecodedCommitmentEnvelope,
} from '../clients/commitment-envelope.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { submissionDay } from './api-date.js';
import { ApiError } from './api-error.js';
import { ApiMessages } from './api-messages.js';
import { MAX_POSITION } from './api-params.js';
import { response, type ApiReply } from './api-reply.js';

function parseBody(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new ApiError(ApiMessages.payloadNotBase64);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(ApiMessages.payloadNotBase64);
  return value as Record<string, unknown>;
}

/**
 * Decode either wire format of spec §4.2 into the signed-envelope form: (a) a body carrying
 * `X-MAINSTAY-PAYLOAD` (with or without a Content-Type), or (b) the plain payload JSON, which is
 * re-wrapped as an envelope without a signature so both go through the same checks (steps 1–3).
 */
function decodeSubmission(body: Buffer): DecodedCommitmentEnvelope {
  const obj = parseBody(body);
  const envelope = Object.hasOwn(obj, PAYLOAD_HEADER)
    ? obj
    : { [PAYLOAD_HEADER]: Buffer.from(JSON.stringify(obj), 'utf8').toString('base64'), [SIGNATURE_HEADER]: '' };
  const decoded = decodeCommitmentEnvelope(envelope);
  if (decoded.payload.position > MAX_POSITION) throw new ApiError(ApiMessages.positionNotInt);
  return decoded;
}

/**
 * `POST /api/v1/commitment/send` (spec §4.2): validation steps 1–10 in the original's order, with
 * our fixes (ADR 0046): exactly 64 hex digits stored lowercase, the TS port's messages for a missing
 * commitment/position, and a slot with a pubkey is never writable without a valid signature (an
 * unsigned plain-JSON body gets `missing X-MAINSTAY-SIGNATURE`).
 */
export class CommitmentSubmission {
  constructor(
    private readonly store: MainstayStore,
    private readonly secp: Secp256k1,
    /** Milliseconds since the epoch (expiry and the free tier's day). */
    private readonly clock: () => number,
  ) {}

  async submit(body: Buffer): Promise<ApiReply> {
    try {
      return await this.run(body);
    } catch (err) {
      if (err instanceof CommitmentEnvelopeError) throw new ApiError(err.message);
      throw err;
    }
  }

  private async run(body: Buffer): Promise<ApiReply> {
    const decoded = decodeSubmission(body);
    const { commitment, position, token } = decoded.payload;
    const details = await this.store.clientDetails(position);
    if (details === undefined) throw new ApiError(ApiMessages.positionUnknown);
    if (token !== details.authToken) throw new ApiError(ApiMessages.tokenWrong);
    const now = this.clock();
    if (details.expiryDate !== undefined && details.expiryDate < now) throw new ApiError(ApiMessages.slotExpired);
    checkEnvelopeSignature(this.secp, details.pubkey, decoded);
    const existing = await this.store.clientCommitment(position);
    if (details.serviceLevel === 'free') {
      const today = submissionDay(now);
      if (existing?.date === today) throw new ApiError(ApiMessages.dailyLimit);
      await this.store.upsertClientCommitment({ clientPosition: position, commitment, date: today });
    } else {
      // `$set: {commitment}` in the original: any stored day stays.
      await this.store.upsertClientCommitment(
        existing?.date === undefined ? { clientPosition: position, commitment } : { clientPosition: position, commitment, date: existing.date },
      );
    }
    return response(ApiMessages.commitmentAdded);
  }
}
