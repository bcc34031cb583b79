import { fromHex, isHex, parseUintHexLenient } from '../encoding/hex.js';
import { ChainParamsError } from './errors.js';

/**
 * Value parsers with the original's semantics (Bitcoin 0.14 `util.cpp` / `utilstrencodings.cpp`),
 * tightened where the original would silently mangle a malformed value: those throw a
 * `ChainParamsError` naming the option instead.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** `atoi64` (strtoll): leading blanks, optional sign, leading digits; no digits → 0; saturates. */
export function atoi64(s: string): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return 0n;
  const v = BigInt(m[1]!);
  return v < INT64_MIN ? INT64_MIN : v > INT64_MAX ? INT64_MAX : v;
}

/** `InterpretBool`: empty → true, otherwise `atoi(value) != 0`. */
export function interpretBool(s: string): boolean {
  return s === '' || atoi64(s) !== 0n;
}

/** `ParseInt64`: the whole string must be a decimal int64 (no blanks, optional sign). */
export function parseInt64Strict(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** An atoi64 value that must lie in `[min, max]`. */
export function integerInRange(option: string, s: string, min: bigint, max: bigint): bigint {
  const v = atoi64(s);
  if (v < min || v > max) throw new ChainParamsError(`Invalid -${option}=${s}: must be between ${min} and ${max}`, option);
  return v;
}

/** Raw hex bytes (scripts, addresses): even length, hex digits only, either case. */
export function hexBytes(option: string, s: string): Uint8Array {
  if (!isHex(s)) throw new ChainParamsError(`Invalid -${option}: '${s}' is not a hex string`, option);
  return fromHex(s);
}

/**
 * A `uint256`/`uint160` given in display hex, parsed like `SetHex` (optional `0x`, shorter strings
 * left-padded with zeros); returns internal byte order. Anything but hex digits (or more digits than
 * fit) is an error here, where `SetHex` would stop or truncate silently.
 */
export function uintHex(option: string, s: string, size: number): Uint8Array {
  const body = s.trim().replace(/^0[xX]/, '');
  if (body.length === 0 || body.length > 2 * size || !/^[0-9a-fA-F]+$/.test(body)) {
    throw new ChainParamsError(`Invalid -${option}: '${s}' is not a ${size * 8}-bit hex number`, option);
  }
  return parseUintHexLenient(body, size);
}

/** `<left>:<right>` split at the last `:` (both parts non-empty), else a malformed-value error. */
export function splitPair(option: string, s: string, expecting: string): [string, string] {
  const at = s.lastIndexOf(':');
  if (at <= 0 || at === s.length - 1) throw new ChainParamsError(`-${option} parameters malformed, expecting ${expecting}`, option);
  return [s.slice(0, at), s.slice(at + 1)];
}

/** A non-negative 32-bit decimal number (a block height or an output index). */
export function heightValue(option: string, s: string, what = 'height'): number {
  if (!/^\s*\+?\d+\s*$/.test(s) || BigInt(s.trim()) > 0xffffffffn) {
    throw new ChainParamsError(`Invalid ${what} '${s}' in -${option}`, option);
  }
  return Number(BigInt(s.trim()));
}
