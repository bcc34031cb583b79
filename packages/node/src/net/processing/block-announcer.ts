import { CompactBlockMessage, HeadersMessage, InvItem, MSG_BLOCK } from '@ocean-ts/wire';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import { peerHasHeader } from './block-availability.js';
import { MAX_BLOCKS_TO_ANNOUNCE } from './constants.js';
import type { InvBatch } from './inv-batch.js';
import { lastCommonAncestor } from './known-header.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';
import { TipProgressLog } from './tip-progress-log.js';

/**
 * Tip changes and block announcements: `UpdatedBlockTip` (the `UpdateTip` log line, queueing
 * the new blocks for every peer) and SendMessages' announcement by `headers`, `cmpctblock` or
 * `inv`, as each peer prefers.
 */
export class BlockAnnouncer {
  private lastTip: BlockIndexEntry;
  private readonly tipLog: TipProgressLog;

  constructor(private readonly ctx: ProcessorContext) {
    this.lastTip = ctx.host.chain.tip;
    this.tipLog = new TipProgressLog(ctx.opts.logger);
  }

  /** The chain's tip moved since the last `updatedBlockTip`. */
  get tipChanged(): boolean {
    return this.ctx.host.chain.tip !== this.lastTip;
  }

  /**
   * `UpdatedBlockTip`: call after the active chain may have changed (any path: P2P, RPC,
   * reorg). Logs Core's `UpdateTip` line for every newly connected block, queues block
   * announcements to every peer (not during initial block download).
   * Idempotent: nothing happens while the tip stays the same.
   */
  updatedBlockTip(): void {
    const ctx = this.ctx;
    const tip = ctx.host.chain.tip;
    const old = this.lastTip;
    if (tip === old) return;
    this.lastTip = tip;
    const fork = lastCommonAncestor(old, tip);
    const connected: BlockIndexEntry[] = [];
    for (let e: BlockIndexEntry | undefined = tip; e !== undefined && (fork === undefined || e.height > fork.height); e = e.parent) connected.push(e);
    connected.reverse();
    const bestHeight = Math.max(ctx.headers.bestHeader.height, tip.height);
    for (const e of connected) this.tipLog.report(e, bestHeight);
    ctx.headers.prune();
    if (!ctx.host.isInitialBlockDownload()) {
      const hashes = connected.slice(-MAX_BLOCKS_TO_ANNOUNCE).map((e) => e.hash);
      for (const s of ctx.states.values()) {
        const start = s.peer.versionInfo?.startHeight ?? -1;
        if (tip.height > (start !== -1 ? start - 2000 : 0)) s.blockHashesToAnnounce.push(...hashes);
      }
    }
  }

  /** Block announcements: `headers`, one `cmpctblock`, or an `inv` of the last block, as the peer prefers. */
  announceBlocks(state: PeerSyncState): void {
    if (state.blockHashesToAnnounce.length === 0) return;
    const chain = this.ctx.host.chain;
    const hashes = state.blockHashesToAnnounce;
    state.blockHashesToAnnounce = [];
    let revertToInv = !(state.preferHeaders || state.preferHeaderAndIds) || hashes.length > MAX_BLOCKS_TO_ANNOUNCE;
    const toSend: BlockIndexEntry[] = [];
    let bestIndex: BlockIndexEntry | undefined;
    if (!revertToInv) {
      let foundStart = false;
      for (const hash of hashes) {
        const e = chain.getEntry(hash);
        if (e === undefined || !chain.isInActiveChain(e)) {
          revertToInv = true; // reorged away meanwhile
          break;
        }
        if (bestIndex !== undefined && e.parent !== bestIndex) {
          revertToInv = true; // not one connected run
          break;
        }
        bestIndex = e;
        if (foundStart) toSend.push(e);
        else if (peerHasHeader(state, e)) continue;
        else if (e.parent === undefined || peerHasHeader(state, e.parent)) {
          foundStart = true;
          toSend.push(e);
        } else {
          revertToInv = true; // the peer lacks the parent: an inv lets it ask for headers
          break;
        }
      }
    }
    if (!revertToInv && toSend.length > 0) {
      if (toSend.length === 1 && state.preferHeaderAndIds) {
        const block = chain.getBlock(toSend[0]!.hash);
        if (block !== undefined) state.peer.send(CompactBlockMessage.fromBlock(block, this.ctx.nonce(), state.wantsCmpctWitness));
        state.bestHeaderSent = bestIndex;
      } else if (state.preferHeaders) {
        if (toSend.length > 1) this.ctx.debug(`sending header-and-ids ... ${toSend.length} headers to peer=${state.id}`);
        state.peer.send(new HeadersMessage(toSend.map((e) => e.header)));
        state.bestHeaderSent = bestIndex;
      } else revertToInv = true;
    }
    if (revertToInv) {
      const last = chain.getEntry(hashes[hashes.length - 1]!);
      if (last !== undefined && !peerHasHeader(state, last)) {
        state.blocksToSend.push(last.hash);
        this.ctx.debug(`sending inv peer=${state.id} hash=${last.hashHex}`);
      }
    }
  }

  /** The block part of SendMessages' `inv`: everything queued, at once. */
  queueBlockInvs(state: PeerSyncState, inv: InvBatch): void {
    for (const h of state.blocksToSend) inv.push(new InvItem(MSG_BLOCK, h));
    state.blocksToSend = [];
  }
}
