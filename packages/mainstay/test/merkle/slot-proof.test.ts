import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommitmentMerkleTree, computeProofRoot, slotFromOps, verifySlotProof } from '../../src/merkle/index.js';
import type { ProofOp } from '../../src/store/documents.js';
import { readMainstayVector } from './vectors.js';

interface SlotVector {
  source: { path: string; note?: string };
  merkle_root: string;
  commitment: string;
  ops: ProofOp[];
  position?: number;
  slot_from_ops?: number;
  expected_valid: boolean;
}

const { vectors } = readMainstayVector<{ vectors: SlotVector[] }>('slot_proofs.json');

test('slot_proofs.json: every proof gives its expected validity (23 cases, some deliberately broken)', () => {
  assert.equal(vectors.length, 23);
  let invalid = 0;
  for (const v of vectors) {
    const proof = { merkleRoot: v.merkle_root, commitment: v.commitment, ops: v.ops };
    assert.equal(verifySlotProof(proof), v.expected_valid, `${v.source.path} ${v.source.note ?? ''}`);
    assert.equal(computeProofRoot(v.commitment, v.ops) === v.merkle_root, v.expected_valid);
    if (!v.expected_valid) invalid++;
  }
  assert.ok(invalid >= 2);
});

test('slot binding: the flags imply the slot; a valid proof fails for any other position', () => {
  for (const v of vectors) {
    const proof = { merkleRoot: v.merkle_root, commitment: v.commitment, ops: v.ops };
    const slot = v.position ?? v.slot_from_ops;
    assert.ok(slot !== undefined);
    assert.equal(slotFromOps(v.ops), slot);
    assert.equal(verifySlotProof(proof, { position: slot }), v.expected_valid);
    if (!v.expected_valid) continue;
    assert.equal(verifySlotProof(proof, { position: slot ^ 1 }), false);
    assert.equal(verifySlotProof(proof, { position: slot + 2 ** v.ops.length }), false, 'a position beyond the tree');
    assert.equal(verifySlotProof(proof, { position: -1 }), false);
  }
});

test('the mainnet attestation proofs (positions 0 and 1 of root 8d0ad278…)', () => {
  const tx = readMainstayVector<{ slot_proofs: { position: number; merkle_root: string; commitment: string; ops: ProofOp[] }[] }>('staychain_tx_mainnet.json');
  assert.equal(tx.slot_proofs.length, 2);
  for (const p of tx.slot_proofs) {
    const proof = { merkleRoot: p.merkle_root, commitment: p.commitment, ops: p.ops };
    assert.equal(verifySlotProof(proof, { position: p.position }), true);
    assert.equal(verifySlotProof(proof, { position: 1 - p.position }), false);
  }
});

test('every generated proof of the stored trees verifies and is bound to its slot', () => {
  const { samples } = readMainstayVector<{ samples: { commitments_by_position: string[] }[] }>('merkle_db_samples.json');
  for (const s of samples) {
    const tree = new CommitmentMerkleTree(s.commitments_by_position);
    for (const p of tree.proofs()) {
      assert.equal(verifySlotProof(p, { position: p.clientPosition }), true);
      assert.equal(slotFromOps(p.ops), p.clientPosition);
    }
  }
});

test('tampering and malformed input make a proof invalid, never throw', () => {
  const v = vectors.find((x) => x.expected_valid && x.ops.length === 4)!;
  const good = { merkleRoot: v.merkle_root, commitment: v.commitment, ops: v.ops };
  assert.equal(verifySlotProof(good), true);
  assert.equal(verifySlotProof({ ...good, merkleRoot: good.merkleRoot.toUpperCase() }), true, 'root case does not matter');
  const flipped = v.ops.map((op, i) => (i === 1 ? { ...op, append: !op.append } : op));
  assert.equal(verifySlotProof({ ...good, ops: flipped }), false);
  assert.equal(verifySlotProof({ ...good, ops: v.ops.slice(0, 3) }), false);
  const otherNode = v.ops.map((op, i) => (i === 2 ? { ...op, commitment: '00' + op.commitment.slice(2) } : op));
  assert.equal(verifySlotProof({ ...good, ops: otherNode }), false);
  assert.equal(verifySlotProof({ ...good, commitment: 'xyz' }), false);
  assert.equal(verifySlotProof({ ...good, merkleRoot: good.merkleRoot.slice(2) }), false);
  assert.equal(verifySlotProof({ ...good, ops: [{ append: 'yes', commitment: v.commitment } as unknown as ProofOp] }), false);
  assert.equal(verifySlotProof({ ...good, ops: [null as unknown as ProofOp] }), false);
  assert.equal(verifySlotProof({ ...good, ops: undefined as unknown as ProofOp[] }), false);
  assert.throws(() => computeProofRoot('zz', []), /not a 32-byte hex hash/);
});
