import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../src/encoding/hex.js';
import { id32 } from '../consensus/support/fixtures.js';
import { ZERO32, seeded, verifier, zkp } from './support.js';

const N_BYTES = Uint8Array.from(Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'));

test('blind_generator_blind_sum: n values and asset blinders, n − 1 value blinders; the result balances', () => {
  const r = seeded('sum');
  const A = id32(0xa1);
  const ra = [ZERO32, r(32), r(32)];
  const rv = [ZERO32, r(32)];
  const last = zkp.blindGeneratorBlindSum([100n, 60n, 40n], ra, rv, 1)!;
  const gens = ra.map((b) => zkp.blindedGenerator(A, b)!);
  const commits = [zkp.commit(100n, ZERO32, gens[0]!)!, zkp.commit(60n, rv[1]!, gens[1]!)!, zkp.commit(40n, last, gens[2]!)!];
  assert.ok(verifier.verifyTally([commits[0]!], commits.slice(1)));
  assert.equal(verifier.verifyTally([commits[0]!], [commits[1]!, zkp.commit(40n, rv[1]!, gens[2]!)!]), false);
  // wrong shapes are failures, not exceptions
  assert.equal(zkp.blindGeneratorBlindSum([100n, 60n], ra, rv, 1), null);
  assert.equal(zkp.blindGeneratorBlindSum([100n, 60n, 40n], ra, [ZERO32], 1), null);
  assert.equal(zkp.blindGeneratorBlindSum([-1n, 60n, 40n], ra, rv, 1), null);
});

test('invalid arguments give null, never an exception', () => {
  const A = id32(0xa1);
  const gen = zkp.generator(A);
  assert.equal(zkp.blindedGenerator(A, N_BYTES), null, 'blinder = n overflows');
  assert.equal(zkp.commit(1n, N_BYTES, gen), null);
  assert.equal(zkp.commit(1n << 64n, ZERO32, gen), null);
  assert.equal(zkp.commit(1n, ZERO32, Uint8Array.of(0x0c, ...gen.subarray(1))), null);
  const c = zkp.commit(5n, id32(3), gen)!;
  const sign = { value: 5n, commitment: c, generator: gen, blinder: id32(3), nonce: id32(4), minValue: 1n, exponent: 0, minBits: 32, message: new Uint8Array(64), extraCommit: new Uint8Array(0) };
  assert.ok(zkp.rangeProofSign(sign) !== null);
  assert.equal(zkp.rangeProofSign({ ...sign, minValue: 6n }), null, 'minimum above the value');
  assert.equal(zkp.rangeProofSign({ ...sign, exponent: 19 }), null);
  assert.equal(zkp.rangeProofSign({ ...sign, minBits: 65 }), null);
  // the library signs whatever it is given: a blinder that does not open the commitment gives a
  // proof that does not verify
  const bad = zkp.rangeProofSign({ ...sign, blinder: id32(9) })!;
  assert.equal(verifier.verifyRangeProof(bad, c, gen, new Uint8Array(0)), null);
  assert.ok(verifier.verifyRangeProof(zkp.rangeProofSign(sign)!, c, gen, new Uint8Array(0)) !== null);
  assert.equal(zkp.rangeProofRewind(Uint8Array.of(1, 2, 3), c, gen, id32(4), new Uint8Array(0)), null);
  assert.equal(zkp.surjectionProofInitialize([], A, 100, id32(5)), null);
  assert.equal(zkp.surjectionProofInitialize([id32(0xb2)], A, 100, id32(5)), null, 'asset not among the inputs');
  assert.equal(zkp.publicKey(ZERO32), null);
  assert.equal(zkp.publicKey(N_BYTES), null);
  assert.equal(zkp.isValidPublicKey(Uint8Array.of(0x02, ...new Uint8Array(32).fill(0xff))), false);
  assert.equal(toHex(zkp.publicKey(id32(1))!).length, 66);
});

test('range proof sign → verify → rewind round trip with the message and extra commitment', () => {
  const A = id32(0xa1);
  const ab = id32(0x11);
  const gen = zkp.blindedGenerator(A, ab)!;
  const vb = id32(0x22);
  const c = zkp.commit(123_456n, vb, gen)!;
  const message = new Uint8Array(64).fill(7);
  const script = Uint8Array.of(0x51);
  const proof = zkp.rangeProofSign({ value: 123_456n, commitment: c, generator: gen, blinder: vb, nonce: id32(0x33), minValue: 1n, exponent: 0, minBits: 32, message, extraCommit: script })!;
  assert.deepEqual(verifier.verifyRangeProof(proof, c, gen, script), { minValue: 1n, maxValue: 1n << 32n });
  assert.equal(verifier.verifyRangeProof(proof, c, gen, Uint8Array.of(0x52)), null);
  const rw = zkp.rangeProofRewind(proof, c, gen, id32(0x33), script)!;
  assert.equal(rw.value, 123_456n);
  assert.equal(toHex(rw.blinder), toHex(vb));
  assert.equal(toHex(rw.message), toHex(message));
  assert.equal(zkp.rangeProofRewind(proof, c, gen, id32(0x34), script), null);
});
