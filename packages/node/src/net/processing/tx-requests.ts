import { OutPoint, toDisplayHex } from '@ocean-ts/core';
import { GetDataMessage, InvItem } from '@ocean-ts/wire';
import { GETDATA_TX_INTERVAL, MAPASKFOR_MAX_SZ, RECENT_REJECTS_SIZE, SETASKFOR_MAX_SZ } from './constants.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';
import { RollingSet } from './rolling-set.js';

/**
 * Fetching announced transactions: `AlreadyHave` (pool, orphans, `recentRejects`, the UTXO
 * set), `CNode::AskFor` with `mapAlreadyAskedFor` (the same transaction is asked from another
 * peer only two minutes later), and SendMessages' `getdata` of the requests that are due.
 */
export class TxRequests {
  /** `mapAlreadyAskedFor`: txid hex → ms of the latest scheduled request. */
  private readonly alreadyAskedFor = new Map<string, number>();
  private lastAskTime = 0;
  /** `recentRejects` and the tip it belongs to. */
  private readonly recentRejects = new RollingSet(RECENT_REJECTS_SIZE);
  private recentRejectsTip = '';

  constructor(private readonly ctx: ProcessorContext) {}

  /** `AlreadyHave` for a transaction. */
  alreadyHave(txid: Uint8Array): boolean {
    const chain = this.ctx.host.chain;
    const tip = chain.tip.hashHex;
    if (tip !== this.recentRejectsTip) {
      this.recentRejectsTip = tip;
      this.recentRejects.clear();
    }
    const key = toDisplayHex(txid);
    const pool = this.ctx.host.mempool;
    if (this.recentRejects.has(key) || pool.has(key) || pool.orphans.has(key)) return true;
    return chain.getCoin(new OutPoint(txid, 0)) !== undefined || chain.getCoin(new OutPoint(txid, 1)) !== undefined;
  }

  /** Whether `key` (txid display hex) was rejected since the last tip change. */
  recentlyRejected(key: string): boolean {
    return this.recentRejects.has(key);
  }

  addRecentReject(key: string): void {
    this.recentRejects.add(key);
  }

  /** The transaction arrived: it is no longer asked for from anyone. */
  received(state: PeerSyncState, key: string): void {
    state.askFor.delete(key);
    this.alreadyAskedFor.delete(key);
  }

  /** `CNode::AskFor`: schedule a `getdata` for a transaction, two minutes after the last peer asked. */
  askFor(state: PeerSyncState, type: number, hash: Uint8Array): void {
    if (state.askFor.size > MAPASKFOR_MAX_SZ || state.askFor.size > SETASKFOR_MAX_SZ) return;
    const key = toDisplayHex(hash);
    if (state.askFor.has(key)) return;
    const previous = this.alreadyAskedFor.get(key);
    let now = this.ctx.clockMs() - 1000;
    now = Math.max(now, ++this.lastAskTime);
    this.lastAskTime = now;
    const at = Math.max((previous ?? -Infinity) + GETDATA_TX_INTERVAL * 1000, now);
    this.alreadyAskedFor.set(key, at);
    if (this.alreadyAskedFor.size > MAPASKFOR_MAX_SZ) this.alreadyAskedFor.delete(this.alreadyAskedFor.keys().next().value as string);
    state.askFor.set(key, { hash, at, type });
    this.ctx.debug(`askfor ${key}  ${previous ?? 0} peer=${state.id}`);
  }

  /** SendMessages' transaction requests that are due, appended to `getData` (sent every 1000 items). */
  requestDue(state: PeerSyncState, nowMs: number, getData: InvItem[]): void {
    const due = [...state.askFor.entries()].filter(([, a]) => a.at <= nowMs).sort((a, b) => a[1].at - b[1].at);
    for (const [key, a] of due) {
      state.askFor.delete(key);
      if (this.alreadyHave(a.hash)) continue;
      this.ctx.debug(`Requesting ${new InvItem(a.type, a.hash).toString()} peer=${state.id}`);
      getData.push(new InvItem(a.type, a.hash));
      if (getData.length >= 1000) {
        state.peer.send(new GetDataMessage(getData.splice(0)));
      }
    }
  }
}
