import { fromHex } from '@ocean-ts/core';
import { hexKey } from './hex-key.js';
import { u32be } from '../../storage/key-codec.js';
import { WriteBatch } from '../../storage/write-batch.js';
import { LEDGER_TIP_KEY, WALLET_LEDGER_LAYOUT } from './layout.js';
import type { WalletTx } from './wallet-tx.js';

/** The last block the ledger connected. */
export interface LedgerTip {
  readonly hash: Uint8Array;
  readonly height: number;
}

/** Read access to the wallet's transactions, committed or with a pending update on top. */
export interface LedgerView {
  readonly tip: LedgerTip | undefined;
  get(key: string): WalletTx | undefined;
  /** Wallet transactions spending output `n` of `prevKey` (Core's `mapTxSpends`). */
  spenders(prevKey: string, n: number): readonly string[];
  /** Wallet transactions spending any output of `prevKey`. */
  spendersOfTx(prevKey: string): readonly string[];
  inMempool(key: string): boolean;
}

const NONE: readonly string[] = [];

function addSpend(index: Map<string, Map<number, string[]>>, prevKey: string, n: number, spender: string): void {
  let byN = index.get(prevKey);
  if (byN === undefined) index.set(prevKey, (byN = new Map()));
  const list = byN.get(n);
  if (list === undefined) byN.set(n, [spender]);
  else if (!list.includes(spender)) list.push(spender);
}

function inputsOf(wtx: WalletTx): { prevKey: string; n: number }[] {
  const tx = wtx.tx;
  if (tx.isCoinbase) return [];
  return tx.inputs.map((i) => ({ prevKey: hexKey(i.prevout.txid), n: i.prevout.index }));
}

/** The committed in-memory state. Only `LedgerUpdate.applyTo` changes it, after the batch is durable. */
export class LedgerState implements LedgerView {
  tip: LedgerTip | undefined;
  readonly txs = new Map<string, WalletTx>();
  readonly mempool = new Set<string>();
  nextOrderPos = 0;
  private readonly spendIndex = new Map<string, Map<number, string[]>>();
  /** Keys in `nOrderPos` order (`wtxOrdered`). */
  private order: string[] = [];
  /** Transactions in txid order, rebuilt lazily after an insert or removal, patched on replacement. */
  private sorted: WalletTx[] | undefined;

  get(key: string): WalletTx | undefined {
    return this.txs.get(key);
  }

  spenders(prevKey: string, n: number): readonly string[] {
    return this.spendIndex.get(prevKey)?.get(n) ?? NONE;
  }

  spendersOfTx(prevKey: string): readonly string[] {
    const byN = this.spendIndex.get(prevKey);
    if (byN === undefined) return NONE;
    const out: string[] = [];
    for (const list of byN.values()) for (const s of list) if (!out.includes(s)) out.push(s);
    return out;
  }

  /** The spend index entries of `prevKey` (output index → spenders), for fast per-output lookups. */
  spendsOf(prevKey: string): ReadonlyMap<number, readonly string[]> | undefined {
    return this.spendIndex.get(prevKey);
  }

  inMempool(key: string): boolean {
    return this.mempool.has(key);
  }

  /** Adds a transaction (load or commit of a new one). */
  insert(wtx: WalletTx): void {
    this.txs.set(wtx.key, wtx);
    for (const { prevKey, n } of inputsOf(wtx)) addSpend(this.spendIndex, prevKey, n, wtx.key);
    this.order.push(wtx.key);
    this.sorted = undefined;
    if (wtx.record.orderPos >= this.nextOrderPos) this.nextOrderPos = wtx.record.orderPos + 1;
  }

  /** Swaps in a new version of a transaction already in the state. */
  replace(wtx: WalletTx): void {
    this.txs.set(wtx.key, wtx);
    const sorted = this.sorted;
    if (sorted === undefined) return;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = sorted[mid]!.key;
      if (k === wtx.key) {
        sorted[mid] = wtx;
        return;
      }
      if (k < wtx.key) lo = mid + 1;
      else hi = mid - 1;
    }
    this.sorted = undefined;
  }

  /** After a bulk load: put the order list in `nOrderPos` order. */
  sortOrder(): void {
    this.order.sort((a, b) => this.txs.get(a)!.record.orderPos - this.txs.get(b)!.record.orderPos);
  }

  remove(key: string): void {
    const wtx = this.txs.get(key);
    if (wtx === undefined) return;
    this.txs.delete(key);
    this.mempool.delete(key);
    for (const { prevKey, n } of inputsOf(wtx)) {
      const byN = this.spendIndex.get(prevKey);
      const list = byN?.get(n);
      if (byN === undefined || list === undefined) continue;
      const rest = list.filter((s) => s !== key);
      if (rest.length > 0) byN.set(n, rest);
      else byN.delete(n);
      if (byN.size === 0) this.spendIndex.delete(prevKey);
    }
    this.order = this.order.filter((k) => k !== key);
    this.sorted = undefined;
  }

  /** Transactions in txid order (the iteration order of Core's `mapWallet`). */
  sortedTxs(): readonly WalletTx[] {
    return (this.sorted ??= [...this.txs.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  /** Keys in `nOrderPos` order. */
  orderedKeys(): readonly string[] {
    return this.order;
  }
}

/**
 * One pending change of the ledger: new and changed transactions, the tip and block table, mempool
 * membership. Reads see the pending change over the committed state. `toBatch()` is what gets
 * written; `applyTo()` makes it visible once the write has committed.
 */
export class LedgerUpdate implements LedgerView {
  readonly changed = new Map<string, WalletTx>();
  readonly removed = new Set<string>();
  /** Keys of transactions new to the wallet, in the order they were added. */
  readonly inserted: string[] = [];
  private readonly addedSpends = new Map<string, Map<number, string[]>>();
  private readonly mempoolAdds = new Set<string>();
  private readonly mempoolDels = new Set<string>();
  private readonly blockPuts = new Map<number, Uint8Array>();
  private readonly blockDels = new Set<number>();
  private tipValue: LedgerTip | undefined;
  private tipChanged = false;
  nextOrderPos: number;
  /** Set when known output data of an existing transaction changed (its spenders' debits may change). */
  outputsChanged = false;

  constructor(readonly base: LedgerState) {
    this.tipValue = base.tip;
    this.nextOrderPos = base.nextOrderPos;
  }

  get tip(): LedgerTip | undefined {
    return this.tipValue;
  }

  setTip(tip: LedgerTip | undefined): void {
    this.tipValue = tip;
    this.tipChanged = true;
  }

  get(key: string): WalletTx | undefined {
    if (this.removed.has(key)) return undefined;
    return this.changed.get(key) ?? this.base.get(key);
  }

  spenders(prevKey: string, n: number): readonly string[] {
    const base = this.base.spenders(prevKey, n).filter((k) => !this.removed.has(k));
    const added = this.addedSpends.get(prevKey)?.get(n);
    if (added === undefined) return base;
    return [...base, ...added.filter((k) => !base.includes(k))];
  }

  spendersOfTx(prevKey: string): readonly string[] {
    const out = this.base.spendersOfTx(prevKey).filter((k) => !this.removed.has(k));
    const added = this.addedSpends.get(prevKey);
    if (added !== undefined) for (const list of added.values()) for (const s of list) if (!out.includes(s)) out.push(s);
    return out;
  }

  inMempool(key: string): boolean {
    if (this.mempoolDels.has(key)) return false;
    return this.mempoolAdds.has(key) || this.base.inMempool(key);
  }

  setInMempool(key: string, inPool: boolean): void {
    if (inPool) {
      this.mempoolDels.delete(key);
      this.mempoolAdds.add(key);
    } else {
      this.mempoolAdds.delete(key);
      this.mempoolDels.add(key);
    }
  }

  putBlock(height: number, hash: Uint8Array): void {
    this.blockDels.delete(height);
    this.blockPuts.set(height, hash);
  }

  deleteBlock(height: number): void {
    this.blockPuts.delete(height);
    this.blockDels.add(height);
  }

  /** Records a new version of an existing transaction. */
  put(wtx: WalletTx): void {
    this.changed.set(wtx.key, wtx);
  }

  /** Adds a transaction new to the wallet. */
  insert(wtx: WalletTx): void {
    this.changed.set(wtx.key, wtx);
    this.removed.delete(wtx.key);
    this.inserted.push(wtx.key);
    for (const i of wtx.tx.isCoinbase ? [] : wtx.tx.inputs) {
      addSpend(this.addedSpends, hexKey(i.prevout.txid), i.prevout.index, wtx.key);
    }
    this.nextOrderPos = Math.max(this.nextOrderPos, wtx.record.orderPos + 1);
  }

  remove(key: string): void {
    this.changed.delete(key);
    this.removed.add(key);
  }

  get isEmpty(): boolean {
    return this.changed.size === 0 && this.removed.size === 0 && !this.tipChanged && this.blockPuts.size === 0 && this.blockDels.size === 0;
  }

  /** The store writes of this update (mempool membership is not persisted). */
  toBatch(): WriteBatch {
    const batch = new WriteBatch();
    for (const key of this.removed) batch.del(WALLET_LEDGER_LAYOUT.key('tx', fromHex(key)));
    for (const wtx of this.changed.values()) batch.put(WALLET_LEDGER_LAYOUT.key('tx', wtx.txid), wtx.record.encode());
    for (const h of this.blockDels) batch.del(WALLET_LEDGER_LAYOUT.key('block', u32be(h)));
    for (const [h, hash] of this.blockPuts) batch.put(WALLET_LEDGER_LAYOUT.key('block', u32be(h)), hash);
    if (this.tipChanged) {
      const tip = this.tipValue;
      if (tip === undefined) batch.del(LEDGER_TIP_KEY);
      else {
        const v = new Uint8Array(36);
        v.set(tip.hash, 0);
        new DataView(v.buffer).setUint32(32, tip.height, true);
        batch.put(LEDGER_TIP_KEY, v);
      }
    }
    return batch;
  }

  /** Makes the update visible (call only after `toBatch()` was written). */
  applyTo(state: LedgerState): void {
    for (const key of this.removed) state.remove(key);
    const inserted = new Set(this.inserted);
    for (const key of this.inserted) {
      const wtx = this.changed.get(key);
      if (wtx !== undefined) state.insert(wtx);
    }
    for (const [key, wtx] of this.changed) if (!inserted.has(key)) state.replace(wtx);
    if (this.tipChanged) state.tip = this.tipValue;
    for (const k of this.mempoolDels) state.mempool.delete(k);
    for (const k of this.mempoolAdds) if (state.txs.has(k)) state.mempool.add(k);
    state.nextOrderPos = Math.max(state.nextOrderPos, this.nextOrderPos);
  }
}

/** Decodes the tip record (hash || u32le height). */
export function decodeTip(v: Uint8Array): LedgerTip {
  if (v.length !== 36) throw new RangeError(`wallet ledger tip record is ${v.length} bytes, expected 36`);
  return { hash: v.slice(0, 32), height: new DataView(v.buffer, v.byteOffset, 36).getUint32(32, true) };
}
