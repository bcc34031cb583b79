/**
 * Lower-case hex of `bytes` as a flat string, for the ledger's in-memory map keys (txids, outpoints,
 * asset ids). Node's native hex encoder returns a flat string whose hash V8 computes once; strings
 * built by concatenation are ropes that make every map lookup with a fresh key several times slower.
 * Hex of internal-order bytes sorts like the bytes (memcmp order).
 */
export function hexKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
