import type { Transaction } from '@ocean-ts/core';

/** One entry of `getchaintips` (Core's shape). */
export interface ChainTip {
  readonly height: number;
  /** Display (reversed) hex. */
  readonly hash: string;
  readonly branchlen: number;
  readonly status: 'active' | 'valid-fork' | 'valid-headers' | 'headers-only' | 'invalid';
}

/** A transaction found through the txindex. */
export interface IndexedTransaction {
  readonly tx: Transaction;
  readonly blockHash: Uint8Array;
  readonly height: number;
  readonly position: number;
  /** The block is on the active chain (always true: entries are rolled back with their block). */
  readonly inActiveChain: boolean;
}

export interface ReindexProgress {
  /** Height just connected. */
  readonly height: number;
  /** Height of the best chain being rebuilt. */
  readonly targetHeight: number;
}
