import { toHex } from '@ocean-ts/core';
import type { BlockIndexEntry } from './block-index-entry.js';

/**
 * The in-memory tree of every known block header (loaded from storage at start). Work is height + 1
 * for every block, so "most work" is "most blocks"; ties go to the entry seen first (lowest sequence).
 */
export class BlockIndex {
  private readonly byHash = new Map<string, BlockIndexEntry>();
  private readonly children = new Map<BlockIndexEntry, BlockIndexEntry[]>();
  private nextSequence = 0;

  get size(): number {
    return this.byHash.size;
  }

  get(hash: Uint8Array): BlockIndexEntry | undefined {
    return this.byHash.get(toHex(hash));
  }

  has(hash: Uint8Array): boolean {
    return this.byHash.has(toHex(hash));
  }

  /** The next first-seen sequence number. */
  takeSequence(): number {
    return this.nextSequence++;
  }

  /** Adds `entry`, linking it to its parent (which must already be present unless it is genesis). */
  add(entry: BlockIndexEntry): void {
    const key = toHex(entry.hash);
    if (this.byHash.has(key)) throw new Error(`block index already holds ${entry.hashHex}`);
    if (entry.height > 0) {
      const parent = this.get(entry.header.prevBlockHash);
      if (parent === undefined) throw new Error(`block index: parent of ${entry.hashHex} is unknown`);
      entry.parent = parent;
      const list = this.children.get(parent);
      if (list) list.push(entry);
      else this.children.set(parent, [entry]);
    }
    this.byHash.set(key, entry);
    if (entry.sequence >= this.nextSequence) this.nextSequence = entry.sequence + 1;
  }

  childrenOf(entry: BlockIndexEntry): readonly BlockIndexEntry[] {
    return this.children.get(entry) ?? [];
  }

  /** Every descendant of `entry` (not itself). */
  descendants(entry: BlockIndexEntry): BlockIndexEntry[] {
    const out: BlockIndexEntry[] = [];
    const stack = [...this.childrenOf(entry)];
    while (stack.length > 0) {
      const e = stack.pop()!;
      out.push(e);
      stack.push(...this.childrenOf(e));
    }
    return out;
  }

  entries(): IterableIterator<BlockIndexEntry> {
    return this.byHash.values();
  }

  /** Entries without children: the tips of every branch. */
  leaves(): BlockIndexEntry[] {
    return [...this.byHash.values()].filter((e) => this.childrenOf(e).length === 0);
  }

  /** The most-blocks (then first-seen) header that is not known to be invalid. */
  bestHeader(): BlockIndexEntry | undefined {
    let best: BlockIndexEntry | undefined;
    for (const e of this.byHash.values()) if (!e.isFailed && isBetter(e, best)) best = e;
    return best;
  }

  /** The last common ancestor of `a` and `b`. */
  static fork(a: BlockIndexEntry, b: BlockIndexEntry): BlockIndexEntry | undefined {
    let x: BlockIndexEntry | undefined = a;
    let y: BlockIndexEntry | undefined = b;
    while (x && y && x.height > y.height) x = x.parent;
    while (x && y && y.height > x.height) y = y.parent;
    while (x && y && x !== y) {
      x = x.parent;
      y = y.parent;
    }
    return x && y ? x : undefined;
  }
}

/** Chain selection order: more blocks first, then lower sequence (seen first, or precious). */
export function isBetter(a: BlockIndexEntry, b: BlockIndexEntry | undefined): boolean {
  if (b === undefined) return true;
  if (a.height !== b.height) return a.height > b.height;
  return a.order < b.order;
}
