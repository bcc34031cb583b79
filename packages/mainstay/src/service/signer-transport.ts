/**
 * How the attestation service talks to its signers (spec mainstay.md §6.1, §6.2). Profile A
 * publishes legacy pre-images over ZeroMQ and collects the latest `S` message of each signer;
 * Profile B POSTs BIP143 sighashes to one HTTP signer. The service treats both alike:
 * `requestSignatures` sends a round, `collectSignatures` returns what came back, grouped per
 * input. Nothing a signer returns is trusted: the service verifies every signature before use.
 */

/** One signing round. */
export interface SigningRequest {
  /** Profile A: serialised pre-images, one per input. Profile B: 32-byte BIP143 sighashes, one per input. */
  readonly items: readonly Uint8Array[];
  /** The root the spent staychain output is tweaked with (internal order; zeros = untweaked base). */
  readonly confirmedRoot: Uint8Array;
}

/** A signature as received: DER ‖ sighash byte, and (Profile B) the signer's public key. */
export interface InputSignature {
  readonly signature: Uint8Array;
  readonly pubkey?: Uint8Array;
}

export interface SignerTransport {
  /** Tell the signers the latest confirmed root (Profile A topic `C`; Profile B: nothing to do). */
  publishConfirmedHash(root: Uint8Array): Promise<void>;
  /**
   * Start a signing round (Profile A: forget earlier answers and publish `T`; Profile B: the HTTP
   * call). The service calls `resubscribe` first, as the original did before each `T`.
   */
  requestSignatures(request: SigningRequest): Promise<void>;
  /** The signatures of the current round, per input, in signer order. Throws when there are none to give. */
  collectSignatures(): Promise<InputSignature[][]>;
  /** After a signing failure (Profile A: rebuild the subscriptions). */
  resubscribe(): Promise<void>;
  close(): Promise<void>;
}

/** A transport-level failure (unreachable signer, malformed response, timeout). */
export class SignerTransportError extends Error {
  override readonly name = 'SignerTransportError';
}
