/**
 * P2SH multisig scriptSig (spec mainstay.md §2.3, vectors `scriptsig.json`):
 * `00 ‖ for each sig: len ‖ sig ‖ [4c if len(redeem) > 75] ‖ len(redeem) ‖ redeem`, every length one byte.
 */
import { concatBytes } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

const OP_PUSHDATA1 = 0x4c;

/** Assemble the scriptSig from signatures (each DER ‖ hashtype) and the redeem script. */
export function buildMultisigScriptSig(sigs: readonly Uint8Array[], redeemScript: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x00)];
  for (const s of sigs) {
    if (s.length > 75) throw new MainstayCryptoError(`signature of ${s.length} bytes is too long for a direct push`);
    parts.push(Uint8Array.of(s.length), s);
  }
  if (redeemScript.length > 255) throw new MainstayCryptoError(`redeem script of ${redeemScript.length} bytes is too long for OP_PUSHDATA1`);
  if (redeemScript.length > 75) parts.push(Uint8Array.of(OP_PUSHDATA1));
  parts.push(Uint8Array.of(redeemScript.length), redeemScript);
  return concatBytes(...parts);
}

/** The pushes of a parsed scriptSig: the signatures and the final push (the redeem script). */
export interface ParsedScriptSig {
  readonly sigs: readonly Uint8Array[];
  readonly redeemScript: Uint8Array;
}

const EMPTY: ParsedScriptSig = Object.freeze({ sigs: Object.freeze([]), redeemScript: new Uint8Array(0) });

/**
 * Split a multisig scriptSig into its signatures and redeem script. Like the original, malformed
 * input (empty, or a push running past the end) yields no signatures and an empty redeem script;
 * pushes may be direct (1..75) or OP_PUSHDATA1; the leading byte must be OP_0.
 */
export function parseMultisigScriptSig(scriptSig: Uint8Array): ParsedScriptSig {
  if (scriptSig.length === 0 || scriptSig[0] !== 0x00) return EMPTY;
  const pushes: Uint8Array[] = [];
  let pos = 1;
  while (pos < scriptSig.length) {
    let len = scriptSig[pos]!;
    pos += 1;
    if (len === OP_PUSHDATA1) {
      if (pos >= scriptSig.length) return EMPTY;
      len = scriptSig[pos]!;
      pos += 1;
    } else if (len > 75) {
      return EMPTY;
    }
    if (pos + len > scriptSig.length) return EMPTY;
    pushes.push(scriptSig.slice(pos, pos + len));
    pos += len;
  }
  if (pushes.length === 0) return EMPTY;
  return { sigs: pushes.slice(0, -1), redeemScript: pushes[pushes.length - 1]! };
}
