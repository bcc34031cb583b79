import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { NobleSecp256k1, SECP256K1_ORDER, loadNativeSecp256k1, type Secp256k1 } from '@ocean-ts/core';
import {
  CommitmentSignatureError,
  commitmentMessage,
  signCommitment,
  verifyCommitmentSignature,
} from '../../src/clients/commitment-signature.js';
import { readMainstayVector } from '../merkle/vectors.js';

interface SigVector {
  name: string;
  privkey_hex: string;
  pubkey_hex: string;
  commitment_hex: string;
  expected_signature_base64: string;
  derived_signature_der_hex: string;
}
const { vectors } = readMainstayVector<{ vectors: SigVector[] }>('commitment_signatures.json');
const backends: Secp256k1[] = [loadNativeSecp256k1(), new NobleSecp256k1()];

/** n − s of a DER signature whose r and s are each ≤ 33 bytes, re-encoded as DER (high S). */
function toHighS(secp: Secp256k1, der: Buffer): Buffer {
  const compact = secp.signatureImport(der);
  const n = BigInt('0x' + Buffer.from(SECP256K1_ORDER).toString('hex'));
  const s = BigInt('0x' + Buffer.from(compact.subarray(32)).toString('hex'));
  const high = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
  const out = Uint8Array.from(compact);
  out.set(high, 32);
  return Buffer.from(secp.signatureExport(out));
}

for (const secp of backends) {
  test(`commitment_signatures.json: both signatures reproduced byte for byte and verified (${secp.name})`, () => {
    assert.equal(vectors.length, 2);
    for (const v of vectors) {
      const sig = signCommitment(secp, Buffer.from(v.privkey_hex, 'hex'), v.commitment_hex);
      assert.equal(sig, v.expected_signature_base64, v.name);
      assert.equal(Buffer.from(sig, 'base64').toString('hex'), v.derived_signature_der_hex);
      assert.equal(Buffer.from(secp.publicKeyCreate(Buffer.from(v.privkey_hex, 'hex'))).toString('hex'), v.pubkey_hex);
      assert.equal(verifyCommitmentSignature(secp, v.pubkey_hex, v.commitment_hex, v.expected_signature_base64), true);
      // the commitment's case does not change the signed bytes
      assert.equal(verifyCommitmentSignature(secp, v.pubkey_hex, v.commitment_hex.toUpperCase(), v.expected_signature_base64), true);
    }
  });
}

test('the message is the raw 32 bytes: not reversed, not hashed', () => {
  const secp = backends[0]!;
  for (const v of vectors) {
    const msg = commitmentMessage(v.commitment_hex)!;
    assert.equal(Buffer.from(msg).toString('hex'), v.commitment_hex);
    const reversed = Buffer.from(v.commitment_hex, 'hex').reverse().toString('hex');
    const hashed = createHash('sha256').update(Buffer.from(v.commitment_hex, 'hex')).digest('hex');
    assert.equal(verifyCommitmentSignature(secp, v.pubkey_hex, reversed, v.expected_signature_base64), false);
    assert.equal(verifyCommitmentSignature(secp, v.pubkey_hex, hashed, v.expected_signature_base64), false);
  }
});

test('verification accepts uncompressed pubkeys and high-S signatures (as elliptic does)', () => {
  for (const secp of backends) {
    for (const v of vectors) {
      const uncompressed = Buffer.from(secp.publicKeyConvert(Buffer.from(v.pubkey_hex, 'hex'), false)).toString('hex');
      assert.equal(uncompressed.length, 130);
      assert.equal(verifyCommitmentSignature(secp, uncompressed, v.commitment_hex, v.expected_signature_base64), true);
      const high = toHighS(secp, Buffer.from(v.expected_signature_base64, 'base64'));
      assert.notEqual(high.toString('base64'), v.expected_signature_base64);
      assert.equal(verifyCommitmentSignature(secp, v.pubkey_hex, v.commitment_hex, high.toString('base64')), true);
    }
  }
});

test('wrong key, wrong commitment and malformed input do not verify; signing rejects bad input', () => {
  const secp = backends[0]!;
  const [a, b] = vectors as [SigVector, SigVector];
  assert.equal(verifyCommitmentSignature(secp, b.pubkey_hex, a.commitment_hex, a.expected_signature_base64), false);
  assert.equal(verifyCommitmentSignature(secp, a.pubkey_hex, b.commitment_hex, a.expected_signature_base64), false);
  assert.equal(verifyCommitmentSignature(secp, a.pubkey_hex, a.commitment_hex, ''), false);
  assert.equal(verifyCommitmentSignature(secp, a.pubkey_hex, a.commitment_hex, 'not base64!'), false);
  assert.equal(verifyCommitmentSignature(secp, a.pubkey_hex, a.commitment_hex, Buffer.from('3006020101020101', 'hex').toString('base64')), false);
  assert.equal(verifyCommitmentSignature(secp, 'zz', a.commitment_hex, a.expected_signature_base64), false);
  assert.equal(verifyCommitmentSignature(secp, '02' + '00'.repeat(32), a.commitment_hex, a.expected_signature_base64), false);
  assert.equal(verifyCommitmentSignature(secp, a.pubkey_hex, a.commitment_hex.slice(2), a.expected_signature_base64), false);
  assert.throws(() => signCommitment(secp, Buffer.from(a.privkey_hex, 'hex'), a.commitment_hex + '00'), CommitmentSignatureError);
  assert.throws(() => signCommitment(secp, new Uint8Array(32), a.commitment_hex), CommitmentSignatureError);
});
