import { isFinalTx, type Transaction } from '@ocean-ts/core';
import { hexKey } from './hex-key.js';
import { AssetAmounts } from './asset-amounts.js';
import { ISMINE_ALL, ISMINE_NO, ISMINE_SPENDABLE, isMineBits, type IsMine, type UnblindedOutput, type Unblinder } from './ledger-types.js';
import type { LedgerView } from './ledger-state.js';
import type { OutputInfo, WalletTx } from './wallet-tx.js';

const ZERO32 = new Uint8Array(32);

export interface LedgerRulesOptions {
  readonly isMine: IsMine;
  readonly unblinder?: Unblinder | undefined;
  /** `COINBASE_MATURITY` (Ocean: 2). */
  readonly coinbaseMaturity: number;
  /** `-spendzeroconfchange` (default on). */
  readonly spendZeroConfChange: boolean;
  /** Network-adjusted time in seconds (`GetAdjustedTime`), for `CheckFinalTx`. */
  readonly now: () => number;
}

/**
 * The per-transaction rules of Core 0.14's `CWalletTx` / `CWallet` with Elements' per-asset amounts:
 * depth, maturity, finality, spentness, credit and debit, trust. All read through a `LedgerView`,
 * so they give the same answers on the committed state and on a pending update.
 */
export class LedgerRules {
  /** Bumped when keys change (`keysChanged`), which invalidates the cached output ownership. */
  generation = 0;
  /**
   * Bumped when keys change or transactions are added to or removed from the committed state: what
   * a transaction's debit is (it reads its parents) may change then.
   */
  debitGeneration = 0;
  /** The committed state: per-transaction results read through it may be cached. */
  committed: LedgerView | undefined;

  constructor(readonly options: LedgerRulesOptions) {}

  /** Ownership, value and asset of every output of `wtx` (cached until the keys change). */
  outputs(wtx: WalletTx): readonly OutputInfo[] {
    const c = wtx.cache;
    if (c.outputs === undefined || c.generation !== this.generation) {
      c.outputs = this.computeOutputs(wtx.tx, wtx.record.known);
      c.generation = this.generation;
    }
    return c.outputs;
  }

  computeOutputs(tx: Transaction, known: ReadonlyMap<number, UnblindedOutput>): OutputInfo[] {
    const out: OutputInfo[] = [];
    const { isMine, unblinder } = this.options;
    for (let i = 0; i < tx.outputs.length; i++) {
      const o = tx.outputs[i]!;
      const mine = isMineBits(isMine.isMine(o.scriptPubKey));
      const explicitValue = o.value.isExplicit;
      const explicitAsset = o.asset.isExplicit;
      if (explicitValue && explicitAsset) {
        const asset = o.asset.id;
        out.push({ mine, value: o.value.amount, asset, assetKey: hexKey(asset), valueBlinder: ZERO32, assetBlinder: ZERO32, unblinded: false });
        continue;
      }
      let u = known.get(i);
      let unblinded = false;
      if (u === undefined && mine !== ISMINE_NO && unblinder !== undefined && !explicitValue) {
        u = unblinder.unblind(o, i, tx);
        unblinded = u !== undefined;
      }
      if (u !== undefined) {
        out.push({ mine, value: u.value, asset: u.asset, assetKey: hexKey(u.asset), valueBlinder: u.valueBlinder, assetBlinder: u.assetBlinder, unblinded });
      } else {
        // Elements: an explicit value is known even when the asset is blinded; anything else is −1 / null.
        out.push({ mine, value: explicitValue ? o.value.amount : -1n, asset: null, assetKey: '', valueBlinder: ZERO32, assetBlinder: ZERO32, unblinded: false });
      }
    }
    return out;
  }

  /** `IsMine(tx)`: some output is ours (any kind). Uncached: used for transactions not in the wallet. */
  isMineTx(tx: Transaction): boolean {
    for (const o of tx.outputs) if (this.options.isMine.isMine(o.scriptPubKey) !== 'no') return true;
    return false;
  }

  /** `GetDepthInMainChain`: confirmations, negative when conflicted, 0 otherwise. */
  depth(view: LedgerView, wtx: WalletTx): number {
    const s = wtx.record.status;
    if (s.kind === 'confirmed') return (view.tip?.height ?? -1) - s.height + 1;
    if (s.kind === 'conflicted') return -((view.tip?.height ?? -1) - s.height + 1);
    return 0;
  }

  /** `GetBlocksToMaturity`: 0 for non-coinbase transactions. */
  blocksToMaturity(view: LedgerView, wtx: WalletTx): number {
    if (!wtx.isCoinbase) return 0;
    return Math.max(0, this.options.coinbaseMaturity + 1 - this.depth(view, wtx));
  }

  /** `CheckFinalTx` with the default flags: next block height and adjusted time. */
  isFinal(view: LedgerView, tx: Transaction): boolean {
    if (tx.locktime === 0) return true;
    return isFinalTx(tx, (view.tip?.height ?? -1) + 1, this.options.now());
  }

  /** `IsSpent`: some wallet transaction spending it is confirmed, or unconfirmed and not abandoned. */
  isSpent(view: LedgerView, key: string, n: number): boolean {
    for (const s of view.spenders(key, n)) {
      const w = view.get(s);
      if (w === undefined) continue;
      const d = this.depth(view, w);
      if (d > 0 || (d === 0 && !w.record.isAbandoned)) return true;
    }
    return false;
  }

  /** `GetDebit(tx, filter)`: our outputs the transaction spends, per asset. */
  debit(view: LedgerView, tx: Transaction, filter: number): AssetAmounts {
    const debit = new AssetAmounts();
    if (tx.isCoinbase) return debit;
    for (const input of tx.inputs) {
      const prev = view.get(hexKey(input.prevout.txid));
      if (prev === undefined) continue;
      const o = this.outputs(prev)[input.prevout.index];
      if (o === undefined || (o.mine & filter) === 0 || o.asset === null) continue;
      debit.addKey(o.assetKey, o.value > 0n ? o.value : 0n);
    }
    return debit;
  }

  /** `IsFromMe(filter)`: the debit is positive. */
  isFromMe(view: LedgerView, tx: Transaction, filter = ISMINE_ALL): boolean {
    if (tx.isCoinbase) return false;
    for (const input of tx.inputs) {
      const prev = view.get(hexKey(input.prevout.txid));
      if (prev === undefined) continue;
      const o = this.outputs(prev)[input.prevout.index];
      if (o !== undefined && (o.mine & filter) !== 0 && o.asset !== null && o.value > 0n) return true;
    }
    return false;
  }

  /** `IsFromMe(ISMINE_ALL)` of a wallet transaction, cached on the committed state. */
  isWalletTxFromMe(view: LedgerView, wtx: WalletTx): boolean {
    const c = wtx.cache;
    if (view !== this.committed) return this.isFromMe(view, wtx.tx, ISMINE_ALL);
    const gen = this.debitGeneration;
    if (c.fromMeGeneration !== gen) {
      c.fromMe = this.isFromMe(view, wtx.tx, ISMINE_ALL);
      c.fromMeGeneration = gen;
    }
    return c.fromMe;
  }

  /** Hex keys of the txids a wallet transaction spends (cached; never changes). */
  prevKeys(wtx: WalletTx): readonly string[] {
    return (wtx.cache.prevKeys ??= wtx.isCoinbase ? [] : wtx.tx.inputs.map((i) => hexKey(i.prevout.txid)));
  }

  /**
   * `IsTrusted`: final, and confirmed, or unconfirmed from us, in the mempool, with every input
   * spending a spendable output of a wallet transaction.
   */
  isTrusted(view: LedgerView, wtx: WalletTx): boolean {
    if (!this.isFinal(view, wtx.tx)) return false;
    const d = this.depth(view, wtx);
    if (d >= 1) return true;
    if (d < 0) return false;
    if (!this.options.spendZeroConfChange || !this.isWalletTxFromMe(view, wtx)) return false;
    if (!view.inMempool(wtx.key)) return false;
    const prevKeys = this.prevKeys(wtx);
    for (let i = 0; i < prevKeys.length; i++) {
      const parent = view.get(prevKeys[i]!);
      if (parent === undefined) return false;
      const o = this.outputs(parent)[wtx.tx.inputs[i]!.prevout.index];
      if (o === undefined || o.mine !== ISMINE_SPENDABLE) return false;
    }
    return true;
  }

  /** `GetCredit(filter)`: our outputs, spent or not; nothing for an immature coinbase. */
  credit(view: LedgerView, wtx: WalletTx, filter: number): AssetAmounts {
    const credit = new AssetAmounts();
    if (wtx.isCoinbase && this.blocksToMaturity(view, wtx) > 0) return credit;
    for (const o of this.outputs(wtx)) {
      if ((o.mine & filter) !== 0 && o.asset !== null) credit.addKey(o.assetKey, o.value > 0n ? o.value : 0n);
    }
    return credit;
  }

  /**
   * `GetAvailableCredit` (filter ISMINE_SPENDABLE) / `GetAvailableWatchOnlyCredit` (ISMINE_WATCH_ONLY):
   * our unspent outputs, added into `into`; nothing for an immature coinbase.
   */
  addAvailableCredit(view: LedgerView, wtx: WalletTx, filter: number, into: AssetAmounts): void {
    if (wtx.isCoinbase && this.blocksToMaturity(view, wtx) > 0) return;
    const outs = this.outputs(wtx);
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      if ((o.mine & filter) === 0 || o.asset === null) continue;
      if (this.isSpent(view, wtx.key, i)) continue;
      into.addKey(o.assetKey, o.value > 0n ? o.value : 0n);
    }
  }

  /** `GetImmatureCredit` / `GetImmatureWatchOnlyCredit`: a coinbase in the chain that has not matured. */
  addImmatureCredit(view: LedgerView, wtx: WalletTx, filter: number, into: AssetAmounts): void {
    if (!wtx.isCoinbase || this.blocksToMaturity(view, wtx) === 0 || this.depth(view, wtx) <= 0) return;
    for (const o of this.outputs(wtx)) {
      if ((o.mine & filter) !== 0 && o.asset !== null) into.addKey(o.assetKey, o.value > 0n ? o.value : 0n);
    }
  }
}

/** Elements' `GetFeeMap`: the explicit fee outputs per asset. */
export function feeMap(tx: Transaction): AssetAmounts {
  const fee = new AssetAmounts();
  for (const o of tx.outputs) if (o.isFee) fee.add(o.asset.id, o.value.amount);
  return fee;
}
