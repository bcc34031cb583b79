/**
 * Orphan transactions (net_processing's `mapOrphanTransactions`): transactions whose inputs are
 * missing, indexed by the outpoints they spend so they can be retried when a parent arrives.
 * Eviction is random with an injected RNG; time is injected.
 */
import { outpointKey, toHex, type Transaction } from '@ocean-ts/core';
import { MAX_STANDARD_TX_WEIGHT, ORPHAN_TX_EXPIRE_TIME } from './options.js';

interface Orphan {
  readonly tx: Transaction;
  readonly expires: number;
}

export class OrphanPool {
  private readonly orphans = new Map<string, Orphan>();
  /** outpoint key → txids of orphans spending it. */
  private readonly byPrev = new Map<string, Set<string>>();

  constructor(private readonly rng: () => number) {}

  get size(): number {
    return this.orphans.size;
  }

  has(txidHex: string): boolean {
    return this.orphans.has(txidHex);
  }

  /** `AddOrphanTx`: false when known or heavier than a standard transaction. */
  add(tx: Transaction, now: number): boolean {
    const id = tx.txidHex;
    if (this.orphans.has(id) || tx.weight >= MAX_STANDARD_TX_WEIGHT) return false;
    this.orphans.set(id, { tx, expires: now + ORPHAN_TX_EXPIRE_TIME });
    for (const input of tx.inputs) {
      const k = outpointKey(input.prevout);
      let s = this.byPrev.get(k);
      if (s === undefined) this.byPrev.set(k, (s = new Set()));
      s.add(id);
    }
    return true;
  }

  erase(txidHex: string): boolean {
    const o = this.orphans.get(txidHex);
    if (o === undefined) return false;
    for (const input of o.tx.inputs) {
      const k = outpointKey(input.prevout);
      const s = this.byPrev.get(k);
      s?.delete(txidHex);
      if (s?.size === 0) this.byPrev.delete(k);
    }
    this.orphans.delete(txidHex);
    return true;
  }

  /** Orphans spending some output of `tx`. */
  childrenOf(tx: Transaction): Transaction[] {
    const found = new Map<string, Transaction>();
    const prefix = toHex(tx.txid);
    for (let i = 0; i < tx.outputs.length; i++) {
      for (const id of this.byPrev.get(`${prefix}:${i}`) ?? []) found.set(id, this.orphans.get(id)!.tx);
    }
    return [...found.values()];
  }

  /** `LimitOrphanTxSize`: drop expired orphans, then random ones until at most `max` remain. */
  limit(max: number, now: number): number {
    let evicted = 0;
    for (const [id, o] of [...this.orphans]) if (o.expires <= now && this.erase(id)) evicted++;
    while (this.orphans.size > max) {
      const ids = [...this.orphans.keys()];
      const i = Math.min(ids.length - 1, Math.floor(this.rng() * ids.length));
      this.erase(ids[i]!);
      evicted++;
    }
    return evicted;
  }

  /** Remove orphans included in, or conflicting with, a block's transactions. */
  eraseForBlock(txs: readonly Transaction[]): void {
    for (const tx of txs) {
      this.erase(tx.txidHex);
      for (const input of tx.inputs) {
        for (const id of [...(this.byPrev.get(outpointKey(input.prevout)) ?? [])]) this.erase(id);
      }
    }
  }

  txids(): string[] {
    return [...this.orphans.keys()];
  }
}
