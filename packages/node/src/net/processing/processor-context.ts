import { DEFAULT_OCEAN_SERVICES, MSG_BLOCK, MSG_WITNESS_BLOCK } from '@ocean-ts/wire';
import type { Peer } from '../net-boundary.js';
import { HeaderTree } from './header-tree.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { MessageProcessorOptions, ProcessorHost } from './processor-host.js';

/**
 * What every part of the message processor shares: the host, the options, the clocks, the
 * header tree and the per-peer states (`CNodeState`s by node id), plus the small helpers of
 * net_processing.cpp used everywhere (`Misbehaving`, `CanDirectFetch`, `GetFetchFlags`, the log).
 */
export class ProcessorContext {
  readonly host: ProcessorHost;
  readonly headers: HeaderTree;
  readonly states = new Map<number, PeerSyncState>();
  readonly clockMs: () => number;
  readonly random: () => number;
  readonly localServices: bigint;

  constructor(readonly opts: MessageProcessorOptions) {
    this.host = opts.host;
    this.clockMs = opts.clockMs ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.localServices = opts.localServices ?? DEFAULT_OCEAN_SERVICES;
    this.headers = new HeaderTree({ chain: this.host.chain, rules: this.host.params.consensus, secp: this.host.secp, adjustedTime: () => this.host.now() });
  }

  /** `CanDirectFetch`: our tip is less than 20 block intervals old. */
  canDirectFetch(): boolean {
    const spacing = Number(this.host.params.consensus.powTargetSpacing);
    return this.host.chain.tip.header.time > this.host.now() - spacing * 20;
  }

  /** `MSG_BLOCK | GetFetchFlags`: witness blocks from NODE_WITNESS peers. */
  blockFetchType(state: PeerSyncState): number {
    return state.haveWitness ? MSG_WITNESS_BLOCK : MSG_BLOCK;
  }

  /** `-blocksonly` applies to this peer (not a `-whitelistrelay` whitelisted one). */
  blocksOnlyFor(peer: Peer): boolean {
    if (this.opts.blocksOnly !== true) return false;
    return !(peer.whitelisted && this.opts.whitelistRelay !== false);
  }

  /** A random 64-bit nonce (compact blocks). */
  nonce(): bigint {
    const hi = BigInt(Math.floor(this.random() * 0x100000000));
    const lo = BigInt(Math.floor(this.random() * 0x100000000));
    return (hi << 32n) | lo;
  }

  misbehaving(state: PeerSyncState, howMuch: number, reason: string): void {
    state.misbehaved = true;
    this.opts.misbehavior.misbehaving(state.peer, howMuch, reason);
  }

  debug(message: string): void {
    this.opts.logger?.debug(message, { category: 'net' });
  }

  info(message: string): void {
    this.opts.logger?.info(message);
  }
}
