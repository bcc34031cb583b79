import { bytesEqual, toHex, type Block } from '@ocean-ts/core';
import { BLOCK_DOWNLOAD_WINDOW } from './constants.js';

/** A block whose parent's data is not stored yet (downloaded out of order). */
export interface PendingBlock {
  readonly block: Block;
  readonly peerId: number;
  readonly punish: boolean;
}

/**
 * Blocks received before their parent is stored (ADR 0040, deviation 2), keyed by the parent's
 * hash; at most `BLOCK_DOWNLOAD_WINDOW` of them.
 */
export class OutOfOrderBlocks {
  private readonly byParent = new Map<string, PendingBlock[]>();
  private count = 0;

  /** Keep `p` until its parent is stored; false when it was dropped (buffer full). */
  hold(p: PendingBlock): boolean {
    const prevKey = toHex(p.block.header.prevBlockHash);
    const list = this.byParent.get(prevKey) ?? [];
    if (list.some((q) => bytesEqual(q.block.hash, p.block.hash))) return true;
    if (this.count >= BLOCK_DOWNLOAD_WINDOW) return false;
    list.push(p);
    this.byParent.set(prevKey, list);
    this.count++;
    return true;
  }

  /** Whether the block `hash` (child of `prevHash`) is waiting here. */
  has(hash: Uint8Array, prevHash: Uint8Array): boolean {
    return (this.byParent.get(toHex(prevHash)) ?? []).some((p) => bytesEqual(p.block.hash, hash));
  }

  /** Removes and returns the blocks waiting for the parent `parentKey` (hash hex). */
  takeChildren(parentKey: string): PendingBlock[] {
    const children = this.byParent.get(parentKey);
    if (children === undefined) return [];
    this.byParent.delete(parentKey);
    this.count -= children.length;
    return children;
  }
}
