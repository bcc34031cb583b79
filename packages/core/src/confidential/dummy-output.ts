/**
 * The 0-value OP_RETURN rule of Elements' wallet (`CreateTransaction`, `blindrawtransaction`).
 *
 * `blindTransaction` refuses to blind when exactly one field would be blinded and no input is
 * blinded: the final blinding factor would then be determined by public data and the lone
 * commitment would open to its value. The wallet avoids this by appending a 0-value output with
 * script `OP_RETURN`, in the lone field's asset, carrying a blinding public key (the wallet's key for
 * that script), so that two fields are blinded. A 0-value output to an unspendable script is allowed
 * by consensus and its range proof may prove a minimum of 0.
 */
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../primitives/confidential.js';
import type { Transaction } from '../primitives/transaction.js';
import { TransactionBuilder } from '../primitives/transaction-builder.js';
import { TxOut } from '../primitives/tx-out.js';
import { OP } from '../script/opcodes.js';
import {
  type BlindingInput,
  type BlindTransactionRequest,
  blindingIssuanceIds,
  countBlindedInputs,
  countFieldsToBlind,
  issuanceFieldsToBlind,
  outputBlindingKey,
} from './blind-transaction.js';

/** Script of the dummy output. */
export const DUMMY_OUTPUT_SCRIPT = Uint8Array.of(OP.OP_RETURN);

/** True when blinding as requested needs the dummy output: one field to blind, no blinded input. */
export function needsDummyBlindedOutput(
  tx: Transaction,
  inputs: readonly BlindingInput[],
  outputPubkeys: BlindTransactionRequest['outputPubkeys'],
  issuanceKeys: BlindTransactionRequest['issuanceKeys'] = [],
): boolean {
  return countFieldsToBlind(tx, outputPubkeys, issuanceKeys) === 1 && countBlindedInputs(inputs) === 0;
}

/** Asset id of the single field that would be blinded. */
function loneFieldAsset(
  tx: Transaction,
  outputPubkeys: BlindTransactionRequest['outputPubkeys'],
  issuanceKeys: BlindTransactionRequest['issuanceKeys'],
): Uint8Array {
  for (let o = 0; o < outputPubkeys.length && o < tx.outputs.length; o++) {
    if (outputBlindingKey(outputPubkeys, o) !== null) return tx.outputs[o]!.asset.id;
  }
  for (let i = 0; i < tx.inputs.length; i++) {
    const f = issuanceFieldsToBlind(tx.inputs[i]!, issuanceKeys?.[i]);
    const ids = blindingIssuanceIds(tx.inputs[i]!, f.amount !== null);
    if (f.amount !== null) return ids.asset;
    if (f.token !== null && ids.token !== null) return ids.token;
  }
  throw new RangeError('no field to blind');
}

/**
 * Append the dummy `CTxOut(asset, 0, OP_RETURN)` and its blinding public key when
 * `needsDummyBlindedOutput`; otherwise return the transaction and keys unchanged.
 */
export function addDummyBlindedOutput(
  tx: Transaction,
  inputs: readonly BlindingInput[],
  outputPubkeys: BlindTransactionRequest['outputPubkeys'],
  dummyPubkey: Uint8Array,
  issuanceKeys: BlindTransactionRequest['issuanceKeys'] = [],
): { tx: Transaction; outputPubkeys: (Uint8Array | null)[]; added: boolean } {
  const keys = tx.outputs.map((_, o) => outputPubkeys[o] ?? null);
  if (!needsDummyBlindedOutput(tx, inputs, outputPubkeys, issuanceKeys)) return { tx, outputPubkeys: keys, added: false };
  const asset = loneFieldAsset(tx, outputPubkeys, issuanceKeys);
  const b = TransactionBuilder.from(tx);
  b.addOutput(new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(0n), ConfidentialNonce.NULL, DUMMY_OUTPUT_SCRIPT));
  return { tx: b.build(), outputPubkeys: [...keys, dummyPubkey], added: true };
}
