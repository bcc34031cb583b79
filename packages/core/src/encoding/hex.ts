import { DecodeError } from './errors.js';

const HEX_CHARS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_TO_HEX.push(HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!]!;
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** True when `s` is a non-empty-or-empty even-length string of hex digits. */
export function isHex(s: string): boolean {
  if (s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) if (nibble(s.charCodeAt(i)) < 0) return false;
  return true;
}

/** Strict hex decoding: even length, hex digits only (either case). */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new DecodeError('hex string has odd length');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(s.charCodeAt(2 * i));
    const lo = nibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new DecodeError('hex string contains a non-hex character');
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** A reversed copy. */
export function reversed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[bytes.length - 1 - i]!;
  return out;
}

/** Display hex of a hash held in internal byte order (bytes reversed). */
export function toDisplayHex(internal: Uint8Array): string {
  return toHex(reversed(internal));
}

/**
 * Parse display hex into internal byte order, like the C++ `uint256::SetHex`: strict here —
 * exactly `2 * size` hex digits.
 */
export function fromDisplayHex(s: string, size = 32): Uint8Array {
  if (s.length !== size * 2) throw new DecodeError(`expected ${size * 2} hex characters, got ${s.length}`);
  return reversed(fromHex(s));
}

/**
 * The C++ `uint256::SetHex` leniency used for command-line options: optional `0x`, leading spaces,
 * stops at the first non-hex digit, shorter strings are left-padded with zeros (display form).
 * Returns internal byte order.
 */
export function parseUintHexLenient(s: string, size = 32): Uint8Array {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  if (s.slice(i, i + 2).toLowerCase() === '0x') i += 2;
  let end = i;
  while (end < s.length && nibble(s.charCodeAt(end)) >= 0) end++;
  const digits = s.slice(i, end);
  const out = new Uint8Array(size);
  // digits are display order: last digit is the least significant nibble = internal byte 0 low nibble
  for (let k = 0; k < digits.length && k < size * 2; k++) {
    const v = nibble(digits.charCodeAt(digits.length - 1 - k));
    const byteIndex = k >> 1;
    out[byteIndex] = out[byteIndex]! | (k & 1 ? v << 4 : v);
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Compare lexicographically (memcmp semantics). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function isAllZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
