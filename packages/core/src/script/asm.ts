/**
 * Script ↔ text: Bitcoin Core 0.14's `ScriptToAsmStr` (core_write.cpp) and `ParseScript`
 * (core_read.cpp), with Ocean's opcode names.
 */
import { fromHex, isHex, toHex } from '../encoding/hex.js';
import { isDefinedHashtypeSignature, isValidSignatureEncoding } from '../crypto/der.js';
import { OP, OPCODES_BY_NAME, opcodeName } from './opcodes.js';
import { OpReader } from './op-reader.js';
import { decodeScriptNum } from './script-num.js';
import { isUnspendable } from './script.js';
import { ScriptBuilder } from './script-builder.js';

const SIGHASH_NAMES: ReadonlyMap<number, string> = new Map([
  [0x01, 'ALL'],
  [0x81, 'ALL|ANYONECANPAY'],
  [0x02, 'NONE'],
  [0x82, 'NONE|ANYONECANPAY'],
  [0x03, 'SINGLE'],
  [0x83, 'SINGLE|ANYONECANPAY'],
]);

/**
 * `ScriptToAsmStr(script, fAttemptSighashDecode)`:
 * - pushes of at most 4 bytes print as the decimal script number (non-minimal encodings allowed,
 *   so `0x80` prints `0`);
 * - longer pushes print as hex; with `attemptSighashDecode` (used for scriptSigs) and a spendable
 *   script, a strictly DER-encoded signature with a defined hash type prints as
 *   `<hex without the last byte>[ALL]` (etc.);
 * - opcodes print with `GetOpName` (`0`, `-1`, `1`…`16`, `OP_xxx`, `OP_UNKNOWN`);
 * - a truncated push ends the text with `[error]`.
 */
export function scriptToAsm(script: Uint8Array, attemptSighashDecode = false): string {
  let str = '';
  const r = new OpReader(script);
  let unspendable: boolean | undefined;
  while (!r.atEnd) {
    if (str.length !== 0) str += ' ';
    if (!r.next()) return str + '[error]';
    const opcode = r.opcode;
    if (opcode <= OP.OP_PUSHDATA4) {
      const vch = r.data;
      if (vch.length <= 4) {
        str += String(decodeScriptNum(vch, false));
      } else if (attemptSighashDecode && !(unspendable ??= isUnspendable(script))) {
        // Only decode data that looks like a signature (strict DER + defined hash type).
        if (isValidSignatureEncoding(vch) && isDefinedHashtypeSignature(vch)) {
          const name = SIGHASH_NAMES.get(vch[vch.length - 1]!);
          str += name !== undefined ? toHex(vch.subarray(0, vch.length - 1)) + '[' + name + ']' : toHex(vch);
        } else {
          str += toHex(vch);
        }
      } else {
        str += toHex(vch);
      }
    } else {
      str += opcodeName(opcode);
    }
  }
  return str;
}

/** Thrown by {@link scriptFromAsm} (`ParseScript`'s "script parse error"). */
export class ScriptParseError extends Error {
  override readonly name = 'ScriptParseError';
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const DIGITS = /^[0-9]*$/;

/**
 * `ParseScript`: whitespace-separated words (space, tab, newline), each one of
 * - a decimal number, optionally negative (`push_int64`: OP_0, OP_1NEGATE, OP_1…OP_16 or a
 *   minimal number push; values saturate at the int64 range like `atoi64`);
 * - `0x` followed by an even number of hex digits: raw bytes inserted as-is (not pushed);
 * - `'text'` (no whitespace inside): the bytes of the text pushed as data;
 * - an opcode name with or without `OP_` (`OP_ADD`, `ADD`; from OP_NOP up, plus OP_RESERVED).
 * Anything else throws {@link ScriptParseError}.
 */
export function scriptFromAsm(text: string): Uint8Array {
  const b = new ScriptBuilder();
  for (const w of text.split(/[ \t\n]+/)) {
    if (w.length === 0) continue;
    if (DIGITS.test(w) || (w.startsWith('-') && DIGITS.test(w.slice(1)))) {
      b.number(atoi64(w));
    } else if (w.startsWith('0x') && w.length > 2 && isHex(w.slice(2))) {
      b.raw(fromHex(w.slice(2)));
    } else if (w.length >= 2 && w.startsWith("'") && w.endsWith("'")) {
      b.push(new TextEncoder().encode(w.slice(1, -1)));
    } else {
      const op = OPCODES_BY_NAME.get(w);
      if (op === undefined) throw new ScriptParseError(`script parse error: ${JSON.stringify(w)}`);
      b.op(op);
    }
  }
  return b.build();
}

/** `atoi64` (strtoll): base 10, saturating; a lone `-` is 0. */
function atoi64(w: string): bigint {
  const neg = w.startsWith('-');
  const digits = neg ? w.slice(1) : w;
  if (digits.length === 0) return 0n;
  let v = BigInt(digits);
  if (neg) v = -v;
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return v;
}
