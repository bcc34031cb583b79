/**
 * What differs between the two on-chain profiles (spec mainstay.md §0.1, §1.3, §2.2–2.4): the
 * output of an attestation, the transaction version, the fee-size model, what the signers are sent
 * and how their answers become a signed transaction. Both implementations VERIFY every signature
 * before it is used (the original did not: a bad one only showed up as a rejected broadcast).
 */
import type { BitcoinTransaction } from '@ocean-ts/core';
import type { AttestationFeeModel } from '../crypto/fee-estimate.js';
import type { SpentOutput } from '../crypto/segwit-signing.js';
import type { InputSignature } from './signer-transport.js';

export interface StaychainProfile {
  /** `A` (P2SH multisig, legacy sighash) or `B` (P2WPKH, BIP143). */
  readonly name: 'A' | 'B';
  readonly txVersion: number;
  readonly feeModel: AttestationFeeModel;
  /** The topup address (Bitcoin Core encoding), when topup is enabled. */
  readonly topupAddress: string | undefined;
  /** The output script of the attestation of `root` (internal bytes; zeros = the base). */
  outputScript(root: Uint8Array): Uint8Array;
  /** Its address, for `importaddress`. */
  address(root: Uint8Array): string;
  /** What the signers sign: pre-images (A) or sighashes (B), one per input. */
  signingItems(tx: BitcoinTransaction, spentRoot: Uint8Array, spent: readonly SpentOutput[]): Uint8Array[];
  /**
   * The signed transaction from the signers' answers; throws `MainstayCryptoError` ("Missing
   * signatures for transaction[ input]", or a description of what is wrong) when the valid
   * signatures do not suffice.
   */
  assemble(tx: BitcoinTransaction, spentRoot: Uint8Array, signatures: readonly (readonly InputSignature[])[], spent: readonly SpentOutput[]): BitcoinTransaction;
}
