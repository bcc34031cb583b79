import type { Block } from '../primitives/block.js';
import { MerkleBlock } from '../primitives/merkle-block.js';
import { PartialMerkleTree } from '../primitives/partial-merkle-tree.js';
import type { BloomFilter } from './bloom-filter.js';

/** A transaction of a block that matched a bloom filter (`CMerkleBlock::vMatchedTxn`). */
export interface MatchedTransaction {
  /** Position in the block. */
  readonly index: number;
  /** Its txid (internal order). */
  readonly txid: Uint8Array;
}

/** `CMerkleBlock(block, filter)`: the `merkleblock` answer and the transactions it proves. */
export interface FilteredMerkleBlock {
  readonly merkleBlock: MerkleBlock;
  readonly matched: readonly MatchedTransaction[];
}

/**
 * Bitcoin Core's `CMerkleBlock(const CBlock&, CBloomFilter&)` over an Ocean block: every
 * transaction is run through `filter.isRelevantAndUpdate` in block order (so an output matched
 * early makes a later spend of it match), and the partial Merkle tree proves the matches.
 */
export function filteredMerkleBlock(block: Block, filter: BloomFilter): FilteredMerkleBlock {
  const txids: Uint8Array[] = [];
  const match: boolean[] = [];
  const matched: MatchedTransaction[] = [];
  block.transactions.forEach((tx, index) => {
    const txid = tx.txid;
    const relevant = filter.isRelevantAndUpdate(tx);
    if (relevant) matched.push({ index, txid });
    match.push(relevant);
    txids.push(txid);
  });
  return { merkleBlock: new MerkleBlock(block.header, PartialMerkleTree.build(txids, match)), matched };
}
