/**
 * Hash helpers of the commitment Merkle tree (spec mainstay.md §3.2–3.3). Everything here works on
 * internal-order bytes; display hex is the byte-reversed form (§0.2).
 */
import { hash as nodeHash } from 'node:crypto';
import { isHex } from '@ocean-ts/core';

/** Bytes in one tree node. */
export const NODE_SIZE = 32;

/** The zero hash: "no commitment" (an empty slot). */
export const ZERO_HASH_HEX = '0'.repeat(64);

/** Thrown for malformed commitment / root strings or an empty commitment list. */
export class MerkleInputError extends Error {
  override readonly name = 'MerkleInputError';
}

/**
 * The original's `getNextPowerOfTwo`: 0 for n ≤ 0, 2 for n = 1 (a single leaf still gets a
 * sibling), otherwise the smallest power of two ≥ n.
 */
export function nextPow2(n: number): number {
  if (!(n > 0)) return 0;
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/** True iff `s` is exactly 64 hex digits (either case). */
export function isHash256Hex(s: unknown): s is string {
  return typeof s === 'string' && s.length === 64 && isHex(s);
}

/**
 * Write the internal bytes of display hex `display` into `out` at `offset` (reversing the byte
 * order). Throws {@link MerkleInputError} unless it is exactly 64 hex digits.
 */
export function writeInternalFromDisplay(display: string, out: Buffer, offset: number): void {
  if (!isHash256Hex(display)) throw new MerkleInputError(`not a 32-byte hex hash: ${JSON.stringify(display)}`);
  out.write(display, offset, NODE_SIZE, 'hex');
  out.subarray(offset, offset + NODE_SIZE).reverse();
}

/** Internal bytes (a fresh 32-byte Buffer) of display hex. */
export function internalFromDisplay(display: string): Buffer {
  const out = Buffer.allocUnsafe(NODE_SIZE);
  writeInternalFromDisplay(display, out, 0);
  return out;
}

const scratch = Buffer.allocUnsafe(NODE_SIZE);

/** Lower-case display hex of the 32 internal bytes at `buf[offset..offset+32)`. */
export function displayHexAt(buf: Uint8Array, offset: number): string {
  for (let i = 0; i < NODE_SIZE; i++) scratch[i] = buf[offset + NODE_SIZE - 1 - i]!;
  return scratch.toString('hex');
}

const pair = Buffer.allocUnsafe(2 * NODE_SIZE);

/**
 * `H(left, right) = SHA256(SHA256(left ‖ right))` of the nodes at the given offsets, written into
 * `out` at `outOffset` (all internal order). The source and destination buffers may be the same.
 */
export function hashPairInto(
  left: Uint8Array,
  leftOffset: number,
  right: Uint8Array,
  rightOffset: number,
  out: Uint8Array,
  outOffset: number,
): void {
  pair.set(left.subarray(leftOffset, leftOffset + NODE_SIZE), 0);
  pair.set(right.subarray(rightOffset, rightOffset + NODE_SIZE), NODE_SIZE);
  const first = nodeHash('sha256', pair, 'buffer');
  const second = nodeHash('sha256', first, 'buffer');
  out.set(second, outOffset);
}

/** `H(left, right)` of two 32-byte internal-order nodes, as a fresh Buffer. */
export function hashPair(left: Uint8Array, right: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(NODE_SIZE);
  hashPairInto(left, 0, right, 0, out, 0);
  return out;
}
