import { bytesEqual, filteredMerkleBlock, toDisplayHex, type BlockHeader } from '@ocean-ts/core';
import {
  BlockMessage,
  CompactBlockMessage,
  HeadersMessage,
  InvItem,
  InvMessage,
  MAX_HEADERS_RESULTS,
  MAX_INV_SZ,
  MSG_BLOCK,
  MSG_CMPCT_BLOCK,
  MSG_FILTERED_BLOCK,
  MSG_TX,
  MSG_TYPE_MASK,
  MSG_WITNESS_BLOCK,
  MSG_WITNESS_TX,
  MerkleBlockMessage,
  NotFoundMessage,
  TxMessage,
  type GetBlocksMessage,
  type GetHeadersMessage,
} from '@ocean-ts/wire';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import { findForkInActiveChain, nextInActiveChain } from './block-locator.js';
import { GETBLOCKS_LIMIT, HISTORICAL_BLOCK_AGE, MAX_CMPCTBLOCK_DEPTH, STALE_BLOCK_SERVE_SECONDS } from './constants.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';
import type { TxRelay } from './tx-relay.js';

const ZERO_HASH = new Uint8Array(32);

/**
 * Serving peers (`ProcessGetData` and friends): `getdata` for blocks (full, witness, compact,
 * filtered) and transactions with `notfound` for the rest, `getblocks` paging with
 * `hashContinue`, and `getheaders`. Stale blocks and `-maxuploadtarget` are handled as 0.14.
 */
export class DataServer {
  constructor(
    private readonly ctx: ProcessorContext,
    private readonly txRelay: TxRelay,
  ) {}

  onGetData(state: PeerSyncState, items: readonly InvItem[]): void {
    if (items.length > MAX_INV_SZ) {
      this.ctx.misbehaving(state, 20, `message getdata size() = ${items.length}`);
      return;
    }
    const notFound: InvItem[] = [];
    for (const item of items) {
      if (state.peer.disconnecting) return;
      const type = (item.type & MSG_TYPE_MASK) >>> 0;
      if (type === MSG_BLOCK || type === MSG_FILTERED_BLOCK || type === MSG_CMPCT_BLOCK) this.serveBlock(state, item);
      else if (type === MSG_TX) {
        const tx = this.txRelay.relayableTx(state, item.hash);
        if (tx === undefined) notFound.push(item);
        else state.peer.send(new TxMessage(tx, item.type === MSG_WITNESS_TX));
      }
    }
    if (notFound.length > 0) state.peer.send(new NotFoundMessage(notFound));
  }

  /** One block of a `getdata` (or a deep `getblocktxn`), in the form asked for. */
  serveBlock(state: PeerSyncState, item: InvItem): void {
    const ctx = this.ctx;
    const chain = ctx.host.chain;
    const entry = chain.getEntry(item.hash);
    if (entry === undefined) return;
    let send = chain.isInActiveChain(entry);
    if (!send) {
      const best = ctx.headers.bestHeader;
      const spacing = Number(ctx.host.params.consensus.powTargetSpacing);
      send =
        entry.wasConnected &&
        !entry.isFailed &&
        best.header.time - entry.header.time < STALE_BLOCK_SERVE_SECONDS &&
        Math.abs(best.height - entry.height) * spacing < STALE_BLOCK_SERVE_SECONDS;
      if (!send) ctx.info(`ProcessGetData: ignoring request from peer=${state.id} for old block that isn't in the main chain`);
    }
    // -maxuploadtarget: once the historical-serving limit is reached, week-old blocks (and any
    // filtered block) are no longer served to non-whitelisted peers, who are disconnected (0.14).
    if (
      send &&
      ctx.opts.uploadTargetReached?.(true) === true &&
      (ctx.headers.bestHeader.header.time - entry.header.time > HISTORICAL_BLOCK_AGE || ((item.type & MSG_TYPE_MASK) >>> 0) === MSG_FILTERED_BLOCK) &&
      !state.peer.whitelisted
    ) {
      ctx.debug(`historical block serving limit reached, disconnect peer=${state.id}`);
      state.peer.disconnect('historical block serving limit reached');
      return;
    }
    if (!send || !entry.haveData) return;
    const block = chain.getBlock(item.hash);
    if (block === undefined) return;
    if (item.type === MSG_BLOCK) state.peer.send(new BlockMessage(block, false));
    else if (item.type === MSG_WITNESS_BLOCK) state.peer.send(new BlockMessage(block, true));
    else if (item.type === MSG_FILTERED_BLOCK) {
      // the merkleblock, then every matched transaction (a peer cannot ask for them one by one
      // later; duplicates are allowed by the protocol), without witness, as 0.14
      const { merkleBlock, matched } = filteredMerkleBlock(block, state.filter);
      state.peer.send(new MerkleBlockMessage(merkleBlock));
      for (const m of matched) state.peer.send(new TxMessage(block.transactions[m.index]!, false));
    } else if (item.type === MSG_CMPCT_BLOCK) {
      const witness = state.wantsCmpctWitness;
      if (ctx.canDirectFetch() && entry.height >= chain.height - MAX_CMPCTBLOCK_DEPTH) {
        state.peer.send(CompactBlockMessage.fromBlock(block, ctx.nonce(), witness));
      } else state.peer.send(new BlockMessage(block, witness));
    }
    if (state.hashContinue !== undefined && bytesEqual(item.hash, state.hashContinue)) {
      // the last block of a getblocks batch: announce our tip so the peer asks for the next batch
      state.peer.send(new InvMessage([new InvItem(MSG_BLOCK, chain.tip.hash)]));
      state.hashContinue = undefined;
    }
  }

  onGetBlocks(state: PeerSyncState, m: GetBlocksMessage): void {
    const ctx = this.ctx;
    const chain = ctx.host.chain;
    let e: BlockIndexEntry | undefined = nextInActiveChain(chain, findForkInActiveChain(chain, m.locator.hashes));
    let limit = GETBLOCKS_LIMIT;
    ctx.debug(`getblocks ${e ? e.height : -1} to ${bytesEqual(m.hashStop, ZERO_HASH) ? 'end' : toDisplayHex(m.hashStop)} limit ${limit} from peer=${state.id}`);
    for (; e !== undefined; e = nextInActiveChain(chain, e)) {
      if (bytesEqual(e.hash, m.hashStop)) {
        ctx.debug(`  getblocks stopping at ${e.height} ${e.hashHex}`);
        break;
      }
      state.blocksToSend.push(e.hash);
      if (--limit <= 0) {
        ctx.debug(`  getblocks stopping at limit ${e.height} ${e.hashHex}`);
        state.hashContinue = e.hash;
        break;
      }
    }
  }

  onGetHeaders(state: PeerSyncState, m: GetHeadersMessage): void {
    const ctx = this.ctx;
    if (ctx.host.isInitialBlockDownload() && !state.peer.whitelisted) {
      ctx.debug(`Ignoring getheaders from peer=${state.id} because node is in initial block download`);
      return;
    }
    const chain = ctx.host.chain;
    let e: BlockIndexEntry | undefined;
    if (m.locator.hashes.length === 0) {
      e = chain.getEntry(m.hashStop);
      if (e === undefined) return;
    } else e = nextInActiveChain(chain, findForkInActiveChain(chain, m.locator.hashes));
    const out: BlockHeader[] = [];
    let limit = MAX_HEADERS_RESULTS;
    ctx.debug(`getheaders ${e ? e.height : -1} to ${bytesEqual(m.hashStop, ZERO_HASH) ? 'end' : toDisplayHex(m.hashStop)} from peer=${state.id}`);
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
}
