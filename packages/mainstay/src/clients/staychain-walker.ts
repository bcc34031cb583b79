/**
 * The staychain fetcher of `confirmationtool` (spec §6.3): emit the start transaction, then walk the
 * Bitcoin chain block by block from there and emit, each time, the first transaction whose input 0
 * spends the current tip; at the chain tip wait for new blocks (or stop, with `once`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BitcoinClient, DecodedTransaction } from '@ocean-ts/rpc-client';
import { nullLogger, type Logger } from '@ocean-ts/service-kit';

/** One staychain transaction with the block that confirmed it. */
export interface StaychainStep {
  readonly tx: DecodedTransaction;
  readonly blockhash: string;
  readonly height: number;
  /** 0 for the start transaction, then 1, 2, … along the chain. */
  readonly index: number;
}

/** The start transaction cannot be used (unknown, or not in a block). */
export class StaychainWalkError extends Error {
  override readonly name = 'StaychainWalkError';
}

export type StaychainBitcoinNode = Pick<BitcoinClient, 'getRawTransaction' | 'getBlockHeader' | 'getBlockCount' | 'getBlockHash' | 'getBlockWithTransactions'>;

export interface StaychainWalkerOptions {
  /** Time between looks for new blocks once the walk reached the tip (default 5 minutes, as the original). */
  readonly pollMs?: number;
  /** Stop at the chain tip instead of waiting for new blocks. */
  readonly once?: boolean;
  /** Ends the walk (also while waiting). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

export const DEFAULT_POLL_MS = 5 * 60_000;

export class StaychainWalker {
  private readonly pollMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly node: StaychainBitcoinNode,
    readonly startTxid: string,
    private readonly options: StaychainWalkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.logger = options.logger ?? nullLogger;
  }

  /** The start transaction, then each successor as it is found. */
  async *walk(): AsyncGenerator<StaychainStep> {
    const start = await this.startStep();
    yield start;
    let tip = start.tx.txid;
    let index = 0;
    // The successor can be in the tip's own block (after it) or any later one.
    let height = start.height;
    let count = await this.node.getBlockCount();
    while (!this.aborted) {
      if (height > count) {
        if (this.options.once) return;
        this.logger.debug('staychain: at the chain tip, waiting for new blocks', { tip, height: count });
        if (!(await this.wait())) return;
        count = await this.node.getBlockCount();
        continue;
      }
      const blockhash = await this.node.getBlockHash(height);
      const block = await this.node.getBlockWithTransactions(blockhash);
      const next = block.tx.find((t) => t.txid !== tip && t.vin[0]?.txid === tip);
      if (next === undefined) {
        height++;
        continue;
      }
      index++;
      tip = next.txid;
      yield { tx: next, blockhash, height, index };
    }
  }

  private get aborted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  private async startStep(): Promise<StaychainStep> {
    let tx;
    try {
      tx = await this.node.getRawTransaction(this.startTxid);
    } catch (e) {
      throw new StaychainWalkError(`start transaction ${this.startTxid} not found: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (tx.blockhash === undefined) throw new StaychainWalkError(`start transaction ${this.startTxid} is not confirmed`);
    const header = await this.node.getBlockHeader(tx.blockhash);
    if (header.confirmations < 0) throw new StaychainWalkError(`start transaction ${this.startTxid} is in block ${tx.blockhash}, which is not on the best chain`);
    return { tx, blockhash: tx.blockhash, height: header.height, index: 0 };
  }

  /** Sleep for the poll interval; false when aborted. */
  private async wait(): Promise<boolean> {
    try {
      await sleep(this.pollMs, undefined, this.options.signal ? { signal: this.options.signal } : {});
      return true;
    } catch {
      return false;
    }
  }
}
