import { COINBASE_MATURITY, bytesEqual, fromHex, toDisplayHex, type Block, type Transaction } from '@ocean-ts/core';
import { hexKey } from './hex-key.js';
import type { KvStore } from '../../storage/kv-store.js';
import { openWithSchema } from '../../storage/layout.js';
import { StorageError } from '../../storage/storage-error.js';
import { u32be } from '../../storage/key-codec.js';
import { AssetAmounts } from './asset-amounts.js';
import { availableCoins, type AvailableCoin, type AvailableCoinsOptions } from './available-coins.js';
import { LEDGER_TIP_KEY, WALLET_LEDGER_LAYOUT } from './layout.js';
import { LedgerRules } from './ledger-rules.js';
import { LedgerState, LedgerUpdate, decodeTip, type LedgerTip, type LedgerView } from './ledger-state.js';
import {
  ISMINE_ALL,
  ISMINE_SPENDABLE,
  ISMINE_WATCH_ONLY,
  type ConnectedBlock,
  type DisconnectedBlock,
  type IsMine,
  type LedgerChainSource,
  type MempoolRemovalReason,
  type UnblindedOutput,
  type Unblinder,
  type WalletChainListener,
} from './ledger-types.js';
import { ABANDONED, UNCONFIRMED, WalletTxRecord, type TxStatus } from './wallet-tx-record.js';
import { OutputCache, WalletTx, type OutputInfo } from './wallet-tx.js';

export interface WalletLedgerOptions {
  readonly isMine: IsMine;
  /** Opens confidential outputs; without one, confidential outputs count as unknown (ignored). */
  readonly unblinder?: Unblinder;
  /** Default: core's `COINBASE_MATURITY` (2). */
  readonly coinbaseMaturity?: number;
  /** `-spendzeroconfchange`, default true. */
  readonly spendZeroConfChange?: boolean;
  /** Network-adjusted time in seconds; default the system clock. */
  readonly now?: () => number;
}

/** Where a block puts a transaction. */
interface BlockPosition {
  readonly hash: Uint8Array;
  readonly height: number;
  readonly index: number;
  /** Block header time, for `nTimeSmart`. */
  readonly time: number;
}

/** Extra data when the wallet itself adds a transaction (`CommitTransaction`, `importprunedfunds`). */
export interface AddTransactionOptions {
  /** `fFromMe`: the wallet created it. */
  readonly fromMe?: boolean;
  readonly fromAccount?: string;
  /** `mapValue` entries (comment, to, …). */
  readonly values?: ReadonlyArray<readonly [string, string]>;
  /** Blinding data of confidential outputs, known from creating them. */
  readonly known?: ReadonlyMap<number, UnblindedOutput>;
  /** The active-chain block containing it (`importprunedfunds`). */
  readonly block?: { readonly hash: Uint8Array; readonly height: number; readonly index: number; readonly time: number };
}

export type AbandonResult = 'abandoned' | 'not-found' | 'not-eligible';

export interface RescanResult {
  /** First height scanned (−1 when nothing was scanned). */
  readonly fromHeight: number;
  /** The ledger's tip height afterwards. */
  readonly toHeight: number;
  /** Transactions new to the wallet. */
  readonly added: number;
  /** Height the ledger rewound to first because its blocks left the active chain, if it had to. */
  readonly rewoundTo: number | undefined;
}

/** Per-asset balances, as `getwalletinfo` reports them (one pass over the wallet). */
export interface LedgerBalances {
  /** `GetBalance`: unspent outputs of trusted transactions. */
  readonly trusted: AssetAmounts;
  /** `GetUnconfirmedBalance`: untrusted, unconfirmed, in the mempool. */
  readonly unconfirmed: AssetAmounts;
  /** `GetImmatureBalance`: coinbase outputs not yet mature. */
  readonly immature: AssetAmounts;
  readonly watchOnlyTrusted: AssetAmounts;
  readonly watchOnlyUnconfirmed: AssetAmounts;
  readonly watchOnlyImmature: AssetAmounts;
}

/**
 * The wallet's transactions and what follows from them (Core 0.14 `CWallet`'s `mapWallet` part with
 * Elements' per-asset amounts): which outputs are ours and unspent, per-asset balances, the coins
 * available for spending. It follows the chain through `WalletChainListener` events; each event is
 * applied as one atomic batch (changed transaction records + the ledger's block table and tip), and
 * memory changes only after the batch is durable. Events and wallet operations run one at a time in
 * call order. Reads are synchronous and see the last committed state.
 */
export class WalletLedger implements WalletChainListener {
  private readonly state: LedgerState;
  readonly rules: LedgerRules;
  private tail: Promise<unknown> = Promise.resolve();
  /** Locked coins (`setLockedCoins`): txid key → output indexes. */
  private readonly locked = new Map<string, Set<number>>();

  private constructor(
    private readonly store: KvStore,
    state: LedgerState,
    rules: LedgerRules,
  ) {
    this.state = state;
    this.rules = rules;
    rules.committed = state;
  }

  /** Checks the schema, then loads every wallet transaction and the tip. */
  static async open(store: KvStore, options: WalletLedgerOptions): Promise<WalletLedger> {
    await openWithSchema(store, WALLET_LEDGER_LAYOUT);
    const rules = new LedgerRules({
      isMine: options.isMine,
      unblinder: options.unblinder,
      coinbaseMaturity: options.coinbaseMaturity ?? COINBASE_MATURITY,
      spendZeroConfChange: options.spendZeroConfChange ?? true,
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
    });
    const state = new LedgerState();
    const tipBytes = store.get(LEDGER_TIP_KEY);
    state.tip = tipBytes === undefined ? undefined : decodeTip(tipBytes);
    for (const [k, v] of store.range(WALLET_LEDGER_LAYOUT.range('tx'))) {
      const txid = k.slice(1);
      let record: WalletTxRecord;
      try {
        record = WalletTxRecord.decode(v);
      } catch (e) {
        throw new StorageError(
          'corrupt',
          `wallet transaction ${toDisplayHex(txid)} in ${store.location} cannot be read: ${e instanceof Error ? e.message : String(e)}`,
          store.location,
          { cause: e },
        );
      }
      state.insert(new WalletTx(txid, hexKey(txid), record));
    }
    state.sortOrder();
    return new WalletLedger(store, state, rules);
  }

  // ------------------------------------------------------------------ serialisation of changes

  private run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async commit(u: LedgerUpdate): Promise<void> {
    const batch = u.toBatch();
    if (!batch.isEmpty) await this.store.write(batch);
    u.applyTo(this.state);
    if (u.inserted.length > 0 || u.removed.size > 0 || u.outputsChanged) this.rules.debitGeneration++;
  }

  /** Resolves once every change queued so far has been applied. */
  async idle(): Promise<void> {
    await this.run(async () => undefined);
  }

  // ------------------------------------------------------------------ chain events

  blockConnected(event: ConnectedBlock): Promise<void> {
    return this.run(async () => {
      const { block, height } = event;
      const hash = block.hash;
      const tip = this.state.tip;
      // Already connected (a rescan overlapping the event stream got there first): nothing to do.
      const have = tip !== undefined && height <= tip.height ? this.ledgerBlockAt(height, tip) : undefined;
      if (have !== undefined && bytesEqual(have, hash)) return;
      if (tip !== undefined && (height !== tip.height + 1 || !bytesEqual(block.header.prevBlockHash, tip.hash))) {
        throw new Error(
          `wallet ledger at height ${tip.height} (${toDisplayHex(tip.hash)}) cannot connect block ${toDisplayHex(hash)} ` +
            `at height ${height}: it does not extend the ledger's tip`,
        );
      }
      const u = new LedgerUpdate(this.state);
      u.setTip({ hash, height });
      u.putBlock(height, hash);
      this.applyBlock(u, block, hash, height);
      await this.commit(u);
    });
  }

  blockDisconnected(event: DisconnectedBlock): Promise<void> {
    return this.run(async () => {
      const { block, height } = event;
      const tip = this.state.tip;
      // Already rewound below it (by a rescan that saw the reorg first): nothing to do.
      if (tip !== undefined && tip.height < height) return;
      if (tip === undefined || tip.height !== height || !bytesEqual(tip.hash, block.hash)) {
        throw new Error(
          `wallet ledger cannot disconnect block ${toDisplayHex(block.hash)} at height ${height}: ` +
            (tip === undefined ? 'the ledger has no tip' : `its tip is ${toDisplayHex(tip.hash)} at height ${tip.height}`),
        );
      }
      const u = new LedgerUpdate(this.state);
      this.rewind(u, height - 1, height === 0 ? undefined : { hash: block.header.prevBlockHash, height: height - 1 });
      await this.commit(u);
    });
  }

  transactionAddedToMempool(tx: Transaction): Promise<void> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      if (this.syncTransaction(u, tx, undefined)) u.setInMempool(hexKey(tx.txid), true);
      await this.commit(u);
    });
  }

  transactionRemovedFromMempool(txid: Uint8Array, _reason: MempoolRemovalReason): Promise<void> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      u.setInMempool(hexKey(txid), false);
      await this.commit(u);
    });
  }

  /** Replaces the mempool membership of wallet transactions (e.g. after the mempool was reloaded without events). */
  setMempoolContents(txids: Iterable<Uint8Array>): Promise<void> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      const now = new Set<string>();
      for (const t of txids) now.add(hexKey(t));
      for (const k of this.state.mempool) if (!now.has(k)) u.setInMempool(k, false);
      for (const k of now) if (this.state.txs.has(k)) u.setInMempool(k, true);
      await this.commit(u);
    });
  }

  // ------------------------------------------------------------------ wallet operations

  /**
   * `AddToWallet` of a transaction the wallet made (`CommitTransaction`, fFromMe) or imports with its
   * block (`importprunedfunds`). An existing transaction is merged as Core does (block, fFromMe).
   */
  addTransaction(tx: Transaction, options: AddTransactionOptions = {}): Promise<WalletTx> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      let pos: BlockPosition | undefined;
      if (options.block !== undefined) {
        const b = options.block;
        const tip = this.state.tip;
        if (tip === undefined || b.height > tip.height) throw new RangeError(`block height ${b.height} is above the wallet ledger's tip`);
        pos = { hash: b.hash, height: b.height, index: b.index, time: b.time };
      }
      this.addToWallet(u, tx, pos === undefined ? UNCONFIRMED : confirmedAt(pos), pos?.time, options);
      await this.commit(u);
      return this.state.get(hexKey(tx.txid))!;
    });
  }

  /**
   * `AbandonTransaction`: marks an unconfirmed transaction that is not in the mempool, and every
   * wallet transaction descending from it, as abandoned, so the outputs it spends count as unspent
   * again. Confirmed, conflicted or in-mempool transactions are not eligible.
   */
  abandonTransaction(txid: Uint8Array): Promise<AbandonResult> {
    return this.run(async () => {
      const key = hexKey(txid);
      const orig = this.state.get(key);
      if (orig === undefined) return 'not-found';
      if (this.rules.depth(this.state, orig) > 0 || this.state.inMempool(key)) return 'not-eligible';
      const u = new LedgerUpdate(this.state);
      const todo = [key];
      const done = new Set<string>();
      while (todo.length > 0) {
        const now = todo.pop()!;
        if (done.has(now)) continue;
        done.add(now);
        const w = u.get(now);
        if (w === undefined) continue;
        const current = this.rules.depth(u, w);
        // Conflicted transactions (and their spends) are left as they are; a spend in the mempool cannot be abandoned.
        if (current !== 0 || w.record.isAbandoned || u.inMempool(now)) continue;
        u.put(w.withRecord(w.record.with({ status: ABANDONED })));
        for (const s of u.spendersOfTx(now)) if (!done.has(s)) todo.push(s);
      }
      await this.commit(u);
      return 'abandoned';
    });
  }

  /**
   * Removes transactions from the wallet (`ZapSelectTx` for `removeprunedfunds`; all of them for
   * `-zapwallettxes`, when `txids` is undefined). Returns the removed records (for restoring their
   * metadata after the rescan with `restoreMetadata`).
   */
  zapTransactions(txids?: readonly Uint8Array[]): Promise<WalletTxRecord[]> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      const keys = txids === undefined ? [...this.state.orderedKeys()] : txids.map((t) => hexKey(t));
      const removed: WalletTxRecord[] = [];
      for (const k of keys) {
        const w = this.state.get(k);
        if (w === undefined) continue;
        removed.push(w.record);
        u.remove(k);
        u.setInMempool(k, false);
      }
      await this.commit(u);
      return removed;
    });
  }

  /**
   * `-zapwallettxes=1`: after the rescan, give the transactions found again the metadata they had
   * (`mapValue`, from-account, received and smart time, order position, fFromMe).
   */
  restoreMetadata(records: readonly WalletTxRecord[]): Promise<number> {
    return this.run(async () => {
      const u = new LedgerUpdate(this.state);
      let n = 0;
      for (const old of records) {
        const w = this.state.get(hexKey(old.tx.txid));
        if (w === undefined) continue;
        u.put(
          w.withRecord(
            w.record.with({
              values: old.values,
              fromAccount: old.fromAccount,
              timeReceived: old.timeReceived,
              timeSmart: old.timeSmart,
              orderPos: old.orderPos,
              fromMe: old.fromMe,
            }),
          ),
        );
        n++;
      }
      await this.commit(u);
      if (n > 0) this.state.sortOrder();
      return n;
    });
  }

  /**
   * Brings the ledger to the active chain of `source`, scanning blocks from `fromHeight` (Core's
   * `ScanForWalletTransactions` with fUpdate): first rewinds the ledger's blocks that left the active
   * chain (found through the ledger's block table), then re-reads every block from
   * min(fromHeight, fork + 1) to the source's tip, one batch per block (a ledger without a tip scans
   * from genesis). Use `fromHeight = 0` for `-rescan`, and `syncWithChain` at startup.
   */
  rescan(source: LedgerChainSource, fromHeight: number): Promise<RescanResult> {
    return this.run(async () => {
      let rewoundTo: number | undefined;
      let tip = this.state.tip;
      if (tip !== undefined) {
        const fork = this.findFork(source, tip);
        if (fork < tip.height) {
          const u = new LedgerUpdate(this.state);
          const hash = fork >= 0 ? source.blockHashAt(fork) : undefined;
          this.rewind(u, fork, hash === undefined ? undefined : { hash, height: fork });
          await this.commit(u);
          rewoundTo = fork;
          tip = this.state.tip;
        }
      }
      // A ledger that never saw a block knows nothing: it scans the whole chain (Core: no best-block locator).
      const start = tip === undefined ? 0 : Math.max(0, Math.min(fromHeight, tip.height + 1));
      let added = 0;
      for (let h = start; h <= source.tipHeight; h++) {
        const block = source.blockAt(h);
        const hash = source.blockHashAt(h);
        if (block === undefined || hash === undefined) throw new Error(`wallet rescan: block at height ${h} is not available`);
        const u = new LedgerUpdate(this.state);
        const current = this.state.tip;
        if (current === undefined || h > current.height) {
          u.setTip({ hash, height: h });
          u.putBlock(h, hash);
        }
        this.applyBlock(u, block, hash, h);
        added += u.inserted.length;
        await this.commit(u);
      }
      return { fromHeight: start <= source.tipHeight ? start : -1, toHeight: this.state.tip?.height ?? -1, added, rewoundTo };
    });
  }

  /**
   * A new wallet on an existing chain (Core 0.14's first run writes the current locator): the ledger
   * starts at `tip` without scanning what came before. Only for a ledger that has no tip yet.
   */
  startAt(tip: LedgerTip): Promise<void> {
    return this.run(async () => {
      if (this.state.tip !== undefined) throw new Error('wallet ledger already follows the chain');
      const u = new LedgerUpdate(this.state);
      u.setTip(tip);
      u.putBlock(tip.height, tip.hash);
      await this.commit(u);
    });
  }

  /** At startup: rewind what left the active chain and connect what the ledger missed. */
  syncWithChain(source: LedgerChainSource): Promise<RescanResult> {
    return this.rescan(source, Number.MAX_SAFE_INTEGER);
  }

  /** Keys were added (import, new key pool keys): ownership and unblinding are recomputed on next use. */
  keysChanged(): void {
    this.rules.generation++;
    this.rules.debitGeneration++;
  }

  // ------------------------------------------------------------------ coin locks (lockunspent; in memory, as in Core)

  lockCoin(txid: Uint8Array, n: number): void {
    const k = hexKey(txid);
    let set = this.locked.get(k);
    if (set === undefined) this.locked.set(k, (set = new Set()));
    set.add(n);
  }

  unlockCoin(txid: Uint8Array, n: number): void {
    const k = hexKey(txid);
    const set = this.locked.get(k);
    if (set === undefined) return;
    set.delete(n);
    if (set.size === 0) this.locked.delete(k);
  }

  unlockAllCoins(): void {
    this.locked.clear();
  }

  isLockedCoin(txid: Uint8Array, n: number): boolean {
    return this.locked.get(hexKey(txid))?.has(n) === true;
  }

  /** Locked outpoints as `{txid, index}` (internal-order txid). */
  lockedCoins(): { txid: Uint8Array; index: number }[] {
    const out: { txid: Uint8Array; index: number }[] = [];
    for (const [k, set] of this.locked) for (const n of [...set].sort((a, b) => a - b)) out.push({ txid: fromHex(k), index: n });
    return out;
  }

  // ------------------------------------------------------------------ reads

  /** The last block the ledger connected. */
  get tip(): LedgerTip | undefined {
    return this.state.tip;
  }

  /** The committed state (for the query helpers). */
  get view(): LedgerView {
    return this.state;
  }

  get size(): number {
    return this.state.txs.size;
  }

  get(txid: Uint8Array): WalletTx | undefined {
    return this.state.get(hexKey(txid));
  }

  /** Wallet transactions in txid order (`mapWallet`). */
  *transactions(): Iterable<WalletTx> {
    yield* this.state.sortedTxs();
  }

  /** Wallet transactions in the order they were added (`wtxOrdered`, for listtransactions). */
  *transactionsByOrder(): Iterable<WalletTx> {
    for (const k of this.state.orderedKeys()) yield this.state.txs.get(k)!;
  }

  inMempool(txid: Uint8Array): boolean {
    return this.state.inMempool(hexKey(txid));
  }

  /** The wallet transactions the ledger has as in the mempool (txids, internal order). */
  mempoolTxids(): Uint8Array[] {
    return [...this.state.mempool].map((k) => fromHex(k));
  }

  depth(wtx: WalletTx): number {
    return this.rules.depth(this.state, wtx);
  }

  blocksToMaturity(wtx: WalletTx): number {
    return this.rules.blocksToMaturity(this.state, wtx);
  }

  isTrusted(wtx: WalletTx): boolean {
    return this.rules.isTrusted(this.state, wtx);
  }

  isFinal(wtx: WalletTx): boolean {
    return this.rules.isFinal(this.state, wtx.tx);
  }

  isSpent(txid: Uint8Array, n: number): boolean {
    return this.rules.isSpent(this.state, hexKey(txid), n);
  }

  outputs(wtx: WalletTx): readonly OutputInfo[] {
    return this.rules.outputs(wtx);
  }

  debit(tx: Transaction, filter: number): AssetAmounts {
    return this.rules.debit(this.state, tx, filter);
  }

  credit(wtx: WalletTx, filter: number): AssetAmounts {
    return this.rules.credit(this.state, wtx, filter);
  }

  isFromMe(tx: Transaction, filter = ISMINE_ALL): boolean {
    return this.rules.isFromMe(this.state, tx, filter);
  }

  /** Every balance in one pass (`getwalletinfo`). */
  balances(): LedgerBalances {
    const b: LedgerBalances = {
      trusted: new AssetAmounts(),
      unconfirmed: new AssetAmounts(),
      immature: new AssetAmounts(),
      watchOnlyTrusted: new AssetAmounts(),
      watchOnlyUnconfirmed: new AssetAmounts(),
      watchOnlyImmature: new AssetAmounts(),
    };
    const rules = this.rules;
    const view = this.state;
    for (const wtx of view.txs.values()) {
      if (wtx.isCoinbase) {
        rules.addImmatureCredit(view, wtx, ISMINE_SPENDABLE, b.immature);
        rules.addImmatureCredit(view, wtx, ISMINE_WATCH_ONLY, b.watchOnlyImmature);
      }
      let spendable: AssetAmounts;
      let watch: AssetAmounts;
      if (rules.isTrusted(view, wtx)) {
        spendable = b.trusted;
        watch = b.watchOnlyTrusted;
      } else if (rules.depth(view, wtx) === 0 && view.inMempool(wtx.key)) {
        spendable = b.unconfirmed;
        watch = b.watchOnlyUnconfirmed;
      } else continue;
      if (wtx.isCoinbase && rules.blocksToMaturity(view, wtx) > 0) continue;
      const outs = rules.outputs(wtx);
      const spends = view.spendsOf(wtx.key);
      for (let i = 0; i < outs.length; i++) {
        const o = outs[i]!;
        if (o.mine === 0 || o.asset === null) continue;
        if (spends !== undefined && spends.has(i) && rules.isSpent(view, wtx.key, i)) continue;
        const v = o.value > 0n ? o.value : 0n;
        if ((o.mine & ISMINE_SPENDABLE) !== 0) spendable.addKey(o.assetKey, v);
        else if ((o.mine & ISMINE_WATCH_ONLY) !== 0) watch.addKey(o.assetKey, v);
      }
    }
    return b;
  }

  /** `GetBalance` (spendable) or `GetWatchOnlyBalance` (`watchOnly`). */
  getBalance(watchOnly = false): AssetAmounts {
    const out = new AssetAmounts();
    for (const wtx of this.state.txs.values()) {
      if (this.rules.isTrusted(this.state, wtx)) this.rules.addAvailableCredit(this.state, wtx, watchOnly ? ISMINE_WATCH_ONLY : ISMINE_SPENDABLE, out);
    }
    return out;
  }

  /** `GetUnconfirmedBalance` / `GetUnconfirmedWatchOnlyBalance`. */
  getUnconfirmedBalance(watchOnly = false): AssetAmounts {
    const out = new AssetAmounts();
    for (const wtx of this.state.txs.values()) {
      if (!this.rules.isTrusted(this.state, wtx) && this.rules.depth(this.state, wtx) === 0 && this.state.inMempool(wtx.key)) {
        this.rules.addAvailableCredit(this.state, wtx, watchOnly ? ISMINE_WATCH_ONLY : ISMINE_SPENDABLE, out);
      }
    }
    return out;
  }

  /** `GetImmatureBalance` / `GetImmatureWatchOnlyBalance`. */
  getImmatureBalance(watchOnly = false): AssetAmounts {
    const out = new AssetAmounts();
    for (const wtx of this.state.txs.values()) this.rules.addImmatureCredit(this.state, wtx, watchOnly ? ISMINE_WATCH_ONLY : ISMINE_SPENDABLE, out);
    return out;
  }

  /** `AvailableCoins` (plus listunspent's depth and asset filters), in txid then output order. */
  availableCoins(options: AvailableCoinsOptions = {}): AvailableCoin[] {
    return availableCoins(this.rules, this.state, this.locked, options);
  }

  /** One wallet output as a coin (preset inputs of coin control), whatever its state; undefined if unknown. */
  coin(txid: Uint8Array, n: number): AvailableCoin | undefined {
    const w = this.get(txid);
    if (w === undefined || n >= w.tx.outputs.length) return undefined;
    const o = this.rules.outputs(w)[n]!;
    return {
      txid: w.txid,
      txidKey: w.key,
      index: n,
      txOut: w.tx.outputs[n]!,
      depth: this.rules.depth(this.state, w),
      spendable: true,
      solvable: true,
      safe: true,
      value: o.value,
      asset: o.asset,
      assetKey: o.assetKey,
      valueBlinder: o.valueBlinder,
      assetBlinder: o.assetBlinder,
      fromMe: this.rules.isWalletTxFromMe(this.state, w),
      inMempool: this.state.inMempool(w.key),
    };
  }

  /**
   * Unconfirmed, unabandoned, non-coinbase wallet transactions in wallet order: what
   * `ReacceptWalletTransactions` submits to the mempool at startup.
   */
  transactionsToReaccept(): Transaction[] {
    const out: Transaction[] = [];
    for (const w of this.transactionsByOrder()) {
      if (!w.tx.isCoinbase && this.rules.depth(this.state, w) === 0 && !w.record.isAbandoned) out.push(w.tx);
    }
    return out;
  }

  // ------------------------------------------------------------------ internals (run inside `run`)

  /** The ledger's block hash at `height` (its tip or its block table). */
  private ledgerBlockAt(height: number, tip: LedgerTip): Uint8Array | undefined {
    return height === tip.height ? tip.hash : this.store.get(WALLET_LEDGER_LAYOUT.key('block', u32be(height)));
  }

  /** The highest height where the ledger's block equals the source's active-chain block. */
  private findFork(source: LedgerChainSource, tip: LedgerTip): number {
    let h = Math.min(tip.height, source.tipHeight);
    while (h >= 0) {
      const ours = this.ledgerBlockAt(h, tip);
      // Below the first block the ledger saw there is nothing to compare: assume the chain is shared.
      if (ours === undefined) return h;
      const theirs = source.blockHashAt(h);
      if (theirs !== undefined && bytesEqual(ours, theirs)) return h;
      h--;
    }
    return -1;
  }

  /** Every transaction the chain above `height` confirmed or conflicted becomes unconfirmed. */
  private rewind(u: LedgerUpdate, height: number, newTip: LedgerTip | undefined): void {
    const oldTip = u.tip;
    for (const w of this.state.txs.values()) {
      const s = w.record.status;
      if ((s.kind === 'confirmed' || s.kind === 'conflicted') && s.height > height) u.put(w.withRecord(w.record.with({ status: UNCONFIRMED })));
    }
    if (oldTip !== undefined) for (let h = oldTip.height; h > height; h--) u.deleteBlock(h);
    u.setTip(newTip);
  }

  private applyBlock(u: LedgerUpdate, block: Block, hash: Uint8Array, height: number): void {
    const time = block.header.time;
    block.transactions.forEach((tx, index) => this.syncTransaction(u, tx, { hash, height, index, time }));
  }

  /** `SyncTransaction` → `AddToWalletIfInvolvingMe(tx, block, pos, fUpdate = true)`. True when the tx is (now) a wallet tx. */
  private syncTransaction(u: LedgerUpdate, tx: Transaction, pos: BlockPosition | undefined): boolean {
    const key = hexKey(tx.txid);
    if (pos !== undefined && !tx.isCoinbase) {
      for (const input of tx.inputs) {
        for (const s of u.spenders(hexKey(input.prevout.txid), input.prevout.index)) {
          if (s !== key) this.markConflicted(u, pos.hash, pos.height, s);
        }
      }
    }
    const existing = u.get(key);
    if (existing === undefined && !this.rules.isMineTx(tx) && !this.rules.isFromMe(u, tx, ISMINE_ALL)) return false;
    this.addToWallet(u, tx, pos === undefined ? UNCONFIRMED : confirmedAt(pos), pos?.time, {});
    return true;
  }

  /** `MarkConflicted`: the transaction and its wallet descendants get the conflicting block's negative depth. */
  private markConflicted(u: LedgerUpdate, blockHash: Uint8Array, blockHeight: number, txKey: string): void {
    const conflictConfirms = -((u.tip?.height ?? -1) + 1 - blockHeight);
    if (conflictConfirms >= 0) return;
    const todo = [txKey];
    const done = new Set<string>();
    while (todo.length > 0) {
      const now = todo.pop()!;
      if (done.has(now)) continue;
      done.add(now);
      const w = u.get(now);
      if (w === undefined) continue;
      if (conflictConfirms < this.rules.depth(u, w)) {
        u.put(w.withRecord(w.record.with({ status: { kind: 'conflicted', blockHash, height: blockHeight } })));
        for (const s of u.spendersOfTx(now)) if (!done.has(s)) todo.push(s);
      }
    }
  }

  /** `AddToWallet`: insert a new transaction, or merge block position / abandonment / fFromMe into the existing one. */
  private addToWallet(u: LedgerUpdate, tx: Transaction, status: TxStatus, blockTime: number | undefined, extra: AddTransactionOptions): void {
    const key = hexKey(tx.txid);
    const existing = u.get(key);
    if (existing === undefined) {
      const known = new Map<number, UnblindedOutput>(extra.known ?? []);
      const outputs = this.rules.computeOutputs(tx, known);
      outputs.forEach((o, i) => {
        if (o.unblinded && o.asset !== null) known.set(i, { value: o.value, asset: o.asset, valueBlinder: o.valueBlinder, assetBlinder: o.assetBlinder });
      });
      const timeReceived = this.rules.options.now();
      const record = new WalletTxRecord({
        tx,
        status,
        fromMe: extra.fromMe ?? false,
        timeReceived,
        timeSmart: this.computeTimeSmart(u, timeReceived, status, blockTime),
        orderPos: u.nextOrderPos,
        fromAccount: extra.fromAccount ?? '',
        values: extra.values ?? [],
        known,
      });
      const cache = new OutputCache();
      cache.outputs = outputs;
      cache.generation = this.rules.generation;
      u.insert(new WalletTx(tx.txid, key, record, cache));
      return;
    }
    const rec = existing.record;
    let next = rec;
    const s = rec.status;
    if (status.kind === 'confirmed') {
      if (s.kind !== 'confirmed' || !bytesEqual(s.blockHash, status.blockHash) || s.index !== status.index || s.height !== status.height) {
        next = next.with({ status });
      }
    } else if (s.kind === 'abandoned') {
      next = next.with({ status: UNCONFIRMED });
    }
    if (extra.fromMe === true && !rec.fromMe) next = next.with({ fromMe: true });
    let cache = existing.cache;
    if (extra.known !== undefined && extra.known.size > 0) {
      const known = new Map(rec.known);
      for (const [i, k] of extra.known) known.set(i, k);
      next = next.with({ known });
      cache = new OutputCache();
      u.outputsChanged = true;
    }
    if (next !== rec) u.put(new WalletTx(existing.txid, key, next, cache));
  }

  /** `ComputeTimeSmart`: a confirmed transaction's time is its block time, bounded by the wallet's recent entries. */
  private computeTimeSmart(u: LedgerUpdate, timeReceived: number, status: TxStatus, blockTime: number | undefined): number {
    if (status.kind !== 'confirmed' || blockTime === undefined) return timeReceived;
    let latestNow = timeReceived;
    let latestEntry = 0;
    const latestTolerated = latestNow + 300;
    const base = this.state.orderedKeys();
    const pending = u.inserted;
    // Newest first: this update's insertions, then the committed order.
    for (let i = pending.length + base.length - 1; i >= 0; i--) {
      const w = u.get(i >= base.length ? pending[i - base.length]! : base[i]!);
      if (w === undefined) continue;
      const smart = w.record.timeSmart !== 0 ? w.record.timeSmart : w.record.timeReceived;
      if (smart <= latestTolerated) {
        latestEntry = smart;
        if (smart > latestNow) latestNow = smart;
        break;
      }
    }
    return Math.max(latestEntry, Math.min(blockTime, latestNow));
  }
}

function confirmedAt(pos: BlockPosition): TxStatus {
  return { kind: 'confirmed', blockHash: pos.hash, height: pos.height, index: pos.index };
}
