import { bytesEqual, toDisplayHex, toHex, type BlockHeader } from '@ocean-ts/core';
import { BlockLocator, GetDataMessage, GetHeadersMessage, InvItem, MAX_HEADERS_RESULTS, MSG_CMPCT_BLOCK, PROTOCOL_VERSION } from '@ocean-ts/wire';
import { updateBlockAvailability } from './block-availability.js';
import type { BlockDownload } from './block-download.js';
import { blockLocator } from './block-locator.js';
import { MAX_BLOCKS_IN_TRANSIT_PER_PEER, MAX_BLOCKS_TO_ANNOUNCE, MAX_UNCONNECTING_HEADERS } from './constants.js';
import type { KnownHeader } from './known-header.js';
import { banScoreOf } from './p2p-reject.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

const ZERO_HASH = new Uint8Array(32);

/**
 * Headers-first sync: the initial `getheaders` to the sync peers (`fSyncStarted`), `headers`
 * received (unconnecting and non-continuous ones scored, more asked for after a full batch),
 * block announcements by `inv`, and the direct fetch of blocks near the tip.
 */
export class HeaderSync {
  /** `nSyncStarted`. */
  private syncStarted = 0;

  constructor(
    private readonly ctx: ProcessorContext,
    private readonly download: BlockDownload,
  ) {}

  /** `getheaders` with a locator from `from`, up to `stop` (zero: as many as the peer sends). */
  sendGetHeaders(state: PeerSyncState, from: KnownHeader, stop: Uint8Array): void {
    const version = Math.min(state.peer.versionInfo?.version ?? PROTOCOL_VERSION, PROTOCOL_VERSION);
    state.peer.send(new GetHeadersMessage(new BlockLocator(version, blockLocator(this.ctx.host.chain, from)), stop));
  }

  /** SendMessages' start of sync: the initial `getheaders` (to one preferred peer, or to all once our headers are recent). */
  maybeStartSync(state: PeerSyncState, fetch: boolean): void {
    if (state.syncStarted || state.client) return;
    const bestHeader = this.ctx.headers.bestHeader;
    if ((this.syncStarted === 0 && fetch) || bestHeader.header.time > this.ctx.host.now() - 24 * 60 * 60) {
      state.syncStarted = true;
      this.syncStarted++;
      const start = bestHeader.parent ?? bestHeader;
      this.ctx.debug(`initial getheaders (${start.height}) to peer=${state.id} (startheight:${state.peer.versionInfo?.startHeight})`);
      this.sendGetHeaders(state, start, ZERO_HASH);
    }
  }

  peerGone(state: PeerSyncState): void {
    if (state.syncStarted) this.syncStarted--;
  }

  /** A block announced by `inv`: headers-first, ask for the headers up to it. */
  onBlockInv(state: PeerSyncState, hash: Uint8Array): void {
    const headers = this.ctx.headers;
    updateBlockAvailability(headers, state, hash);
    if (!headers.has(hash) && !this.download.has(toHex(hash))) {
      this.sendGetHeaders(state, headers.bestHeader, hash);
      this.ctx.debug(`getheaders (${headers.bestHeader.height}) ${toDisplayHex(hash)} to peer=${state.id}`);
    }
  }

  /** Asks for the headers after our best one when a compact block does not connect (not during IBD). */
  onUnconnectingCompactBlock(state: PeerSyncState): void {
    if (!this.ctx.host.isInitialBlockDownload()) this.sendGetHeaders(state, this.ctx.headers.bestHeader, ZERO_HASH);
  }

  async onHeaders(state: PeerSyncState, headers: readonly BlockHeader[]): Promise<void> {
    const ctx = this.ctx;
    if (headers.length > MAX_HEADERS_RESULTS) {
      ctx.misbehaving(state, 20, `headers message size = ${headers.length}`);
      return;
    }
    if (headers.length === 0) return;
    const first = headers[0]!;
    if (!ctx.headers.has(first.prevBlockHash) && headers.length < MAX_BLOCKS_TO_ANNOUNCE) {
      state.unconnectingHeaders++;
      const best = ctx.headers.bestHeader;
      this.sendGetHeaders(state, best, ZERO_HASH);
      ctx.debug(
        `received header ${toDisplayHex(first.hash)}: missing prev block ${toDisplayHex(first.prevBlockHash)}, sending getheaders (${best.height}) to end (peer=${state.id}, nUnconnectingHeaders=${state.unconnectingHeaders})`,
      );
      updateBlockAvailability(ctx.headers, state, headers[headers.length - 1]!.hash);
      if (state.unconnectingHeaders % MAX_UNCONNECTING_HEADERS === 0) ctx.misbehaving(state, 20, `${state.unconnectingHeaders} unconnecting headers`);
      return;
    }
    for (let i = 1; i < headers.length; i++) {
      if (!bytesEqual(headers[i]!.prevBlockHash, headers[i - 1]!.hash)) {
        ctx.misbehaving(state, 20, 'non-continuous headers sequence');
        return;
      }
    }
    const r = ctx.headers.accept(headers);
    if (!r.ok) {
      const score = banScoreOf(r.reject);
      if (score > 0) ctx.misbehaving(state, score, `invalid header received: ${r.reject.reason}`);
      return;
    }
    const last = r.last;
    if (state.unconnectingHeaders > 0) ctx.debug(`peer=${state.id}: resetting nUnconnectingHeaders (${state.unconnectingHeaders} -> 0)`);
    state.unconnectingHeaders = 0;
    updateBlockAvailability(ctx.headers, state, last.hash);
    if (headers.length === MAX_HEADERS_RESULTS) {
      ctx.debug(`more getheaders (${last.height}) to end to peer=${state.id} (startheight:${state.peer.versionInfo?.startHeight ?? -1})`);
      this.sendGetHeaders(state, last, ZERO_HASH);
    }
    this.directFetch(state, last);
  }

  /** The direct fetch after a `headers` message close to the tip (Core's `fCanDirectFetch` branch). */
  private directFetch(state: PeerSyncState, last: KnownHeader): void {
    const ctx = this.ctx;
    const download = this.download;
    const chain = ctx.host.chain;
    if (!ctx.canDirectFetch() || ctx.headers.isFailed(last) || chain.tip.height > last.height) return;
    const toFetch: KnownHeader[] = [];
    let walk: KnownHeader | undefined = last;
    while (walk !== undefined && !ctx.headers.inActiveChain(walk) && toFetch.length <= MAX_BLOCKS_IN_TRANSIT_PER_PEER) {
      if (!download.haveData(walk.hash) && !download.has(toHex(walk.hash)) && state.haveWitness) toFetch.push(walk);
      walk = walk.parent;
    }
    if (walk === undefined || !ctx.headers.inActiveChain(walk)) {
      ctx.debug(`Large reorg, won't direct fetch to ${toDisplayHex(last.hash)} (${last.height})`);
      return;
    }
    const getData: InvItem[] = [];
    for (const k of toFetch.reverse()) {
      if (state.blocksInFlight.length >= MAX_BLOCKS_IN_TRANSIT_PER_PEER) break;
      getData.push(new InvItem(ctx.blockFetchType(state), k.hash));
      download.markBlockInFlight(state, k.hash, k);
      ctx.debug(`Requesting block ${toDisplayHex(k.hash)} from  peer=${state.id}`);
    }
    if (getData.length > 1) ctx.debug(`Downloading blocks toward ${toDisplayHex(last.hash)} (${last.height}) via headers direct fetch`);
    if (getData.length === 0) return;
    const parent = last.parent;
    if (state.supportsDesiredCmpctVersion && getData.length === 1 && download.size === 1 && parent !== undefined && download.haveData(parent.hash)) {
      getData[0] = new InvItem(MSG_CMPCT_BLOCK, getData[0]!.hash);
    }
    state.peer.send(new GetDataMessage(getData));
  }
}
