import { toHex, type Transaction } from '@ocean-ts/core';
import {
  BlockTxnMessage,
  GetBlockTxnMessage,
  GetDataMessage,
  InvItem,
  MSG_BLOCK,
  MSG_WITNESS_BLOCK,
  NODE_WITNESS,
  type CompactBlockMessage,
  type SendCmpctMessage,
} from '@ocean-ts/wire';
import { updateBlockAvailability } from './block-availability.js';
import type { BlockDownload } from './block-download.js';
import type { BlockIntake } from './block-intake.js';
import { MAX_BLOCKS_IN_TRANSIT_PER_PEER, MAX_BLOCKTXN_DEPTH } from './constants.js';
import type { DataServer } from './data-server.js';
import type { ExtraTxns } from './extra-txns.js';
import type { HeaderSync } from './header-sync.js';
import { banScoreOf } from './p2p-reject.js';
import { PartiallyDownloadedBlock } from './partially-downloaded-block.js';
import type { PeerSyncState, QueuedBlock } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

/**
 * Compact blocks (BIP152 versions 1 and 2, as 0.14): `sendcmpct` negotiation, `cmpctblock`
 * reconstruction from the pool and the extra transactions (with `getblocktxn` / `blocktxn` for
 * the missing ones, or the full block after a failure), and serving `getblocktxn`.
 */
export class CompactBlockRelay {
  constructor(
    private readonly ctx: ProcessorContext,
    private readonly headerSync: HeaderSync,
    private readonly download: BlockDownload,
    private readonly intake: BlockIntake,
    private readonly server: DataServer,
    private readonly extraTxns: ExtraTxns,
  ) {}

  onSendCmpct(state: PeerSyncState, m: SendCmpctMessage): void {
    const witnessLocal = (this.ctx.localServices & NODE_WITNESS) !== 0n;
    if (!(m.version === 1n || (witnessLocal && m.version === 2n))) return;
    if (!state.providesHeaderAndIds) {
      state.providesHeaderAndIds = true;
      state.wantsCmpctWitness = m.version === 2n;
    }
    if (state.wantsCmpctWitness === (m.version === 2n)) state.preferHeaderAndIds = m.announce;
    if (!state.supportsDesiredCmpctVersion) state.supportsDesiredCmpctVersion = witnessLocal ? m.version === 2n : m.version === 1n;
  }

  async onCompactBlock(state: PeerSyncState, m: CompactBlockMessage): Promise<void> {
    const ctx = this.ctx;
    const download = this.download;
    const peer = state.peer;
    if (!ctx.headers.has(m.header.prevBlockHash)) {
      // does not connect: ask for the headers in between instead of scoring it
      this.headerSync.onUnconnectingCompactBlock(state);
      return;
    }
    const accepted = ctx.headers.accept([m.header]);
    if (!accepted.ok) {
      const score = banScoreOf(accepted.reject);
      if (score > 0) ctx.misbehaving(state, score, `invalid header via cmpctblock: ${accepted.reject.reason}`);
      ctx.info(`Peer ${peer.id} sent us invalid header via cmpctblock`);
      return;
    }
    const k = accepted.last;
    const key = toHex(k.hash);
    updateBlockAvailability(ctx.headers, state, k.hash);
    const flight = download.get(key);
    const alreadyInFlight = flight !== undefined;
    if (download.haveData(k.hash)) return;
    const chain = ctx.host.chain;
    if (k.height <= chain.tip.height) {
      // we know something at least as good: fetch the block normally only if we asked for it
      if (alreadyInFlight) peer.send(new GetDataMessage([new InvItem(ctx.blockFetchType(state), k.hash)]));
      return;
    }
    if (!alreadyInFlight && !ctx.canDirectFetch()) return;
    if (!state.supportsDesiredCmpctVersion) return;
    const useWtxid = m.witness || state.wantsCmpctWitness;
    if (k.height <= chain.tip.height + 2) {
      if ((!alreadyInFlight && state.blocksInFlight.length < MAX_BLOCKS_IN_TRANSIT_PER_PEER) || (alreadyInFlight && flight.peerId === peer.id)) {
        let queued: QueuedBlock;
        if (alreadyInFlight && flight.peerId === peer.id) {
          queued = flight.queued;
          if (queued.partial !== undefined) {
            ctx.debug('Peer sent us compact block we were already syncing!');
            return;
          }
        } else queued = download.markBlockInFlight(state, k.hash, k);
        const partial = new PartiallyDownloadedBlock();
        queued.partial = partial;
        const status = partial.initData(m, this.candidates(), useWtxid);
        if (status === 'invalid') {
          download.markBlockReceived(key);
          ctx.misbehaving(state, 100, 'invalid compact block');
          ctx.info(`Peer ${peer.id} sent us invalid compact block`);
          return;
        }
        if (status === 'failed') {
          peer.send(new GetDataMessage([new InvItem(ctx.blockFetchType(state), k.hash)]));
          return;
        }
        const missing = partial.missingIndexes();
        if (missing.length === 0) return this.onBlockTxn(state, new BlockTxnMessage(k.hash, [], useWtxid));
        peer.send(new GetBlockTxnMessage(k.hash, missing));
        return;
      }
      // in flight from another peer (or this one is busy): try to reconstruct without a round trip
      const temp = new PartiallyDownloadedBlock();
      if (temp.initData(m, this.candidates(), useWtxid) !== 'ok') return;
      const filled = temp.fillBlock([]);
      if (filled.status !== 'ok' || filled.block === undefined) return;
      this.intake.setSource(key, peer.id, false);
      await this.intake.submitBlock({ block: filled.block, peerId: peer.id, punish: false });
      if (chain.getEntry(k.hash)?.haveData === true) download.markBlockReceived(key);
      return;
    }
    if (alreadyInFlight) {
      peer.send(new GetDataMessage([new InvItem(ctx.blockFetchType(state), k.hash)]));
      return;
    }
    // too far ahead: treat as a header announcement
    await this.headerSync.onHeaders(state, [m.header]);
  }

  async onBlockTxn(state: PeerSyncState, m: BlockTxnMessage): Promise<void> {
    const ctx = this.ctx;
    const key = toHex(m.blockHash);
    const flight = this.download.get(key);
    const partial = flight?.queued.partial;
    if (flight === undefined || partial === undefined || flight.peerId !== state.id) {
      ctx.debug(`Peer ${state.id} sent us block transactions for block we weren't expecting`);
      return;
    }
    const filled = partial.fillBlock(m.transactions);
    if (filled.status === 'invalid') {
      this.download.markBlockReceived(key);
      ctx.misbehaving(state, 100, 'invalid compact block/non-matching block transactions');
      ctx.info(`Peer ${state.id} sent us invalid compact block/non-matching block transactions`);
      return;
    }
    if (filled.status === 'failed' || filled.block === undefined) {
      // a short-id collision is possible: fall back to the full block
      flight.queued.partial = undefined;
      state.peer.send(new GetDataMessage([new InvItem(ctx.blockFetchType(state), m.blockHash)]));
      return;
    }
    this.download.markBlockReceived(key);
    // BIP152: a compact block is relayed after checking the header only; an invalid block costs nothing
    this.intake.setSource(key, state.id, false);
    state.lastBlockTime = ctx.host.now();
    await this.intake.submitBlock({ block: filled.block, peerId: state.id, punish: false });
  }

  onGetBlockTxn(state: PeerSyncState, m: GetBlockTxnMessage): void {
    const ctx = this.ctx;
    const chain = ctx.host.chain;
    const entry = chain.getEntry(m.blockHash);
    if (entry === undefined || !entry.haveData) {
      ctx.info(`Peer ${state.id} sent us a getblocktxn for a block we don't have`);
      return;
    }
    if (entry.height < chain.height - MAX_BLOCKTXN_DEPTH) {
      ctx.debug(`Peer ${state.id} sent us a getblocktxn for a block > ${MAX_BLOCKTXN_DEPTH} deep`);
      this.server.serveBlock(state, new InvItem(state.wantsCmpctWitness ? MSG_WITNESS_BLOCK : MSG_BLOCK, m.blockHash));
      return;
    }
    const block = chain.getBlock(m.blockHash);
    if (block === undefined) return;
    const txs: Transaction[] = [];
    for (const i of m.indexes) {
      const tx = block.transactions[i];
      if (tx === undefined) {
        ctx.misbehaving(state, 100, 'getblocktxn with out-of-bounds tx indices');
        ctx.info(`Peer ${state.id} sent us a getblocktxn with out-of-bounds tx indices`);
        return;
      }
      txs.push(tx);
    }
    state.peer.send(new BlockTxnMessage(m.blockHash, txs, state.wantsCmpctWitness));
  }

  /** The pool's transactions, then the recent extra ones (`vExtraTxnForCompact`). */
  private *candidates(): Iterable<Transaction> {
    const pool = this.ctx.host.mempool;
    for (const id of pool.txids()) {
      const e = pool.get(id);
      if (e !== undefined) yield e.tx;
    }
    yield* this.extraTxns;
  }
}
