import { toDisplayHex, toHex } from '@ocean-ts/core';
import { InvItem } from '@ocean-ts/wire';
import { processBlockAvailability } from './block-availability.js';
import {
  BLOCK_DOWNLOAD_TIMEOUT_BASE,
  BLOCK_DOWNLOAD_TIMEOUT_PER_PEER,
  BLOCK_DOWNLOAD_WINDOW,
  BLOCK_STALLING_TIMEOUT,
  MAX_BLOCKS_IN_TRANSIT_PER_PEER,
} from './constants.js';
import { lastCommonAncestor, sameHeader, type KnownHeader } from './known-header.js';
import type { OutOfOrderBlocks } from './out-of-order-blocks.js';
import type { PeerSyncState, QueuedBlock } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

/** One entry of `mapBlocksInFlight`. */
export interface InFlight {
  readonly peerId: number;
  readonly queued: QueuedBlock;
}

/**
 * Parallel block download as Core 0.14 schedules it: the blocks in flight over all peers
 * (`mapBlocksInFlight`, at most 16 per peer), `FindNextBlocksToDownload` inside the 1024-block
 * window past the last common block, stalling detection and the download timeout.
 */
export class BlockDownload {
  /** `mapBlocksInFlight` (block hash hex). */
  private readonly inFlight = new Map<string, InFlight>();
  /** `nPeersWithValidatedDownloads`. */
  private peersWithValidatedDownloads = 0;

  constructor(
    private readonly ctx: ProcessorContext,
    private readonly outOfOrder: OutOfOrderBlocks,
  ) {}

  /** Blocks in flight over all peers. */
  get size(): number {
    return this.inFlight.size;
  }

  /** The in-flight entry of a block (hash hex). */
  get(key: string): InFlight | undefined {
    return this.inFlight.get(key);
  }

  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** A block received (or waiting for its parent): its data is here. */
  haveData(hash: Uint8Array): boolean {
    const e = this.ctx.host.chain.getEntry(hash);
    if (e !== undefined && e.haveData) return true;
    const k = this.ctx.headers.get(hash);
    if (k === undefined) return false;
    return this.outOfOrder.has(hash, k.header.prevBlockHash);
  }

  /** `MarkBlockAsInFlight`. */
  markBlockInFlight(state: PeerSyncState, hash: Uint8Array, header: KnownHeader | undefined): QueuedBlock {
    const key = toHex(hash);
    const existing = this.inFlight.get(key);
    if (existing !== undefined && existing.peerId === state.id) return existing.queued;
    this.markBlockReceived(key);
    const queued: QueuedBlock = { hash, hashHex: key, height: header?.height, validatedHeaders: header !== undefined, partial: undefined };
    state.blocksInFlight.push(queued);
    if (queued.validatedHeaders) state.blocksInFlightValidHeaders++;
    if (state.blocksInFlight.length === 1) state.downloadingSince = this.ctx.clockMs();
    if (state.blocksInFlightValidHeaders === 1 && queued.validatedHeaders) this.peersWithValidatedDownloads++;
    this.inFlight.set(key, { peerId: state.id, queued });
    return queued;
  }

  /** `MarkBlockAsReceived`: true when the block was in flight. */
  markBlockReceived(key: string): boolean {
    const f = this.inFlight.get(key);
    if (f === undefined) return false;
    this.inFlight.delete(key);
    const state = this.ctx.states.get(f.peerId);
    if (state === undefined) return true;
    if (f.queued.validatedHeaders) {
      state.blocksInFlightValidHeaders--;
      if (state.blocksInFlightValidHeaders === 0) this.peersWithValidatedDownloads--;
    }
    const at = state.blocksInFlight.indexOf(f.queued);
    if (at === 0) state.downloadingSince = Math.max(state.downloadingSince, this.ctx.clockMs());
    if (at >= 0) state.blocksInFlight.splice(at, 1);
    state.stallingSince = 0;
    return true;
  }

  /** `FinalizeNode`'s part: the peer's blocks are no longer in flight. */
  peerGone(state: PeerSyncState): void {
    for (const q of state.blocksInFlight) this.inFlight.delete(q.hashHex);
    if (state.blocksInFlightValidHeaders > 0) this.peersWithValidatedDownloads--;
  }

  /** SendMessages' stalling and download-timeout checks; true when the peer was disconnected. */
  checkTimeouts(state: PeerSyncState, nowMs: number): boolean {
    const peer = state.peer;
    if (state.stallingSince > 0 && state.stallingSince < nowMs - BLOCK_STALLING_TIMEOUT * 1000) {
      this.ctx.info(`Peer=${peer.id} is stalling block download, disconnecting`);
      peer.disconnect('stalling block download');
      return true;
    }
    const head = state.blocksInFlight[0];
    if (head !== undefined) {
      const others = this.peersWithValidatedDownloads - (state.blocksInFlightValidHeaders > 0 ? 1 : 0);
      const spacingMs = Number(this.ctx.host.params.consensus.powTargetSpacing) * 1000;
      const timeout = (spacingMs * (BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER * others)) / 1_000_000;
      if (nowMs > state.downloadingSince + timeout) {
        this.ctx.info(`Timeout downloading block ${toDisplayHex(head.hash)} from peer=${peer.id}, disconnecting`);
        peer.disconnect('block download timeout');
        return true;
      }
    }
    return false;
  }

  /** SendMessages' block requests: fill the peer's 16 slots into `getData`; start a stall timer on the peer holding the window. */
  requestBlocks(state: PeerSyncState, nowMs: number, getData: InvItem[]): void {
    const { blocks, staller } = this.findNextBlocksToDownload(state, MAX_BLOCKS_IN_TRANSIT_PER_PEER - state.blocksInFlight.length);
    for (const k of blocks) {
      getData.push(new InvItem(this.ctx.blockFetchType(state), k.hash));
      this.markBlockInFlight(state, k.hash, k);
      this.ctx.debug(`Requesting block ${toDisplayHex(k.hash)} (${k.height}) peer=${state.id}`);
    }
    if (state.blocksInFlight.length === 0 && staller !== undefined) {
      const s = this.ctx.states.get(staller);
      if (s !== undefined && s.stallingSince === 0) {
        s.stallingSince = nowMs;
        this.ctx.debug(`Stall started peer=${staller}`);
      }
    }
  }

  /** `FindNextBlocksToDownload`: up to `count` blocks to ask this peer for, and who stalls the window. */
  private findNextBlocksToDownload(state: PeerSyncState, count: number): { blocks: KnownHeader[]; staller: number | undefined } {
    const blocks: KnownHeader[] = [];
    let staller: number | undefined;
    if (count === 0) return { blocks, staller };
    const headers = this.ctx.headers;
    processBlockAvailability(headers, state);
    const chain = this.ctx.host.chain;
    const best = state.bestKnownBlock;
    if (best === undefined || best.height < chain.tip.height || headers.isFailed(best)) return { blocks, staller };
    if (state.lastCommonBlock === undefined) state.lastCommonBlock = chain.getEntry(chain.getBlockHash(Math.min(best.height, chain.height))!);
    state.lastCommonBlock = lastCommonAncestor(state.lastCommonBlock!, best) ?? chain.getEntry(chain.getBlockHash(0)!)!;
    if (sameHeader(state.lastCommonBlock, best)) return { blocks, staller };
    let walk: KnownHeader = state.lastCommonBlock;
    const windowEnd = walk.height + BLOCK_DOWNLOAD_WINDOW;
    const maxHeight = Math.min(best.height, windowEnd + 1);
    let waitingFor: number | undefined;
    while (walk.height < maxHeight) {
      const n = Math.min(maxHeight - walk.height, Math.max(count - blocks.length, 128));
      const top = best.ancestor(walk.height + n)!;
      const toFetch: KnownHeader[] = new Array<KnownHeader>(n);
      toFetch[n - 1] = top;
      for (let i = n - 1; i > 0; i--) toFetch[i - 1] = toFetch[i]!.parent!;
      walk = top;
      for (const k of toFetch) {
        if (!state.haveWitness) return { blocks, staller };
        const stored = chain.getEntry(k.hash);
        if ((stored !== undefined && stored.haveData) || headers.inActiveChain(k)) {
          if (stored !== undefined) state.lastCommonBlock = stored;
        } else if (!this.inFlight.has(toHex(k.hash)) && !this.haveData(k.hash)) {
          if (k.height > windowEnd) {
            if (blocks.length === 0 && waitingFor !== state.id) staller = waitingFor;
            return { blocks, staller };
          }
          blocks.push(k);
          if (blocks.length === count) return { blocks, staller };
        } else if (waitingFor === undefined) {
          waitingFor = this.inFlight.get(toHex(k.hash))?.peerId;
        }
      }
    }
    return { blocks, staller };
  }
}
