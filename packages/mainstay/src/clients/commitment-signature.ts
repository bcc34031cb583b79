/**
 * Client commitment signatures (spec mainstay.md §4.2): ECDSA/secp256k1 over the 32 bytes obtained
 * by hex-decoding the commitment string as submitted — no byte reversal, no hashing — RFC6979 low-S,
 * DER, standard base64. Verification mirrors the website's `elliptic` check: the pubkey may be
 * compressed or uncompressed and a high-S signature is accepted (normalised before verifying).
 */
import { type Secp256k1, fromHex, isHex, verifyEcdsaLax } from '@ocean-ts/core';

/** Thrown by {@link signCommitment} for a malformed commitment or private key. */
export class CommitmentSignatureError extends Error {
  override readonly name = 'CommitmentSignatureError';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (padding required), or undefined. */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (typeof s !== 'string' || !BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

/** The signed message: the 32 bytes of the commitment hex exactly as given (either case). */
export function commitmentMessage(commitmentHex: string): Uint8Array | undefined {
  if (typeof commitmentHex !== 'string' || commitmentHex.length !== 64 || !isHex(commitmentHex)) return undefined;
  return fromHex(commitmentHex);
}

/** Sign a commitment: base64 of the DER signature (what `commitmenttool sign` prints). */
export function signCommitment(secp: Secp256k1, privateKey: Uint8Array, commitmentHex: string): string {
  const msg = commitmentMessage(commitmentHex);
  if (msg === undefined) throw new CommitmentSignatureError('commitment must be 64 hex characters');
  if (!secp.privateKeyVerify(privateKey)) throw new CommitmentSignatureError('invalid private key');
  const { signature } = secp.sign(msg, privateKey);
  return Buffer.from(secp.signatureExport(signature)).toString('base64');
}

/**
 * True iff `signatureBase64` is a valid signature of the commitment by `pubkeyHex` (33- or 65-byte
 * SEC hex). Any malformed input is simply invalid.
 */
export function verifyCommitmentSignature(secp: Secp256k1, pubkeyHex: string, commitmentHex: string, signatureBase64: string): boolean {
  const msg = commitmentMessage(commitmentHex);
  if (msg === undefined) return false;
  if (typeof pubkeyHex !== 'string' || !isHex(pubkeyHex)) return false;
  const pubkey = fromHex(pubkeyHex);
  if (!secp.publicKeyVerify(pubkey)) return false;
  const der = decodeBase64Strict(signatureBase64);
  if (der === undefined || der.length === 0) return false;
  return verifyEcdsaLax(secp, msg, der, pubkey);
}
