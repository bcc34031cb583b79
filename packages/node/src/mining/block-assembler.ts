import {
  Block,
  BlockHeader,
  MAX_BLOCK_SIGOPS_COST,
  MAX_BLOCK_WEIGHT,
  WITNESS_SCALE_FACTOR,
  addAmount,
  isFinalTx,
  merkleRoot,
  toHex,
  type AmountMap,
  type ChainParams,
  type Transaction,
} from '@ocean-ts/core';
import type { AncestorSource, TipInfo } from './chain-context.js';
import type { TemplateSource } from './template-source.js';
import { addWitnessCommitment, buildCoinbase } from './coinbase.js';
import { VersionBits } from './versionbits.js';

/** Bitcoin Core 0.14 defaults (`-blockmaxweight`, `-blockmaxsize`). */
export const DEFAULT_BLOCK_MAX_WEIGHT = 3_000_000;
export const DEFAULT_BLOCK_MAX_SIZE = 750_000;
const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
/** Room kept for the header and coinbase: weight, size, sigop cost. */
const COINBASE_RESERVED_WEIGHT = 4000;
const COINBASE_RESERVED_SIZE = 1000;
const COINBASE_RESERVED_SIGOPS = 400;

export interface AssemblerOptions {
  /** `-blockmaxweight`; undefined = option not set. */
  readonly blockMaxWeight?: number;
  /** `-blockmaxsize`; undefined = option not set. */
  readonly blockMaxSize?: number;
}

export interface AssembleRequest {
  readonly tip: TipInfo;
  readonly ancestors: AncestorSource;
  /** Adjusted network time now (seconds). */
  readonly now: number;
  /** Coinbase fee destination script. */
  readonly coinbaseScript: Uint8Array;
  readonly extraNonce: number;
  readonly source: TemplateSource;
  /** `getnewblockhex required_age`: only transactions in the mempool at least this long (seconds). */
  readonly requiredAge?: number;
}

/** `nLastBlockTx` / `nLastBlockSize` / `nLastBlockWeight` of the last assembled block (getmininginfo). */
export interface LastBlockStats {
  readonly tx: number;
  /** Reserved 1000 plus the transactions' sizes when size accounting is on (`-blockmaxsize`). */
  readonly size: number;
  /** Reserved 4000 plus the transactions' weights. */
  readonly weight: number;
}

export interface BlockTemplate {
  readonly block: Block;
  /** Total fees per asset of the selected transactions. */
  readonly fees: AmountMap;
  /** Sigop cost per transaction, coinbase first (0). */
  readonly sigOpCosts: readonly number[];
}

/**
 * The reference `BlockAssembler::CreateNewBlock` followed by `IncrementExtraNonce` (chain spec §6,
 * "Block assembler behaviour"): header fields from the schedules and versionbits, a fee-paying
 * coinbase with witness commitment, transactions taken in the source's order within the limits.
 */
export class BlockAssembler {
  readonly maxWeight: number;
  readonly maxSize: number;
  private readonly needSizeAccounting: boolean;
  private readonly versionBits: VersionBits;
  /** Statistics of the last block this assembler built (undefined before the first). */
  lastBlock: LastBlockStats | undefined;

  constructor(
    readonly params: ChainParams,
    options: AssemblerOptions = {},
  ) {
    let weight = DEFAULT_BLOCK_MAX_WEIGHT;
    let size = DEFAULT_BLOCK_MAX_SIZE;
    if (options.blockMaxWeight !== undefined) {
      weight = options.blockMaxWeight;
      size = MAX_BLOCK_SERIALIZED_SIZE;
    }
    if (options.blockMaxSize !== undefined) {
      size = options.blockMaxSize;
      if (options.blockMaxWeight === undefined) weight = size * WITNESS_SCALE_FACTOR;
    }
    this.maxWeight = Math.max(4000, Math.min(MAX_BLOCK_WEIGHT - 4000, weight));
    this.maxSize = Math.max(1000, Math.min(MAX_BLOCK_SERIALIZED_SIZE - 1000, size));
    this.needSizeAccounting = this.maxSize < MAX_BLOCK_SERIALIZED_SIZE - 1000;
    this.versionBits = new VersionBits(params.consensus);
  }

  /** True when the assembler adds a witness commitment (segwit deployment timeout ≠ 0). */
  get includeWitnessCommitment(): boolean {
    return this.params.consensus.deployments.segwit.timeout !== 0n;
  }

  /** The coinbase destination for `height`: the mandatory script if any, else `fallback`. */
  coinbaseDestination(height: number, fallback: Uint8Array): Uint8Array {
    const mandatory = this.params.consensus.mandatoryCoinbaseAt(height);
    return mandatory.length > 0 ? mandatory : fallback;
  }

  /** `ComputeBlockVersion` for the block after the tip. */
  blockVersion(tip: TipInfo, ancestors: AncestorSource): number {
    return this.versionBits.computeBlockVersion(tip.height, ancestors);
  }

  createNewBlock(req: AssembleRequest): BlockTemplate {
    const { tip } = req;
    const height = tip.height + 1;
    const time = Math.max(tip.medianTimePast + 1, req.now);
    const { txs, fees, sigOpCosts, size, weight } = this.selectTransactions(req, height);
    this.lastBlock = { tx: txs.length, size, weight };

    const feeAsset = this.params.feeAsset;
    const cb = buildCoinbase({ height, extraNonce: req.extraNonce, fees, destination: req.coinbaseScript, feeAsset });
    const coinbase = this.includeWitnessCommitment ? addWitnessCommitment(cb, txs, feeAsset) : cb.build();
    const transactions = [coinbase, ...txs];

    const o = this.params.options;
    const header = new BlockHeader(
      this.blockVersion(tip, req.ancestors),
      tip.hash,
      merkleRoot(transactions.map((t) => t.txid)).root,
      o.embedContract ? this.params.contractHashAt(height) : new Uint8Array(32),
      new Uint8Array(32),
      o.embedMapping ? this.params.mappingHash : new Uint8Array(32),
      time,
      height,
      this.params.consensus.challengeAt(height, tip.challenge),
      new Uint8Array(0),
    );
    return { block: new Block(header, transactions), fees, sigOpCosts: [0, ...sigOpCosts] };
  }

  /** `addPackageTxs` over an already ordered source: weight, size, sigops, finality, age, parents. */
  private selectTransactions(req: AssembleRequest, height: number): { txs: Transaction[]; fees: AmountMap; sigOpCosts: number[]; size: number; weight: number } {
    const txs: Transaction[] = [];
    const sigOpCosts: number[] = [];
    const fees: AmountMap = new Map();
    const taken = new Set<string>();
    let weight = COINBASE_RESERVED_WEIGHT;
    let size = COINBASE_RESERVED_SIZE;
    let sigops = COINBASE_RESERVED_SIGOPS;
    const cutoff = req.tip.medianTimePast;
    for (const c of req.source.candidates()) {
      const tx = c.tx;
      if (c.parents && !c.parents.every((p) => taken.has(p))) continue;
      if (req.requiredAge !== undefined && req.requiredAge > 0 && c.entryTime !== undefined && req.now - c.entryTime < req.requiredAge) continue;
      if (weight + WITNESS_SCALE_FACTOR * tx.virtualSize(c.sigOpCost) >= this.maxWeight) continue;
      if (sigops + c.sigOpCost >= MAX_BLOCK_SIGOPS_COST) continue;
      if (!isFinalTx(tx, height, cutoff)) continue;
      if (this.needSizeAccounting && size + tx.size >= this.maxSize) continue;
      txs.push(tx);
      sigOpCosts.push(c.sigOpCost);
      taken.add(toHex(tx.txid));
      weight += tx.weight;
      if (this.needSizeAccounting) size += tx.size;
      sigops += c.sigOpCost;
      for (const [asset, v] of c.fees) addAmount(fees, asset, v);
    }
    return { txs, fees, sigOpCosts, size, weight };
  }
}
