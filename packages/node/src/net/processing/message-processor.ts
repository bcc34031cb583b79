import {
  BlockMessage,
  BlockTxnMessage,
  CompactBlockMessage,
  FeeFilterMessage,
  FilterAddMessage,
  FilterClearMessage,
  FilterLoadMessage,
  GetBlockTxnMessage,
  GetBlocksMessage,
  GetDataMessage,
  GetHeadersMessage,
  HeadersMessage,
  InvMessage,
  MAX_INV_SZ,
  MSG_BLOCK,
  MSG_TX,
  MSG_TYPE_MASK,
  MSG_WITNESS_FLAG,
  MempoolMessage,
  NODE_NETWORK,
  NODE_WITNESS,
  NotFoundMessage,
  RejectMessage,
  SendCmpctMessage,
  SendHeadersMessage,
  TxMessage,
  type InvItem,
  type WireMessage,
} from '@ocean-ts/wire';
import { toDisplayHex, type Transaction } from '@ocean-ts/core';
import type { MessageProcessor, NodeStateStats, Peer } from '../net-boundary.js';
import { BlockAnnouncer } from './block-announcer.js';
import { processBlockAvailability } from './block-availability.js';
import { BlockDownload } from './block-download.js';
import { BlockIntake } from './block-intake.js';
import { CompactBlockRelay } from './compact-block-relay.js';
import { MAX_BLOCKS_IN_TRANSIT_PER_PEER } from './constants.js';
import { DataServer } from './data-server.js';
import { ExtraTxns } from './extra-txns.js';
import { FeeFilterExchange } from './fee-filter-exchange.js';
import { HeaderSync } from './header-sync.js';
import type { HeaderTree } from './header-tree.js';
import { HighBandwidthPeers } from './high-bandwidth-peers.js';
import { InvBatch } from './inv-batch.js';
import { OutOfOrderBlocks } from './out-of-order-blocks.js';
import { PeerBloomFilters } from './peer-bloom-filters.js';
import { PeerSyncState } from './peer-sync-state.js';
import { ProcessorContext } from './processor-context.js';
import type { MessageProcessorOptions } from './processor-host.js';
import { TxReceiver } from './tx-receiver.js';
import { TxRelay } from './tx-relay.js';
import { TxRequests } from './tx-requests.js';

/**
 * Core 0.14's `PeerLogicValidation` (net_processing.cpp without the version/verack/ping/addr
 * parts, which belong to the connection manager): headers-first sync, parallel block download
 * with stalling detection, block and transaction relay with trickling, compact blocks (BIP152),
 * orphan transactions, `reject` messages and misbehaviour scores.
 *
 * This class owns the per-peer states and dispatches: each message goes to the part that
 * handles it (`HeaderSync`, `BlockDownload`, `BlockIntake`, `CompactBlockRelay`, `DataServer`,
 * `TxReceiver`, `TxRelay`, `TxRequests`, `FeeFilterExchange`, `BlockAnnouncer`), and
 * `sendMessages` runs their periodic work in 0.14's order.
 */
export class PeerLogic implements MessageProcessor {
  private readonly ctx: ProcessorContext;
  private readonly download: BlockDownload;
  private readonly highBandwidth: HighBandwidthPeers;
  private readonly announcer: BlockAnnouncer;
  private readonly intake: BlockIntake;
  private readonly headerSync: HeaderSync;
  private readonly txRequests: TxRequests;
  private readonly txRelay: TxRelay;
  private readonly txReceiver: TxReceiver;
  private readonly server: DataServer;
  private readonly compact: CompactBlockRelay;
  private readonly feeFilter: FeeFilterExchange;
  private readonly bloom: PeerBloomFilters;
  /** `nPreferredDownload`. */
  private preferredDownloadPeers = 0;

  constructor(opts: MessageProcessorOptions) {
    const ctx = new ProcessorContext(opts);
    this.ctx = ctx;
    const outOfOrder = new OutOfOrderBlocks();
    const extraTxns = new ExtraTxns();
    this.download = new BlockDownload(ctx, outOfOrder);
    this.highBandwidth = new HighBandwidthPeers(ctx);
    this.announcer = new BlockAnnouncer(ctx);
    this.intake = new BlockIntake(ctx, this.download, outOfOrder, this.highBandwidth, this.announcer);
    this.headerSync = new HeaderSync(ctx, this.download);
    this.txRequests = new TxRequests(ctx);
    this.txRelay = new TxRelay(ctx);
    this.txReceiver = new TxReceiver(ctx, this.txRequests, this.txRelay, extraTxns);
    this.server = new DataServer(ctx, this.txRelay);
    this.compact = new CompactBlockRelay(ctx, this.headerSync, this.download, this.intake, this.server, extraTxns);
    this.feeFilter = new FeeFilterExchange(ctx);
    this.bloom = new PeerBloomFilters(ctx);
  }

  /** The headers known (stored blocks and header-only entries). */
  get headers(): HeaderTree {
    return this.ctx.headers;
  }

  // ================================================================ peer lifecycle

  peerReady(peer: Peer): void {
    const v = peer.versionInfo;
    if (v === undefined || this.ctx.states.has(peer.id)) return;
    const client = (v.services & NODE_NETWORK) === 0n;
    const preferredDownload = (!peer.inbound || peer.whitelisted) && !client;
    const state = new PeerSyncState(peer, { preferredDownload, client, haveWitness: (v.services & NODE_WITNESS) !== 0n, relayTxes: v.relay });
    this.ctx.states.set(peer.id, state);
    if (preferredDownload) this.preferredDownloadPeers++;
    // sendheaders / sendcmpct of Core's verack handler are the connection manager's (it sent them already)
  }

  peerGone(peer: Peer): void {
    const state = this.ctx.states.get(peer.id);
    if (state === undefined) return;
    this.headerSync.peerGone(state);
    this.download.peerGone(state);
    if (state.preferredDownload) this.preferredDownloadPeers--;
    this.txReceiver.peerGone(peer.id);
    this.highBandwidth.remove(peer.id);
    this.ctx.states.delete(peer.id);
  }

  /** The per-peer state (tests, getpeerinfo). */
  stateOf(peer: Peer | number): PeerSyncState | undefined {
    return this.ctx.states.get(typeof peer === 'number' ? peer : peer.id);
  }

  /** `GetNodeStateStats` (getpeerinfo's synced_headers, synced_blocks, inflight) and `fRelayTxes` (relaytxes). */
  nodeStateStats(peer: Peer): NodeStateStats | undefined {
    const s = this.ctx.states.get(peer.id);
    if (s === undefined) return undefined;
    return {
      syncHeight: s.bestKnownBlock?.height ?? -1,
      commonHeight: s.lastCommonBlock?.height ?? -1,
      heightsInFlight: s.blocksInFlight.flatMap((q) => (q.height === undefined ? [] : [q.height])),
      relayTxes: s.relayTxes,
    };
  }

  /** Blocks in flight over all peers. */
  get blocksInFlightCount(): number {
    return this.download.size;
  }

  /** Peers asked to announce with `cmpctblock` (oldest first). */
  get highBandwidthPeers(): readonly number[] {
    return this.highBandwidth.list;
  }

  // ================================================================ messages

  async processMessage(peer: Peer, message: WireMessage): Promise<void> {
    const state = this.ctx.states.get(peer.id);
    if (state === undefined || peer.disconnecting) return;
    if (message instanceof InvMessage) return this.onInv(state, message.items);
    if (message instanceof GetDataMessage) return this.server.onGetData(state, message.items);
    if (message instanceof GetBlocksMessage) return this.server.onGetBlocks(state, message);
    if (message instanceof GetHeadersMessage) return this.server.onGetHeaders(state, message);
    if (message instanceof TxMessage) return this.txReceiver.onTx(state, message.tx);
    if (message instanceof HeadersMessage) return this.headerSync.onHeaders(state, message.headers);
    if (message instanceof BlockMessage) return this.intake.onBlock(state, message.block);
    if (message instanceof CompactBlockMessage) return this.compact.onCompactBlock(state, message);
    if (message instanceof BlockTxnMessage) return this.compact.onBlockTxn(state, message);
    if (message instanceof GetBlockTxnMessage) return this.compact.onGetBlockTxn(state, message);
    if (message instanceof MempoolMessage) return this.txRelay.onMempool(state);
    if (message instanceof SendHeadersMessage) {
      state.preferHeaders = true;
      return;
    }
    if (message instanceof SendCmpctMessage) return this.compact.onSendCmpct(state, message);
    if (message instanceof FeeFilterMessage) return this.feeFilter.onFeeFilter(state, message);
    if (message instanceof NotFoundMessage) return; // Core 0.14 ignores notfound
    if (message instanceof RejectMessage) {
      this.ctx.debug(`Reject ${message.message} code ${message.code}: ${message.reason}${message.data ? `: hash ${toDisplayHex(message.data)}` : ''} peer=${peer.id}`);
      return;
    }
    if (message instanceof FilterLoadMessage) return this.bloom.onFilterLoad(state, message);
    if (message instanceof FilterAddMessage) return this.bloom.onFilterAdd(state, message);
    if (message instanceof FilterClearMessage) return this.bloom.onFilterClear(state);
  }

  private onInv(state: PeerSyncState, items: readonly InvItem[]): void {
    if (items.length > MAX_INV_SZ) {
      this.ctx.misbehaving(state, 20, `message inv size() = ${items.length}`);
      return;
    }
    const blocksOnly = this.ctx.blocksOnlyFor(state.peer);
    const fetchFlags = state.haveWitness ? MSG_WITNESS_FLAG : 0;
    for (const item of items) {
      const type = (item.type & MSG_TYPE_MASK) >>> 0;
      if (type === MSG_BLOCK) this.headerSync.onBlockInv(state, item.hash);
      else if (type === MSG_TX) {
        const key = toDisplayHex(item.hash);
        state.inventoryKnown.add(key);
        if (blocksOnly) this.ctx.debug(`transaction (${key}) inv sent in violation of protocol peer=${state.id}`);
        else if (!this.txRequests.alreadyHave(item.hash) && !this.ctx.host.isInitialBlockDownload()) this.txRequests.askFor(state, (MSG_TX | fetchFlags) >>> 0, item.hash);
      }
    }
  }

  /**
   * `RelayTransaction`: queue `tx` for every peer's next trickle (not to peers known to have it).
   * Call after a transaction entered the pool by any path.
   */
  relayTransaction(tx: Transaction, force = false): void {
    this.txRelay.relayTransaction(tx, force);
  }

  /**
   * `UpdatedBlockTip`: call after the active chain may have changed (any path: P2P, RPC,
   * reorg). Logs Core's `UpdateTip` line for every newly connected block and queues block
   * announcements to every peer (not during initial block download). Idempotent.
   */
  updatedBlockTip(): void {
    this.announcer.updatedBlockTip();
  }

  // ================================================================ SendMessages

  /** The block rejects queued for `peer` (Core's `SendRejectsAndCheckIfBanned` sends them before its ban check). */
  sendRejects(peer: Peer): void {
    const state = this.ctx.states.get(peer.id);
    if (state === undefined) return;
    for (const r of state.rejects) peer.send(new RejectMessage('block', r.code, r.reason, r.hash));
    state.rejects.length = 0;
  }

  sendMessages(peer: Peer, nowMs: number): void {
    const state = this.ctx.states.get(peer.id);
    if (state === undefined || peer.versionInfo === undefined || peer.disconnecting) return;
    this.announcer.updatedBlockTip();
    const ibd = this.ctx.host.isInitialBlockDownload();

    this.sendRejects(peer);

    processBlockAvailability(this.ctx.headers, state);
    const fetch = state.preferredDownload || (this.preferredDownloadPeers === 0 && !state.client);
    this.headerSync.maybeStartSync(state, fetch);

    this.announcer.announceBlocks(state);
    const inv = new InvBatch(peer);
    this.announcer.queueBlockInvs(state, inv);
    this.txRelay.queueTxInvs(state, nowMs, inv);
    inv.flush();

    if (this.download.checkTimeouts(state, nowMs)) return;

    const getData: InvItem[] = [];
    if (!state.client && (fetch || !ibd) && state.blocksInFlight.length < MAX_BLOCKS_IN_TRANSIT_PER_PEER) this.download.requestBlocks(state, nowMs, getData);
    this.txRequests.requestDue(state, nowMs, getData);
    if (getData.length > 0) peer.send(new GetDataMessage(getData));

    this.feeFilter.send(state, nowMs);
    if (this.announcer.tipChanged) this.announcer.updatedBlockTip();
  }
}
