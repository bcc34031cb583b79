import { DEFAULT_OCEAN_SERVICES, BlockMessage, BlockTxnMessage, CompactBlockMessage, FeeFilterMessage, FilterAddMessage, FilterClearMessage, FilterLoadMessage, GetBlockTxnMessage, GetBlocksMessage, GetDataMessage, GetHeadersMessage, HeadersMessage, InvItem, InvMessage, MAX_HEADERS_RESULTS, MAX_INV_SZ, MSG_BLOCK, MSG_CMPCT_BLOCK, MSG_FILTERED_BLOCK, MSG_TX, MSG_TYPE_MASK, MSG_WITNESS_BLOCK, MSG_WITNESS_FLAG, MSG_WITNESS_TX, MempoolMessage, NODE_BLOOM, NODE_NETWORK, NODE_WITNESS, NO_BLOOM_VERSION, NotFoundMessage, PROTOCOL_VERSION, RejectMessage, FEEFILTER_VERSION, SendCmpctMessage, SendHeadersMessage, TxMessage, BlockLocator, type WireMessage } from '@ocean-ts/wire';
import { Block, MAX_MONEY, OutPoint, bytesEqual, toDisplayHex, toHex, type BlockHeader, type Reject, type Transaction } from '@ocean-ts/core';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import type { Mempool } from '../../mempool/mempool.js';
import type { MessageProcessor, NodeStateStats, Peer } from '../net-boundary.js';
import { blockLocator, findForkInActiveChain, nextInActiveChain } from './block-locator.js';
import {
  AVG_FEEFILTER_BROADCAST_INTERVAL,
  BLOCK_DOWNLOAD_TIMEOUT_BASE,
  BLOCK_DOWNLOAD_TIMEOUT_PER_PEER,
  BLOCK_DOWNLOAD_WINDOW,
  BLOCK_STALLING_TIMEOUT,
  GETBLOCKS_LIMIT,
  GETDATA_TX_INTERVAL,
  HISTORICAL_BLOCK_AGE,
  INVENTORY_BROADCAST_INTERVAL,
  INVENTORY_BROADCAST_MAX,
  MAPASKFOR_MAX_SZ,
  MAX_BLOCKS_IN_TRANSIT_PER_PEER,
  MAX_BLOCKS_TO_ANNOUNCE,
  MAX_BLOCKTXN_DEPTH,
  MAX_CMPCTBLOCK_DEPTH,
  MAX_FEEFILTER_CHANGE_DELAY,
  MAX_HIGH_BANDWIDTH_PEERS,
  MAX_UNCONNECTING_HEADERS,
  RECENT_REJECTS_SIZE,
  RELAY_EXPIRY_SECONDS,
  SETASKFOR_MAX_SZ,
  STALE_BLOCK_SERVE_SECONDS,
} from './constants.js';
import { FeeFilterRounder } from './fee-filter-rounder.js';
import { HeaderTree } from './header-tree.js';
import { lastCommonAncestor, sameHeader, type KnownHeader } from './known-header.js';
import { banScoreOf, rejectMessageFor, p2pRejectCode } from './p2p-reject.js';
import { PartiallyDownloadedBlock } from './partially-downloaded-block.js';
import { PeerSyncState, type QueuedBlock } from './peer-sync-state.js';
import { poissonNextSend } from './poisson.js';
import type { MessageProcessorOptions, ProcessorHost } from './processor-host.js';
import { RollingSet } from './rolling-set.js';
import { TipProgressLog } from './tip-progress-log.js';

const ZERO_HASH = new Uint8Array(32);
/** `DEFAULT_MIN_RELAY_TX_FEE`: the fee-filter rounder's fixed base. */
const DEFAULT_MIN_RELAY_TX_FEE = 1000n;
/** `vExtraTxnForCompact` size (`-blockreconstructionextratxn` default). */
const EXTRA_TXN_FOR_COMPACT = 100;

interface InFlight {
  readonly peerId: number;
  readonly queued: QueuedBlock;
}

/** A block whose parent's data is not stored yet (downloaded out of order). */
interface PendingBlock {
  readonly block: Block;
  readonly peerId: number;
  readonly punish: boolean;
}

/**
 * Core 0.14's `PeerLogicValidation` (net_processing.cpp without the version/verack/ping/addr
 * parts, which belong to the connection manager): headers-first sync, parallel block download
 * with stalling detection, block and transaction relay with trickling, compact blocks (BIP152),
 * orphan transactions, `reject` messages and misbehaviour scores.
 *
 * Blocks reach the chain through the host's `processBlock`, transactions its mempool under
 * `acceptToMempool`. Headers received ahead of their blocks live in a `HeaderTree`. The chain
 * state stores a block only once its parent is stored, so blocks downloaded out of order wait
 * in a small buffer for their parent.
 */
export class PeerLogic implements MessageProcessor {
  private readonly host: ProcessorHost;
  readonly headers: HeaderTree;
  private readonly states = new Map<number, PeerSyncState>();
  /** `mapBlocksInFlight` (block hash hex). */
  private readonly inFlight = new Map<string, InFlight>();
  /** Blocks received before their parent (keyed by the parent's hash hex). */
  private readonly pendingByParent = new Map<string, PendingBlock[]>();
  private pendingCount = 0;
  /** `mapBlockSource`: who sent a block being validated, and whether a bad one costs them. */
  private readonly blockSource = new Map<string, { peerId: number; punish: boolean }>();
  /** `lNodesAnnouncingHeaderAndIDs`. */
  private readonly highBandwidth: number[] = [];
  /** `mapRelay` with its expiry. */
  private readonly relayMemory = new Map<string, { tx: Transaction; expires: number }>();
  /** `mapAlreadyAskedFor`: txid hex → ms of the latest scheduled request. */
  private readonly alreadyAskedFor = new Map<string, number>();
  private lastAskTime = 0;
  /** `recentRejects` and the tip it belongs to. */
  private readonly recentRejects = new RollingSet(RECENT_REJECTS_SIZE);
  private recentRejectsTip = '';
  /** Orphan txid hex → the peer it came from. */
  private readonly orphanSource = new Map<string, number>();
  /** `vExtraTxnForCompact`. */
  private readonly extraTxns: Transaction[] = [];
  private syncStarted = 0;
  private preferredDownloadPeers = 0;
  private peersWithValidatedDownloads = 0;
  private lastTip: BlockIndexEntry;
  private readonly feeRounder: FeeFilterRounder;
  private readonly clockMs: () => number;
  private readonly random: () => number;
  private readonly localServices: bigint;
  private readonly tipLog: TipProgressLog;

  constructor(private readonly opts: MessageProcessorOptions) {
    this.host = opts.host;
    this.clockMs = opts.clockMs ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.localServices = opts.localServices ?? DEFAULT_OCEAN_SERVICES;
    this.headers = new HeaderTree({ chain: this.host.chain, rules: this.host.params.consensus, secp: this.host.secp, adjustedTime: () => this.host.now() });
    this.lastTip = this.host.chain.tip;
    this.feeRounder = new FeeFilterRounder(DEFAULT_MIN_RELAY_TX_FEE, this.random);
    this.tipLog = new TipProgressLog(opts.logger);
  }

  // ================================================================ peer lifecycle

  peerReady(peer: Peer): void {
    const v = peer.versionInfo;
    if (v === undefined || this.states.has(peer.id)) return;
    const client = (v.services & NODE_NETWORK) === 0n;
    const preferredDownload = (!peer.inbound || peer.whitelisted) && !client;
    const state = new PeerSyncState(peer, { preferredDownload, client, haveWitness: (v.services & NODE_WITNESS) !== 0n, relayTxes: v.relay });
    this.states.set(peer.id, state);
    if (preferredDownload) this.preferredDownloadPeers++;
    // sendheaders / sendcmpct of Core's verack handler are the connection manager's (it sent them already)
  }

  peerGone(peer: Peer): void {
    const state = this.states.get(peer.id);
    if (state === undefined) return;
    if (state.syncStarted) this.syncStarted--;
    for (const q of state.blocksInFlight) this.inFlight.delete(q.hashHex);
    if (state.blocksInFlightValidHeaders > 0) this.peersWithValidatedDownloads--;
    if (state.preferredDownload) this.preferredDownloadPeers--;
    const pool = this.host.mempool;
    for (const [txid, from] of this.orphanSource) {
      if (from !== peer.id) continue;
      pool.orphans.erase(txid);
      this.orphanSource.delete(txid);
    }
    const hb = this.highBandwidth.indexOf(peer.id);
    if (hb >= 0) this.highBandwidth.splice(hb, 1);
    this.states.delete(peer.id);
  }

  /** The per-peer state (tests, getpeerinfo). */
  stateOf(peer: Peer | number): PeerSyncState | undefined {
    return this.states.get(typeof peer === 'number' ? peer : peer.id);
  }

  /** `GetNodeStateStats` (getpeerinfo's synced_headers, synced_blocks, inflight). */
  nodeStateStats(peer: Peer): NodeStateStats | undefined {
    const s = this.states.get(peer.id);
    if (s === undefined) return undefined;
    return {
      syncHeight: s.bestKnownBlock?.height ?? -1,
      commonHeight: s.lastCommonBlock?.height ?? -1,
      heightsInFlight: s.blocksInFlight.flatMap((q) => (q.height === undefined ? [] : [q.height])),
    };
  }

  /** Blocks in flight over all peers. */
  get blocksInFlightCount(): number {
    return this.inFlight.size;
  }

  // ================================================================ messages

  async processMessage(peer: Peer, message: WireMessage): Promise<void> {
    const state = this.states.get(peer.id);
    if (state === undefined || peer.disconnecting) return;
    if (message instanceof InvMessage) return this.onInv(state, message.items);
    if (message instanceof GetDataMessage) return this.onGetData(state, message.items);
    if (message instanceof GetBlocksMessage) return this.onGetBlocks(state, message);
    if (message instanceof GetHeadersMessage) return this.onGetHeaders(state, message);
    if (message instanceof TxMessage) return this.onTx(state, message.tx);
    if (message instanceof HeadersMessage) return this.onHeaders(state, message.headers);
    if (message instanceof BlockMessage) return this.onBlock(state, message.block);
    if (message instanceof CompactBlockMessage) return this.onCompactBlock(state, message);
    if (message instanceof BlockTxnMessage) return this.onBlockTxn(state, message);
    if (message instanceof GetBlockTxnMessage) return this.onGetBlockTxn(state, message);
    if (message instanceof MempoolMessage) return this.onMempool(state);
    if (message instanceof SendHeadersMessage) {
      state.preferHeaders = true;
      return;
    }
    if (message instanceof SendCmpctMessage) return this.onSendCmpct(state, message);
    if (message instanceof FeeFilterMessage) {
      if (message.feeRate >= 0n && message.feeRate <= MAX_MONEY) {
        state.minFeeFilter = message.feeRate;
        this.debug(`received: feefilter of ${message.feeRate} per kB from peer=${peer.id}`);
      }
      return;
    }
    if (message instanceof NotFoundMessage) return; // Core 0.14 ignores notfound
    if (message instanceof RejectMessage) {
      this.debug(`Reject ${message.message} code ${message.code}: ${message.reason}${message.data ? `: hash ${toDisplayHex(message.data)}` : ''} peer=${peer.id}`);
      return;
    }
    if (message instanceof FilterLoadMessage || message instanceof FilterAddMessage) {
      if ((this.localServices & NODE_BLOOM) !== 0n) return; // bloom filtering is not implemented: filters are accepted and ignored
      if ((peer.versionInfo?.version ?? 0) >= NO_BLOOM_VERSION) this.misbehaving(state, 100, `${message.command} with bloom filters disabled`);
      else peer.disconnect(`${message.command} with bloom filters disabled`);
      return;
    }
    if (message instanceof FilterClearMessage) {
      state.relayTxes = true;
      return;
    }
  }

  // ---------------------------------------------------------------- inv / getdata

  private onInv(state: PeerSyncState, items: readonly InvItem[]): void {
    if (items.length > MAX_INV_SZ) {
      this.misbehaving(state, 20, `message inv size() = ${items.length}`);
      return;
    }
    const blocksOnly = this.blocksOnlyFor(state.peer);
    const fetchFlags = state.haveWitness ? MSG_WITNESS_FLAG : 0;
    for (const item of items) {
      const type = (item.type & MSG_TYPE_MASK) >>> 0;
      if (type === MSG_BLOCK) {
        this.updateBlockAvailability(state, item.hash);
        if (!this.headers.has(item.hash) && !this.inFlight.has(toHex(item.hash))) {
          // headers-first: ask for the headers up to the announced block; blocks follow from them
          this.sendGetHeaders(state, this.headers.bestHeader, item.hash);
          this.debug(`getheaders (${this.headers.bestHeader.height}) ${toDisplayHex(item.hash)} to peer=${state.id}`);
        }
      } else if (type === MSG_TX) {
        const key = toDisplayHex(item.hash);
        state.inventoryKnown.add(key);
        if (blocksOnly) this.debug(`transaction (${key}) inv sent in violation of protocol peer=${state.id}`);
        else if (!this.alreadyHaveTx(item.hash) && !this.host.isInitialBlockDownload()) this.askFor(state, (MSG_TX | fetchFlags) >>> 0, item.hash);
      }
    }
  }

  private onGetData(state: PeerSyncState, items: readonly InvItem[]): void {
    if (items.length > MAX_INV_SZ) {
      this.misbehaving(state, 20, `message getdata size() = ${items.length}`);
      return;
    }
    const notFound: InvItem[] = [];
    for (const item of items) {
      if (state.peer.disconnecting) return;
      const type = (item.type & MSG_TYPE_MASK) >>> 0;
      if (type === MSG_BLOCK || type === MSG_FILTERED_BLOCK || type === MSG_CMPCT_BLOCK) this.serveBlock(state, item);
      else if (type === MSG_TX) {
        const tx = this.relayableTx(state, item.hash);
        if (tx === undefined) notFound.push(item);
        else state.peer.send(new TxMessage(tx, item.type === MSG_WITNESS_TX));
      }
    }
    if (notFound.length > 0) state.peer.send(new NotFoundMessage(notFound));
  }

  /** A transaction we may answer `getdata` with: announced recently, or in the pool since the peer's `mempool` request. */
  private relayableTx(state: PeerSyncState, txid: Uint8Array): Transaction | undefined {
    const key = toDisplayHex(txid);
    const relayed = this.relayMemory.get(key);
    if (relayed !== undefined) return relayed.tx;
    if (state.timeLastMempoolReq > 0) {
      const e = this.host.mempool.get(key);
      if (e !== undefined && e.time <= state.timeLastMempoolReq) return e.tx;
    }
    return undefined;
  }

  private serveBlock(state: PeerSyncState, item: InvItem): void {
    const chain = this.host.chain;
    const entry = chain.getEntry(item.hash);
    if (entry === undefined) return;
    let send = chain.isInActiveChain(entry);
    if (!send) {
      const best = this.headers.bestHeader;
      const spacing = Number(this.host.params.consensus.powTargetSpacing);
      send =
        entry.wasConnected &&
        !entry.isFailed &&
        best.header.time - entry.header.time < STALE_BLOCK_SERVE_SECONDS &&
        Math.abs(best.height - entry.height) * spacing < STALE_BLOCK_SERVE_SECONDS;
      if (!send) this.opts.logger?.info(`ProcessGetData: ignoring request from peer=${state.id} for old block that isn't in the main chain`);
    }
    // -maxuploadtarget: once the historical-serving limit is reached, week-old blocks (and any
    // filtered block) are no longer served to non-whitelisted peers, who are disconnected (0.14).
    if (
      send &&
      this.opts.uploadTargetReached?.(true) === true &&
      (this.headers.bestHeader.header.time - entry.header.time > HISTORICAL_BLOCK_AGE || ((item.type & MSG_TYPE_MASK) >>> 0) === MSG_FILTERED_BLOCK) &&
      !state.peer.whitelisted
    ) {
      this.debug(`historical block serving limit reached, disconnect peer=${state.id}`);
      state.peer.disconnect('historical block serving limit reached');
      return;
    }
    if (!send || !entry.haveData) return;
    const block = chain.getBlock(item.hash);
    if (block === undefined) return;
    const type = (item.type & MSG_TYPE_MASK) >>> 0;
    if (item.type === MSG_BLOCK) state.peer.send(new BlockMessage(block, false));
    else if (item.type === MSG_WITNESS_BLOCK) state.peer.send(new BlockMessage(block, true));
    else if (type === MSG_FILTERED_BLOCK) {
      // no bloom filter is ever loaded (filterload is refused or ignored): nothing to send, as Core without a filter
    } else if (item.type === MSG_CMPCT_BLOCK) {
      const witness = state.wantsCmpctWitness;
      if (this.canDirectFetch() && entry.height >= chain.height - MAX_CMPCTBLOCK_DEPTH) {
        state.peer.send(CompactBlockMessage.fromBlock(block, this.nonce(), witness));
      } else state.peer.send(new BlockMessage(block, witness));
    }
    if (state.hashContinue !== undefined && bytesEqual(item.hash, state.hashContinue)) {
      // the last block of a getblocks batch: announce our tip so the peer asks for the next batch
      state.peer.send(new InvMessage([new InvItem(MSG_BLOCK, chain.tip.hash)]));
      state.hashContinue = undefined;
    }
  }

  // ---------------------------------------------------------------- getblocks / getheaders

  private onGetBlocks(state: PeerSyncState, m: GetBlocksMessage): void {
    const chain = this.host.chain;
    let e: BlockIndexEntry | undefined = nextInActiveChain(chain, findForkInActiveChain(chain, m.locator.hashes));
    let limit = GETBLOCKS_LIMIT;
    this.debug(`getblocks ${e ? e.height : -1} to ${bytesEqual(m.hashStop, ZERO_HASH) ? 'end' : toDisplayHex(m.hashStop)} limit ${limit} from peer=${state.id}`);
    for (; e !== undefined; e = nextInActiveChain(chain, e)) {
      if (bytesEqual(e.hash, m.hashStop)) {
        this.debug(`  getblocks stopping at ${e.height} ${e.hashHex}`);
        break;
      }
      state.blocksToSend.push(e.hash);
      if (--limit <= 0) {
        this.debug(`  getblocks stopping at limit ${e.height} ${e.hashHex}`);
        state.hashContinue = e.hash;
        break;
      }
    }
  }

  private onGetHeaders(state: PeerSyncState, m: GetHeadersMessage): void {
    if (this.host.isInitialBlockDownload() && !state.peer.whitelisted) {
      this.debug(`Ignoring getheaders from peer=${state.id} because node is in initial block download`);
      return;
    }
    const chain = this.host.chain;
    let e: BlockIndexEntry | undefined;
    if (m.locator.hashes.length === 0) {
      e = chain.getEntry(m.hashStop);
      if (e === undefined) return;
    } else e = nextInActiveChain(chain, findForkInActiveChain(chain, m.locator.hashes));
    const out: BlockHeader[] = [];
    let limit = MAX_HEADERS_RESULTS;
    this.debug(`getheaders ${e ? e.height : -1} to ${bytesEqual(m.hashStop, ZERO_HASH) ? 'end' : toDisplayHex(m.hashStop)} from peer=${state.id}`);
    let last: BlockIndexEntry | undefined = e;
    for (; e !== undefined; e = nextInActiveChain(chain, e)) {
      out.push(e.header);
      last = e;
      if (--limit <= 0 || bytesEqual(e.hash, m.hashStop)) break;
    }
    // Core: the last header sent, or our tip when there was nothing to send
    state.bestHeaderSent = e !== undefined ? last : chain.tip;
    state.peer.send(new HeadersMessage(out));
  }

  // ---------------------------------------------------------------- headers

  private async onHeaders(state: PeerSyncState, headers: readonly BlockHeader[]): Promise<void> {
    if (headers.length > MAX_HEADERS_RESULTS) {
      this.misbehaving(state, 20, `headers message size = ${headers.length}`);
      return;
    }
    if (headers.length === 0) return;
    const first = headers[0]!;
    if (!this.headers.has(first.prevBlockHash) && headers.length < MAX_BLOCKS_TO_ANNOUNCE) {
      state.unconnectingHeaders++;
      const best = this.headers.bestHeader;
      this.sendGetHeaders(state, best, ZERO_HASH);
      this.debug(
        `received header ${toDisplayHex(first.hash)}: missing prev block ${toDisplayHex(first.prevBlockHash)}, sending getheaders (${best.height}) to end (peer=${state.id}, nUnconnectingHeaders=${state.unconnectingHeaders})`,
      );
      this.updateBlockAvailability(state, headers[headers.length - 1]!.hash);
      if (state.unconnectingHeaders % MAX_UNCONNECTING_HEADERS === 0) this.misbehaving(state, 20, `${state.unconnectingHeaders} unconnecting headers`);
      return;
    }
    for (let i = 1; i < headers.length; i++) {
      if (!bytesEqual(headers[i]!.prevBlockHash, headers[i - 1]!.hash)) {
        this.misbehaving(state, 20, 'non-continuous headers sequence');
        return;
      }
    }
    const r = this.headers.accept(headers);
    if (!r.ok) {
      const score = banScoreOf(r.reject);
      if (score > 0) this.misbehaving(state, score, `invalid header received: ${r.reject.reason}`);
      return;
    }
    const last = r.last;
    if (state.unconnectingHeaders > 0) this.debug(`peer=${state.id}: resetting nUnconnectingHeaders (${state.unconnectingHeaders} -> 0)`);
    state.unconnectingHeaders = 0;
    this.updateBlockAvailability(state, last.hash);
    if (headers.length === MAX_HEADERS_RESULTS) {
      this.debug(`more getheaders (${last.height}) to end to peer=${state.id} (startheight:${state.peer.versionInfo?.startHeight ?? -1})`);
      this.sendGetHeaders(state, last, ZERO_HASH);
    }
    this.directFetch(state, last);
  }

  /** The direct fetch after a `headers` message close to the tip (Core's `fCanDirectFetch` branch). */
  private directFetch(state: PeerSyncState, last: KnownHeader): void {
    const chain = this.host.chain;
    if (!this.canDirectFetch() || this.headers.isFailed(last) || chain.tip.height > last.height) return;
    const toFetch: KnownHeader[] = [];
    let walk: KnownHeader | undefined = last;
    while (walk !== undefined && !this.headers.inActiveChain(walk) && toFetch.length <= MAX_BLOCKS_IN_TRANSIT_PER_PEER) {
      if (!this.haveData(walk.hash) && !this.inFlight.has(toHex(walk.hash)) && state.haveWitness) toFetch.push(walk);
      walk = walk.parent;
    }
    if (walk === undefined || !this.headers.inActiveChain(walk)) {
      this.debug(`Large reorg, won't direct fetch to ${toDisplayHex(last.hash)} (${last.height})`);
      return;
    }
    const getData: InvItem[] = [];
    for (const k of toFetch.reverse()) {
      if (state.blocksInFlight.length >= MAX_BLOCKS_IN_TRANSIT_PER_PEER) break;
      getData.push(new InvItem(this.blockFetchType(state), k.hash));
      this.markBlockInFlight(state, k.hash, k);
      this.debug(`Requesting block ${toDisplayHex(k.hash)} from  peer=${state.id}`);
    }
    if (getData.length > 1) this.debug(`Downloading blocks toward ${toDisplayHex(last.hash)} (${last.height}) via headers direct fetch`);
    if (getData.length === 0) return;
    const parent = last.parent;
    if (state.supportsDesiredCmpctVersion && getData.length === 1 && this.inFlight.size === 1 && parent !== undefined && this.haveData(parent.hash)) {
      getData[0] = new InvItem(MSG_CMPCT_BLOCK, getData[0]!.hash);
    }
    state.peer.send(new GetDataMessage(getData));
  }

  // ---------------------------------------------------------------- blocks

  private async onBlock(state: PeerSyncState, block: Block): Promise<void> {
    const key = toHex(block.hash);
    this.debug(`received block ${toDisplayHex(block.hash)} peer=${state.id}`);
    this.markBlockReceived(key);
    this.blockSource.set(key, { peerId: state.id, punish: true });
    state.lastBlockTime = this.host.now();
    await this.submitBlock({ block, peerId: state.id, punish: true });
  }

  /**
   * `ProcessNewBlock` for a received block, then `BlockChecked`'s reporting to its source. A
   * block whose parent is known only as a header waits for the parent; blocks waiting for this
   * one follow once it is stored.
   */
  private async submitBlock(first: PendingBlock): Promise<void> {
    const queue: PendingBlock[] = [first];
    while (queue.length > 0) {
      const p = queue.shift()!;
      const hash = p.block.hash;
      const key = toHex(hash);
      const prev = p.block.header.prevBlockHash;
      const parentHeader = this.headers.get(prev);
      if (this.host.chain.getEntry(prev) === undefined && parentHeader !== undefined && !this.headers.isFailed(parentHeader)) {
        this.holdForParent(p);
        continue;
      }
      if (!this.blockSource.has(key)) this.blockSource.set(key, { peerId: p.peerId, punish: p.punish });
      const isNew = this.host.chain.getEntry(hash)?.haveData !== true;
      const r = await this.host.processBlock(p.block);
      if (r === null && isNew) this.states.get(p.peerId)?.peer.noteNewBlock?.();
      this.blockChecked(hash, r);
      this.updatedBlockTip();
      if (r === null) {
        const children = this.pendingByParent.get(key);
        if (children !== undefined) {
          this.pendingByParent.delete(key);
          this.pendingCount -= children.length;
          queue.push(...children);
        }
      }
    }
  }

  private holdForParent(p: PendingBlock): void {
    const prevKey = toHex(p.block.header.prevBlockHash);
    const list = this.pendingByParent.get(prevKey) ?? [];
    if (list.some((q) => bytesEqual(q.block.hash, p.block.hash))) return;
    if (this.pendingCount >= BLOCK_DOWNLOAD_WINDOW) {
      this.debug(`dropping out-of-order block ${toDisplayHex(p.block.hash)}: too many blocks wait for their parent`);
      return;
    }
    list.push(p);
    this.pendingByParent.set(prevKey, list);
    this.pendingCount++;
  }

  /** A block received (or waiting for its parent): its data is here. */
  private haveData(hash: Uint8Array): boolean {
    const e = this.host.chain.getEntry(hash);
    if (e !== undefined && e.haveData) return true;
    const k = this.headers.get(hash);
    if (k === undefined) return false;
    return (this.pendingByParent.get(toHex(k.header.prevBlockHash)) ?? []).some((p) => bytesEqual(p.block.hash, hash));
  }

  /** `BlockChecked`: report a failed block to its source (`reject`, misbehaviour); consider high-bandwidth compact relay. */
  private blockChecked(hash: Uint8Array, r: Reject | null): void {
    const key = toHex(hash);
    const source = this.blockSource.get(key);
    this.blockSource.delete(key);
    const state = source === undefined ? undefined : this.states.get(source.peerId);
    if (r !== null) {
      if (state === undefined || source === undefined) return;
      const code = p2pRejectCode(r);
      if (rejectMessageFor('block', r, hash) !== undefined) state.rejects.push({ code, reason: r.reason, hash });
      const score = banScoreOf(r);
      if (score > 0 && source.punish) this.misbehaving(state, score, `invalid block ${toDisplayHex(hash)}: ${r.reason}`);
      return;
    }
    if (state !== undefined && !this.host.isInitialBlockDownload() && this.inFlight.size === (this.inFlight.has(key) ? 1 : 0)) {
      this.maybeSetHighBandwidth(state);
    }
  }

  // ---------------------------------------------------------------- compact blocks

  private onSendCmpct(state: PeerSyncState, m: SendCmpctMessage): void {
    const witnessLocal = (this.localServices & NODE_WITNESS) !== 0n;
    if (!(m.version === 1n || (witnessLocal && m.version === 2n))) return;
    if (!state.providesHeaderAndIds) {
      state.providesHeaderAndIds = true;
      state.wantsCmpctWitness = m.version === 2n;
    }
    if (state.wantsCmpctWitness === (m.version === 2n)) state.preferHeaderAndIds = m.announce;
    if (!state.supportsDesiredCmpctVersion) state.supportsDesiredCmpctVersion = witnessLocal ? m.version === 2n : m.version === 1n;
  }

  /** `MaybeSetPeerAsAnnouncingHeaderAndIDs`: ask up to three peers to announce with `cmpctblock`. */
  private maybeSetHighBandwidth(state: PeerSyncState): void {
    if (!state.supportsDesiredCmpctVersion || !state.providesHeaderAndIds) return;
    const version = (this.localServices & NODE_WITNESS) !== 0n ? 2n : 1n;
    const at = this.highBandwidth.indexOf(state.id);
    if (at >= 0) {
      this.highBandwidth.splice(at, 1);
      this.highBandwidth.push(state.id);
      return;
    }
    if (this.highBandwidth.length >= MAX_HIGH_BANDWIDTH_PEERS) {
      const dropped = this.highBandwidth.shift()!;
      this.states.get(dropped)?.peer.send(new SendCmpctMessage(false, version));
    }
    state.peer.send(new SendCmpctMessage(true, version));
    this.highBandwidth.push(state.id);
  }

  /** Peers asked to announce with `cmpctblock` (oldest first). */
  get highBandwidthPeers(): readonly number[] {
    return this.highBandwidth;
  }

  private async onCompactBlock(state: PeerSyncState, m: CompactBlockMessage): Promise<void> {
    const peer = state.peer;
    if (!this.headers.has(m.header.prevBlockHash)) {
      // does not connect: ask for the headers in between instead of scoring it
      if (!this.host.isInitialBlockDownload()) this.sendGetHeaders(state, this.headers.bestHeader, ZERO_HASH);
      return;
    }
    const accepted = this.headers.accept([m.header]);
    if (!accepted.ok) {
      const score = banScoreOf(accepted.reject);
      if (score > 0) this.misbehaving(state, score, `invalid header via cmpctblock: ${accepted.reject.reason}`);
      this.opts.logger?.info(`Peer ${peer.id} sent us invalid header via cmpctblock`);
      return;
    }
    const k = accepted.last;
    const key = toHex(k.hash);
    this.updateBlockAvailability(state, k.hash);
    const flight = this.inFlight.get(key);
    const alreadyInFlight = flight !== undefined;
    if (this.haveData(k.hash)) return;
    const chain = this.host.chain;
    if (k.height <= chain.tip.height) {
      // we know something at least as good: fetch the block normally only if we asked for it
      if (alreadyInFlight) peer.send(new GetDataMessage([new InvItem(this.blockFetchType(state), k.hash)]));
      return;
    }
    if (!alreadyInFlight && !this.canDirectFetch()) return;
    if (!state.supportsDesiredCmpctVersion) return;
    const useWtxid = m.witness || state.wantsCmpctWitness;
    if (k.height <= chain.tip.height + 2) {
      if ((!alreadyInFlight && state.blocksInFlight.length < MAX_BLOCKS_IN_TRANSIT_PER_PEER) || (alreadyInFlight && flight.peerId === peer.id)) {
        let queued: QueuedBlock;
        if (alreadyInFlight && flight.peerId === peer.id) {
          queued = flight.queued;
          if (queued.partial !== undefined) {
            this.debug('Peer sent us compact block we were already syncing!');
            return;
          }
        } else queued = this.markBlockInFlight(state, k.hash, k);
        const partial = new PartiallyDownloadedBlock();
        queued.partial = partial;
        const status = partial.initData(m, this.compactCandidates(), useWtxid);
        if (status === 'invalid') {
          this.markBlockReceived(key);
          this.misbehaving(state, 100, 'invalid compact block');
          this.opts.logger?.info(`Peer ${peer.id} sent us invalid compact block`);
          return;
        }
        if (status === 'failed') {
          peer.send(new GetDataMessage([new InvItem(this.blockFetchType(state), k.hash)]));
          return;
        }
        const missing = partial.missingIndexes();
        if (missing.length === 0) return this.onBlockTxn(state, new BlockTxnMessage(k.hash, [], useWtxid));
        peer.send(new GetBlockTxnMessage(k.hash, missing));
        return;
      }
      // in flight from another peer (or this one is busy): try to reconstruct without a round trip
      const temp = new PartiallyDownloadedBlock();
      if (temp.initData(m, this.compactCandidates(), useWtxid) !== 'ok') return;
      const filled = temp.fillBlock([]);
      if (filled.status !== 'ok' || filled.block === undefined) return;
      this.blockSource.set(key, { peerId: peer.id, punish: false });
      await this.submitBlock({ block: filled.block, peerId: peer.id, punish: false });
      if (this.host.chain.getEntry(k.hash)?.haveData === true) this.markBlockReceived(key);
      return;
    }
    if (alreadyInFlight) {
      peer.send(new GetDataMessage([new InvItem(this.blockFetchType(state), k.hash)]));
      return;
    }
    // too far ahead: treat as a header announcement
    await this.onHeaders(state, [m.header]);
  }

  private async onBlockTxn(state: PeerSyncState, m: BlockTxnMessage): Promise<void> {
    const key = toHex(m.blockHash);
    const flight = this.inFlight.get(key);
    const partial = flight?.queued.partial;
    if (flight === undefined || partial === undefined || flight.peerId !== state.id) {
      this.debug(`Peer ${state.id} sent us block transactions for block we weren't expecting`);
      return;
    }
    const filled = partial.fillBlock(m.transactions);
    if (filled.status === 'invalid') {
      this.markBlockReceived(key);
      this.misbehaving(state, 100, 'invalid compact block/non-matching block transactions');
      this.opts.logger?.info(`Peer ${state.id} sent us invalid compact block/non-matching block transactions`);
      return;
    }
    if (filled.status === 'failed' || filled.block === undefined) {
      // a short-id collision is possible: fall back to the full block
      flight.queued.partial = undefined;
      state.peer.send(new GetDataMessage([new InvItem(this.blockFetchType(state), m.blockHash)]));
      return;
    }
    this.markBlockReceived(key);
    // BIP152: a compact block is relayed after checking the header only; an invalid block costs nothing
    this.blockSource.set(key, { peerId: state.id, punish: false });
    state.lastBlockTime = this.host.now();
    await this.submitBlock({ block: filled.block, peerId: state.id, punish: false });
  }

  private onGetBlockTxn(state: PeerSyncState, m: GetBlockTxnMessage): void {
    const chain = this.host.chain;
    const entry = chain.getEntry(m.blockHash);
    if (entry === undefined || !entry.haveData) {
      this.opts.logger?.info(`Peer ${state.id} sent us a getblocktxn for a block we don't have`);
      return;
    }
    if (entry.height < chain.height - MAX_BLOCKTXN_DEPTH) {
      this.debug(`Peer ${state.id} sent us a getblocktxn for a block > ${MAX_BLOCKTXN_DEPTH} deep`);
      this.serveBlock(state, new InvItem(state.wantsCmpctWitness ? MSG_WITNESS_BLOCK : MSG_BLOCK, m.blockHash));
      return;
    }
    const block = chain.getBlock(m.blockHash);
    if (block === undefined) return;
    const txs: Transaction[] = [];
    for (const i of m.indexes) {
      const tx = block.transactions[i];
      if (tx === undefined) {
        this.misbehaving(state, 100, 'getblocktxn with out-of-bounds tx indices');
        this.opts.logger?.info(`Peer ${state.id} sent us a getblocktxn with out-of-bounds tx indices`);
        return;
      }
      txs.push(tx);
    }
    state.peer.send(new BlockTxnMessage(m.blockHash, txs, state.wantsCmpctWitness));
  }

  /** The pool's transactions, then the recent extra ones (`vExtraTxnForCompact`). */
  private *compactCandidates(): Iterable<Transaction> {
    const pool = this.host.mempool;
    for (const id of pool.txids()) {
      const e = pool.get(id);
      if (e !== undefined) yield e.tx;
    }
    yield* this.extraTxns;
  }

  private addExtraTxn(tx: Transaction): void {
    this.extraTxns.push(tx);
    if (this.extraTxns.length > EXTRA_TXN_FOR_COMPACT) this.extraTxns.shift();
  }

  // ---------------------------------------------------------------- transactions

  private async onTx(state: PeerSyncState, tx: Transaction): Promise<void> {
    const peer = state.peer;
    if (this.opts.blocksOnly === true && !(peer.whitelisted && this.opts.whitelistRelay !== false)) {
      this.debug(`transaction sent in violation of protocol peer=${peer.id}`);
      return;
    }
    const txid = tx.txid;
    const key = tx.txidHex;
    state.inventoryKnown.add(key);
    state.askFor.delete(key);
    this.alreadyAskedFor.delete(key);
    const alreadyHave = this.alreadyHaveTx(txid);
    const relay: Transaction[] = [];
    const outcome = await this.host.acceptToMempool(async (pool) => {
      if (alreadyHave) return { kind: 'have' as const };
      const r = await pool.acceptAsync(tx);
      if (r.status === 'accepted') {
        relay.push(tx);
        state.lastTxTime = this.host.now();
        peer.noteNewTransaction?.();
        this.debug(`AcceptToMemoryPool: peer=${peer.id}: accepted ${key} (poolsz ${pool.size} txn)`);
        await this.processOrphans(pool, tx, relay);
        return { kind: 'accepted' as const };
      }
      if (r.status === 'missing-inputs') return { kind: 'missing' as const };
      return { kind: 'rejected' as const, reject: r.reject };
    });
    for (const t of relay) this.relayTransaction(t);
    if (outcome.kind === 'missing') {
      const rejectedParents = tx.inputs.some((i) => this.recentRejects.has(toDisplayHex(i.prevout.txid)));
      if (rejectedParents) {
        this.debug(`not keeping orphan with rejected parents ${key}`);
        this.recentRejects.add(key);
        return;
      }
      const fetch = (MSG_TX | (state.haveWitness ? MSG_WITNESS_FLAG : 0)) >>> 0;
      for (const input of tx.inputs) {
        const parent = input.prevout.txid;
        state.inventoryKnown.add(toDisplayHex(parent));
        if (!this.alreadyHaveTx(parent)) this.askFor(state, fetch, parent);
      }
      const pool = this.host.mempool;
      const now = this.host.now();
      if (pool.orphans.add(tx, now)) {
        this.orphanSource.set(key, peer.id);
        this.addExtraTxn(tx);
        this.debug(`stored orphan tx ${key} (mapsz ${pool.orphans.size} outsz ${pool.orphans.size})`);
      } else if (!pool.orphans.has(key)) this.debug(`ignoring large orphan tx (size: ${tx.size}, hash: ${key})`);
      const evicted = pool.orphans.limit(this.maxOrphanTx(), now);
      if (evicted > 0) this.debug(`mapOrphan overflow, removed ${evicted} tx`);
      for (const id of this.orphanSource.keys()) if (!pool.orphans.has(id)) this.orphanSource.delete(id);
      return;
    }
    if (outcome.kind === 'accepted') return;
    const r = outcome.kind === 'rejected' ? outcome.reject : undefined;
    if (!tx.hasWitness && r?.corruptionPossible !== true) this.recentRejects.add(key);
    this.addExtraTxn(tx);
    if (peer.whitelisted && this.opts.whitelistForceRelay !== false) {
      if (r === undefined || banScoreOf(r) === 0) {
        this.opts.logger?.info(`Force relaying tx ${key} from whitelisted peer=${peer.id}`);
        this.relayTransaction(tx, true);
      } else this.opts.logger?.info(`Not relaying invalid transaction ${key} from whitelisted peer=${peer.id} (${r.reason})`);
    }
    if (r !== undefined) {
      this.debug(`${key} from peer=${peer.id} was not accepted: ${r.reason}${r.debug ? ` (${r.debug})` : ''} (code ${r.code})`);
      const msg = rejectMessageFor('tx', r, txid);
      if (msg !== undefined) peer.send(msg);
      const score = banScoreOf(r);
      if (score > 0) this.misbehaving(state, score, `invalid transaction ${key}: ${r.reason}`);
    }
  }

  /** The orphans `parent` unlocks, recursively (Core's `vWorkQueue` loop); runs under the chain lock. */
  private async processOrphans(pool: Mempool, parent: Transaction, relay: Transaction[]): Promise<void> {
    const work: Transaction[] = [parent];
    const misbehaving = new Set<number>();
    while (work.length > 0) {
      const p = work.shift()!;
      for (const orphan of pool.orphans.childrenOf(p)) {
        const id = orphan.txidHex;
        const from = this.orphanSource.get(id);
        if (from !== undefined && misbehaving.has(from)) continue;
        const r = await pool.acceptAsync(orphan);
        if (r.status === 'missing-inputs') continue;
        pool.orphans.erase(id);
        this.orphanSource.delete(id);
        if (r.status === 'accepted') {
          this.debug(`   accepted orphan tx ${id}`);
          relay.push(orphan);
          work.push(orphan);
          continue;
        }
        const score = banScoreOf(r.reject);
        if (score > 0 && from !== undefined) {
          const s = this.states.get(from);
          if (s !== undefined) this.misbehaving(s, score, `invalid orphan tx ${id}: ${r.reject.reason}`);
          misbehaving.add(from);
          this.debug(`   invalid orphan tx ${id}`);
        }
        this.debug(`   removed orphan tx ${id}`);
        if (!orphan.hasWitness && !r.reject.corruptionPossible) this.recentRejects.add(id);
      }
    }
  }

  /**
   * `RelayTransaction`: queue `tx` for every peer's next trickle (not to peers known to have it).
   * Call after a transaction entered the pool by any path.
   */
  relayTransaction(tx: Transaction, force = false): void {
    const key = tx.txidHex;
    if (!force && this.host.mempool.get(key) === undefined) return;
    if (force) this.relayMemory.set(key, { tx, expires: this.clockMs() + RELAY_EXPIRY_SECONDS * 1000 });
    for (const s of this.states.values()) if (!s.inventoryKnown.has(key)) s.txToSend.set(key, tx.txid);
  }

  private onMempool(state: PeerSyncState): void {
    if (this.opts.uploadTargetReached?.(false) === true && !state.peer.whitelisted) {
      this.debug(`mempool request with bandwidth limit reached, disconnect peer=${state.id}`);
      state.peer.disconnect('mempool request with bandwidth limit reached');
      return;
    }
    if ((this.localServices & NODE_BLOOM) === 0n && !state.peer.whitelisted) {
      this.debug(`mempool request with bloom filters disabled, disconnect peer=${state.id}`);
      state.peer.disconnect('mempool request with bloom filters disabled');
      return;
    }
    state.sendMempool = true;
  }

  /** `AlreadyHave` for a transaction. */
  private alreadyHaveTx(txid: Uint8Array): boolean {
    const tip = this.host.chain.tip.hashHex;
    if (tip !== this.recentRejectsTip) {
      this.recentRejectsTip = tip;
      this.recentRejects.clear();
    }
    const key = toDisplayHex(txid);
    const pool = this.host.mempool;
    if (this.recentRejects.has(key) || pool.has(key) || pool.orphans.has(key)) return true;
    const chain = this.host.chain;
    return chain.getCoin(new OutPoint(txid, 0)) !== undefined || chain.getCoin(new OutPoint(txid, 1)) !== undefined;
  }

  /** `CNode::AskFor`: schedule a `getdata` for a transaction, two minutes after the last peer asked. */
  private askFor(state: PeerSyncState, type: number, hash: Uint8Array): void {
    if (state.askFor.size > MAPASKFOR_MAX_SZ || state.askFor.size > SETASKFOR_MAX_SZ) return;
    const key = toDisplayHex(hash);
    if (state.askFor.has(key)) return;
    const previous = this.alreadyAskedFor.get(key);
    let now = this.clockMs() - 1000;
    now = Math.max(now, ++this.lastAskTime);
    this.lastAskTime = now;
    const at = Math.max((previous ?? -Infinity) + GETDATA_TX_INTERVAL * 1000, now);
    this.alreadyAskedFor.set(key, at);
    if (this.alreadyAskedFor.size > MAPASKFOR_MAX_SZ) this.alreadyAskedFor.delete(this.alreadyAskedFor.keys().next().value as string);
    state.askFor.set(key, { hash, at, type });
    this.debug(`askfor ${key}  ${previous ?? 0} peer=${state.id}`);
  }

  // ================================================================ block download bookkeeping

  /** `MarkBlockAsInFlight`. */
  private markBlockInFlight(state: PeerSyncState, hash: Uint8Array, header: KnownHeader | undefined): QueuedBlock {
    const key = toHex(hash);
    const existing = this.inFlight.get(key);
    if (existing !== undefined && existing.peerId === state.id) return existing.queued;
    this.markBlockReceived(key);
    const queued: QueuedBlock = { hash, hashHex: key, height: header?.height, validatedHeaders: header !== undefined, partial: undefined };
    state.blocksInFlight.push(queued);
    if (queued.validatedHeaders) state.blocksInFlightValidHeaders++;
    if (state.blocksInFlight.length === 1) state.downloadingSince = this.clockMs();
    if (state.blocksInFlightValidHeaders === 1 && queued.validatedHeaders) this.peersWithValidatedDownloads++;
    this.inFlight.set(key, { peerId: state.id, queued });
    return queued;
  }

  /** `MarkBlockAsReceived`: true when the block was in flight. */
  private markBlockReceived(key: string): boolean {
    const f = this.inFlight.get(key);
    if (f === undefined) return false;
    this.inFlight.delete(key);
    const state = this.states.get(f.peerId);
    if (state === undefined) return true;
    if (f.queued.validatedHeaders) {
      state.blocksInFlightValidHeaders--;
      if (state.blocksInFlightValidHeaders === 0) this.peersWithValidatedDownloads--;
    }
    const at = state.blocksInFlight.indexOf(f.queued);
    if (at === 0) state.downloadingSince = Math.max(state.downloadingSince, this.clockMs());
    if (at >= 0) state.blocksInFlight.splice(at, 1);
    state.stallingSince = 0;
    return true;
  }

  /** `ProcessBlockAvailability`. */
  private processBlockAvailability(state: PeerSyncState): void {
    if (state.lastUnknownBlock === undefined) return;
    const k = this.headers.get(state.lastUnknownBlock);
    if (k === undefined) return;
    if (state.bestKnownBlock === undefined || k.height >= state.bestKnownBlock.height) state.bestKnownBlock = k;
    state.lastUnknownBlock = undefined;
  }

  /** `UpdateBlockAvailability`. */
  private updateBlockAvailability(state: PeerSyncState, hash: Uint8Array): void {
    this.processBlockAvailability(state);
    const k = this.headers.get(hash);
    if (k !== undefined) {
      if (state.bestKnownBlock === undefined || k.height >= state.bestKnownBlock.height) state.bestKnownBlock = k;
    } else state.lastUnknownBlock = hash;
  }

  /** `PeerHasHeader`. */
  private peerHasHeader(state: PeerSyncState, k: KnownHeader): boolean {
    if (state.bestKnownBlock !== undefined && sameHeader(k, state.bestKnownBlock.ancestor(k.height))) return true;
    if (state.bestHeaderSent !== undefined && sameHeader(k, state.bestHeaderSent.ancestor(k.height))) return true;
    return false;
  }

  /** `FindNextBlocksToDownload`: up to `count` blocks to ask this peer for, and who stalls the window. */
  private findNextBlocksToDownload(state: PeerSyncState, count: number): { blocks: KnownHeader[]; staller: number | undefined } {
    const blocks: KnownHeader[] = [];
    let staller: number | undefined;
    if (count === 0) return { blocks, staller };
    this.processBlockAvailability(state);
    const chain = this.host.chain;
    const best = state.bestKnownBlock;
    if (best === undefined || best.height < chain.tip.height || this.headers.isFailed(best)) return { blocks, staller };
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
        if ((stored !== undefined && stored.haveData) || this.headers.inActiveChain(k)) {
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

  // ================================================================ tip changes

  /**
   * `UpdatedBlockTip`: call after the active chain may have changed (any path: P2P, RPC,
   * reorg). Logs Core's `UpdateTip` line for every newly connected block, queues block
   * announcements to every peer (not during initial block download), and forgets recent rejects.
   * Idempotent: nothing happens while the tip stays the same.
   */
  updatedBlockTip(): void {
    const chain = this.host.chain;
    const tip = chain.tip;
    const old = this.lastTip;
    if (tip === old) return;
    this.lastTip = tip;
    const fork = lastCommonAncestor(old, tip);
    const connected: BlockIndexEntry[] = [];
    for (let e: BlockIndexEntry | undefined = tip; e !== undefined && (fork === undefined || e.height > fork.height); e = e.parent) connected.push(e);
    connected.reverse();
    const bestHeight = Math.max(this.headers.bestHeader.height, tip.height);
    for (const e of connected) this.tipLog.report(e, bestHeight);
    this.headers.prune();
    if (!this.host.isInitialBlockDownload()) {
      const hashes = connected.slice(-MAX_BLOCKS_TO_ANNOUNCE).map((e) => e.hash);
      for (const s of this.states.values()) {
        const start = s.peer.versionInfo?.startHeight ?? -1;
        if (tip.height > (start !== -1 ? start - 2000 : 0)) s.blockHashesToAnnounce.push(...hashes);
      }
    }
  }

  // ================================================================ SendMessages

  /** The block rejects queued for `peer` (Core's `SendRejectsAndCheckIfBanned` sends them before its ban check). */
  sendRejects(peer: Peer): void {
    const state = this.states.get(peer.id);
    if (state === undefined) return;
    for (const r of state.rejects) peer.send(new RejectMessage('block', r.code, r.reason, r.hash));
    state.rejects.length = 0;
  }

  sendMessages(peer: Peer, nowMs: number): void {
    const state = this.states.get(peer.id);
    if (state === undefined || peer.versionInfo === undefined || peer.disconnecting) return;
    this.updatedBlockTip();
    const chain = this.host.chain;
    const ibd = this.host.isInitialBlockDownload();

    this.sendRejects(peer);

    this.processBlockAvailability(state);
    const fetch = state.preferredDownload || (this.preferredDownloadPeers === 0 && !state.client);
    const bestHeader = this.headers.bestHeader;
    if (!state.syncStarted && !state.client) {
      if ((this.syncStarted === 0 && fetch) || bestHeader.header.time > this.host.now() - 24 * 60 * 60) {
        state.syncStarted = true;
        this.syncStarted++;
        const start = bestHeader.parent ?? bestHeader;
        this.debug(`initial getheaders (${start.height}) to peer=${peer.id} (startheight:${peer.versionInfo.startHeight})`);
        this.sendGetHeaders(state, start, ZERO_HASH);
      }
    }

    this.announceBlocks(state);
    this.sendInventory(state, nowMs);

    // stalling and download timeouts
    if (state.stallingSince > 0 && state.stallingSince < nowMs - BLOCK_STALLING_TIMEOUT * 1000) {
      this.opts.logger?.info(`Peer=${peer.id} is stalling block download, disconnecting`);
      peer.disconnect('stalling block download');
      return;
    }
    const head = state.blocksInFlight[0];
    if (head !== undefined) {
      const others = this.peersWithValidatedDownloads - (state.blocksInFlightValidHeaders > 0 ? 1 : 0);
      const spacingMs = Number(this.host.params.consensus.powTargetSpacing) * 1000;
      const timeout = (spacingMs * (BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER * others)) / 1_000_000;
      if (nowMs > state.downloadingSince + timeout) {
        this.opts.logger?.info(`Timeout downloading block ${toDisplayHex(head.hash)} from peer=${peer.id}, disconnecting`);
        peer.disconnect('block download timeout');
        return;
      }
    }

    // getdata: blocks
    const getData: InvItem[] = [];
    if (!state.client && (fetch || !ibd) && state.blocksInFlight.length < MAX_BLOCKS_IN_TRANSIT_PER_PEER) {
      const { blocks, staller } = this.findNextBlocksToDownload(state, MAX_BLOCKS_IN_TRANSIT_PER_PEER - state.blocksInFlight.length);
      for (const k of blocks) {
        getData.push(new InvItem(this.blockFetchType(state), k.hash));
        this.markBlockInFlight(state, k.hash, k);
        this.debug(`Requesting block ${toDisplayHex(k.hash)} (${k.height}) peer=${peer.id}`);
      }
      if (state.blocksInFlight.length === 0 && staller !== undefined) {
        const s = this.states.get(staller);
        if (s !== undefined && s.stallingSince === 0) {
          s.stallingSince = nowMs;
          this.debug(`Stall started peer=${staller}`);
        }
      }
    }
    // getdata: transactions
    const due = [...state.askFor.entries()].filter(([, a]) => a.at <= nowMs).sort((a, b) => a[1].at - b[1].at);
    for (const [key, a] of due) {
      state.askFor.delete(key);
      if (this.alreadyHaveTx(a.hash)) continue;
      this.debug(`Requesting ${new InvItem(a.type, a.hash).toString()} peer=${peer.id}`);
      getData.push(new InvItem(a.type, a.hash));
      if (getData.length >= 1000) {
        peer.send(new GetDataMessage(getData.splice(0)));
      }
    }
    if (getData.length > 0) peer.send(new GetDataMessage(getData));

    this.sendFeeFilter(state, nowMs);
    if (chain.tip !== this.lastTip) this.updatedBlockTip();
  }

  /** Block announcements: `headers`, one `cmpctblock`, or an `inv` of the last block, as the peer prefers. */
  private announceBlocks(state: PeerSyncState): void {
    if (state.blockHashesToAnnounce.length === 0) return;
    const chain = this.host.chain;
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
        else if (this.peerHasHeader(state, e)) continue;
        else if (e.parent === undefined || this.peerHasHeader(state, e.parent)) {
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
        if (block !== undefined) state.peer.send(CompactBlockMessage.fromBlock(block, this.nonce(), state.wantsCmpctWitness));
        state.bestHeaderSent = bestIndex;
      } else if (state.preferHeaders) {
        if (toSend.length > 1) this.debug(`sending header-and-ids ... ${toSend.length} headers to peer=${state.id}`);
        state.peer.send(new HeadersMessage(toSend.map((e) => e.header)));
        state.bestHeaderSent = bestIndex;
      } else revertToInv = true;
    }
    if (revertToInv) {
      const last = chain.getEntry(hashes[hashes.length - 1]!);
      if (last !== undefined && !this.peerHasHeader(state, last)) {
        state.blocksToSend.push(last.hash);
        this.debug(`sending inv peer=${state.id} hash=${last.hashHex}`);
      }
    }
  }

  /** The `inv` part of SendMessages: blocks at once; transactions on the Poisson trickle. */
  private sendInventory(state: PeerSyncState, nowMs: number): void {
    const peer = state.peer;
    const inv: InvItem[] = [];
    const flush = (): void => {
      if (inv.length > 0) peer.send(new InvMessage(inv.splice(0)));
    };
    for (const h of state.blocksToSend) {
      inv.push(new InvItem(MSG_BLOCK, h));
      if (inv.length === MAX_INV_SZ) flush();
    }
    state.blocksToSend = [];

    let trickle = peer.whitelisted;
    if (state.nextInvSend < nowMs) {
      trickle = true;
      state.nextInvSend = poissonNextSend(nowMs, peer.inbound ? INVENTORY_BROADCAST_INTERVAL : INVENTORY_BROADCAST_INTERVAL / 2, this.random);
    }
    if (trickle && !state.relayTxes) state.txToSend.clear();
    const pool = this.host.mempool;
    const filterRate = state.minFeeFilter;
    if (trickle && state.sendMempool) {
      state.sendMempool = false;
      for (const id of pool.txids()) {
        const e = pool.get(id);
        if (e === undefined) continue;
        state.txToSend.delete(id);
        if (filterRate > 0n && feePerK(e.fee, e.vsize) < filterRate) continue;
        state.inventoryKnown.add(id);
        inv.push(new InvItem(MSG_TX, e.tx.txid));
        if (inv.length === MAX_INV_SZ) flush();
      }
      state.timeLastMempoolReq = this.host.now();
    }
    if (trickle && state.txToSend.size > 0) {
      // fewest in-pool ancestors first, then highest fee rate (Core's CompareInvMempoolOrder heap)
      const candidates = [...state.txToSend.keys()].map((id) => ({ id, e: pool.get(id) }));
      candidates.sort((a, b) => {
        if (a.e === undefined || b.e === undefined) return a.e === undefined ? (b.e === undefined ? 0 : 1) : -1;
        if (a.e.ancestors.count !== b.e.ancestors.count) return a.e.ancestors.count - b.e.ancestors.count;
        const fa = a.e.modifiedFee * BigInt(b.e.vsize);
        const fb = b.e.modifiedFee * BigInt(a.e.vsize);
        return fa > fb ? -1 : fa < fb ? 1 : a.id < b.id ? -1 : 1;
      });
      this.expireRelayMemory(nowMs);
      let relayed = 0;
      for (const { id, e } of candidates) {
        if (relayed >= INVENTORY_BROADCAST_MAX) break;
        state.txToSend.delete(id);
        if (state.inventoryKnown.has(id)) continue;
        const forced = this.relayMemory.get(id);
        const tx = e?.tx ?? forced?.tx;
        if (tx === undefined) continue;
        if (e !== undefined && filterRate > 0n && feePerK(e.fee, e.vsize) < filterRate) continue;
        inv.push(new InvItem(MSG_TX, tx.txid));
        relayed++;
        if (!this.relayMemory.has(id)) this.relayMemory.set(id, { tx, expires: nowMs + RELAY_EXPIRY_SECONDS * 1000 });
        if (inv.length === MAX_INV_SZ) flush();
        state.inventoryKnown.add(id);
      }
    }
    flush();
  }

  private expireRelayMemory(nowMs: number): void {
    for (const [id, r] of this.relayMemory) {
      if (r.expires >= nowMs) break;
      this.relayMemory.delete(id);
    }
  }

  /** `feefilter` as SendMessages sends it (BIP133, rounded, at Poisson intervals or soon after a big change). */
  private sendFeeFilter(state: PeerSyncState, nowMs: number): void {
    const peer = state.peer;
    if ((peer.versionInfo?.version ?? 0) < FEEFILTER_VERSION || this.opts.feeFilter === false) return;
    if (peer.whitelisted && this.opts.whitelistForceRelay !== false) return;
    const pool = this.host.mempool;
    const current = pool.minFeeRate();
    if (nowMs > state.nextSendTimeFeeFilter) {
      let toSend = this.feeRounder.round(current);
      // -limitfreerelay is 0: never below the minimum relay fee
      if (toSend < pool.options.minRelayTxFee) toSend = pool.options.minRelayTxFee;
      if (toSend !== state.lastSentFeeFilter) {
        peer.send(new FeeFilterMessage(toSend));
        state.lastSentFeeFilter = toSend;
      }
      state.nextSendTimeFeeFilter = poissonNextSend(nowMs, AVG_FEEFILTER_BROADCAST_INTERVAL, this.random);
    } else if (
      nowMs + MAX_FEEFILTER_CHANGE_DELAY * 1000 < state.nextSendTimeFeeFilter &&
      (current < (3n * state.lastSentFeeFilter) / 4n || current > (4n * state.lastSentFeeFilter) / 3n)
    ) {
      state.nextSendTimeFeeFilter = nowMs + Math.floor(this.random() * MAX_FEEFILTER_CHANGE_DELAY) * 1000;
    }
  }

  // ================================================================ helpers

  private sendGetHeaders(state: PeerSyncState, from: KnownHeader, stop: Uint8Array): void {
    const version = Math.min(state.peer.versionInfo?.version ?? PROTOCOL_VERSION, PROTOCOL_VERSION);
    state.peer.send(new GetHeadersMessage(new BlockLocator(version, blockLocator(this.host.chain, from)), stop));
  }

  /** `CanDirectFetch`: our tip is less than 20 block intervals old. */
  private canDirectFetch(): boolean {
    const spacing = Number(this.host.params.consensus.powTargetSpacing);
    return this.host.chain.tip.header.time > this.host.now() - spacing * 20;
  }

  /** `MSG_BLOCK | GetFetchFlags`: witness blocks from NODE_WITNESS peers. */
  private blockFetchType(state: PeerSyncState): number {
    return state.haveWitness ? MSG_WITNESS_BLOCK : MSG_BLOCK;
  }

  private blocksOnlyFor(peer: Peer): boolean {
    if (this.opts.blocksOnly !== true) return false;
    return !(peer.whitelisted && this.opts.whitelistRelay !== false);
  }

  private maxOrphanTx(): number {
    return Math.max(0, this.opts.maxOrphanTx ?? this.host.mempool.options.maxOrphanTx);
  }

  private nonce(): bigint {
    const hi = BigInt(Math.floor(this.random() * 0x100000000));
    const lo = BigInt(Math.floor(this.random() * 0x100000000));
    return (hi << 32n) | lo;
  }

  private misbehaving(state: PeerSyncState, howMuch: number, reason: string): void {
    state.misbehaved = true;
    this.opts.misbehavior.misbehaving(state.peer, howMuch, reason);
  }

  private debug(message: string): void {
    this.opts.logger?.debug(message, { category: 'net' });
  }
}

function feePerK(fee: bigint, vsize: number): bigint {
  return vsize > 0 ? (fee * 1000n) / BigInt(vsize) : 0n;
}
