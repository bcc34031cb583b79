import type { Block, ChainParams, Reject, Secp256k1 } from '@ocean-ts/core';
import type { Chainstate } from '../../chain/chainstate.js';
import type { Mempool } from '../../mempool/mempool.js';
import type { BlockAssembler } from '../../mining/block-assembler.js';
import type { AncestorSource, TipInfo } from '../../mining/chain-context.js';
import type { ExtraNonce, GenerateHost } from '../../mining/generate.js';
import type { TemplateSource } from '../../mining/template-source.js';

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
}
