import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '@ocean-ts/core';
import { commitmentFromDisplayHex, commitmentPath, commitmentPathFromDisplayHex, isZeroCommitment } from '../../src/crypto/commitment-path.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { readVector } from './support.js';

interface PathVectors {
  vectors: { name: string; commitment_display_hex: string; commitment_internal_hex?: string; commitment_internal_bytes?: number[]; expected_path_indices: number[]; expected_path_pairs_hex?: string[] }[];
  invalid_inputs: { inputs_hex: string[]; go_result_path_indices: number[] };
}

const V = readVector<PathVectors>('derivation_path.json');

describe('commitment → derivation path', () => {
  for (const v of V.vectors) {
    test(v.name, () => {
      const internal = commitmentFromDisplayHex(v.commitment_display_hex);
      if (v.commitment_internal_hex !== undefined) assert.equal(toHex(internal), v.commitment_internal_hex);
      if (v.commitment_internal_bytes !== undefined) assert.deepEqual([...internal], v.commitment_internal_bytes);
      const path = commitmentPath(internal);
      assert.deepEqual(path, v.expected_path_indices);
      assert.deepEqual(commitmentPathFromDisplayHex(v.commitment_display_hex.toUpperCase()), v.expected_path_indices);
      if (v.expected_path_pairs_hex !== undefined) assert.deepEqual(path.map((i) => i.toString(16).padStart(4, '0')), v.expected_path_pairs_hex);
    });
  }

  test('inputs that are not 32 bytes throw (Go returned an all-zero path)', () => {
    assert.equal(V.invalid_inputs.inputs_hex.length, 3);
    for (const hex of V.invalid_inputs.inputs_hex) assert.throws(() => commitmentPath(fromHex(hex)), MainstayCryptoError, hex);
    assert.throws(() => commitmentFromDisplayHex('00'.repeat(31)), MainstayCryptoError);
    assert.throws(() => commitmentFromDisplayHex('zz'.repeat(32)), MainstayCryptoError);
  });

  test('the zero commitment', () => {
    assert.equal(isZeroCommitment(new Uint8Array(32)), true);
    assert.deepEqual(commitmentPath(new Uint8Array(32)), new Array(16).fill(0));
    const c = new Uint8Array(32);
    c[31] = 1;
    assert.equal(isZeroCommitment(c), false);
    assert.deepEqual(commitmentPath(c).slice(14), [0, 1]);
  });
});
