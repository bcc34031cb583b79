import { Writer } from '../encoding/writer.js';
import { assert } from '../encoding/errors.js';
import { fastMerkleCompress, sha256d } from '../crypto/hash.js';
import type { OutPoint } from '../primitives/outpoint.js';

/**
 * Asset id math of `src/issuance.cpp` (assets spec §1). All 32-byte values are in internal byte
 * order; `FM([a, b])` is the fast-Merkle root of two leaves = one SHA-256 compression of `a || b`.
 */

const ZERO32 = new Uint8Array(32);
/** Internal byte 0 = 1, rest zero (display `…0001`): token of an explicit (or null) issuance. */
const TOKEN_EXPLICIT = (() => {
  const b = new Uint8Array(32);
  b[0] = 1;
  return b;
})();
/** Internal byte 0 = 2 (display `…0002`): token of a confidential issuance. */
const TOKEN_CONFIDENTIAL = (() => {
  const b = new Uint8Array(32);
  b[0] = 2;
  return b;
})();

/**
 * `GenerateAssetEntropy`: `FM([SHA256d(prevout.hash || LE32(prevout.n)), contract])`. The
 * `OutPoint` index is already the masked index (issuance / peg-in flags are not part of it).
 */
export function assetEntropy(prevout: OutPoint, contract: Uint8Array): Uint8Array {
  assert(contract.length === 32, 'contract hash must be 32 bytes');
  const w = new Writer(36);
  prevout.write(w);
  return fastMerkleCompress(sha256d(w.finish()), contract);
}

/** `CalculateAsset`: `FM([entropy, 0])`. */
export function calculateAsset(entropy: Uint8Array): Uint8Array {
  assert(entropy.length === 32, 'entropy must be 32 bytes');
  return fastMerkleCompress(entropy, ZERO32);
}

/**
 * `CalculateReissuanceToken`: `FM([entropy, conf ? 2 : 1])`; `confidential` = the issued amount was
 * a commitment.
 */
export function reissuanceToken(entropy: Uint8Array, confidential: boolean): Uint8Array {
  assert(entropy.length === 32, 'entropy must be 32 bytes');
  return fastMerkleCompress(entropy, confidential ? TOKEN_CONFIDENTIAL : TOKEN_EXPLICIT);
}
