/**
 * Slot-proof verification (spec mainstay.md §3.5): start from the commitment's internal bytes and,
 * for each op, `h = H(h ‖ op)` when `append`, else `h = H(op ‖ h)`; the proof is valid iff the
 * result is the Merkle root. Optionally the proof is bound to its slot: op i must prepend exactly
 * when bit i of the position is set (pymainstay's rule), which every generated proof satisfies.
 */
import type { ProofOp } from '../store/documents.js';
import { MerkleInputError, NODE_SIZE, displayHexAt, hashPairInto, isHash256Hex, writeInternalFromDisplay } from './merkle-hash.js';

/** What a proof needs to be checked: the fields shared by `MerkleProofDoc` and the API responses. */
export interface SlotProof {
  readonly merkleRoot: string;
  readonly commitment: string;
  readonly ops: readonly ProofOp[];
}

export interface VerifySlotProofOptions {
  /** When given, also require `ops[i].append === !bit_i(position)` and `position < 2^ops.length`. */
  readonly position?: number;
}

/**
 * The root (display hex, lowercase) that `ops` lead to from `commitment`. Throws
 * {@link MerkleInputError} for a malformed hash.
 */
export function computeProofRoot(commitment: string, ops: readonly ProofOp[]): string {
  const h = Buffer.allocUnsafe(NODE_SIZE);
  const sibling = Buffer.allocUnsafe(NODE_SIZE);
  writeInternalFromDisplay(commitment, h, 0);
  for (const op of ops) {
    writeInternalFromDisplay(op.commitment, sibling, 0);
    if (op.append) hashPairInto(h, 0, sibling, 0, h, 0);
    else hashPairInto(sibling, 0, h, 0, h, 0);
  }
  return displayHexAt(h, 0);
}

/** The slot position implied by the flags: bit i set iff op i prepends. */
export function slotFromOps(ops: readonly ProofOp[]): number {
  let slot = 0;
  for (let i = 0; i < ops.length; i++) if (!ops[i]!.append) slot += 2 ** i;
  return slot;
}

/**
 * True iff the proof leads from its commitment to its root (and, with `options.position`, is the
 * proof of that slot). Malformed input (bad hex, non-boolean flags) is simply invalid.
 */
export function verifySlotProof(proof: SlotProof, options: VerifySlotProofOptions = {}): boolean {
  if (!isHash256Hex(proof.merkleRoot) || !isHash256Hex(proof.commitment) || !Array.isArray(proof.ops)) return false;
  for (const op of proof.ops as readonly unknown[]) {
    if (typeof op !== 'object' || op === null) return false;
    const { append, commitment } = op as { append?: unknown; commitment?: unknown };
    if (typeof append !== 'boolean' || !isHash256Hex(commitment)) return false;
  }
  if (options.position !== undefined) {
    const position = options.position;
    if (!Number.isSafeInteger(position) || position < 0) return false;
    if (position >= 2 ** proof.ops.length || slotFromOps(proof.ops) !== position) return false;
  }
  try {
    return computeProofRoot(proof.commitment, proof.ops) === proof.merkleRoot.toLowerCase();
  } catch (e) {
    if (e instanceof MerkleInputError) return false;
    throw e;
  }
}
