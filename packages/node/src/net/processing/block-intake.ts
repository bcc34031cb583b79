import { toDisplayHex, toHex, type Block, type Reject } from '@ocean-ts/core';
import type { BlockAnnouncer } from './block-announcer.js';
import type { BlockDownload } from './block-download.js';
import type { HighBandwidthPeers } from './high-bandwidth-peers.js';
import type { OutOfOrderBlocks, PendingBlock } from './out-of-order-blocks.js';
import { banScoreOf, p2pRejectCode, rejectMessageFor } from './p2p-reject.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

/**
 * Received blocks on their way into the chain: the `block` message, `ProcessNewBlock` through
 * the host, and `BlockChecked`'s consequences for the peer that sent it (`mapBlockSource`:
 * `reject`, misbehaviour, high-bandwidth compact relay). Blocks downloaded ahead of their parent
 * wait in `OutOfOrderBlocks`.
 */
export class BlockIntake {
  /** `mapBlockSource`: who sent a block being validated, and whether a bad one costs them. */
  private readonly blockSource = new Map<string, { peerId: number; punish: boolean }>();

  constructor(
    private readonly ctx: ProcessorContext,
    private readonly download: BlockDownload,
    private readonly outOfOrder: OutOfOrderBlocks,
    private readonly highBandwidth: HighBandwidthPeers,
    private readonly announcer: BlockAnnouncer,
  ) {}

  async onBlock(state: PeerSyncState, block: Block): Promise<void> {
    const key = toHex(block.hash);
    this.ctx.debug(`received block ${toDisplayHex(block.hash)} peer=${state.id}`);
    this.download.markBlockReceived(key);
    this.setSource(key, state.id, true);
    state.lastBlockTime = this.ctx.host.now();
    await this.submitBlock({ block, peerId: state.id, punish: true });
  }

  /** Records who sent the block `key` (hash hex) and whether an invalid one costs them. */
  setSource(key: string, peerId: number, punish: boolean): void {
    this.blockSource.set(key, { peerId, punish });
  }

  /**
   * `ProcessNewBlock` for a received block, then `BlockChecked`'s reporting to its source. A
   * block whose parent is known only as a header waits for the parent; blocks waiting for this
   * one follow once it is stored.
   */
  async submitBlock(first: PendingBlock): Promise<void> {
    const ctx = this.ctx;
    const queue: PendingBlock[] = [first];
    while (queue.length > 0) {
      const p = queue.shift()!;
      const hash = p.block.hash;
      const key = toHex(hash);
      const prev = p.block.header.prevBlockHash;
      const parentHeader = ctx.headers.get(prev);
      if (ctx.host.chain.getEntry(prev) === undefined && parentHeader !== undefined && !ctx.headers.isFailed(parentHeader)) {
        if (!this.outOfOrder.hold(p)) ctx.debug(`dropping out-of-order block ${toDisplayHex(p.block.hash)}: too many blocks wait for their parent`);
        continue;
      }
      if (!this.blockSource.has(key)) this.setSource(key, p.peerId, p.punish);
      const isNew = ctx.host.chain.getEntry(hash)?.haveData !== true;
      const r = await ctx.host.processBlock(p.block);
      if (r === null && isNew) ctx.states.get(p.peerId)?.peer.noteNewBlock?.();
      this.blockChecked(hash, r);
      this.announcer.updatedBlockTip();
      if (r === null) queue.push(...this.outOfOrder.takeChildren(key));
    }
  }

  /** `BlockChecked`: report a failed block to its source (`reject`, misbehaviour); consider high-bandwidth compact relay. */
  private blockChecked(hash: Uint8Array, r: Reject | null): void {
    const key = toHex(hash);
    const source = this.blockSource.get(key);
    this.blockSource.delete(key);
    const state = source === undefined ? undefined : this.ctx.states.get(source.peerId);
    if (r !== null) {
      if (state === undefined || source === undefined) return;
      const code = p2pRejectCode(r);
      if (rejectMessageFor('block', r, hash) !== undefined) state.rejects.push({ code, reason: r.reason, hash });
      const score = banScoreOf(r);
      if (score > 0 && source.punish) this.ctx.misbehaving(state, score, `invalid block ${toDisplayHex(hash)}: ${r.reason}`);
      return;
    }
    if (state !== undefined && !this.ctx.host.isInitialBlockDownload() && this.download.size === (this.download.has(key) ? 1 : 0)) {
      this.highBandwidth.maybeSet(state);
    }
  }
}
