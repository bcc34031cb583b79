import { DecodeError, assert, type Reader, type Writer } from '@ocean-ts/core';

/**
 * Core's `LIMITED_STRING(s, max)`: a CompactSize length then raw bytes, "String length limit
 * exceeded" above `max`. Bytes map one-to-one to char codes 0–255 so any byte string round-trips.
 */
export function readLimitedString(r: Reader, max: number): string {
  const n = r.compactSize();
  if (n > max) throw new DecodeError('String length limit exceeded');
  const b = r.bytesView(n, 'string');
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The byte form of a wire string; asserts every character is below 256. */
export function stringBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    assert(c <= 0xff, 'wire strings hold bytes (char codes 0-255)');
    out[i] = c;
  }
  return out;
}

export function writeString(w: Writer, s: string): void {
  w.varBytes(stringBytes(s));
}

/**
 * A serialized `bool`. Core reads any non-zero byte as true; only 0 and 1 are accepted here so that
 * every accepted payload re-encodes to the same bytes (ADR 0038).
 */
export function readBool(r: Reader, what: string): boolean {
  const b = r.u8();
  if (b > 1) throw new DecodeError(`${what}: non-canonical bool ${b}`);
  return b === 1;
}
