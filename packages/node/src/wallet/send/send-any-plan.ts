/**
 * The planning half of Ocean's `SendAnyMoney` (src/wallet/rpcwallet.cpp) and its split transactions
 * (ocean-policy §11.1–11.2): which assets pay how much, which asset pays the fee, and how a too
 * large transaction is split. Pure functions; `SendAny` builds the transactions from them.
 */
import { OP, encodePushData } from '@ocean-ts/core';
import type { AssetAmounts } from '../ledger/asset-amounts.js';
import { hexKey } from '../ledger/hex-key.js';

/** `balancesorttype`: 1 = balance descending (default), 2 = ascending. */
export type SendAnySortType = 1 | 2;

/** Failure texts of SendAnyMoney / Ocean's CreateTransaction (`strFailReason`). */
export const SEND_ANY_FAIL = Object.freeze({
  insufficientFunds: 'Insufficient funds for sendany',
  sortType: 'Invalid sendany sorting type.',
  metadata: 'Invalid metadata: must be hex string',
  feeLargerThanBalance: 'Required fee is larger than the owned domain asset with the biggest balance.',
  noFeeAsset: 'Could not find another asset with sufficient balance to cover the fees. ',
  tooLargeSingleAsset: 'Transaction too large and could not be split as only a single asset is transacted',
});

/** One asset's wallet balance (internal-order id and its hex key). */
export interface AssetBalance {
  readonly asset: Uint8Array;
  readonly key: string;
  readonly balance: bigint;
}

/** One recipient output of the sendany transaction: `amount` of `asset`, whose balance is `balance`. */
export interface SendAnyPayment extends AssetBalance {
  amount: bigint;
}

/** What the walk over the balances decided. */
export interface SendAnyPlan {
  /** The recipient outputs, in balance-list order. */
  readonly payments: readonly SendAnyPayment[];
  /** The asset that pays the fee (and carries the metadata output): the recipient asset with the largest balance. */
  readonly feeAsset: AssetBalance;
}

export function isSendAnySortType(n: number): n is SendAnySortType {
  return n === 1 || n === 2;
}

/**
 * Step 1: every non-policy asset with a positive balance, sorted by balance (descending for 1,
 * ascending for 2); equal balances keep asset-id order.
 */
export function sendAnyBalanceList(balances: AssetAmounts, isPolicyAsset: (asset: Uint8Array) => boolean, sortType: SendAnySortType): AssetBalance[] {
  const list: AssetBalance[] = [];
  for (const e of balances.entries()) {
    if (e.amount <= 0n || isPolicyAsset(e.asset)) continue;
    list.push({ asset: e.asset, key: hexKey(e.asset), balance: e.amount });
  }
  const dir = sortType === 1 ? -1 : 1;
  // Array.prototype.sort is stable: ties stay in asset-id order.
  return list.sort((a, b) => (a.balance === b.balance ? 0 : (a.balance < b.balance ? -1 : 1) * dir));
}

/** The sum of the listed balances. */
export function totalBalance(list: readonly AssetBalance[]): bigint {
  return list.reduce((s, b) => s + b.balance, 0n);
}

/**
 * Steps 2–3: each asset in list order pays `min(balance, remaining)` until `amount` is covered;
 * the fee asset is the recipient asset with the largest balance (the first on ties). When the last,
 * partially used asset is not the fee asset, it is used entirely and the fee asset's output shrinks
 * by the unused part, so that change appears in the fee asset only. An output that is then dust
 * (`dustThreshold(payment)` > amount) receives value from another recipient that can spare it.
 * The caller has checked that the list covers `amount` (> 0).
 */
export function planSendAny(list: readonly AssetBalance[], amount: bigint, dustThreshold: (p: AssetBalance) => bigint): SendAnyPlan {
  const payments: SendAnyPayment[] = [];
  let remaining = amount;
  for (const b of list) {
    if (remaining <= 0n) break;
    const take = b.balance < remaining ? b.balance : remaining;
    payments.push({ ...b, amount: take });
    remaining -= take;
  }
  if (payments.length === 0 || remaining > 0n) throw new Error('planSendAny: the balances do not cover the amount');
  let feeIdx = 0;
  payments.forEach((p, i) => {
    if (p.balance > payments[feeIdx]!.balance) feeIdx = i;
  });
  const fee = payments[feeIdx]!;
  const last = payments[payments.length - 1]!;
  if (last !== fee && last.amount < last.balance) {
    const unused = last.balance - last.amount;
    if (fee.amount > unused) {
      last.amount = last.balance;
      fee.amount -= unused;
    }
  }
  shiftDust(payments, dustThreshold);
  return { payments, feeAsset: { asset: fee.asset, key: fee.key, balance: fee.balance } };
}

/**
 * Raises every dust output whose asset has the room to the dust threshold, taking the difference
 * from another recipient that stays above its own threshold (the total is unchanged).
 */
export function shiftDust(payments: SendAnyPayment[], dustThreshold: (p: AssetBalance) => bigint): void {
  for (const p of payments) {
    const need = dustThreshold(p) - p.amount;
    if (need <= 0n || p.balance - p.amount < need) continue;
    const donor = payments.find((q) => q !== p && q.amount - need >= dustThreshold(q));
    if (donor === undefined) continue;
    donor.amount -= need;
    p.amount += need;
  }
}

/** `OP_RETURN PUSH(metadata)`: the metadata output's script. */
export function metadataScript(metadata: Uint8Array): Uint8Array {
  const push = encodePushData(metadata);
  const s = new Uint8Array(1 + push.length);
  s[0] = OP.OP_RETURN;
  s.set(push, 1);
  return s;
}

/** `IsHex` of Core: an even number of hex digits (the empty string is not hex). */
export function isHexString(s: string): boolean {
  return s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
}

/**
 * §11.2: the two halves of a too large transaction's recipients. Recipients are grouped by asset
 * (groups in asset-id order); whole groups go left until at least floor(n/2) recipients are placed,
 * the rest go right. Undefined when only one asset is transacted (the transaction cannot be split).
 */
export function splitRecipients<R>(recipients: readonly R[], assetKeyOf: (r: R) => string): [R[], R[]] | undefined {
  const groups = new Map<string, R[]>();
  for (const r of recipients) {
    const k = assetKeyOf(r);
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = []));
    g.push(r);
  }
  if (groups.size < 2) return undefined;
  const ordered = [...groups.keys()].sort().map((k) => groups.get(k)!);
  const half = Math.floor(recipients.length / 2);
  let placed = 0;
  let i = 0;
  while (i < ordered.length && placed < half) placed += ordered[i++]!.length;
  // Never leave a half empty (one large group would otherwise take everything).
  i = Math.min(Math.max(i, 1), ordered.length - 1);
  return [ordered.slice(0, i).flat(), ordered.slice(i).flat()];
}
