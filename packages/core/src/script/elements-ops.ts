/**
 * Byte-level semantics of the Elements opcodes that are more than a few lines: the little-endian
 * shifts and OP_DETERMINISTICRANDOM's draw (ocean-core-script.md §2.1–§2.2).
 */
import { sha256 } from '../crypto/hash.js';
import { AssertionError } from '../encoding/errors.js';
import { MAX_SCRIPT_ELEMENT_SIZE } from './script.js';
import { clampToInt32 } from './script-num.js';

const UINT64_MAX = (1n << 64n) - 1n;

function stripTrailingZeros(v: Uint8Array): Uint8Array {
  let n = v.length;
  while (n > 0 && v[n - 1] === 0) n--;
  return n === v.length ? v : v.slice(0, n);
}

/** OP_LSHIFT's size rule: `len + n div 8 + (n mod 8 ? 1 : 0) <= 520` (n ≥ 0). */
export function lshiftFits(length: number, n: number): boolean {
  return length + Math.floor(n / 8) + (n % 8 ? 1 : 0) <= MAX_SCRIPT_ELEMENT_SIZE;
}

/**
 * OP_LSHIFT (n ≥ 0): `n div 8` zero bytes, the data, one zero byte, all shifted left by `n mod 8`
 * bits as a little-endian number, then trailing (most significant) zero bytes stripped.
 */
export function lshiftBytes(data: Uint8Array, n: number): Uint8Array {
  const fullBytes = Math.floor(n / 8);
  const bits = n % 8;
  const v = new Uint8Array(fullBytes + data.length + 1);
  v.set(data, fullBytes);
  // (x >> 8) is 0 when bits == 0, as with C's promotion
  for (let i = v.length - 1; i > 0; i--) v[i] = ((v[i]! << bits) | (v[i - 1]! >> (8 - bits))) & 0xff;
  v[0] = (v[0]! << bits) & 0xff;
  return stripTrailingZeros(v);
}

/**
 * OP_RSHIFT (n ≥ 0): empty if `n div 8 >= len`; else drop the first `n div 8` bytes, shift the
 * rest right by `n mod 8` bits as a little-endian number, strip trailing zero bytes.
 */
export function rshiftBytes(data: Uint8Array, n: number): Uint8Array {
  const fullBytes = Math.floor(n / 8);
  const bits = n % 8;
  if (fullBytes >= data.length) return new Uint8Array(0);
  const v = data.slice(fullBytes);
  // (x << 8) & 0xff is 0 when bits == 0, as with C's promotion
  for (let i = 0; i < v.length - 1; i++) v[i] = ((v[i]! >> bits) | (v[i + 1]! << (8 - bits))) & 0xff;
  v[v.length - 1] = v[v.length - 1]! >> bits;
  return stripTrailingZeros(v);
}

/**
 * OP_DETERMINISTICRANDOM's draw for `min < max`: `m = (int)(max − min)` as uint64,
 * `range = floor((2^64−1)/m)·m`; walk the 8-byte little-endian words 0..2 of
 * `SHA256(seed || LE64(counter))` for counter = 0, 1, … and take the first `x <= range`; the result
 * is `min + x mod m`.
 */
export function deterministicRandom(seed: Uint8Array, min: number, max: number): number {
  const m = BigInt(clampToInt32(max - min));
  if (m <= 0n) throw new AssertionError('deterministicRandom needs min < max');
  const range = (UINT64_MAX / m) * m;
  const buf = new Uint8Array(seed.length + 8);
  buf.set(seed, 0);
  const view = new DataView(buf.buffer);
  for (let counter = 0n; ; counter++) {
    view.setBigUint64(seed.length, counter, true);
    const h = sha256(buf);
    const hv = new DataView(h.buffer, h.byteOffset, 32);
    for (let idx = 0; idx < 3; idx++) {
      const x = hv.getBigUint64(idx * 8, true);
      if (x <= range) return Number(x % m) + min;
    }
  }
}
