/**
 * `CheckTransaction`: context-free transaction checks (assets spec §4), in the original's order —
 * the first failure wins.
 */
import type { Transaction } from '../primitives/transaction.js';
import { moneyRange } from '../primitives/amount.js';
import { toHex } from '../encoding/hex.js';
import { isFee } from './fees.js';
import { reject, type Reject } from './reject.js';
import { MAX_BLOCK_BASE_SIZE } from './limits.js';


/** Returns the first failed rule, or `null` when the transaction passes. */
export function checkTransaction(tx: Transaction): Reject | null {
  if (tx.inputs.length === 0) return reject('bad-txns-vin-empty');
  if (tx.outputs.length === 0) return reject('bad-txns-vout-empty');
  if (tx.strippedSize > MAX_BLOCK_BASE_SIZE) return reject('bad-txns-oversize');

  for (const out of tx.outputs) {
    if (!out.value.isValid) return reject('bad-txns-vout-amount-invalid');
    if (out.value.isExplicit && !moneyRange(out.value.amount)) return reject('bad-txns-txouttotal-toolarge');
  }

  const seen = new Set<string>();
  for (const input of tx.inputs) {
    const key = `${toHex(input.prevout.txid)}:${input.prevout.index}`;
    if (seen.has(key)) return reject('bad-txns-inputs-duplicate');
    seen.add(key);
  }

  if (tx.isCoinbase) {
    const n = tx.inputs[0]!.scriptSig.length;
    if (n < 2 || n > 100) return reject('bad-cb-length');
    if (tx.outputs.some(isFee)) return reject('bad-cb-fee', 'coinbase cannot have fee outputs');
  } else {
    for (const input of tx.inputs) if (input.prevout.isNull) return reject('bad-txns-prevout-null');
  }
  return null;
}
