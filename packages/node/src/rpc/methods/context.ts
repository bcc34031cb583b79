import type { Block, ChainParams, Reject, Secp256k1 } from '@ocean-ts/core';
import type { Chainstate } from '../../chain/chainstate.js';
import type { Mempool } from '../../mempool/mempool.js';
import type { BlockAssembler } from '../../mining/block-assembler.js';
import type { AncestorSource, TipInfo } from '../../mining/chain-context.js';
import type { ExtraNonce, GenerateHost } from '../../mining/generate.js';
import type { TemplateSource } from '../../mining/template-source.js';
import type { TipWaiter } from '../../chain/tip-waiter.js';
import type { BlockSigningKeys } from '../../mining/block-signing-keys.js';
import type { NetworkState } from '../../net/network-state.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import type { MainchainRpc } from '../../peg/geth-client.js';
import type { AddressWhitelist } from '../../policy/whitelist.js';

/** What the RPC methods need from the running node (the composition root implements it). */
export interface NodeRpcContext {
  readonly params: ChainParams;
  readonly chain: Chainstate;
  readonly mempool: Mempool;
  readonly assembler: BlockAssembler;
  readonly secp: Secp256k1;
  readonly extraNonce: ExtraNonce;
  /** `-txindex`. */
  readonly txIndex: boolean;
  /** Adjusted time now, seconds. */
  now(): number;
  /** `setmocktime`: fix the node clock (RPCs, mempool, validation) at `t` seconds; 0 = system time. */
  setMockTime(t: number): void;
  tipInfo(): TipInfo;
  ancestors(): AncestorSource;
  templateSource(): TemplateSource;
  generateHost(): GenerateHost;
  /** ProcessNewBlock with the mempool kept in line with the active chain. */
  processBlock(block: Block): Promise<Reject | null>;
  /** Run a chain mutation (invalidate/reconsider/precious) and update the mempool afterwards. */
  withMempoolSync<T>(mutate: () => Promise<T>): Promise<T>;
  /** Run `fn` on the mempool while holding the chain lock. */
  acceptToMempool<T>(fn: (pool: Mempool) => T): Promise<T>;
  /** The latest tip for the `waitfor*` long polls (notified after every tip change). */
  readonly tipWaiter: TipWaiter;
  /** Peer-to-peer state the network RPCs see (added nodes, bans, network switch, counters). */
  readonly network: NetworkState;
  /** Keys `signblock` signs with; undefined when the wallet is disabled (`-disablewallet`). */
  readonly blockSigningKeys: BlockSigningKeys | undefined;
  /** The wallet (`-wallet` file); undefined with `-disablewallet` (the wallet RPCs are then not registered). */
  readonly wallet?: NodeWallet | undefined;
  /** `IsInitialBlockDownload()`. */
  isInitialBlockDownload(): boolean;
  /** `-recordinflation` (getutxoassetinfo reports `entropy` / `token`). */
  readonly recordInflation: boolean;
  /** The parent chain's JSON-RPC (geth, `-mainchainrpc*`) for the peg RPCs; undefined: not configured. */
  readonly mainchain?: MainchainRpc | undefined;
  /** The address whitelist (policy §5, §6): always present on a running node; its switches say whether it is enforced/maintained. */
  readonly whitelist?: AddressWhitelist | undefined;
}
