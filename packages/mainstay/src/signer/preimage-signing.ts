/**
 * The signer side of the Profile A messages (spec mainstay.md §2.3, §6.1): validate a `C` or `T`
 * payload and sign the pre-images — pre-image 0 with the base key tweaked by the attested hash
 * (untweaked for zero), the others with the topup key, each over `H(preimage ‖ 01000000)`; the
 * result is the framed list of `DER ‖ 01` that goes out on topic `S`.
 *
 * Validation is stricter than the original's (which signed whatever its framing decoder and
 * `wire.MsgTx` accepted): the framing must cover the payload exactly, every pre-image must be one
 * whole legacy transaction, and every pre-image must have as many inputs as the message has
 * pre-images (one pre-image per input). A rejected message is logged and answered with nothing.
 */
import { BitcoinTransaction, concatBytes } from '@ocean-ts/core';
import { preimageDigest } from '../crypto/legacy-signing.js';
import { baseKeyFor, TOPUP_KEY, type KeySource } from './key-source.js';
import { serialiseFrames, unserialiseFrames } from './zmq-framing.js';

/** A `C` or `T` payload the signer refuses. */
export class SignerInputError extends Error {
  override readonly name = 'SignerInputError';
}

const SIGHASH_ALL = Uint8Array.of(1);

/** A `C` payload: exactly 32 raw bytes, the confirmed root in internal order. */
export function parseConfirmedHash(payload: Uint8Array): Uint8Array {
  if (payload.length !== 32) throw new SignerInputError(`C message must be 32 bytes, got ${payload.length}`);
  return Uint8Array.from(payload);
}

/** A `T` payload: the framed pre-images (raw bytes, as signed). */
export function parsePreimages(payload: Uint8Array): Uint8Array[] {
  if (payload.length === 0) throw new SignerInputError('T message is empty');
  const items = unserialiseFrames(payload);
  const covered = items.reduce((n, item) => n + 1 + item.length, 0);
  if (covered !== payload.length) {
    throw new SignerInputError(`T message framing is broken: ${payload.length - covered} trailing byte(s) after ${items.length} pre-image(s)`);
  }
  items.forEach((item, k) => {
    let tx: BitcoinTransaction;
    try {
      tx = BitcoinTransaction.fromBytes(item, { allowWitness: false });
    } catch (e) {
      throw new SignerInputError(`pre-image ${k} is not a transaction: ${(e as Error).message}`);
    }
    if (tx.inputs.length !== items.length) {
      throw new SignerInputError(`pre-image ${k} has ${tx.inputs.length} input(s) but the message holds ${items.length} pre-image(s)`);
    }
  });
  return items;
}

/**
 * Sign each pre-image: k = 0 with the base key tweaked by `attestedHash` (internal bytes), k ≥ 1
 * with the topup key. Returns `DER ‖ 01` per pre-image, in order.
 */
export async function signPreimages(keys: KeySource, attestedHash: Uint8Array, preimages: readonly Uint8Array[]): Promise<Uint8Array[]> {
  if (preimages.length > 1 && !keys.hasTopupKey) {
    throw new SignerInputError(`${preimages.length - 1} topup input(s) to sign but no topup key is configured`);
  }
  const base = baseKeyFor(attestedHash);
  const out: Uint8Array[] = [];
  for (let k = 0; k < preimages.length; k++) {
    const { der } = await keys.sign(preimageDigest(preimages[k]!), k === 0 ? base : TOPUP_KEY);
    out.push(concatBytes(der, SIGHASH_ALL));
  }
  return out;
}

/** Validate a `T` payload, sign it and frame the signatures for topic `S`. */
export async function answerTransactions(keys: KeySource, attestedHash: Uint8Array, payload: Uint8Array): Promise<Buffer> {
  return serialiseFrames(await signPreimages(keys, attestedHash, parsePreimages(payload)));
}
