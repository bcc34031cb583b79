import type { Block, ChainParams, Reject, Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import type { Chainstate } from '../../chain/chainstate.js';
import type { Mempool } from '../../mempool/mempool.js';
import type { MisbehaviorSink } from '../net-boundary.js';

/** What the message processor needs from the node (the composition root passes the `FullNode`). */
export interface ProcessorHost {
  readonly params: ChainParams;
  readonly chain: Chainstate;
  readonly mempool: Mempool;
  readonly secp: Secp256k1;
  /** `ProcessNewBlock` with the mempool update (and the node's notifications). */
  processBlock(block: Block): Promise<Reject | null>;
  /** Runs `fn` on the mempool under the chain lock (the node's notifications included). */
  acceptToMempool<T>(fn: (pool: Mempool) => T): Promise<T>;
  isInitialBlockDownload(): boolean;
  /** Network-adjusted time, seconds. */
  now(): number;
}

export interface MessageProcessorOptions {
  readonly host: ProcessorHost;
  readonly misbehavior: MisbehaviorSink;
  readonly logger?: Pick<Logger, 'info' | 'debug' | 'warn'>;
  /** Our service bits (`nLocalServices`); default NODE_NETWORK | NODE_WITNESS. */
  readonly localServices?: bigint;
  /** `-blocksonly`: we do not relay transactions (`!fRelayTxes`). */
  readonly blocksOnly?: boolean;
  /** `-whitelistrelay` (default true). */
  readonly whitelistRelay?: boolean;
  /** `-whitelistforcerelay` (default true). */
  readonly whitelistForceRelay?: boolean;
  /** `-feefilter` (default true). */
  readonly feeFilter?: boolean;
  /**
   * `CConnman::OutboundTargetReached(historical)` (`-maxuploadtarget`); absent: no upload target.
   * With `historical`, whether week-old blocks may no longer be served.
   */
  readonly uploadTargetReached?: (historical: boolean) => boolean;
  /** `-maxorphantx` (default: the mempool's option). */
  readonly maxOrphanTx?: number;
  /** Milliseconds clock for timestamps taken while processing messages (default `Date.now`). */
  readonly clockMs?: () => number;
  /** Uniform [0, 1) for Poisson delays, compact-block nonces and fee-filter rounding (default `Math.random`). */
  readonly random?: () => number;
}
