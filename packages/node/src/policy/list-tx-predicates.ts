/**
 * The transaction predicates of the freeze/burn-list mempool rules (ocean-policy.md §4.4, the
 * reference's `IsFreezelisted`, `IsBurnlisted`, `IsAllBurn`, `IsAnyBurn`, `IsRedemption`,
 * `IsRedemptionListed` in src/policy/policy.cpp) and the §3.1 registration-output reader.
 * Blinded assets never equal a policy asset; blinded values count as non-zero (the reference aborts
 * on both).
 */
import { TxoutType, solver, type Coin, type CoinView, type Transaction, type TxOut } from '@ocean-ts/core';
import type { PolicyList } from './policy-list.js';

const REGISTER_TYPES: ReadonlySet<string> = new Set([
  TxoutType.REGISTERADDRESS_V0,
  TxoutType.REGISTERADDRESS_V1,
  TxoutType.DEREGISTERADDRESS_V0,
  TxoutType.DEREGISTERADDRESS_V1,
]);

/** A (de)register-address script type. */
export function isRegisterType(type: string): boolean {
  return REGISTER_TYPES.has(type);
}

/** The P2PKH key id paid by `script`, or undefined. */
export function p2pkhKeyId(script: Uint8Array): Uint8Array | undefined {
  const s = solver(script);
  return s.ok && s.type === TxoutType.PUBKEYHASH ? s.solutions[0] : undefined;
}

/** All 20 bytes zero: the null ("zero") address's key id. */
export function isNullKeyId(id: Uint8Array): boolean {
  return id.every((b) => b === 0);
}

/** Is `script` the P2PKH script of the null key id? */
export function paysNullAddress(script: Uint8Array): boolean {
  const id = p2pkhKeyId(script);
  return id !== undefined && isNullKeyId(id);
}

/**
 * §3.1: the key id of a policy-list address entry — a bare multisig whose solution has exactly
 * two keys (m not checked beyond the template), the data key's bytes 13…32. Undefined for any
 * other script (and for a data key that is not a 33-byte compressed-key-sized push).
 */
export function listEntryKeyId(script: Uint8Array): Uint8Array | undefined {
  const s = solver(script);
  if (!s.ok || s.type !== TxoutType.MULTISIG || s.solutions.length !== 4) return undefined;
  const dataKey = s.solutions[2]!;
  if (dataKey.length !== 33 || (dataKey[0] !== 0x02 && dataKey[0] !== 0x03)) return undefined;
  return dataKey.slice(13, 33);
}

/** A non-zero (or blinded) value. */
function hasValue(out: TxOut): boolean {
  return !out.value.isExplicit || out.value.amount > 0n;
}

/** all-burn: every output is `nulldata` (a fee output makes it not all-burn). */
export function isAllBurn(tx: Transaction): boolean {
  return tx.outputs.every((o) => {
    const s = solver(o.scriptPubKey);
    return s.ok && s.type === TxoutType.NULL_DATA;
  });
}

/** any-burn: a non-standard output, or a `nulldata` / (de)register output with a non-zero value. */
export function isAnyBurn(tx: Transaction): boolean {
  return tx.outputs.some((o) => {
    const s = solver(o.scriptPubKey);
    if (!s.ok) return true;
    return (s.type === TxoutType.NULL_DATA || isRegisterType(s.type)) && hasValue(o);
  });
}

/** The coins spent by `tx` (undefined for peg-in inputs and unknown outpoints). */
function spentCoins(tx: Transaction, coins: CoinView): (Coin | undefined)[] {
  return tx.inputs.map((i) => (i.isPegin ? undefined : coins.get(i.prevout)));
}

/**
 * freezelisted: every input spends either a P2PKH output whose key id is on `freezelist`, or a
 * `fee` / (de)register script. Any other input (P2SH, multisig, peg-in, …) makes it false, so a
 * mix of frozen and other inputs is not freezelisted (reference quirk).
 */
export function isFreezelisted(tx: Transaction, coins: CoinView, freezelist: PolicyList): boolean {
  return spentCoins(tx, coins).every((coin) => {
    if (coin === undefined) return false;
    const s = solver(coin.out.scriptPubKey);
    if (!s.ok) return false;
    if (s.type === TxoutType.PUBKEYHASH) return freezelist.has(s.solutions[0]!);
    return s.type === TxoutType.FEE || isRegisterType(s.type);
  });
}

/** burnlisted: exactly one input, spending a P2PKH output whose key id is on `burnlist`. */
export function isBurnlisted(tx: Transaction, coins: CoinView, burnlist: PolicyList): boolean {
  if (tx.inputs.length !== 1) return false;
  const coin = spentCoins(tx, coins)[0];
  if (coin === undefined) return false;
  const id = p2pkhKeyId(coin.out.scriptPubKey);
  return id !== undefined && burnlist.has(id);
}

/**
 * redemption: walking the outputs in order and skipping `fee` and (de)register outputs, one pays
 * P2PKH to the null key id; a non-standard output met before that makes it false.
 */
export function isRedemption(tx: Transaction): boolean {
  for (const o of tx.outputs) {
    const s = solver(o.scriptPubKey);
    if (!s.ok) return false;
    if (s.type === TxoutType.FEE || isRegisterType(s.type)) continue;
    if (s.type === TxoutType.PUBKEYHASH && isNullKeyId(s.solutions[0]!)) return true;
  }
  return false;
}

/**
 * redemption-listed: every output is `nulldata`, P2PKH to the null key id, or P2PKH to a key id on
 * `freezelist`; anything else — a fee output included — makes it false.
 */
export function isRedemptionListed(tx: Transaction, freezelist: PolicyList): boolean {
  return tx.outputs.every((o) => {
    const s = solver(o.scriptPubKey);
    if (!s.ok) return false;
    if (s.type === TxoutType.NULL_DATA) return true;
    if (s.type !== TxoutType.PUBKEYHASH) return false;
    const id = s.solutions[0]!;
    return isNullKeyId(id) || freezelist.has(id);
  });
}
