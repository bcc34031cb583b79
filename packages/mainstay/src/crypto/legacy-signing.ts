/**
 * Profile A signing (spec mainstay.md §2.3): one legacy pre-image per input, signed by every
 * signer as `H(preimage ‖ 01000000)`, and the multisig scriptSigs assembled from the signatures.
 */
import { BitcoinTransaction, concatBytes, sha256d, type Secp256k1 } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';
import { buildMultisigScriptSig } from './script-sig.js';

const SIGHASH_ALL_LE = Uint8Array.of(1, 0, 0, 0);
const SIGHASH_ALL = 1;

export const ERROR_MISSING_SIGS = 'Missing signatures for transaction';
export const ERROR_MISSING_SIGS_FOR_INPUT = 'Missing signatures for transaction input';

/**
 * The pre-images of an unsigned attestation: for input k a copy with `vin[k].scriptSig` set to the
 * script being spent (input 0: `input0Script`, the redeem script of the last confirmed root or
 * `initScript`; inputs ≥ 1: `topupScript`), every other input empty.
 */
export function legacyPreimages(tx: BitcoinTransaction, input0Script: Uint8Array, topupScript?: Uint8Array): BitcoinTransaction[] {
  const unsigned = tx.stripped();
  return unsigned.inputs.map((input, k) => {
    const script = k === 0 ? input0Script : topupScript;
    if (script === undefined) throw new MainstayCryptoError(`no topup script for input ${k}`);
    return unsigned.withInput(k, input.withScriptSig(script));
  });
}

/** `H(preimage ‖ 01000000)`: the SIGHASH_ALL digest a signer signs. */
export function preimageDigest(preimage: Uint8Array): Uint8Array {
  return sha256d(concatBytes(preimage, SIGHASH_ALL_LE));
}

/** ECDSA over `digest` with RFC6979 and low-S, DER-encoded, followed by the SIGHASH_ALL byte. */
export function signDigest(secp: Secp256k1, key: Uint8Array, digest: Uint8Array): Uint8Array {
  const { signature } = secp.sign(digest, key);
  return concatBytes(secp.signatureExport(signature), Uint8Array.of(SIGHASH_ALL));
}

/**
 * Put the multisig scriptSigs into the (unsigned) attestation: `sigsPerInput[i]` are the
 * signatures collected for input i in signer order, of which the first `m` are used;
 * `redeemScripts[i]` is the script input i spends. Throws "Missing signatures for transaction"
 * when an input has no list, "Missing signatures for transaction input" when a list has fewer
 * than m.
 */
export function assembleMultisigTransaction(
  tx: BitcoinTransaction,
  sigsPerInput: readonly (readonly Uint8Array[])[],
  m: number,
  redeemScripts: readonly Uint8Array[],
): BitcoinTransaction {
  if (sigsPerInput.length < tx.inputs.length) throw new MainstayCryptoError(ERROR_MISSING_SIGS);
  const inputs = tx.inputs.map((input, i) => {
    const sigs = sigsPerInput[i]!;
    if (sigs.length < m) throw new MainstayCryptoError(ERROR_MISSING_SIGS_FOR_INPUT);
    const redeem = redeemScripts[i];
    if (redeem === undefined) throw new MainstayCryptoError(`no redeem script for input ${i}`);
    return input.withWitness([]).withScriptSig(buildMultisigScriptSig(sigs.slice(0, m), redeem));
  });
  return tx.withInputs(inputs);
}

/** The redeem scripts the inputs of an attestation spend: input 0 `input0Script`, the others `topupScript`. */
export function attestationRedeemScripts(nInputs: number, input0Script: Uint8Array, topupScript?: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < nInputs; i++) {
    const s = i === 0 ? input0Script : topupScript;
    if (s === undefined) throw new MainstayCryptoError(`no topup script for input ${i}`);
    out.push(s);
  }
  return out;
}
