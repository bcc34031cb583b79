import { ToolError } from './tool-error.js';

/**
 * The C library number parsers bitcoin-tx uses, with glibc semantics on a 64-bit machine.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const LEADING = /^[ \t\n\v\f\r]*([+-]?)([0-9]*)/;

/** `strtoll(s, NULL, 10)`: blanks, sign, digits; no digits → 0; saturates at the int64 range. */
export function strtoll(s: string): bigint {
  const m = LEADING.exec(s)!;
  if (m[2] === '') return 0n;
  const v = BigInt(m[1] === '-' ? '-' + m[2] : m[2]!);
  return v < INT64_MIN ? INT64_MIN : v > INT64_MAX ? INT64_MAX : v;
}

/** `atoi64` (Bitcoin Core util): `strtoll`. */
export function atoi64(s: string): bigint {
  return strtoll(s);
}

/** `atoi`: glibc's `(int)strtol(s, NULL, 10)` — saturated to int64, then truncated to 32 bits. */
export function atoi(s: string): number {
  return Number(BigInt.asIntN(32, strtoll(s)));
}

/**
 * `std::stoul(s)` then the implicit conversion to `uint32_t`: blanks, optional sign (a negative
 * value wraps modulo 2^64), at least one digit; throws the C++ exception's `what()` text
 * (`stoul`) when there is no number or it exceeds `unsigned long`.
 */
export function stoulToUint32(s: string): number {
  const m = LEADING.exec(s)!;
  if (m[2] === '') throw new ToolError('stoul');
  const v = BigInt(m[2]!);
  if (v > UINT64_MAX) throw new ToolError('stoul');
  const signed = m[1] === '-' ? (UINT64_MAX + 1n - v) & UINT64_MAX : v;
  return Number(signed & 0xffffffffn);
}
