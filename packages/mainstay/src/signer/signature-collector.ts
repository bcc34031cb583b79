/**
 * The daemon's side of signature collection (spec mainstay.md §6.1, `SignAttestation`): keep only
 * the latest message of each signer, then regroup the signatures per transaction input in signer
 * order. Pure: the socket code feeds it the `S` payloads it drains.
 */
import { unserialiseFrames } from './zmq-framing.js';

/**
 * Group signer messages into per-input signature lists. `messages[j]` is the framed signature list
 * of signer j (signer order = config order = pubkey order). Empty messages contribute nothing.
 * Input i's list holds, in signer order, the i-th signature of each signer that sent one; the number
 * of inputs is the longest signer list.
 */
export function groupSignaturesByInput(messages: readonly Uint8Array[]): Buffer[][] {
  const perInput: Buffer[][] = [];
  for (const message of messages) {
    if (message.length === 0) continue;
    const sigs = unserialiseFrames(message);
    for (let i = 0; i < sigs.length; i++) {
      (perInput[i] ??= []).push(sigs[i]!);
    }
  }
  return perInput;
}

/** Latest-message-per-signer bookkeeping for one signing round. */
export class SignatureCollector {
  readonly #latest: (Uint8Array | undefined)[];

  constructor(readonly signerCount: number) {
    if (!Number.isInteger(signerCount) || signerCount < 0) throw new RangeError(`invalid signer count: ${signerCount}`);
    this.#latest = new Array<Uint8Array | undefined>(signerCount);
  }

  /**
   * Record a message drained from signer `signerIndex`'s subscription. A later message replaces an
   * earlier one; an empty message is ignored (it does not erase an earlier one).
   */
  receive(signerIndex: number, payload: Uint8Array): void {
    if (!Number.isInteger(signerIndex) || signerIndex < 0 || signerIndex >= this.signerCount) {
      throw new RangeError(`signer index ${signerIndex} out of range 0..${this.signerCount - 1}`);
    }
    if (payload.length === 0) return;
    this.#latest[signerIndex] = Uint8Array.from(payload);
  }

  /** Forget every message (a new round: new pre-images were published). */
  reset(): void {
    this.#latest.fill(undefined);
  }

  /** Number of signers that have sent a non-empty message. */
  get respondedCount(): number {
    let n = 0;
    for (const m of this.#latest) if (m !== undefined) n++;
    return n;
  }

  /** The signatures per input, grouped as {@link groupSignaturesByInput}. */
  signaturesByInput(): Buffer[][] {
    return groupSignaturesByInput(Array.from(this.#latest, (m) => m ?? new Uint8Array(0)));
  }
}
