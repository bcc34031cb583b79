import { sha256d, fastMerkleCompress } from '../crypto/hash.js';
import { bytesEqual, concatBytes } from '../encoding/hex.js';

/**
 * Bitcoin Merkle root over 32-byte leaves (internal order): odd levels pair the last node with
 * itself; `mutated` reports two identical adjacent nodes hashed as a pair (CVE-2012-2459).
 */
export function merkleRoot(leaves: readonly Uint8Array[]): { root: Uint8Array; mutated: boolean } {
  if (leaves.length === 0) return { root: new Uint8Array(32), mutated: false };
  let level = leaves.slice();
  let mutated = false;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = i + 1 < level.length ? level[i + 1]! : left;
      if (i + 1 < level.length && bytesEqual(left, right)) mutated = true;
      next.push(sha256d(concatBytes(left, right)));
    }
    level = next;
  }
  return { root: level[0]!, mutated };
}

/**
 * Elements fast Merkle root: node = one SHA-256 compression of left||right; an odd last node is
 * carried up unchanged; zero leaves → 32 zero bytes.
 */
export function fastMerkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return new Uint8Array(32);
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(fastMerkleCompress(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
