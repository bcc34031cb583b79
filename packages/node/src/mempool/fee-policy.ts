/**
 * Ocean's fee policy (ocean-policy.md §11.3, ocean-core-script.md §5): which fee a transaction
 * pays, which transactions are exempt from fee rules, and the `-fixedtxfee` split-output spam rule.
 */
import {
  OP,
  TxoutType,
  bytesEqual,
  isFee,
  solver,
  toHex,
  type CoinView,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import type { PolicyHooks } from './chain-view.js';

/** Internal-order comparison of asset ids (`uint256::operator<`: memcmp). */
function compareIds(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The fee the mempool counts: the total of the fee outputs of the smallest asset id (the first
 * entry of the original's fee `std::map`) that has fee outputs; 0 without fee outputs.
 */
export function mempoolFee(tx: Transaction): bigint {
  let asset: Uint8Array | undefined;
  let total = 0n;
  for (const out of tx.outputs) {
    if (!isFee(out)) continue;
    const id = out.asset.id;
    if (asset === undefined || compareIds(id, asset) < 0) {
      asset = id;
      total = out.value.amount;
    } else if (bytesEqual(id, asset)) total += out.value.amount;
  }
  return total;
}

/** An output that burns: its script starts with OP_RETURN. */
function isBurn(out: TxOut): boolean {
  return out.scriptPubKey[0] === OP.OP_RETURN;
}

/** All-burn: at least one OP_RETURN output and every output is such a burn or a fee output. */
export function isAllBurn(tx: Transaction): boolean {
  return tx.outputs.some(isBurn) && tx.outputs.every((o) => isBurn(o) || isFee(o));
}

/** Every output carries an explicit policy asset (false without hooks). */
function allOutputsPolicy(tx: Transaction, hooks: PolicyHooks): boolean {
  const f = hooks.isPolicyAsset;
  if (f === undefined) return false;
  return tx.outputs.every((o) => o.asset.isExplicit && f(o.asset.id));
}

/** A policy transaction: some output carries an explicit policy asset. */
export function isPolicyTx(tx: Transaction, hooks: PolicyHooks): boolean {
  const f = hooks.isPolicyAsset;
  if (f === undefined) return false;
  return tx.outputs.some((o) => o.asset.isExplicit && f(o.asset.id));
}

/** Does any input spend a coinbase output? (`spent` = the coins of the inputs) */
export function spendsCoinbase(spentIsCoinbase: readonly boolean[]): boolean {
  return spentIsCoinbase.some((c) => c);
}

/**
 * Exempt from min-fee / fixed-fee rules: input 0 carries an issuance, all-burn, policy,
 * redemption, or coinbase-spending transactions.
 */
export function isFeeExempt(
  tx: Transaction,
  hooks: PolicyHooks,
  coins: CoinView,
  coinbaseSpend: boolean,
): boolean {
  if (tx.inputs[0]?.hasIssuance) return true;
  if (isAllBurn(tx)) return true;
  if (isPolicyTx(tx, hooks)) return true;
  if (hooks.isRedemption?.(tx, coins)) return true;
  return coinbaseSpend;
}

/**
 * `-fixedtxfee` spam: not all outputs policy assets, and (at least 3 nulldata / non-standard
 * outputs, or two P2PKH/P2SH outputs paying the same (hash, asset)).
 */
export function isSplitOutputsSpam(tx: Transaction, hooks: PolicyHooks): boolean {
  if (allOutputsPolicy(tx, hooks)) return false;
  let junk = 0;
  const seen = new Set<string>();
  for (const out of tx.outputs) {
    const s = solver(out.scriptPubKey);
    if (s.type === TxoutType.NULL_DATA || !s.ok) {
      if (++junk >= 3) return true;
      continue;
    }
    if (s.type === TxoutType.PUBKEYHASH || s.type === TxoutType.SCRIPTHASH) {
      const asset = out.asset.isExplicit ? out.asset.hex : `c:${out.asset.hex}`;
      const k = `${toHex(s.solutions[0]!)}:${asset}`;
      if (seen.has(k)) return true;
      seen.add(k);
    }
  }
  return false;
}
