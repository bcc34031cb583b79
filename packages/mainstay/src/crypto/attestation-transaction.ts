/**
 * The unsigned attestation transaction (spec mainstay.md §2.2) and its RBF fee bump (§2.5 step 3).
 */
import { BitcoinTransaction, BitcoinTxIn, BitcoinTxOut, fromDisplayHex } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';
import { feeFor, type AttestationFeeModel } from './fee-estimate.js';

/** Profile A builds with `createrawtransaction` (version 2), Profile B in code (version 1). */
export const CLASSIC_TX_VERSION = 2;
export const SEGWIT_TX_VERSION = 1;
/** BIP125 opt-in RBF on the staychain input. */
export const STAYCHAIN_INPUT_SEQUENCE = 0xfffffffd;
export const TOPUP_INPUT_SEQUENCE = 0xffffffff;

export const ERROR_INSUFFICIENT_FUNDS = 'Insufficient unspent vout value (less than the 5*maxFee target)';
export const WARNING_INSUFFICIENT_FUNDS = 'Warning - Unspent vout value less than 100*maxFee target';

/** An unspent output to spend: display-hex txid, index, value in satoshis. */
export interface AttestationUtxo {
  readonly txid: string;
  readonly vout: number;
  readonly value: bigint;
}

export interface UnsignedAttestationRequest {
  /** The staychain tip (becomes vin 0). */
  readonly tip: AttestationUtxo;
  /** At most one topup output (vin 1). */
  readonly topup?: AttestationUtxo | undefined;
  /** The output script for the new root. */
  readonly outputScript: Uint8Array;
  /** 2 (Profile A) or 1 (Profile B). */
  readonly version: number;
  readonly feeModel: AttestationFeeModel;
  /** The current fee rate (sat/byte). */
  readonly feePerByte: number;
  /** The configured maximum fee rate (sat/byte), for the funding checks. */
  readonly maxFeePerByte: number;
}

export interface UnsignedAttestation {
  readonly tx: BitcoinTransaction;
  /** The fee deducted from the output. */
  readonly fee: bigint;
  /** The output value before the fee was below 100 × the fee at the maximum rate (log a warning). */
  readonly lowFunds: boolean;
}

/**
 * Build the unsigned attestation: vin 0 the tip (sequence 0xfffffffd), optional vin 1 the topup
 * (0xffffffff), one output of the summed input values to `outputScript`, locktime 0. Throws
 * "Insufficient unspent vout value (less than the 5*maxFee target)" when that value is below
 * 5 × the fee at `maxFeePerByte`; then deducts the fee at `feePerByte`.
 */
export function buildUnsignedAttestation(req: UnsignedAttestationRequest): UnsignedAttestation {
  const utxos = req.topup === undefined ? [req.tip] : [req.tip, req.topup];
  const inputs = utxos.map((u, i) => {
    if (u.value < 0n) throw new MainstayCryptoError(`negative input value ${u.value}`);
    let txid: Uint8Array;
    try {
      txid = fromDisplayHex(u.txid);
    } catch {
      throw new MainstayCryptoError(`invalid txid '${u.txid}'`);
    }
    return new BitcoinTxIn(txid, u.vout, new Uint8Array(0), i === 0 ? STAYCHAIN_INPUT_SEQUENCE : TOPUP_INPUT_SEQUENCE);
  });
  const total = utxos.reduce((s, u) => s + u.value, 0n);
  const draft = new BitcoinTransaction(req.version, inputs, [new BitcoinTxOut(total, req.outputScript)], 0);
  const unsignedSize = draft.size;
  const maxTotal = feeFor(req.feeModel, req.maxFeePerByte, unsignedSize, inputs.length);
  if (total < 5n * maxTotal) throw new MainstayCryptoError(ERROR_INSUFFICIENT_FUNDS);
  const lowFunds = total < 100n * maxTotal;
  const fee = feeFor(req.feeModel, req.feePerByte, unsignedSize, inputs.length);
  return { tx: draft.withOutput(0, draft.outputs[0]!.withValue(total - fee)), fee, lowFunds };
}

/**
 * The RBF replacement of an unconfirmed attestation: all scriptSigs (and witnesses) stripped, and
 * output 0 lowered by the fee for `feeRateIncrement` (= currentFee − previous rate) on the
 * unsigned size. Inputs and output script are unchanged.
 */
export function bumpAttestationFee(
  tx: BitcoinTransaction,
  feeModel: AttestationFeeModel,
  feeRateIncrement: number,
): { readonly tx: BitcoinTransaction; readonly feeIncrement: bigint } {
  if (tx.outputs.length < 1) throw new MainstayCryptoError('attestation has no output');
  const unsigned = tx.stripped();
  const feeIncrement = feeFor(feeModel, feeRateIncrement, unsigned.size, unsigned.inputs.length);
  const value = unsigned.outputs[0]!.value - feeIncrement;
  if (value < 0n) throw new MainstayCryptoError(`fee bump of ${feeIncrement} exceeds the output value ${unsigned.outputs[0]!.value}`);
  return { tx: unsigned.withOutput(0, unsigned.outputs[0]!.withValue(value)), feeIncrement };
}
