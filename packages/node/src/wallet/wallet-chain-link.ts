import type { Block, Transaction } from '@ocean-ts/core';
import type { LedgerChainSource } from './ledger/ledger-types.js';

/** The active chain as the node's chain state offers it (`Chainstate` fits). */
export interface ActiveChainReader {
  readonly height: number;
  getBlockHash(height: number): Uint8Array | undefined;
  getBlock(hash: Uint8Array): Block | undefined;
}

/** The mempool as the wallet follows it (`Mempool` fits): txids are display hex. */
export interface WalletMempoolView {
  has(txid: string): boolean;
  txids(): string[];
  get(txid: string): { readonly tx: Transaction } | undefined;
}

/** The ledger's rescan/sync source over the node's active chain. */
export function ledgerChainSource(chain: ActiveChainReader): LedgerChainSource {
  return {
    get tipHeight() {
      return chain.height;
    },
    blockHashAt: (height) => (height < 0 ? undefined : chain.getBlockHash(height)),
    blockAt: (height) => {
      const hash = height < 0 ? undefined : chain.getBlockHash(height);
      return hash === undefined ? undefined : chain.getBlock(hash);
    },
  };
}

/**
 * `FindEarliestAtLeast(time)`: the first active-chain height whose maximum block time so far
 * (`nTimeMax`) is at least `time`, or undefined when no block is that late.
 */
export function earliestHeightAtLeast(chain: ActiveChainReader, time: number): number | undefined {
  let max = 0;
  for (let h = 0; h <= chain.height; h++) {
    const hash = chain.getBlockHash(h);
    const block = hash === undefined ? undefined : chain.getBlock(hash);
    if (block === undefined) continue;
    max = Math.max(max, block.header.time);
    if (max >= time) return h;
  }
  return undefined;
}

