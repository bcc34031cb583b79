import { MAX_MONEY } from '@ocean-ts/core';
import { FEEFILTER_VERSION, FeeFilterMessage } from '@ocean-ts/wire';
import { AVG_FEEFILTER_BROADCAST_INTERVAL, MAX_FEEFILTER_CHANGE_DELAY } from './constants.js';
import { FeeFilterRounder } from './fee-filter-rounder.js';
import type { PeerSyncState } from './peer-sync-state.js';
import { poissonNextSend } from './poisson.js';
import type { ProcessorContext } from './processor-context.js';

/** `DEFAULT_MIN_RELAY_TX_FEE`: the fee-filter rounder's fixed base. */
const DEFAULT_MIN_RELAY_TX_FEE = 1000n;

/** BIP133 both ways: the peer's `feefilter` recorded, ours sent rounded at Poisson intervals. */
export class FeeFilterExchange {
  private readonly rounder: FeeFilterRounder;

  constructor(private readonly ctx: ProcessorContext) {
    this.rounder = new FeeFilterRounder(DEFAULT_MIN_RELAY_TX_FEE, ctx.random);
  }

  /** A received `feefilter` (ignored outside 0..MAX_MONEY). */
  onFeeFilter(state: PeerSyncState, m: FeeFilterMessage): void {
    if (m.feeRate >= 0n && m.feeRate <= MAX_MONEY) {
      state.minFeeFilter = m.feeRate;
      this.ctx.debug(`received: feefilter of ${m.feeRate} per kB from peer=${state.id}`);
    }
  }

  /** `feefilter` as SendMessages sends it (BIP133, rounded, at Poisson intervals or soon after a big change). */
  send(state: PeerSyncState, nowMs: number): void {
    const ctx = this.ctx;
    const peer = state.peer;
    if ((peer.versionInfo?.version ?? 0) < FEEFILTER_VERSION || ctx.opts.feeFilter === false) return;
    if (peer.whitelisted && ctx.opts.whitelistForceRelay !== false) return;
    const pool = ctx.host.mempool;
    const current = pool.minFeeRate();
    if (nowMs > state.nextSendTimeFeeFilter) {
      let toSend = this.rounder.round(current);
      // -limitfreerelay is 0: never below the minimum relay fee
      if (toSend < pool.options.minRelayTxFee) toSend = pool.options.minRelayTxFee;
      if (toSend !== state.lastSentFeeFilter) {
        peer.send(new FeeFilterMessage(toSend));
        state.lastSentFeeFilter = toSend;
      }
      state.nextSendTimeFeeFilter = poissonNextSend(nowMs, AVG_FEEFILTER_BROADCAST_INTERVAL, ctx.random);
    } else if (
      nowMs + MAX_FEEFILTER_CHANGE_DELAY * 1000 < state.nextSendTimeFeeFilter &&
      (current < (3n * state.lastSentFeeFilter) / 4n || current > (4n * state.lastSentFeeFilter) / 3n)
    ) {
      state.nextSendTimeFeeFilter = nowMs + Math.floor(ctx.random() * MAX_FEEFILTER_CHANGE_DELAY) * 1000;
    }
  }
}
