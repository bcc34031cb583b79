import { sha256d } from '../crypto/hash.js';
import { bytesEqual, concatBytes } from '../encoding/hex.js';
import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';

/**
 * `ExtractMatches` refuses more transactions than a block can hold: `MAX_BLOCK_BASE_SIZE / 60`
 * (60 bytes being the lower bound of a serialized transaction), as Core 0.14.
 */
const MAX_PROOF_TRANSACTIONS = Math.floor(1_000_000 / 60);

/** What `extractMatches` found: the Merkle root the proof commits to, and the matched leaves. */
export interface PartialMerkleMatches {
  /** The computed root (internal order). */
  readonly root: Uint8Array;
  /** Matched txids (internal order), left to right. */
  readonly matches: readonly Uint8Array[];
  /** Their positions in the block. */
  readonly indexes: readonly number[];
}

/**
 * Bitcoin Core's `CPartialMerkleTree` (BIP37): a depth-first traversal of the transaction Merkle
 * tree keeping one flag bit per visited node and the hashes of the pruned subtrees and matched
 * leaves. Serialized as `u32le nTransactions ‖ vector<uint256> ‖ vector<u8> (flag bits, LSB first)`.
 */
export class PartialMerkleTree {
  private constructor(
    readonly transactionCount: number,
    readonly hashes: readonly Uint8Array[],
    readonly bits: readonly boolean[],
  ) {}

  /** Build from every txid of a block (internal order) and which of them to prove. */
  static build(txids: readonly Uint8Array[], match: readonly boolean[]): PartialMerkleTree {
    const n = txids.length;
    const hashes: Uint8Array[] = [];
    const bits: boolean[] = [];
    const width = (height: number) => treeWidth(n, height);
    const calcHash = (height: number, pos: number): Uint8Array => {
      if (height === 0) return txids[pos]!;
      const left = calcHash(height - 1, pos * 2);
      const right = pos * 2 + 1 < width(height - 1) ? calcHash(height - 1, pos * 2 + 1) : left;
      return sha256d(concatBytes(left, right));
    };
    const traverse = (height: number, pos: number): void => {
      let parentOfMatch = false;
      for (let p = pos << height; p < (pos + 1) << height && p < n; p++) parentOfMatch ||= match[p] === true;
      bits.push(parentOfMatch);
      if (height === 0 || !parentOfMatch) {
        hashes.push(calcHash(height, pos));
      } else {
        traverse(height - 1, pos * 2);
        if (pos * 2 + 1 < width(height - 1)) traverse(height - 1, pos * 2 + 1);
      }
    };
    traverse(treeHeight(n), 0);
    return new PartialMerkleTree(n, hashes, bits);
  }

  /**
   * `ExtractMatches`: the Merkle root and the matched txids, or undefined where Core returns the
   * null hash (malformed or non-canonical proof).
   */
  extractMatches(): PartialMerkleMatches | undefined {
    const n = this.transactionCount;
    if (n === 0 || n > MAX_PROOF_TRANSACTIONS) return undefined;
    if (this.hashes.length > n) return undefined;
    if (this.bits.length < this.hashes.length) return undefined;
    let bitsUsed = 0;
    let hashUsed = 0;
    let bad = false;
    const matches: Uint8Array[] = [];
    const indexes: number[] = [];
    const traverse = (height: number, pos: number): Uint8Array => {
      if (bitsUsed >= this.bits.length) {
        bad = true;
        return new Uint8Array(32);
      }
      const parentOfMatch = this.bits[bitsUsed++]!;
      if (height === 0 || !parentOfMatch) {
        if (hashUsed >= this.hashes.length) {
          bad = true;
          return new Uint8Array(32);
        }
        const hash = this.hashes[hashUsed++]!;
        if (height === 0 && parentOfMatch) {
          matches.push(hash);
          indexes.push(pos);
        }
        return hash;
      }
      const left = traverse(height - 1, pos * 2);
      let right = left;
      if (pos * 2 + 1 < treeWidth(n, height - 1)) {
        right = traverse(height - 1, pos * 2 + 1);
        // CVE-2012-2459: identical children would let two trees share a root.
        if (bytesEqual(right, left)) bad = true;
      }
      return sha256d(concatBytes(left, right));
    };
    const root = traverse(treeHeight(n), 0);
    if (bad) return undefined;
    // every flag byte must have been used, and every hash
    if (Math.floor((bitsUsed + 7) / 8) !== Math.floor((this.bits.length + 7) / 8)) return undefined;
    if (hashUsed !== this.hashes.length) return undefined;
    return { root, matches, indexes };
  }

  write(w: Writer): void {
    w.u32le(this.transactionCount);
    w.compactSize(this.hashes.length);
    for (const h of this.hashes) w.bytes(h);
    const flags = new Uint8Array(Math.floor((this.bits.length + 7) / 8));
    this.bits.forEach((b, p) => {
      if (b) flags[p >> 3]! |= 1 << (p & 7);
    });
    w.varBytes(flags);
  }

  static read(r: Reader): PartialMerkleTree {
    const n = r.u32le();
    const count = r.count(32, 'partial merkle tree hashes');
    const hashes: Uint8Array[] = [];
    for (let i = 0; i < count; i++) hashes.push(r.bytesCopy(32, 'partial merkle tree hash'));
    const flags = r.varBytes('partial merkle tree flags');
    const bits: boolean[] = [];
    for (let p = 0; p < flags.length * 8; p++) bits.push((flags[p >> 3]! & (1 << (p & 7))) !== 0);
    return new PartialMerkleTree(n, hashes, bits);
  }
}

function treeWidth(transactions: number, height: number): number {
  return Math.floor((transactions + (1 << height) - 1) / 2 ** height);
}

function treeHeight(transactions: number): number {
  let h = 0;
  while (treeWidth(transactions, h) > 1) h++;
  return h;
}
