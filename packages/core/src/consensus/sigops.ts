/**
 * Signature-operation counting (Core 0.14 `GetLegacySigOpCount`, `GetP2SHSigOpCount`,
 * `GetTransactionSigOpCost`, with Elements' peg-in exclusions).
 */
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import { WITNESS_SCALE_FACTOR } from '../primitives/transaction.js';
import { getP2SHSigOpCount, getSigOpCount, isPayToScriptHash } from '../script/script.js';
import { countWitnessSigOps } from '../script/interpreter.js';
import { SCRIPT_VERIFY_P2SH } from '../script/flags.js';

/** `GetLegacySigOpCount`: inaccurate counts over every scriptSig and scriptPubKey. */
export function legacySigOpCount(tx: Transaction): number {
  let n = 0;
  for (const input of tx.inputs) n += getSigOpCount(input.scriptSig, false);
  for (const out of tx.outputs) n += getSigOpCount(out.scriptPubKey, false);
  return n;
}

/**
 * `GetP2SHSigOpCount`: accurate counts of the redeem scripts of P2SH inputs. `spent[i]` is input
 * i's spent output; peg-in inputs are skipped.
 */
export function p2shSigOpCount(tx: Transaction, spent: readonly (TxOut | undefined)[]): number {
  if (tx.isCoinbase) return 0;
  let n = 0;
  tx.inputs.forEach((input, i) => {
    const out = spent[i];
    if (input.isPegin || out === undefined) return;
    if (isPayToScriptHash(out.scriptPubKey)) n += getP2SHSigOpCount(out.scriptPubKey, input.scriptSig);
  });
  return n;
}

/**
 * `GetTransactionSigOpCost`: legacy × 4, plus (non-coinbase) P2SH × 4 when `flags` has P2SH, plus
 * witness sigops. Peg-in inputs (spending a P2PKH) contribute nothing beyond their legacy count.
 */
export function transactionSigOpCost(tx: Transaction, spent: readonly (TxOut | undefined)[], flags: number): number {
  let cost = legacySigOpCount(tx) * WITNESS_SCALE_FACTOR;
  if (tx.isCoinbase) return cost;
  if (flags & SCRIPT_VERIFY_P2SH) cost += p2shSigOpCount(tx, spent) * WITNESS_SCALE_FACTOR;
  tx.inputs.forEach((input, i) => {
    const out = spent[i];
    if (input.isPegin || out === undefined) return;
    cost += countWitnessSigOps(input.scriptSig, out.scriptPubKey, tx.inWitness[i]!.scriptWitness, flags);
  });
  return cost;
}
