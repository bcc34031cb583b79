import {
  Reject,
  checkBlockHeader,
  contextualCheckBlockHeader,
  reject,
  toHex,
  type BlockHeader,
  type ConsensusRules,
  type Secp256k1,
} from '@ocean-ts/core';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import type { Chainstate } from '../../chain/chainstate.js';
import { HeaderNode, sameHeader, type KnownHeader } from './known-header.js';

export interface HeaderTreeOptions {
  readonly chain: Chainstate;
  readonly rules: ConsensusRules;
  readonly secp: Secp256k1;
  /** Network-adjusted time (seconds). */
  readonly adjustedTime: () => number;
}

/** `ProcessNewBlockHeaders`' result: the last header (accepted or already known) or the first failure. */
export type HeaderAcceptance = { readonly ok: true; readonly last: KnownHeader } | { readonly ok: false; readonly reject: Reject; readonly last?: KnownHeader };

/**
 * The headers-first half of Core's block index: headers received from peers whose blocks are not
 * stored yet, on top of the chain state's index (which holds only stored blocks). Every header is
 * checked as `AcceptBlockHeader` does — the block signature (`CheckBlockHeader`, chain spec §4)
 * and `ContextualCheckBlockHeader` against its parent — before it joins the tree. Lookups prefer
 * the chain state's entry, so a header whose block got stored is answered from the chain state.
 */
export class HeaderTree {
  private readonly nodes = new Map<string, HeaderNode>();
  private sequence = 0;
  private best: KnownHeader | undefined;

  constructor(private readonly opts: HeaderTreeOptions) {}

  get chain(): Chainstate {
    return this.opts.chain;
  }

  /** Header-only entries held (for tests and logs). */
  get size(): number {
    return this.nodes.size;
  }

  get(hash: Uint8Array): KnownHeader | undefined {
    const entry = this.opts.chain.getEntry(hash);
    if (entry !== undefined) return entry;
    return this.nodes.get(toHex(hash));
  }

  has(hash: Uint8Array): boolean {
    return this.get(hash) !== undefined;
  }

  /** The stored block's chain-state entry, if stored. */
  stored(hash: Uint8Array): BlockIndexEntry | undefined {
    return this.opts.chain.getEntry(hash);
  }

  /** In the active chain (`chainActive.Contains`). */
  inActiveChain(k: KnownHeader): boolean {
    const h = this.opts.chain.getBlockHash(k.height);
    return h !== undefined && sameHeader(k, this.opts.chain.getEntry(h));
  }

  /**
   * Not valid as a tree member any more (`!IsValid(BLOCK_VALID_TREE)` or a failed ancestor): some
   * block from `k` back to the active chain is marked failed in the chain state.
   */
  isFailed(k: KnownHeader): boolean {
    for (let e: KnownHeader | undefined = k; e !== undefined; e = e.parent) {
      const entry = this.opts.chain.getEntry(e.hash);
      if (entry !== undefined) {
        if (entry.isFailed) return true;
        if (this.opts.chain.isInActiveChain(entry)) return false;
      }
    }
    return false;
  }

  /** `pindexBestHeader`: the most-blocks header not known to be invalid (first seen wins ties). */
  get bestHeader(): KnownHeader {
    const fromChain = this.opts.chain.bestHeader;
    if (this.best !== undefined && this.isFailed(this.best)) this.recomputeBest();
    const mine = this.best;
    if (mine === undefined || mine.height <= fromChain.height) return fromChain;
    return mine;
  }

  /**
   * `ProcessNewBlockHeaders`: accepts `headers` in order; stops at the first failure. A known
   * header marked invalid fails with `duplicate` (score 0), an unknown parent with
   * `prev-blk-not-found` (10), an invalid parent with `bad-prevblk` (100); the header checks
   * give their own reasons and scores. The P2P reject code of the first two is 0, as in Core.
   */
  accept(headers: readonly BlockHeader[]): HeaderAcceptance {
    let last: KnownHeader | undefined;
    for (const header of headers) {
      const r = this.acceptOne(header);
      if (r instanceof Reject) return last === undefined ? { ok: false, reject: r } : { ok: false, reject: r, last };
      last = r;
    }
    if (last === undefined) throw new Error('HeaderTree.accept needs at least one header');
    return { ok: true, last };
  }

  private acceptOne(header: BlockHeader): KnownHeader | Reject {
    const known = this.get(header.hash);
    if (known !== undefined) {
      if (this.isFailed(known)) return new Reject(0, 'duplicate', 0, `block ${toHex(header.hash)} is marked invalid`);
      return known;
    }
    const parent = this.get(header.prevBlockHash);
    if (parent === undefined) return new Reject(0, 'prev-blk-not-found', 10, 'prev block not found');
    if (this.isFailed(parent)) return reject('bad-prevblk', 'prev block invalid', 100);
    const adjustedTime = this.opts.adjustedTime();
    const failed =
      checkBlockHeader(header, { rules: this.opts.rules, secp: this.opts.secp, adjustedTime }) ??
      contextualCheckBlockHeader(header, { prevHeight: parent.height, prevChallenge: parent.header.challenge, medianTimePast: parent.medianTimePast, adjustedTime }, this.opts.rules);
    if (failed) return failed;
    const node = new HeaderNode(header, parent, this.sequence++);
    this.nodes.set(toHex(header.hash), node);
    if (this.best === undefined || node.height > this.best.height) this.best = node;
    return node;
  }

  /** Drops header-only entries whose blocks the chain state now stores (they are answered from it). */
  prune(): void {
    for (const [key, node] of this.nodes) if (this.opts.chain.getEntry(node.hash) !== undefined) this.nodes.delete(key);
  }

  private recomputeBest(): void {
    this.best = undefined;
    for (const node of this.nodes.values()) {
      if (this.isFailed(node)) continue;
      if (this.best === undefined || node.height > this.best.height) this.best = node;
    }
  }
}
