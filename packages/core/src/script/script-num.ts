/**
 * `CScriptNum`: script numbers are little-endian sign-magnitude byte strings (sign bit = 0x80 of
 * the last byte), at most 4 bytes as operands (5 for CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY).
 *
 * Decoded values fit easily in a JS number (|v| < 2^40), as do the results of the arithmetic
 * opcodes on them, so the interpreter works on numbers; `encodeScriptNum` also takes a bigint for
 * the full int64 range `ParseScript` can produce.
 */

/** Default operand size limit (`nDefaultMaxNumSize`). */
export const MAX_SCRIPT_NUM_SIZE = 4;
/** Operand size limit of CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY. */
export const MAX_LOCKTIME_NUM_SIZE = 5;

/** `scriptnum_error`: the interpreter turns it into SCRIPT_ERR_UNKNOWN_ERROR. */
export class ScriptNumError extends Error {
  override readonly name = 'ScriptNumError';
}

/** True iff `vch` is minimally encoded (the `fRequireMinimal` test of the CScriptNum constructor). */
export function isMinimalScriptNum(vch: Uint8Array): boolean {
  const n = vch.length;
  if (n === 0) return true;
  if ((vch[n - 1]! & 0x7f) !== 0) return true;
  // The most significant byte (without sign bit) is zero: only allowed when the next byte's high
  // bit would otherwise be taken for the sign (e.g. 0xff00 = 255, 0xff80 = -255).
  return n > 1 && (vch[n - 2]! & 0x80) !== 0;
}

/**
 * Decode a script number (`CScriptNum(vch, fRequireMinimal, nMaxNumSize)`). Throws
 * {@link ScriptNumError} on overflow or (when `requireMinimal`) non-minimal encoding.
 */
export function decodeScriptNum(vch: Uint8Array, requireMinimal: boolean, maxSize = MAX_SCRIPT_NUM_SIZE): number {
  if (vch.length > maxSize) throw new ScriptNumError('script number overflow');
  if (requireMinimal && !isMinimalScriptNum(vch)) throw new ScriptNumError('non-minimally encoded script number');
  const n = vch.length;
  if (n === 0) return 0;
  let result = 0;
  let mul = 1;
  for (let i = 0; i < n - 1; i++) {
    result += vch[i]! * mul;
    mul *= 256;
  }
  const last = vch[n - 1]!;
  result += (last & 0x7f) * mul;
  return last & 0x80 ? -result || 0 : result; // no negative zero
}

/** `CScriptNum::serialize`: minimal encoding; zero is the empty string. */
export function encodeScriptNum(value: number | bigint): Uint8Array {
  if (typeof value === 'bigint') return encodeBig(value);
  if (!Number.isSafeInteger(value)) return encodeBig(BigInt(value));
  if (value === 0) return new Uint8Array(0);
  const neg = value < 0;
  let abs = neg ? -value : value;
  const out: number[] = [];
  while (abs > 0) {
    out.push(abs % 256);
    abs = Math.floor(abs / 256);
  }
  return finish(out, neg);
}

function encodeBig(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const neg = value < 0n;
  let abs = neg ? -value : value;
  const out: number[] = [];
  while (abs > 0n) {
    out.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  return finish(out, neg);
}

function finish(out: number[], neg: boolean): Uint8Array {
  const last = out[out.length - 1]!;
  if (last & 0x80) out.push(neg ? 0x80 : 0);
  else if (neg) out[out.length - 1] = last | 0x80;
  return Uint8Array.from(out);
}

/** `CScriptNum::getint`: clamp to the C `int` range. */
export function clampToInt32(v: number): number {
  if (v > 0x7fffffff) return 0x7fffffff;
  if (v < -0x80000000) return -0x80000000;
  return v;
}

/** `CastToBool`: false for any encoding of zero (including negative zero), true otherwise. */
export function castToBool(vch: Uint8Array): boolean {
  for (let i = 0; i < vch.length; i++) {
    if (vch[i] !== 0) {
      // negative zero
      if (i === vch.length - 1 && vch[i] === 0x80) return false;
      return true;
    }
  }
  return false;
}
