/**
 * What block production needs to know about the chain it extends. Implemented by the chain
 * package (or by a test fixture); mining depends on nothing else of the chain.
 */

/** The block a new block is built on. */
export interface TipInfo {
  readonly height: number;
  /** Block hash, internal byte order. */
  readonly hash: Uint8Array;
  readonly time: number;
  /** Median of the last 11 block times ending at the tip. */
  readonly medianTimePast: number;
  /** The tip's `proof.challenge`. */
  readonly challenge: Uint8Array;
}

/** Version and median time past of one block on the active chain (for the BIP9 state machine). */
export interface AncestorInfo {
  readonly version: number;
  readonly medianTimePast: number;
  /** Block hash (internal order); when present, BIP9 states are cached by it. */
  readonly hash?: Uint8Array;
}

/** Ancestors of the tip, by height (0 ≤ height ≤ tip height). */
export interface AncestorSource {
  ancestorAt(height: number): AncestorInfo;
}
