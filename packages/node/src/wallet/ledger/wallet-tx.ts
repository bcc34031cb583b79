import type { Transaction } from '@ocean-ts/core';
import type { WalletTxRecord } from './wallet-tx-record.js';

/** What the wallet knows about one output of a wallet transaction. */
export interface OutputInfo {
  /** `isminefilter` bits of the output's script. */
  readonly mine: number;
  /** Value, or −1 when it cannot be unblinded (`GetOutputValueOut`). */
  readonly value: bigint;
  /** Asset id (internal order), or null when it cannot be unblinded. */
  readonly asset: Uint8Array | null;
  /** Internal-order hex of the asset id, '' when unknown. */
  readonly assetKey: string;
  readonly valueBlinder: Uint8Array;
  readonly assetBlinder: Uint8Array;
  /** True when value and asset were opened by the unblinder (not explicit, not known beforehand). */
  readonly unblinded: boolean;
}

/** Per-transaction derived data shared by every version of a wallet transaction (it does not depend on the status). */
export class OutputCache {
  outputs: readonly OutputInfo[] | undefined;
  /** Ledger key generation the outputs were computed under. */
  generation = -1;
  /** `IsCoinBase`, computed once. */
  coinbase: boolean | undefined;
  /** Hex keys of the spent txids, one per input (empty for a coinbase). */
  prevKeys: readonly string[] | undefined;
  /** `IsFromMe(ISMINE_ALL)` on the committed state, valid while `fromMeGeneration` is current. */
  fromMe = false;
  fromMeGeneration = -1;
}

/**
 * A wallet transaction in memory: the persisted record plus a shared cache. Instances are
 * immutable; a change makes a new instance (`withRecord`) that shares the cache, and the ledger
 * swaps it in only after the change is durable.
 */
export class WalletTx {
  constructor(
    /** txid, internal byte order. */
    readonly txid: Uint8Array,
    /** Internal-order hex of the txid (the in-memory key). */
    readonly key: string,
    readonly record: WalletTxRecord,
    readonly cache: OutputCache = new OutputCache(),
  ) {}

  get tx(): Transaction {
    return this.record.tx;
  }

  get isCoinbase(): boolean {
    return (this.cache.coinbase ??= this.record.tx.isCoinbase);
  }

  withRecord(record: WalletTxRecord): WalletTx {
    return new WalletTx(this.txid, this.key, record, this.cache);
  }
}
