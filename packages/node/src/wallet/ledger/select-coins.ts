import { AssetAmounts } from './asset-amounts.js';
import type { CoinSelectionRandom } from './coin-selection-random.js';
import { selectCoinsMinConf, type ChainLimitCheck, type KnapsackCoin } from './knapsack.js';

/** `DEFAULT_ANCESTOR_LIMIT` / `DEFAULT_DESCENDANT_LIMIT`. */
export const DEFAULT_ANCESTOR_LIMIT = 25;
export const DEFAULT_DESCENDANT_LIMIT = 25;
/** `DEFAULT_WALLET_REJECT_LONG_CHAINS` (0.14: off). */
export const DEFAULT_WALLET_REJECT_LONG_CHAINS = false;

export interface SelectCoinsOptions<C> {
  readonly random: CoinSelectionRandom;
  /** `-spendzeroconfchange` (default true). */
  readonly spendZeroConfChange?: boolean;
  /** `-walletrejectlongchains` (default false). */
  readonly rejectLongChains?: boolean;
  /** `-limitancestorcount` / `-limitdescendantcount` (default 25 each). */
  readonly ancestorLimit?: number;
  readonly descendantLimit?: number;
  /**
   * The mempool's chain-limit check. Without one, a coin whose transaction is in the mempool passes
   * every limit except 0 (what a one-transaction chain does).
   */
  readonly withinChainLimit?: ChainLimitCheck<C>;
  /**
   * Coin control: the selected coins (`ListSelected`, resolved to wallet outputs by the caller; an
   * entry that is not a wallet output makes selection fail, pass `undefined` for it) and
   * `fAllowOtherInputs`.
   */
  readonly coinControl?: { readonly selected: readonly (C | undefined)[]; readonly allowOtherInputs: boolean };
}

export interface CoinsSelected<C> {
  readonly coins: C[];
  /** Value selected per asset (preset inputs included). */
  readonly values: AssetAmounts;
}

type ConcreteCoin = KnapsackCoin & { readonly inMempool?: boolean };

function defaultChainLimit(coin: ConcreteCoin, limit: number): boolean {
  return coin.inMempool !== true || limit > 0;
}

/**
 * Elements' per-asset `SelectCoinsMinConf(mapTargetValue, …)`: every asset with a positive target
 * (in asset-id order) must be met in the same pass; the coins chosen for each are combined.
 */
export function selectCoinsMinConfAssets<C extends KnapsackCoin>(
  targets: AssetAmounts,
  confMine: number,
  confTheirs: number,
  maxAncestors: number,
  coins: readonly C[],
  random: CoinSelectionRandom,
  withinChainLimit: ChainLimitCheck<C>,
): CoinsSelected<C> | undefined {
  const chosen: C[] = [];
  const values = new AssetAmounts();
  for (const assetKey of targets.keys()) {
    const target = targets.getKey(assetKey);
    if (target <= 0n) continue;
    const r = selectCoinsMinConf(assetKey, target, confMine, confTheirs, maxAncestors, coins, random, withinChainLimit);
    if (r === undefined) return undefined;
    chosen.push(...r.coins);
    values.addKey(assetKey, r.total);
  }
  return { coins: chosen, values };
}

/**
 * `CWallet::SelectCoins` of Core 0.14 over per-asset targets: coin control with only selected inputs
 * takes them all; otherwise preset inputs count first and the rest is selected in passes of
 * loosening confirmation rules — (1 own / 6 others, no mempool chain), (1, 1), then, with
 * `-spendzeroconfchange`, unconfirmed own change with mempool chains up to 2, min(4, limit/3),
 * limit/2, limit and (unless `-walletrejectlongchains`) unbounded, where limit = min(ancestor,
 * descendant) limit. The fee of the transaction is part of the fee asset's target (the caller adds
 * it, see `valueToSelect`). Undefined when the targets cannot be met.
 */
export function selectCoins<C extends KnapsackCoin>(
  available: readonly C[],
  targets: AssetAmounts,
  options: SelectCoinsOptions<C>,
): CoinsSelected<C> | undefined {
  const cc = options.coinControl;
  if (cc !== undefined && cc.selected.length > 0 && !cc.allowOtherInputs) {
    const values = new AssetAmounts();
    const coins: C[] = [];
    for (const c of available) {
      if (!c.spendable) continue;
      values.addKey(c.assetKey, c.value);
      coins.push(c);
    }
    return targets.allCoveredBy(values) ? { coins, values } : undefined;
  }

  const preset: C[] = [];
  const presetValues = new AssetAmounts();
  for (const c of cc?.selected ?? []) {
    if (c === undefined) return undefined; // TODO in Core too: non-wallet inputs are not allowed
    preset.push(c);
    presetValues.addKey(c.assetKey, c.value);
  }
  const isPreset = new Set(preset.map((c) => `${c.txidKey}:${c.index}`));
  const coins = preset.length > 0 ? available.filter((c) => !isPreset.has(`${c.txidKey}:${c.index}`)) : available;

  const remaining = targets.clone().subtractAll(presetValues);
  const chainLimit = options.withinChainLimit ?? (defaultChainLimit as ChainLimitCheck<C>);
  const maxChain = Math.min(options.ancestorLimit ?? DEFAULT_ANCESTOR_LIMIT, options.descendantLimit ?? DEFAULT_DESCENDANT_LIMIT);
  const zeroConf = options.spendZeroConfChange ?? true;
  const rejectLong = options.rejectLongChains ?? DEFAULT_WALLET_REJECT_LONG_CHAINS;
  const passes: [number, number, number][] = [
    [1, 6, 0],
    [1, 1, 0],
  ];
  if (zeroConf) {
    passes.push([0, 1, 2], [0, 1, Math.min(4, Math.floor(maxChain / 3))], [0, 1, Math.floor(maxChain / 2)], [0, 1, maxChain]);
    if (!rejectLong) passes.push([0, 1, Number.MAX_SAFE_INTEGER]);
  }

  let picked: CoinsSelected<C> | undefined;
  if (targets.allCoveredBy(presetValues)) picked = { coins: [], values: new AssetAmounts() };
  else {
    for (const [confMine, confTheirs, maxAncestors] of passes) {
      picked = selectCoinsMinConfAssets(remaining, confMine, confTheirs, maxAncestors, coins, options.random, chainLimit);
      if (picked !== undefined) break;
    }
  }
  if (picked === undefined) return undefined;
  return { coins: [...picked.coins, ...preset], values: picked.values.addAll(presetValues) };
}
