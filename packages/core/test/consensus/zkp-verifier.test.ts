import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import { toHex } from '../../src/encoding/hex.js';
import { id32 } from './support/fixtures.js';

const zkp = await ZkpConfidentialVerifier.create();

test('generator_generate is deterministic and serializes as 0a/0b || x', () => {
  const g1 = zkp.generator(id32(1));
  assert.equal(g1.length, 33);
  assert.ok(g1[0] === 0x0a || g1[0] === 0x0b);
  assert.equal(toHex(zkp.generator(id32(1))), toHex(g1));
  assert.notEqual(toHex(zkp.generator(id32(2))), toHex(g1));
  assert.equal(zkp.isValidGenerator(g1), true);
});

test('generator / commitment parsing: prefix, x < p, x on the curve', () => {
  const g = zkp.generator(id32(3));
  const asCommitment = Uint8Array.from([g[0]! - 2, ...g.subarray(1)]);
  assert.equal(zkp.isValidGenerator(asCommitment), false);
  assert.equal(zkp.isValidCommitment(asCommitment), true);
  assert.equal(zkp.isValidGenerator(Uint8Array.from([0x0c, ...g.subarray(1)])), false);
  assert.equal(zkp.isValidGenerator(g.subarray(0, 32)), false);
  const overP = Uint8Array.from([0x0a, ...new Uint8Array(32).fill(0xff)]);
  assert.equal(zkp.isValidGenerator(overP), false);
  // x = 5: 125 + 7 = 132 is not a square mod p on secp256k1
  const x5 = new Uint8Array(33);
  x5[0] = 0x08;
  x5[32] = 5;
  const fp = secp256k1.Point.Fp;
  const onCurve = (() => {
    try {
      const y = fp.sqrt(fp.add(fp.mul(fp.sqr(5n), 5n), 7n));
      return fp.eql(fp.sqr(y), fp.add(fp.mul(fp.sqr(5n), 5n), 7n));
    } catch {
      return false;
    }
  })();
  assert.equal(zkp.isValidCommitment(x5), onCurve);
});

test('commitments with a zero blinding factor: v·H, zero fails, tally balances exactly', () => {
  const h = zkp.generator(id32(7));
  const c = (v: bigint) => zkp.commitExplicit(v, h)!;
  assert.equal(zkp.commitExplicit(0n, h), null);
  assert.equal(zkp.commitExplicit(-1n, h), null);
  assert.equal(zkp.commitExplicit(5n, Uint8Array.from([0x0c, ...h.subarray(1)])), null);
  assert.equal(zkp.verifyTally([c(10n)], [c(3n), c(7n)]), true);
  assert.equal(zkp.verifyTally([c(10n)], [c(3n), c(6n)]), false);
  assert.equal(zkp.verifyTally([c(3n), c(7n)], [c(10n)]), true);
  assert.equal(zkp.verifyTally([], []), true);
  // different generators do not mix
  const g = zkp.generator(id32(8));
  assert.equal(zkp.verifyTally([c(10n)], [zkp.commitExplicit(10n, g)!]), false);
  // the two prefixes decode to opposite points: x||08 + x||09 = 0
  const a = c(10n);
  const neg = Uint8Array.from([a[0]! ^ 1, ...a.subarray(1)]);
  assert.equal(zkp.verifyTally([a, neg], []), true);
  assert.equal(zkp.verifyTally([a], [neg]), false);
  // an unparsable commitment fails the tally
  assert.equal(zkp.verifyTally([Uint8Array.from([0x07, ...a.subarray(1)])], []), false);
});

test('blinded generators: a valid scalar blinder works, ff…ff (≥ n) does not', () => {
  const b = zkp.blindedGenerator(id32(1), id32(2));
  assert.ok(b && b.length === 33 && zkp.isValidGenerator(b));
  assert.notEqual(toHex(b), toHex(zkp.generator(id32(1))));
  assert.equal(zkp.blindedGenerator(id32(1), new Uint8Array(32).fill(0xff)), null);
});

test('range / surjection proof verification rejects empty and garbage proofs without throwing', () => {
  const h = zkp.generator(id32(7));
  const c = zkp.commitExplicit(5n, h)!;
  assert.equal(zkp.verifyRangeProof(new Uint8Array(0), c, h, new Uint8Array(0)), null);
  assert.equal(zkp.verifyRangeProof(new Uint8Array(100).fill(7), c, h, new Uint8Array(0)), null);
  assert.equal(zkp.verifySurjectionProof(new Uint8Array(0), [h], h), false);
  assert.equal(zkp.verifySurjectionProof(new Uint8Array(40).fill(1), [h], h), false);
  assert.equal(zkp.verifySurjectionProof(new Uint8Array(40).fill(1), [], h), false);
});
