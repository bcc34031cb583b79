import type { TxOut } from '@ocean-ts/core';
import { hexKey } from './hex-key.js';
import { ISMINE_NO, ISMINE_SPENDABLE, ISMINE_WATCH_SOLVABLE } from './ledger-types.js';
import type { LedgerRules } from './ledger-rules.js';
import type { LedgerState } from './ledger-state.js';

/** `COutput` with Elements' unblinded value and asset. */
export interface AvailableCoin {
  /** txid, internal byte order. */
  readonly txid: Uint8Array;
  /** Internal-order hex of the txid. */
  readonly txidKey: string;
  readonly index: number;
  readonly txOut: TxOut;
  readonly depth: number;
  /** `fSpendable`: ours, or watch-only but solvable when coin control allows watch-only. */
  readonly spendable: boolean;
  /** `fSolvable`. */
  readonly solvable: boolean;
  /** `fSafe`: the transaction is trusted (and neither replaces nor was replaced while unconfirmed). */
  readonly safe: boolean;
  /** −1 when it cannot be unblinded. */
  readonly value: bigint;
  /** null when it cannot be unblinded. */
  readonly asset: Uint8Array | null;
  /** Internal-order hex of the asset id, '' when unknown. */
  readonly assetKey: string;
  readonly valueBlinder: Uint8Array;
  readonly assetBlinder: Uint8Array;
  /** `IsFromMe(ISMINE_ALL)` of the transaction (coin selection's confirmation rule). */
  readonly fromMe: boolean;
  readonly inMempool: boolean;
}

export interface CoinControlSelection {
  /** Outpoints the user selected (`txid` internal order). */
  readonly selected: readonly { readonly txid: Uint8Array; readonly index: number }[];
  /** `fAllowOtherInputs`. */
  readonly allowOtherInputs: boolean;
}

export interface AvailableCoinsOptions {
  /** `fOnlySafe` (default true); listunspent passes `!include_unsafe`. */
  readonly onlySafe?: boolean;
  /** `fIncludeZeroValue` (default false; listunspent passes true). */
  readonly includeZeroValue?: boolean;
  /** Coin control's `fAllowWatchOnly`: solvable watch-only outputs count as spendable. */
  readonly allowWatchOnly?: boolean;
  readonly coinControl?: CoinControlSelection;
  /** Only outputs known to carry this asset (internal order). Unknown-asset outputs are then left out. */
  readonly asset?: Uint8Array;
  /** listunspent's minconf / maxconf (default 0 / unbounded). */
  readonly minDepth?: number;
  readonly maxDepth?: number;
}

/**
 * `CWallet::AvailableCoins` of Core 0.14 (Elements values): outputs of final, mature, unconflicted
 * wallet transactions that are confirmed or in the mempool, ours (any kind), unspent, unlocked and
 * of positive value (unless zero values are asked for). Ordered by txid, then output index.
 */
export function availableCoins(
  rules: LedgerRules,
  state: LedgerState,
  locked: ReadonlyMap<string, ReadonlySet<number>>,
  options: AvailableCoinsOptions,
): AvailableCoin[] {
  const onlySafe = options.onlySafe ?? true;
  const includeZero = options.includeZeroValue ?? false;
  const allowWatch = options.allowWatchOnly ?? false;
  const assetKey = options.asset === undefined ? undefined : hexKey(options.asset);
  const minDepth = options.minDepth ?? 0;
  const maxDepth = options.maxDepth ?? Number.MAX_SAFE_INTEGER;
  let selected: Set<string> | undefined;
  const cc = options.coinControl;
  if (cc !== undefined && cc.selected.length > 0 && !cc.allowOtherInputs) {
    selected = new Set(cc.selected.map((o) => `${hexKey(o.txid)}:${o.index}`));
  }
  const out: AvailableCoin[] = [];
  for (const wtx of state.sortedTxs()) {
    const key = wtx.key;
    if (!rules.isFinal(state, wtx.tx)) continue;
    if (wtx.isCoinbase && rules.blocksToMaturity(state, wtx) > 0) continue;
    const depth = rules.depth(state, wtx);
    if (depth < 0) continue;
    const inMempool = state.inMempool(key);
    if (depth === 0 && !inMempool) continue;
    if (depth < minDepth || depth > maxDepth) continue;
    let safe = rules.isTrusted(state, wtx);
    if (depth === 0 && (wtx.record.value('replaces_txid') !== undefined || wtx.record.value('replaced_by_txid') !== undefined)) safe = false;
    if (onlySafe && !safe) continue;
    const outs = rules.outputs(wtx);
    const spends = state.spendsOf(key);
    const lockedHere = locked.size === 0 ? undefined : locked.get(key);
    let fromMe: boolean | undefined;
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      if (o.mine === ISMINE_NO) continue;
      if (assetKey !== undefined && o.assetKey !== assetKey) continue;
      if (!(o.value > 0n || includeZero)) continue;
      if (spends !== undefined && spends.has(i) && rules.isSpent(state, key, i)) continue;
      if (lockedHere !== undefined && lockedHere.has(i)) continue;
      if (selected !== undefined && !selected.has(`${key}:${i}`)) continue;
      fromMe ??= rules.isWalletTxFromMe(state, wtx);
      out.push({
        txid: wtx.txid,
        txidKey: key,
        index: i,
        txOut: wtx.tx.outputs[i]!,
        depth,
        spendable: (o.mine & ISMINE_SPENDABLE) !== 0 || (allowWatch && (o.mine & ISMINE_WATCH_SOLVABLE) !== 0),
        solvable: (o.mine & (ISMINE_SPENDABLE | ISMINE_WATCH_SOLVABLE)) !== 0,
        safe,
        value: o.value,
        asset: o.asset,
        assetKey: o.assetKey,
        valueBlinder: o.valueBlinder,
        assetBlinder: o.assetBlinder,
        fromMe,
        inMempool,
      });
    }
  }
  return out;
}
