import { fromHex, isHex, type Secp256k1 } from '@ocean-ts/core';
import type { ClientDetailsDoc } from '../store/documents.js';
import type { MainstayStore } from '../store/mainstay-store.js';

/** A rejected signup input (the tool prints the message and exits non-zero). */
export class SignupError extends Error {
  override readonly name = 'SignupError';
}

export interface SignupRequest {
  /** Compressed (33 B) or uncompressed (65 B) pubkey hex; '' = no signature check on the slot. */
  readonly pubkey: string;
  readonly name: string;
}

/**
 * The pubkey as stored: '' stays '', anything else must be 33 or 65 bytes of hex that parse as a
 * secp256k1 point (the Go tool's `btcec.ParsePubKey` check); returned lowercase.
 */
export function validateSignupPubkey(secp: Secp256k1, pubkey: string): string {
  const p = pubkey.trim();
  if (p === '') return '';
  if (!isHex(p) || (p.length !== 66 && p.length !== 130)) throw new SignupError(`invalid pubkey: expected 33 or 65 bytes of hex, got "${p}"`);
  if (!secp.publicKeyVerify(fromHex(p))) throw new SignupError('invalid pubkey: not a point on secp256k1');
  return p.toLowerCase();
}

/**
 * `clientsignuptool` (spec §4.1): store a new `ClientDetails` at the lowest free position with a
 * fresh auth token. Like the Go tool it creates no `ClientCommitment` (the slot joins the tree at
 * its first commitment). The Go tool takes `max(position) + 1`; the store's `allocateClient` takes
 * the lowest free position atomically (ADR 0046) — the same slot when positions are dense.
 */
export async function signupClient(
  store: MainstayStore,
  secp: Secp256k1,
  request: SignupRequest,
  newToken: () => string,
): Promise<ClientDetailsDoc> {
  const pubkey = validateSignupPubkey(secp, request.pubkey);
  return store.allocateClient({ authToken: newToken(), pubkey, clientName: request.name }, false);
}
