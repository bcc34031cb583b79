import { toDisplayHex, type Transaction } from '@ocean-ts/core';
import { InvItem, MSG_TX, NODE_BLOOM } from '@ocean-ts/wire';
import { INVENTORY_BROADCAST_INTERVAL, INVENTORY_BROADCAST_MAX, RELAY_EXPIRY_SECONDS } from './constants.js';
import type { InvBatch } from './inv-batch.js';
import type { PeerSyncState } from './peer-sync-state.js';
import { poissonNextSend } from './poisson.js';
import type { ProcessorContext } from './processor-context.js';

/**
 * Transaction announcements: `RelayTransaction` (queue for every peer), the trickled `inv` of
 * SendMessages at Poisson intervals (35 at most, fewest ancestors and best fee rate first, the
 * peer's fee filter and BIP37 filter applied), BIP35 `mempool` requests, and `mapRelay` — what
 * `getdata` may be answered with.
 */
export class TxRelay {
  /** `mapRelay` with its expiry. */
  private readonly relayMemory = new Map<string, { tx: Transaction; expires: number }>();

  constructor(private readonly ctx: ProcessorContext) {}

  /**
   * `RelayTransaction`: queue `tx` for every peer's next trickle (not to peers known to have it).
   * Call after a transaction entered the pool by any path.
   */
  relayTransaction(tx: Transaction, force = false): void {
    const key = tx.txidHex;
    if (!force && this.ctx.host.mempool.get(key) === undefined) return;
    if (force) this.relayMemory.set(key, { tx, expires: this.ctx.clockMs() + RELAY_EXPIRY_SECONDS * 1000 });
    for (const s of this.ctx.states.values()) if (!s.inventoryKnown.has(key)) s.txToSend.set(key, tx.txid);
  }

  /** A transaction we may answer `getdata` with: announced recently, or in the pool since the peer's `mempool` request. */
  relayableTx(state: PeerSyncState, txid: Uint8Array): Transaction | undefined {
    const key = toDisplayHex(txid);
    const relayed = this.relayMemory.get(key);
    if (relayed !== undefined) return relayed.tx;
    if (state.timeLastMempoolReq > 0) {
      const e = this.ctx.host.mempool.get(key);
      if (e !== undefined && e.time <= state.timeLastMempoolReq) return e.tx;
    }
    return undefined;
  }

  onMempool(state: PeerSyncState): void {
    const ctx = this.ctx;
    if (ctx.opts.uploadTargetReached?.(false) === true && !state.peer.whitelisted) {
      ctx.debug(`mempool request with bandwidth limit reached, disconnect peer=${state.id}`);
      state.peer.disconnect('mempool request with bandwidth limit reached');
      return;
    }
    if ((ctx.localServices & NODE_BLOOM) === 0n && !state.peer.whitelisted) {
      ctx.debug(`mempool request with bloom filters disabled, disconnect peer=${state.id}`);
      state.peer.disconnect('mempool request with bloom filters disabled');
      return;
    }
    state.sendMempool = true;
  }

  /** The transaction part of SendMessages' `inv`: on the Poisson trickle, the `mempool` answer then the queued transactions. */
  queueTxInvs(state: PeerSyncState, nowMs: number, inv: InvBatch): void {
    const peer = state.peer;
    let trickle = peer.whitelisted;
    if (state.nextInvSend < nowMs) {
      trickle = true;
      state.nextInvSend = poissonNextSend(nowMs, peer.inbound ? INVENTORY_BROADCAST_INTERVAL : INVENTORY_BROADCAST_INTERVAL / 2, this.ctx.random);
    }
    if (!trickle) return;
    if (!state.relayTxes) state.txToSend.clear();
    const pool = this.ctx.host.mempool;
    const filterRate = state.minFeeFilter;
    if (state.sendMempool) {
      state.sendMempool = false;
      for (const id of pool.txids()) {
        const e = pool.get(id);
        if (e === undefined) continue;
        state.txToSend.delete(id);
        if (filterRate > 0n && feePerK(e.fee, e.vsize) < filterRate) continue;
        if (!state.filter.isRelevantAndUpdate(e.tx)) continue;
        state.inventoryKnown.add(id);
        inv.push(new InvItem(MSG_TX, e.tx.txid));
      }
      state.timeLastMempoolReq = this.ctx.host.now();
    }
    if (state.txToSend.size === 0) return;
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
      if (!state.filter.isRelevantAndUpdate(tx)) continue;
      inv.push(new InvItem(MSG_TX, tx.txid));
      relayed++;
      if (!this.relayMemory.has(id)) this.relayMemory.set(id, { tx, expires: nowMs + RELAY_EXPIRY_SECONDS * 1000 });
      state.inventoryKnown.add(id);
    }
  }

  private expireRelayMemory(nowMs: number): void {
    for (const [id, r] of this.relayMemory) {
      if (r.expires >= nowMs) break;
      this.relayMemory.delete(id);
    }
  }
}

function feePerK(fee: bigint, vsize: number): bigint {
  return vsize > 0 ? (fee * 1000n) / BigInt(vsize) : 0n;
}
