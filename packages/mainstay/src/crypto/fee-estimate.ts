/**
 * Signed-size estimates for fees (spec mainstay.md §2.4). Rates are integer satoshis per byte.
 */
import { compactSizeLength } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

/** Bytes allowed for one DER signature plus its push and hash-type byte. */
const SIG_ALLOWANCE = 73;
/** Profile B's constant signed size, whatever the number of inputs. */
export const SEGWIT_SIGNED_TX_SIZE = 110;

/** Estimates the signed size of an unsigned attestation. */
export interface AttestationFeeModel {
  signedSize(unsignedSize: number, nInputs: number): number;
}

/**
 * Profile A: `S = 1 + (scriptLen > 75 ? 1 : 0) + scriptLen + 1 + nSigs*73` per input,
 * `size = unsignedSize + nInputs * (S + varintLen(S) − 1)`. `scriptLen` is the length of
 * `initScript`, used for every input (topup included); `nSigs` is m.
 */
export class ClassicFeeModel implements AttestationFeeModel {
  constructor(
    readonly scriptLen: number,
    readonly nSigs: number,
  ) {
    if (!Number.isInteger(scriptLen) || scriptLen < 0 || !Number.isInteger(nSigs) || nSigs < 0) {
      throw new MainstayCryptoError('script length and signature count must be non-negative integers');
    }
  }

  /** The estimated scriptSig length S of one input. */
  get scriptSigSize(): number {
    return 1 + (this.scriptLen > 75 ? 1 : 0) + this.scriptLen + 1 + this.nSigs * SIG_ALLOWANCE;
  }

  signedSize(unsignedSize: number, nInputs: number): number {
    const s = this.scriptSigSize;
    return unsignedSize + nInputs * (s + compactSizeLength(s) - 1);
  }
}

/** Profile B: a constant 110 bytes. */
export class SegwitFeeModel implements AttestationFeeModel {
  signedSize(): number {
    return SEGWIT_SIGNED_TX_SIZE;
  }
}

/** `rate × signedSize` in satoshis. */
export function feeFor(model: AttestationFeeModel, feePerByte: number, unsignedSize: number, nInputs: number): bigint {
  if (!Number.isSafeInteger(feePerByte)) throw new MainstayCryptoError(`fee rate must be an integer, got ${feePerByte}`);
  return BigInt(feePerByte) * BigInt(model.signedSize(unsignedSize, nInputs));
}
