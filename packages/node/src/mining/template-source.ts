import type { AmountMap, Transaction } from '@ocean-ts/core';

/** One transaction offered to the block assembler, in the order it should be considered. */
export interface TemplateCandidate {
  readonly tx: Transaction;
  /** Fees per asset (`getFee`), keyed by asset id display hex. */
  readonly fees: AmountMap;
  /** Sigop cost (legacy × 4 + P2SH × 4 + witness), computed against the UTXO view. */
  readonly sigOpCost: number;
  /** Seconds since epoch when the transaction entered the mempool (for `required_age`). */
  readonly entryTime?: number;
  /** Txids (internal order, hex) of in-mempool parents: a candidate is skipped if one was not taken. */
  readonly parents?: readonly string[];
}

/** The mempool's view for block assembly: candidates already ordered (ancestor fee rate, packages). */
export interface TemplateSource {
  candidates(): Iterable<TemplateCandidate>;
}

/** An empty source: blocks with the coinbase only. */
export const EMPTY_TEMPLATE_SOURCE: TemplateSource = { candidates: () => [] };
