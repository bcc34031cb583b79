/**
 * The commitment Merkle tree of client slots (spec mainstay.md §3.1–3.4), byte-compatible with the
 * original's `models/commitmentmerkletree.go` / `commitmentmerkleproof.go`:
 *
 * - one leaf per client position, the commitment's internal bytes as they are (not re-hashed);
 *   positions without a commitment are the zero hash;
 * - `P = nextPow2(n)` (with `nextPow2(1) = 2`), a flattened array of `2P − 1` nodes: leaves at
 *   `0..n−1`, nulls up to `P − 1`, then each higher level after the previous one, root last;
 * - parent of `(L, R)`: null if L is null, `H(L, L)` if R is null, else `H(L, R)` — so a single leaf
 *   yields `H(c, c)`.
 *
 * Nodes live in one Buffer; nulls are only ever at the end of a level, so a count per level is the
 * null map. Display hex and proof ops are computed once per node and shared by all proofs, which
 * keeps building every proof of a 100k-slot tree well under a second.
 */
import type { MerkleCommitmentDoc, MerkleProofDoc, ProofOp } from '../store/documents.js';
import {
  MerkleInputError,
  NODE_SIZE,
  displayHexAt,
  hashPairInto,
  nextPow2,
  writeInternalFromDisplay,
} from './merkle-hash.js';

/** Largest number of leaves accepted (the tree then holds 2^23 − 1 nodes, 256 MiB). */
export const MAX_TREE_LEAVES = 1 << 22;

/** A slot commitment as read from the `ClientCommitment` collection. */
export interface PositionedCommitment {
  readonly clientPosition: number;
  readonly commitment: string;
}

export class CommitmentMerkleTree {
  /** Number of leaves (`maxPosition + 1`). */
  readonly leafCount: number;
  /** Padded leaf-level width `P = nextPow2(leafCount)`. */
  readonly width: number;
  /** The root, lowercase display hex. */
  readonly root: string;

  /** All `2P − 1` nodes, internal order, 32 bytes each (null nodes are left zeroed). */
  readonly #nodes: Buffer;
  /** Flattened-array offset of each level (level 0 = leaves). */
  readonly #levelOffset: number[];
  /** Number of non-null nodes in each level. */
  readonly #levelCount: number[];
  #hex: (string | undefined)[] | undefined;
  #ops: (ProofOp | undefined)[] | undefined;

  /**
   * Build from commitments indexed by position (display hex). `undefined`/`null` entries (and
   * holes) are empty slots: the zero hash. Throws {@link MerkleInputError} for an empty list or a
   * malformed hash.
   */
  constructor(commitmentsByPosition: readonly (string | null | undefined)[]) {
    const n = commitmentsByPosition.length;
    if (n === 0) throw new MerkleInputError('List of commitments is empty');
    if (n > MAX_TREE_LEAVES) throw new MerkleInputError(`too many commitment slots: ${n} > ${MAX_TREE_LEAVES}`);
    const width = nextPow2(n);
    const nodes = Buffer.alloc((2 * width - 1) * NODE_SIZE);
    for (let i = 0; i < n; i++) {
      const c = commitmentsByPosition[i];
      if (c !== undefined && c !== null) writeInternalFromDisplay(c, nodes, i * NODE_SIZE);
    }

    const levelOffset = [0];
    const levelCount = [n];
    let offset = 0;
    let size = width;
    let count = n;
    while (size > 1) {
      const nextOffset = offset + size;
      const nextCount = Math.ceil(count / 2);
      for (let j = 0; j < nextCount; j++) {
        const left = (offset + 2 * j) * NODE_SIZE;
        const right = 2 * j + 1 < count ? left + NODE_SIZE : left;
        hashPairInto(nodes, left, nodes, right, nodes, (nextOffset + j) * NODE_SIZE);
      }
      offset = nextOffset;
      size /= 2;
      count = nextCount;
      levelOffset.push(offset);
      levelCount.push(count);
    }

    this.leafCount = n;
    this.width = width;
    this.#nodes = nodes;
    this.#levelOffset = levelOffset;
    this.#levelCount = levelCount;
    this.root = displayHexAt(nodes, (2 * width - 2) * NODE_SIZE);
  }

  /**
   * Build from `ClientCommitment` documents in any order: `maxPosition + 1` leaves, zero hash where
   * no document exists. Throws {@link MerkleInputError} for an empty list, a duplicate or invalid
   * position, or a malformed commitment.
   */
  static fromClientCommitments(docs: readonly PositionedCommitment[]): CommitmentMerkleTree {
    if (docs.length === 0) throw new MerkleInputError('List of commitments is empty');
    let max = -1;
    for (const d of docs) {
      const p = d.clientPosition;
      if (!Number.isSafeInteger(p) || p < 0) throw new MerkleInputError(`invalid client position: ${p}`);
      if (p >= MAX_TREE_LEAVES) throw new MerkleInputError(`client position too large: ${p}`);
      if (p > max) max = p;
    }
    const byPosition: (string | undefined)[] = new Array<string | undefined>(max + 1);
    for (const d of docs) {
      if (byPosition[d.clientPosition] !== undefined) throw new MerkleInputError(`duplicate client position: ${d.clientPosition}`);
      byPosition[d.clientPosition] = d.commitment;
    }
    return new CommitmentMerkleTree(byPosition);
  }

  /** The root's internal bytes (the value that tweaks the staychain keys). */
  rootInternal(): Uint8Array {
    const at = (2 * this.width - 2) * NODE_SIZE;
    return Uint8Array.from(this.#nodes.subarray(at, at + NODE_SIZE));
  }

  /** The leaf at `position` (display hex; the zero hash for an empty slot), or undefined out of range. */
  commitment(position: number): string | undefined {
    if (!this.#isLeaf(position)) return undefined;
    return this.#nodeHex(position);
  }

  /** The flattened `2P − 1` array as display hex, `null` for padding (the Go test layout). */
  layout(): (string | null)[] {
    const out: (string | null)[] = [];
    for (let level = 0; level < this.#levelOffset.length; level++) {
      const offset = this.#levelOffset[level]!;
      const size = this.width >> level;
      const count = this.#levelCount[level]!;
      for (let j = 0; j < size; j++) out.push(j < count ? this.#nodeHex(offset + j) : null);
    }
    return out;
  }

  /** The `MerkleCommitment` documents of this tree, by position. */
  commitmentDocs(): MerkleCommitmentDoc[] {
    const out: MerkleCommitmentDoc[] = new Array<MerkleCommitmentDoc>(this.leafCount);
    for (let i = 0; i < this.leafCount; i++) out[i] = { merkleRoot: this.root, clientPosition: i, commitment: this.#nodeHex(i) };
    return out;
  }

  /**
   * The slot proof of `position` (spec §3.4), or undefined when there is none (position ≥ P, a
   * padding slot, or not a non-negative integer).
   */
  proof(position: number): MerkleProofDoc | undefined {
    if (!this.#isLeaf(position)) return undefined;
    const levels = this.#levelOffset.length - 1;
    const ops: ProofOp[] = new Array<ProofOp>(levels);
    for (let level = 0; level < levels; level++) ops[level] = this.#opAt(this.#levelOffset[level]! + (position >> level), level);
    return { merkleRoot: this.root, clientPosition: position, commitment: this.#nodeHex(position), ops };
  }

  /** Every slot proof, by position. Op objects are shared between proofs (treat them as read-only). */
  proofs(): MerkleProofDoc[] {
    const out: MerkleProofDoc[] = new Array<MerkleProofDoc>(this.leafCount);
    for (let i = 0; i < this.leafCount; i++) out[i] = this.proof(i)!;
    return out;
  }

  #isLeaf(position: number): boolean {
    return Number.isInteger(position) && position >= 0 && position < this.leafCount;
  }

  #nodeHex(index: number): string {
    this.#hex ??= new Array<string | undefined>(2 * this.width - 1);
    let h = this.#hex[index];
    if (h === undefined) {
      h = displayHexAt(this.#nodes, index * NODE_SIZE);
      this.#hex[index] = h;
    }
    return h;
  }

  /** The proof op contributed by the non-null node `index` (at `level`): its sibling, or itself. */
  #opAt(index: number, level: number): ProofOp {
    this.#ops ??= new Array<ProofOp | undefined>(2 * this.width - 1);
    let op = this.#ops[index];
    if (op === undefined) {
      const j = index - this.#levelOffset[level]!;
      if (j % 2 === 0) {
        const sibling = j + 1 < this.#levelCount[level]! ? index + 1 : index;
        op = { append: true, commitment: this.#nodeHex(sibling) };
      } else {
        op = { append: false, commitment: this.#nodeHex(index - 1) };
      }
      this.#ops[index] = op;
    }
    return op;
  }
}
