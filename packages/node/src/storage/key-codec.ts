/**
 * Key-encoding helpers shared by every keyspace layout. Keys compare as raw bytes (memcmp order, a
 * shorter key before any longer key it is a prefix of), so numbers are written big-endian to make
 * iteration follow numeric order.
 */

/** LMDB's portable key-size limit; every `KvStore` enforces it so the stores behave alike. */
export const MAX_KEY_BYTES = 511;

/** Compare two byte strings in memcmp order (negative, zero or positive). */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key that starts with `prefix`, or `undefined` when there is
 * none (the prefix is empty or all 0xff): drop trailing 0xff bytes, then increment the last byte.
 */
export function prefixSuccessor(prefix: Uint8Array): Uint8Array | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = prefix.slice(0, end);
  out[end - 1]! += 1;
  return out;
}

/** A key made of a one-byte prefix followed by the given parts. */
export function prefixedKey(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  checkPrefixByte(prefix);
  let n = 1;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  out[0] = prefix;
  let o = 1;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `n` as 4 big-endian bytes (heights, indexes): keys then iterate in numeric order. */
export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32 key part out of range: ${n}`);
  return new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** Reads a big-endian u32 at `offset` of `key`. */
export function readU32be(key: Uint8Array, offset = 0): number {
  if (offset < 0 || offset + 4 > key.length) {
    throw new RangeError(`u32 key part at offset ${offset} is past the end of a ${key.length}-byte key`);
  }
  return ((key[offset]! << 24) | (key[offset + 1]! << 16) | (key[offset + 2]! << 8) | key[offset + 3]!) >>> 0;
}

/** A block height as a key part (big-endian u32, so keys iterate in height order). */
export function heightKey(height: number): Uint8Array {
  return u32be(height);
}

/** Checks that `hash` is a 32-byte hash (txid, block hash, asset id) and returns it as a key part. */
export function hash32(hash: Uint8Array): Uint8Array {
  if (hash.length !== 32) throw new RangeError(`hash key part must be 32 bytes, got ${hash.length}`);
  return hash;
}

/** Outpoint key part: txid (32 bytes, internal order) || index as big-endian u32 — outputs of a tx are adjacent and ordered. */
export function outpointKey(txid: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(36);
  out.set(hash32(txid), 0);
  out.set(u32be(index), 32);
  return out;
}

/** Splits a 36-byte outpoint key part (see `outpointKey`) found at `offset` of `key`. */
export function readOutpointKey(key: Uint8Array, offset = 0): { txid: Uint8Array; index: number } {
  if (offset < 0 || offset + 36 > key.length) {
    throw new RangeError(`outpoint key part at offset ${offset} is past the end of a ${key.length}-byte key`);
  }
  return { txid: key.slice(offset, offset + 32), index: readU32be(key, offset + 32) };
}

/** Throws unless `key` is a non-empty Uint8Array of at most `MAX_KEY_BYTES` bytes. */
export function checkKey(key: Uint8Array, what = 'key'): void {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (key.length === 0) throw new RangeError(`${what} must not be empty`);
  if (key.length > MAX_KEY_BYTES) throw new RangeError(`${what} is ${key.length} bytes, over the ${MAX_KEY_BYTES}-byte limit`);
}

export function checkPrefixByte(prefix: number): void {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 0xff) throw new RangeError(`key prefix must be a byte, got ${prefix}`);
}
