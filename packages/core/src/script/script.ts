/**
 * Script predicates and transformations (Bitcoin Core 0.14 `CScript` methods, Ocean limits).
 * Scripts are plain `Uint8Array`s.
 */
import { concatBytes } from '../encoding/hex.js';
import { OP, decodeOpN } from './opcodes.js';
import { OpReader } from './op-reader.js';
import { encodePushData } from './script-builder.js';

/** Ocean: 50,000 bytes (Bitcoin: 10,000). Also the `IsUnspendable` threshold. */
export const MAX_SCRIPT_SIZE = 50_000;
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_PUBKEYS_PER_MULTISIG = 20;
/** Stack plus altstack items. */
export const MAX_STACK_SIZE = 1000;

/** `IsPushOnly`: every operation (from `start`) parses and is a push or OP_1NEGATE…OP_16 / OP_RESERVED. */
export function isPushOnly(script: Uint8Array, start = 0): boolean {
  const r = new OpReader(script, start);
  while (!r.atEnd) {
    if (!r.next()) return false;
    if (r.opcode > OP.OP_16) return false;
  }
  return true;
}

/** `IsPayToScriptHash`: exactly `a9 14 <20 bytes> 87`. */
export function isPayToScriptHash(script: Uint8Array): boolean {
  return script.length === 23 && script[0] === OP.OP_HASH160 && script[1] === 0x14 && script[22] === OP.OP_EQUAL;
}

/** `IsPayToWitnessScriptHash`: exactly `00 20 <32 bytes>`. */
export function isPayToWitnessScriptHash(script: Uint8Array): boolean {
  return script.length === 34 && script[0] === OP.OP_0 && script[1] === 0x20;
}

/** A witness program: version 0–16 and a 2–40 byte program. */
export interface WitnessProgram {
  readonly version: number;
  readonly program: Uint8Array;
}

/**
 * `IsWitnessProgram`: 4–42 bytes, a version opcode (OP_0 or OP_1…OP_16), then one direct push
 * filling the rest of the script. Returns null when it is not a witness program.
 */
export function witnessProgram(script: Uint8Array): WitnessProgram | null {
  if (script.length < 4 || script.length > 42) return null;
  const v = script[0]!;
  if (v !== OP.OP_0 && (v < OP.OP_1 || v > OP.OP_16)) return null;
  if (script[1]! + 2 !== script.length) return null;
  return { version: decodeOpN(v), program: script.subarray(2) };
}

export function isWitnessProgram(script: Uint8Array): boolean {
  return witnessProgram(script) !== null;
}

/**
 * Ocean's `IsUnspendable`: empty, first byte OP_RETURN / OP_REGISTERADDRESS /
 * OP_DEREGISTERADDRESS, or longer than MAX_SCRIPT_SIZE.
 */
export function isUnspendable(script: Uint8Array): boolean {
  if (script.length === 0) return true;
  const first = script[0];
  return (
    first === OP.OP_RETURN ||
    first === OP.OP_REGISTERADDRESS ||
    first === OP.OP_DEREGISTERADDRESS ||
    script.length > MAX_SCRIPT_SIZE
  );
}

/**
 * `GetSigOpCount(fAccurate)`: CHECKSIG(VERIFY) and Elements' CHECKSIGFROMSTACK(VERIFY) count 1;
 * CHECKMULTISIG(VERIFY) counts the preceding OP_1…OP_16 when `accurate`, else 20. Counting stops
 * at a truncated push.
 */
export function getSigOpCount(script: Uint8Array, accurate: boolean): number {
  let n = 0;
  let last: number = OP.OP_INVALIDOPCODE;
  const r = new OpReader(script);
  while (!r.atEnd) {
    if (!r.next()) break;
    const op = r.opcode;
    if (
      op === OP.OP_CHECKSIG ||
      op === OP.OP_CHECKSIGVERIFY ||
      op === OP.OP_CHECKSIGFROMSTACK ||
      op === OP.OP_CHECKSIGFROMSTACKVERIFY
    ) {
      n++;
    } else if (op === OP.OP_CHECKMULTISIG || op === OP.OP_CHECKMULTISIGVERIFY) {
      if (accurate && last >= OP.OP_1 && last <= OP.OP_16) n += decodeOpN(last);
      else n += MAX_PUBKEYS_PER_MULTISIG;
    }
    last = op;
  }
  return n;
}

/**
 * `GetSigOpCount(scriptSig)`: for a P2SH scriptPubKey, the accurate count of the redeem script
 * (the last push of a push-only scriptSig; 0 if the scriptSig is not push-only); otherwise the
 * accurate count of the scriptPubKey itself.
 */
export function getP2SHSigOpCount(scriptPubKey: Uint8Array, scriptSig: Uint8Array): number {
  if (!isPayToScriptHash(scriptPubKey)) return getSigOpCount(scriptPubKey, true);
  const r = new OpReader(scriptSig);
  let data: Uint8Array = new Uint8Array(0);
  while (!r.atEnd) {
    if (!r.next()) return 0;
    if (r.opcode > OP.OP_16) return 0;
    data = r.data;
  }
  return getSigOpCount(data, true);
}

/** True when `pattern` occurs anywhere in `bytes` (a cheap pre-check: usually it does not). */
function containsBytes(bytes: Uint8Array, pattern: Uint8Array): boolean {
  const first = pattern[0]!;
  const last = bytes.length - pattern.length;
  outer: for (let i = bytes.indexOf(first); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    for (let k = 1; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * `FindAndDelete(script, pattern)`: remove every occurrence of `pattern` that starts on an
 * operation boundary (consecutive occurrences included). Returns the new script and the number
 * of deletions; the script is returned unchanged (same object) when nothing was found.
 */
export function findAndDelete(script: Uint8Array, pattern: Uint8Array): { script: Uint8Array; found: number } {
  if (pattern.length === 0 || !containsBytes(script, pattern)) return { script, found: 0 };
  let found = 0;
  const out: number[] = [];
  const r = new OpReader(script);
  let pc = 0;
  let pc2 = 0;
  const matchesAt = (pos: number): boolean => {
    if (script.length - pos < pattern.length) return false;
    for (let i = 0; i < pattern.length; i++) if (script[pos + i] !== pattern[i]) return false;
    return true;
  };
  for (;;) {
    for (let i = pc2; i < pc; i++) out.push(script[i]!);
    while (matchesAt(pc)) {
      pc += pattern.length;
      found++;
    }
    pc2 = pc;
    r.pc = pc;
    if (!r.next()) break;
    pc = r.pc;
  }
  if (found === 0) return { script, found: 0 };
  for (let i = pc2; i < script.length; i++) out.push(script[i]!);
  return { script: Uint8Array.from(out), found };
}

/** `FindAndDelete(scriptCode, CScript() << sig)`: delete the push of a signature. */
export function findAndDeleteSignature(scriptCode: Uint8Array, sig: Uint8Array): Uint8Array {
  return findAndDelete(scriptCode, encodePushData(sig)).script;
}

/**
 * The scriptCode bytes the legacy sighash serializes: every OP_CODESEPARATOR removed. Exactly
 * like Core's `SerializeScriptCode`, bytes after a truncated push (where `GetOp` stops) are not
 * written; `declaredLength` is what Core writes as the length prefix (script length minus the
 * separators found), which then disagrees with `bytes.length`.
 */
export function removeCodeSeparators(script: Uint8Array): { bytes: Uint8Array; declaredLength: number } {
  const r = new OpReader(script);
  let separators = 0;
  while (r.next()) if (r.opcode === OP.OP_CODESEPARATOR) separators++;
  if (separators === 0 && r.pc >= script.length) return { bytes: script, declaredLength: script.length };
  const parts: Uint8Array[] = [];
  const r2 = new OpReader(script);
  let begin = 0;
  while (r2.next()) {
    if (r2.opcode === OP.OP_CODESEPARATOR) {
      parts.push(script.subarray(begin, r2.pc - 1));
      begin = r2.pc;
    }
  }
  if (begin !== script.length) parts.push(script.subarray(begin, r2.pc));
  return { bytes: concatBytes(...parts), declaredLength: script.length - separators };
}

/** `CheckMinimalPush`: was `data` pushed with the smallest possible opcode? */
export function checkMinimalPush(data: Uint8Array, opcode: number): boolean {
  const n = data.length;
  if (n === 0) return opcode === OP.OP_0;
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return opcode === OP.OP_1 + (data[0]! - 1);
  if (n === 1 && data[0] === 0x81) return opcode === OP.OP_1NEGATE;
  if (n <= 75) return opcode === n;
  if (n <= 255) return opcode === OP.OP_PUSHDATA1;
  if (n <= 65535) return opcode === OP.OP_PUSHDATA2;
  return true;
}
