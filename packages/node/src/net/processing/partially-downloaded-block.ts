import { Block, bytesEqual, type BlockHeader, type Transaction } from '@ocean-ts/core';
import { shortTxId, type CompactBlockMessage, type SipHashKey } from '@ocean-ts/wire';
import { MAX_COMPACT_BLOCK_TXS } from './constants.js';

/** BIP152 `ReadStatus`. */
export type ReadStatus = 'ok' | 'invalid' | 'failed' | 'checkblock-failed';

/**
 * Core 0.14's `PartiallyDownloadedBlock`: a compact block being reconstructed from its prefilled
 * transactions, the mempool (and recently seen extra transactions), then the `blocktxn` answer.
 * Pool transactions are matched by their full-serialization hash for version-2 compact blocks and
 * by txid for version 1, as each version's short ids are computed.
 */
export class PartiallyDownloadedBlock {
  private header: BlockHeader | undefined;
  private available: (Transaction | undefined)[] = [];
  /** Transactions found in the pool (for logs / tests). */
  mempoolCount = 0;
  prefilledCount = 0;

  /** `InitData`. `candidates`: the pool's transactions (then extra ones). */
  initData(cmpct: CompactBlockMessage, candidates: Iterable<Transaction>, useWtxid: boolean): ReadStatus {
    if (cmpct.header.isNull || (cmpct.shortIds.length === 0 && cmpct.prefilled.length === 0)) return 'invalid';
    if (cmpct.shortIds.length + cmpct.prefilled.length > MAX_COMPACT_BLOCK_TXS) return 'invalid';
    this.header = cmpct.header;
    const count = cmpct.shortIds.length + cmpct.prefilled.length;
    this.available = new Array<Transaction | undefined>(count).fill(undefined);
    let i = 0;
    for (const p of cmpct.prefilled) {
      // the codec made the indexes absolute and increasing; Core's bound: no gap beyond the short ids
      if (p.index > cmpct.shortIds.length + i) return 'invalid';
      this.available[p.index] = p.tx;
      i++;
    }
    this.prefilledCount = cmpct.prefilled.length;

    const positions = new Map<bigint, number>();
    let offset = 0;
    for (let s = 0; s < cmpct.shortIds.length; s++) {
      while (this.available[s + offset] !== undefined) offset++;
      positions.set(cmpct.shortIds[s]!, s + offset);
    }
    if (positions.size !== cmpct.shortIds.length) return 'failed'; // short id collision within the block

    const key: SipHashKey = cmpct.key;
    const have = new Array<boolean>(count).fill(false);
    for (const tx of candidates) {
      if (this.mempoolCount === positions.size) break;
      const at = positions.get(shortTxId(key, useWtxid ? tx.hash : tx.txid));
      if (at === undefined) continue;
      if (!have[at]) {
        this.available[at] = tx;
        have[at] = true;
        this.mempoolCount++;
      } else if (this.available[at] !== undefined) {
        // two candidates share the short id: ask for it rather than guess
        this.available[at] = undefined;
        this.mempoolCount--;
      }
    }
    return 'ok';
  }

  isTxAvailable(index: number): boolean {
    return this.available[index] !== undefined;
  }

  get txCount(): number {
    return this.available.length;
  }

  /** Indexes of the transactions still missing (the `getblocktxn` request). */
  missingIndexes(): number[] {
    const out: number[] = [];
    this.available.forEach((tx, i) => {
      if (tx === undefined) out.push(i);
    });
    return out;
  }

  /**
   * `FillBlock`: the block from what is available plus `missing` in order. `invalid` when the
   * count of `missing` does not match; `failed` when the Merkle root does not (a short id
   * collision is possible); can be called once.
   */
  fillBlock(missing: readonly Transaction[]): { status: ReadStatus; block?: Block } {
    const header = this.header;
    if (header === undefined) return { status: 'invalid' };
    const txs: Transaction[] = [];
    let used = 0;
    for (const tx of this.available) {
      if (tx !== undefined) txs.push(tx);
      else {
        if (used >= missing.length) return { status: 'invalid' };
        txs.push(missing[used++]!);
      }
    }
    this.header = undefined;
    this.available = [];
    if (used !== missing.length) return { status: 'invalid' };
    const block = new Block(header, txs);
    const { root, mutated } = block.computeMerkleRoot();
    if (!bytesEqual(root, header.merkleRoot) || mutated) return { status: 'failed' };
    return { status: 'ok', block };
  }
}
