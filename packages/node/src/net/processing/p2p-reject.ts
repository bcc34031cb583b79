import type { Reject } from '@ocean-ts/core';
import { MAX_REJECT_MESSAGE_LENGTH, RejectMessage } from '@ocean-ts/wire';
import { REJECT_INTERNAL } from './constants.js';

/**
 * The one place a validation `Reject` becomes P2P consequences (ARCHITECTURE §3): the ban score
 * (`CValidationState::IsInvalid(nDoS)`) and the BIP61 `reject` message, if any. Core gives two
 * reasons code 0 — `prev-blk-not-found` and the `duplicate` of a block marked invalid — so no
 * `reject` goes out for them; codes at or above `REJECT_INTERNAL` are never sent.
 */
export function banScoreOf(r: Reject): number {
  return r.score;
}

/** The reject code Core sends for `r` (0: none). */
export function p2pRejectCode(r: Reject): number {
  if (r.reason === 'prev-blk-not-found') return 0;
  if (r.reason === 'duplicate') return 0;
  return r.code;
}

/** The `reject` message for `r` about `command` (`tx` / `block`) and `hash`, or undefined when Core sends none. */
export function rejectMessageFor(command: string, r: Reject, hash: Uint8Array): RejectMessage | undefined {
  const code = p2pRejectCode(r);
  if (code <= 0 || code >= REJECT_INTERNAL) return undefined;
  return new RejectMessage(command, code, truncateReason(r.reason), hash);
}

function truncateReason(reason: string): string {
  return reason.length > MAX_REJECT_MESSAGE_LENGTH ? reason.slice(0, MAX_REJECT_MESSAGE_LENGTH) : reason;
}
