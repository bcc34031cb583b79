/**
 * The freezelist / redemption / burnlist mempool rules (ocean-policy.md §4.4, §13 steps 6–7) as
 * mempool `PolicyHooks`. Both rules apply only to transactions that are not policy transactions
 * (no output in one of the current policy assets). Every reject is code 64 (REJECT_NONSTANDARD).
 */
import type { CoinView, Transaction } from '@ocean-ts/core';
import type { PolicyHooks } from '../mempool/chain-view.js';
import type { CurrentPolicyAssets } from './current-policy-assets.js';
import type { FreezeBurnLists } from './freeze-burn-lists.js';
import {
  isAllBurn,
  isAnyBurn,
  isBurnlisted,
  isFreezelisted,
  isRedemption,
  isRedemptionListed,
} from './list-tx-predicates.js';

export const FREEZELIST_ADDRESS_INPUT = 'freezelist-address-input';
export const FREEZELIST_BURN_NO_BURNLIST = 'freezelist-burn-no-burnlist';
export const REDEMPTION_TX_NOT_FREEZELISTED = 'redemption-tx-not-freezelisted';
export const BURN_TX_NOT_BURNLISTED = 'burn-tx-not-burnlisted';

/** `IsPolicy(tx)`: some output's explicit asset is a current policy asset. */
export function isPolicyTransaction(tx: Transaction, assets: CurrentPolicyAssets): boolean {
  return tx.outputs.some((o) => o.asset.isExplicit && assets.isPolicyAsset(o.asset.id));
}

/** §4.4 rule 1 (`-freezelist`): the reject reason, or null. */
export function freezelistReason(tx: Transaction, coins: CoinView, lists: FreezeBurnLists, assets: CurrentPolicyAssets): string | null {
  if (!lists.switches.freezelist || isPolicyTransaction(tx, assets)) return null;
  if (isFreezelisted(tx, coins, lists.freezelist)) {
    if (!(lists.switches.burnlist && isAllBurn(tx))) return FREEZELIST_ADDRESS_INPUT;
    if (!isBurnlisted(tx, coins, lists.burnlist)) return FREEZELIST_BURN_NO_BURNLIST;
  }
  if (isRedemption(tx) && !isRedemptionListed(tx, lists.freezelist)) return REDEMPTION_TX_NOT_FREEZELISTED;
  return null;
}

/** §4.4 rule 2 (`-burnlist`): the reject reason, or null. */
export function burnlistReason(tx: Transaction, coins: CoinView, lists: FreezeBurnLists, assets: CurrentPolicyAssets): string | null {
  if (!lists.switches.burnlist || isPolicyTransaction(tx, assets)) return null;
  if (isAnyBurn(tx) && !isBurnlisted(tx, coins, lists.burnlist)) return BURN_TX_NOT_BURNLISTED;
  return null;
}

/**
 * The hooks: `checkFreezelist` and `checkBurnlist` (only for the switches that are on) and
 * `isRedemption` (redemptions are exempt from the fee rules on every node).
 */
export function freezeBurnHooks(lists: FreezeBurnLists, assets: CurrentPolicyAssets): PolicyHooks {
  return {
    ...(lists.switches.freezelist ? { checkFreezelist: (tx: Transaction, coins: CoinView) => freezelistReason(tx, coins, lists, assets) } : {}),
    ...(lists.switches.burnlist ? { checkBurnlist: (tx: Transaction, coins: CoinView) => burnlistReason(tx, coins, lists, assets) } : {}),
    isRedemption: (tx: Transaction) => isRedemption(tx),
  };
}
