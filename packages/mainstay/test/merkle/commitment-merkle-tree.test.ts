import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommitmentMerkleTree, MerkleInputError, ZERO_HASH_HEX, nextPow2 } from '../../src/merkle/index.js';
import type { MerkleProofDoc, ProofOp } from '../../src/store/documents.js';
import { hDisplay, readMainstayVector } from './vectors.js';

interface TreeCase {
  leaves_display_hex: string[];
  tree_array_length: number;
  tree_layout: (string | null)[];
  proofs: Record<string, [string, string][] | number[]>;
  computed_node_values_display_hex: Record<string, string>;
  computed_root_display_hex: string;
}
interface MerkleTreeFile {
  exact_values: Record<string, string>;
  nextPow: { cases: [number, number][] };
  trees: TreeCase[];
  attestserver_test_3_commitments: {
    leaves_display_hex: string[];
    H_c2_c2_display_hex: string;
    H_c0_c1_display_hex: string;
    expected_proofs: Record<string, [string, string][]>;
  };
}
interface DbSample {
  merkle_root: string;
  num_leaves: number;
  commitments_by_position: string[];
  proofs_by_position: Record<string, { commitment: string; ops: ProofOp[] }>;
}

const treeFile = readMainstayVector<MerkleTreeFile>('merkle_tree.json');

/** Evaluate a symbolic node such as `H(H(leaf0,leaf1),H(leaf2,leaf2))` with the independent hash. */
function evaluate(expr: string, names: Record<string, string>): string {
  let at = 0;
  const parse = (): string => {
    if (expr.startsWith('H(', at)) {
      at += 2;
      const a = parse();
      assert.equal(expr[at], ',');
      at++;
      const b = parse();
      assert.equal(expr[at], ')');
      at++;
      return hDisplay(a, b);
    }
    const m = /^[a-z]+[0-9]+/.exec(expr.slice(at));
    assert.ok(m, `cannot parse ${expr} at ${at}`);
    at += m[0].length;
    const v = names[m[0]];
    assert.ok(v !== undefined, `unknown name ${m[0]}`);
    return v;
  };
  const out = parse();
  assert.equal(at, expr.length);
  return out;
}

function expectedOps(ops: [string, string][], names: Record<string, string>): ProofOp[] {
  return ops.map(([flag, node]) => {
    assert.ok(flag === 'append' || flag === 'prepend');
    return { append: flag === 'append', commitment: evaluate(node, names) };
  });
}

test('nextPow2 reproduces the Go cases (nextPow2(1) = 2, ≤ 0 → 0)', () => {
  for (const [n, p] of treeFile.nextPow.cases) assert.equal(nextPow2(n), p, `nextPow2(${n})`);
  assert.equal(nextPow2(4), 4);
  assert.equal(nextPow2(100_000), 131_072);
});

test('the exact values of the Go tests', () => {
  const [l0, l1, l2] = treeFile.trees[1]!.leaves_display_hex as [string, string, string];
  const tree = new CommitmentMerkleTree([l0, l1, l2]);
  const layout = tree.layout();
  assert.equal(layout[4], treeFile.exact_values['hashLeaves_leaf0_leaf1_display_hex']);
  assert.equal(layout[5], treeFile.exact_values['H_leaf2_leaf2_of_3_leaf_tree_display_hex']);
  assert.equal(tree.root, treeFile.exact_values['root_of_3_leaves_display_hex']);
});

for (const c of treeFile.trees) {
  test(`merkle_tree.json: ${c.leaves_display_hex.length} leaves — layout, root and every proof`, () => {
    const names: Record<string, string> = {};
    c.leaves_display_hex.forEach((l, i) => (names[`leaf${i}`] = l));
    const tree = new CommitmentMerkleTree(c.leaves_display_hex);
    assert.equal(tree.leafCount, c.leaves_display_hex.length);
    const layout = tree.layout();
    assert.equal(layout.length, c.tree_array_length);
    assert.deepEqual(
      layout,
      c.tree_layout.map((e) => (e === null ? null : evaluate(e, names))),
    );
    for (const [expr, value] of Object.entries(c.computed_node_values_display_hex)) assert.equal(evaluate(expr, names), value, expr);
    assert.equal(tree.root, c.computed_root_display_hex);
    assert.equal(Buffer.from(tree.rootInternal()).reverse().toString('hex'), c.computed_root_display_hex);

    const { invalid_positions: invalid, ...byPosition } = c.proofs;
    for (const [pos, ops] of Object.entries(byPosition)) {
      const position = Number(pos);
      const proof = tree.proof(position);
      assert.deepEqual(proof, {
        merkleRoot: c.computed_root_display_hex,
        clientPosition: position,
        commitment: c.leaves_display_hex[position]!,
        ops: expectedOps(ops as [string, string][], names),
      } satisfies MerkleProofDoc);
      assert.deepEqual(tree.proofs()[position], proof);
    }
    assert.equal(tree.proofs().length, c.leaves_display_hex.length);
    for (const position of invalid as number[]) {
      assert.equal(tree.proof(position), undefined, `position ${position}`);
      assert.equal(tree.commitment(position), undefined);
    }
  });
}

test('attestserver 3-commitment test: H(c2,c2), H(c0,c1) and the three proofs', () => {
  const v = treeFile.attestserver_test_3_commitments;
  const tree = new CommitmentMerkleTree(v.leaves_display_hex);
  const names = { c0: v.leaves_display_hex[0]!, c1: v.leaves_display_hex[1]!, c2: v.leaves_display_hex[2]! };
  assert.deepEqual(tree.layout().slice(4, 6), [v.H_c0_c1_display_hex, v.H_c2_c2_display_hex]);
  for (const [pos, ops] of Object.entries(v.expected_proofs)) {
    assert.deepEqual(tree.proof(Number(pos))!.ops, expectedOps(ops, names));
  }
});

test('merkle_db_samples.json: all 10 trees and all 134 stored proofs', () => {
  const { samples } = readMainstayVector<{ samples: DbSample[] }>('merkle_db_samples.json');
  assert.equal(samples.length, 10);
  let proofCount = 0;
  for (const s of samples) {
    const tree = new CommitmentMerkleTree(s.commitments_by_position);
    assert.equal(tree.leafCount, s.num_leaves);
    assert.equal(tree.root, s.merkle_root);
    const proofs = tree.proofs();
    assert.equal(proofs.length, Object.keys(s.proofs_by_position).length);
    for (const [pos, stored] of Object.entries(s.proofs_by_position)) {
      assert.deepEqual(proofs[Number(pos)], { merkleRoot: s.merkle_root, clientPosition: Number(pos), commitment: stored.commitment, ops: stored.ops });
      proofCount++;
    }
    assert.deepEqual(
      tree.commitmentDocs(),
      s.commitments_by_position.map((commitment, clientPosition) => ({ merkleRoot: s.merkle_root, clientPosition, commitment })),
    );
    // The same tree from ClientCommitment documents in arbitrary order.
    const docs = s.commitments_by_position.map((commitment, clientPosition) => ({ clientPosition, commitment })).reverse();
    assert.equal(CommitmentMerkleTree.fromClientCommitments(docs).root, s.merkle_root);
  }
  assert.equal(proofCount, 134);
});

test('the API doc tree f46a58a0 (5 leaves) and the mainnet 2-leaf tree with an empty slot', () => {
  const slot = readMainstayVector<{ also: { api_doc_tree_f46a58a0: { commitments_by_position: string[]; merkle_root: string } }; vectors: { position?: number; merkle_root: string; commitment: string; ops: ProofOp[] }[] }>(
    'slot_proofs.json',
  );
  const doc = slot.also.api_doc_tree_f46a58a0;
  const tree = new CommitmentMerkleTree(doc.commitments_by_position);
  assert.equal(tree.root, doc.merkle_root);
  const docProofs = slot.vectors.filter((v) => v.merkle_root === doc.merkle_root);
  assert.equal(docProofs.length, 2);
  for (const v of docProofs) assert.deepEqual(tree.proof(v.position!)!.ops, v.ops);

  const mainnet = readMainstayVector<{ merkle_root: string; slot_proofs: { position: number; commitment: string; merkle_root: string; ops: ProofOp[] }[] }>(
    'staychain_tx_mainnet.json',
  );
  // Slot 1 never committed: a hole is the zero hash, exactly like an explicit zero commitment.
  const fromHoles = CommitmentMerkleTree.fromClientCommitments([{ clientPosition: 0, commitment: mainnet.slot_proofs[0]!.commitment }]);
  assert.equal(fromHoles.leafCount, 1);
  const twoLeaves = new CommitmentMerkleTree([mainnet.slot_proofs[0]!.commitment, undefined]);
  assert.equal(twoLeaves.root, mainnet.merkle_root);
  assert.equal(twoLeaves.commitment(1), ZERO_HASH_HEX);
  for (const p of mainnet.slot_proofs) {
    assert.deepEqual(twoLeaves.proof(p.position), { merkleRoot: p.merkle_root, clientPosition: p.position, commitment: p.commitment, ops: p.ops });
  }
  // A single leaf is H(c, c), not c.
  assert.equal(fromHoles.root, hDisplay(mainnet.slot_proofs[0]!.commitment, mainnet.slot_proofs[0]!.commitment));
  assert.notEqual(fromHoles.root, twoLeaves.root);
});

test('input validation: empty list, malformed hashes, bad or duplicate positions; upper case is normalised', () => {
  assert.throws(() => new CommitmentMerkleTree([]), (e: unknown) => e instanceof MerkleInputError && e.message === 'List of commitments is empty');
  assert.throws(() => CommitmentMerkleTree.fromClientCommitments([]), MerkleInputError);
  assert.throws(() => new CommitmentMerkleTree(['ab']), MerkleInputError);
  assert.throws(() => new CommitmentMerkleTree(['g'.repeat(64)]), MerkleInputError);
  assert.throws(() => new CommitmentMerkleTree(['0'.repeat(65)]), MerkleInputError);
  assert.throws(() => CommitmentMerkleTree.fromClientCommitments([{ clientPosition: -1, commitment: ZERO_HASH_HEX }]), MerkleInputError);
  assert.throws(() => CommitmentMerkleTree.fromClientCommitments([{ clientPosition: 1.5, commitment: ZERO_HASH_HEX }]), MerkleInputError);
  assert.throws(
    () =>
      CommitmentMerkleTree.fromClientCommitments([
        { clientPosition: 0, commitment: ZERO_HASH_HEX },
        { clientPosition: 0, commitment: ZERO_HASH_HEX },
      ]),
    /duplicate client position: 0/,
  );
  const lower = 'abcadae1881d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7';
  const upper = new CommitmentMerkleTree([lower.toUpperCase(), lower]);
  assert.equal(upper.root, new CommitmentMerkleTree([lower, lower]).root);
  assert.equal(upper.commitment(0), lower);
  for (const bad of [-1, 2, 0.5, Number.NaN]) assert.equal(upper.proof(bad), undefined);
});

/** Independent root: Bitcoin-style odd duplication, except that one leaf is paired with itself. */
function referenceRoot(leaves: string[]): string {
  let level = leaves.length === 1 ? [hDisplay(leaves[0]!, leaves[0]!)] : leaves;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hDisplay(level[i]!, level[i + 1] ?? level[i]!));
    level = next;
  }
  return level[0]!;
}

test('random trees of 1..70 leaves match an independent root computation', () => {
  for (let n = 1; n <= 70; n++) {
    const leaves = Array.from({ length: n }, (_, i) => hDisplay(i.toString(16).padStart(64, '0'), ZERO_HASH_HEX));
    const tree = new CommitmentMerkleTree(leaves);
    assert.equal(tree.root, referenceRoot(leaves), `n=${n}`);
    assert.equal(tree.layout().length, 2 * nextPow2(n) - 1);
  }
});

test('100,000 slots: the tree and every proof in well under two seconds', (t) => {
  const n = 100_000;
  const leaves = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) leaves[i] = i % 7 === 3 ? undefined : Buffer.alloc(32, i % 251).toString('hex').slice(0, 56) + i.toString(16).padStart(8, '0');
  const started = performance.now();
  const tree = new CommitmentMerkleTree(leaves);
  const proofs = tree.proofs();
  const elapsed = performance.now() - started;
  assert.equal(proofs.length, n);
  assert.equal(proofs[n - 1]!.ops.length, 17);
  assert.equal(tree.root, referenceRoot(leaves.map((l) => l ?? ZERO_HASH_HEX)));
  assert.ok(elapsed < 4000, `took ${elapsed.toFixed(0)} ms`);
  t.diagnostic(`100k-slot tree + all proofs: ${elapsed.toFixed(0)} ms`);
});
