import { toDisplayHex, type Transaction } from '@ocean-ts/core';
import { MSG_TX, MSG_WITNESS_FLAG } from '@ocean-ts/wire';
import type { Mempool } from '../../mempool/mempool.js';
import type { ExtraTxns } from './extra-txns.js';
import { banScoreOf, rejectMessageFor } from './p2p-reject.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';
import type { TxRelay } from './tx-relay.js';
import type { TxRequests } from './tx-requests.js';

/**
 * Received transactions: the `tx` message into the pool (`AcceptToMemoryPool`), orphans kept
 * with their parents asked for and resolved recursively once a parent arrives, `reject`
 * messages and misbehaviour, and the force-relay of whitelisted peers' transactions.
 */
export class TxReceiver {
  /** Orphan txid hex → the peer it came from. */
  private readonly orphanSource = new Map<string, number>();

  constructor(
    private readonly ctx: ProcessorContext,
    private readonly requests: TxRequests,
    private readonly relay: TxRelay,
    private readonly extraTxns: ExtraTxns,
  ) {}

  /** `FinalizeNode`'s part: the orphans from this peer go. */
  peerGone(peerId: number): void {
    const pool = this.ctx.host.mempool;
    for (const [txid, from] of this.orphanSource) {
      if (from !== peerId) continue;
      pool.orphans.erase(txid);
      this.orphanSource.delete(txid);
    }
  }

  async onTx(state: PeerSyncState, tx: Transaction): Promise<void> {
    const ctx = this.ctx;
    const peer = state.peer;
    if (ctx.opts.blocksOnly === true && !(peer.whitelisted && ctx.opts.whitelistRelay !== false)) {
      ctx.debug(`transaction sent in violation of protocol peer=${peer.id}`);
      return;
    }
    const txid = tx.txid;
    const key = tx.txidHex;
    state.inventoryKnown.add(key);
    this.requests.received(state, key);
    const alreadyHave = this.requests.alreadyHave(txid);
    const relay: Transaction[] = [];
    const outcome = await ctx.host.acceptToMempool(async (pool) => {
      if (alreadyHave) return { kind: 'have' as const };
      const r = await pool.acceptAsync(tx);
      if (r.status === 'accepted') {
        relay.push(tx);
        state.lastTxTime = ctx.host.now();
        peer.noteNewTransaction?.();
        ctx.debug(`AcceptToMemoryPool: peer=${peer.id}: accepted ${key} (poolsz ${pool.size} txn)`);
        await this.processOrphans(pool, tx, relay);
        return { kind: 'accepted' as const };
      }
      if (r.status === 'missing-inputs') return { kind: 'missing' as const };
      return { kind: 'rejected' as const, reject: r.reject };
    });
    for (const t of relay) this.relay.relayTransaction(t);
    if (outcome.kind === 'missing') {
      this.keepOrphan(state, tx);
      return;
    }
    if (outcome.kind === 'accepted') return;
    const r = outcome.kind === 'rejected' ? outcome.reject : undefined;
    if (!tx.hasWitness && r?.corruptionPossible !== true) this.requests.addRecentReject(key);
    this.extraTxns.add(tx);
    if (peer.whitelisted && ctx.opts.whitelistForceRelay !== false) {
      if (r === undefined || banScoreOf(r) === 0) {
        ctx.info(`Force relaying tx ${key} from whitelisted peer=${peer.id}`);
        this.relay.relayTransaction(tx, true);
      } else ctx.info(`Not relaying invalid transaction ${key} from whitelisted peer=${peer.id} (${r.reason})`);
    }
    if (r !== undefined) {
      ctx.debug(`${key} from peer=${peer.id} was not accepted: ${r.reason}${r.debug ? ` (${r.debug})` : ''} (code ${r.code})`);
      const msg = rejectMessageFor('tx', r, txid);
      if (msg !== undefined) peer.send(msg);
      const score = banScoreOf(r);
      if (score > 0) ctx.misbehaving(state, score, `invalid transaction ${key}: ${r.reason}`);
    }
  }

  /** A transaction with missing inputs: ask for its parents and keep it as an orphan (unless a parent was rejected). */
  private keepOrphan(state: PeerSyncState, tx: Transaction): void {
    const ctx = this.ctx;
    const key = tx.txidHex;
    const rejectedParents = tx.inputs.some((i) => this.requests.recentlyRejected(toDisplayHex(i.prevout.txid)));
    if (rejectedParents) {
      ctx.debug(`not keeping orphan with rejected parents ${key}`);
      this.requests.addRecentReject(key);
      return;
    }
    const fetch = (MSG_TX | (state.haveWitness ? MSG_WITNESS_FLAG : 0)) >>> 0;
    for (const input of tx.inputs) {
      const parent = input.prevout.txid;
      state.inventoryKnown.add(toDisplayHex(parent));
      if (!this.requests.alreadyHave(parent)) this.requests.askFor(state, fetch, parent);
    }
    const pool = ctx.host.mempool;
    const now = ctx.host.now();
    if (pool.orphans.add(tx, now)) {
      this.orphanSource.set(key, state.id);
      this.extraTxns.add(tx);
      ctx.debug(`stored orphan tx ${key} (mapsz ${pool.orphans.size} outsz ${pool.orphans.size})`);
    } else if (!pool.orphans.has(key)) ctx.debug(`ignoring large orphan tx (size: ${tx.size}, hash: ${key})`);
    const evicted = pool.orphans.limit(this.maxOrphanTx(), now);
    if (evicted > 0) ctx.debug(`mapOrphan overflow, removed ${evicted} tx`);
    for (const id of this.orphanSource.keys()) if (!pool.orphans.has(id)) this.orphanSource.delete(id);
  }

  /** The orphans `parent` unlocks, recursively (Core's `vWorkQueue` loop); runs under the chain lock. */
  private async processOrphans(pool: Mempool, parent: Transaction, relay: Transaction[]): Promise<void> {
    const ctx = this.ctx;
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
          ctx.debug(`   accepted orphan tx ${id}`);
          relay.push(orphan);
          work.push(orphan);
          continue;
        }
        const score = banScoreOf(r.reject);
        if (score > 0 && from !== undefined) {
          const s = ctx.states.get(from);
          if (s !== undefined) ctx.misbehaving(s, score, `invalid orphan tx ${id}: ${r.reject.reason}`);
          misbehaving.add(from);
          ctx.debug(`   invalid orphan tx ${id}`);
        }
        ctx.debug(`   removed orphan tx ${id}`);
        if (!orphan.hasWitness && !r.reject.corruptionPossible) this.requests.addRecentReject(id);
      }
    }
  }

  private maxOrphanTx(): number {
    return Math.max(0, this.ctx.opts.maxOrphanTx ?? this.ctx.host.mempool.options.maxOrphanTx);
  }
}
