import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { bytesEqual } from '../encoding/hex.js';
import type { Block } from './block.js';
import { BlockHeader } from './block-header.js';
import { PartialMerkleTree } from './partial-merkle-tree.js';

/**
 * Bitcoin Core's `CMerkleBlock` with Ocean's header: the block header in its network
 * serialization (proof challenge and solution included) followed by a `PartialMerkleTree` over the
 * block's txids. This is what `gettxoutproof` returns and `verifytxoutproof` checks.
 */
export class MerkleBlock {
  constructor(
    readonly header: BlockHeader,
    readonly tree: PartialMerkleTree,
  ) {}

  /** `CMerkleBlock(block, txids)`: proves the transactions of `block` whose txid is in `txids`. */
  static fromBlock(block: Block, txids: readonly Uint8Array[]): MerkleBlock {
    const ids = block.transactions.map((tx) => tx.txid);
    const match = ids.map((id) => txids.some((t) => bytesEqual(t, id)));
    return new MerkleBlock(block.header, PartialMerkleTree.build(ids, match));
  }

  write(w: Writer): void {
    this.header.write(w, true);
    this.tree.write(w);
  }

  toBytes(): Uint8Array {
    const w = new Writer();
    this.write(w);
    return w.finish();
  }

  static read(r: Reader): MerkleBlock {
    const header = BlockHeader.read(r);
    return new MerkleBlock(header, PartialMerkleTree.read(r));
  }

  /** Like a `CDataStream` read: trailing bytes after the proof are ignored. Throws `DecodeError`. */
  static decodePrefix(bytes: Uint8Array): MerkleBlock {
    return MerkleBlock.read(new Reader(bytes));
  }
}
