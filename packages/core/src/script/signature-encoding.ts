/**
 * The interpreter's encoding checks on signatures and public keys (Bitcoin Core 0.14
 * `CheckSignatureEncoding` / `CheckPubKeyEncoding`). They return the error to fail with, or
 * undefined when the element is acceptable under `flags`.
 */
import { isDefinedHashtypeSignature, isValidSignatureEncoding, checkLowS } from '../crypto/der.js';
import { ScriptError } from './errors.js';
import { SigVersion } from './checker.js';
import {
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_LOW_S,
  SCRIPT_VERIFY_STRICTENC,
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE,
} from './flags.js';

/**
 * `CheckSignatureEncoding`: `sig` is the full element (DER + sighash byte). The empty signature
 * always passes (a compact way to provide a deliberately invalid signature).
 */
export function checkSignatureEncoding(sig: Uint8Array, flags: number): ScriptError | undefined {
  if (sig.length === 0) return undefined;
  if ((flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) !== 0 && !isValidSignatureEncoding(sig)) {
    return ScriptError.SIG_DER;
  }
  if ((flags & SCRIPT_VERIFY_LOW_S) !== 0) {
    // IsLowDERSignature (the strict-encoding part already passed above)
    if (!checkLowS(sig.subarray(0, sig.length - 1))) return ScriptError.SIG_HIGH_S;
  }
  if ((flags & SCRIPT_VERIFY_STRICTENC) !== 0 && !isDefinedHashtypeSignature(sig)) return ScriptError.SIG_HASHTYPE;
  return undefined;
}

/** `IsCompressedOrUncompressedPubKey`: 33 bytes with prefix 02/03, or 65 bytes with prefix 04. */
export function isCompressedOrUncompressedPubKey(pubkey: Uint8Array): boolean {
  if (pubkey.length < 33) return false;
  const p = pubkey[0];
  if (p === 0x04) return pubkey.length === 65;
  if (p === 0x02 || p === 0x03) return pubkey.length === 33;
  return false;
}

/** `IsCompressedPubKey`: 33 bytes with prefix 02/03. */
export function isCompressedPubKey(pubkey: Uint8Array): boolean {
  return pubkey.length === 33 && (pubkey[0] === 0x02 || pubkey[0] === 0x03);
}

/** `CheckPubKeyEncoding`. */
export function checkPubKeyEncoding(pubkey: Uint8Array, flags: number, sigversion: SigVersion): ScriptError | undefined {
  if ((flags & SCRIPT_VERIFY_STRICTENC) !== 0 && !isCompressedOrUncompressedPubKey(pubkey)) return ScriptError.PUBKEYTYPE;
  if ((flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE) !== 0 && sigversion === SigVersion.WITNESS_V0 && !isCompressedPubKey(pubkey)) {
    return ScriptError.WITNESS_PUBKEYTYPE;
  }
  return undefined;
}
