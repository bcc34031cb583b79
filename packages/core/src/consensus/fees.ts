/**
 * Fee outputs (assets spec §3): an output with an empty scriptPubKey and explicit asset and value.
 * Fees are per asset; an `AmountMap` maps an asset id (display hex) to an amount.
 */
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import { moneyRange, type Amount } from '../primitives/amount.js';

/** Per-asset amounts keyed by the asset id in display hex (the original's `CAmountMap`). */
export type AmountMap = Map<string, Amount>;

/** `CTxOut::IsFee`: empty script, explicit asset, explicit value. */
export function isFee(out: TxOut): boolean {
  return out.scriptPubKey.length === 0 && out.asset.isExplicit && out.value.isExplicit;
}

/** `map[asset] += v`. */
export function addAmount(map: AmountMap, assetHex: string, v: Amount): void {
  map.set(assetHex, (map.get(assetHex) ?? 0n) + v);
}

/** `MoneyRange(CAmountMap)`: every entry in money range. */
export function amountMapInMoneyRange(map: AmountMap): boolean {
  for (const v of map.values()) if (!moneyRange(v)) return false;
  return true;
}

/**
 * `HasValidFee`: every fee output is non-zero and in money range, and every running per-asset
 * total stays in money range.
 */
export function hasValidFee(tx: Transaction): boolean {
  const total: AmountMap = new Map();
  for (const out of tx.outputs) {
    if (!isFee(out)) continue;
    const fee = out.value.amount;
    if (fee === 0n || !moneyRange(fee)) return false;
    const asset = out.asset.idHex;
    addAmount(total, asset, fee);
    if (!moneyRange(total.get(asset)!)) return false;
  }
  return true;
}

/**
 * `GetFee`: per-asset sum of the fee outputs. Without any fee output the original returns
 * `{asset of vout[0]: 0}`, reading vout[0]'s asset as explicit — and aborts (assertion) when it is
 * not. Here a non-explicit (or missing) vout[0] yields an empty map: "fee 0 in no particular
 * asset" (docs/adr/0003-consensus-getfee-confidential-vout0.md).
 */
export function getFee(tx: Transaction): AmountMap {
  const fee: AmountMap = new Map();
  for (const out of tx.outputs) if (isFee(out)) addAmount(fee, out.asset.idHex, out.value.amount);
  if (fee.size === 0) {
    const first = tx.outputs[0];
    if (first !== undefined && first.asset.isExplicit) fee.set(first.asset.idHex, 0n);
  }
  return fee;
}
