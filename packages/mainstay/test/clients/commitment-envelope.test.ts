import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeSecp256k1 } from '@ocean-ts/core';
import {
  CommitmentEnvelopeError,
  type CommitmentEnvelopeErrorCode,
  checkEnvelopeSignature,
  decodeCommitmentEnvelope,
  encodeCommitmentEnvelope,
  encodeCommitmentPayload,
} from '../../src/clients/commitment-envelope.js';
import { readMainstayVector } from '../merkle/vectors.js';

const secp = loadNativeSecp256k1();
const sigs = readMainstayVector<{ vectors: { pubkey_hex: string; commitment_hex: string; expected_signature_base64: string }[] }>('commitment_signatures.json');
const v = sigs.vectors[0]!;
const token = '4c8c006d-4cee-4fef-8e06-bb8112db6314';

function body(payload: unknown, signature: unknown = ''): string {
  const p = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return JSON.stringify({ 'X-MAINSTAY-PAYLOAD': Buffer.from(p).toString('base64'), 'X-MAINSTAY-SIGNATURE': signature });
}

function rejects(input: string | Record<string, unknown>, code: CommitmentEnvelopeErrorCode, message: string): void {
  assert.throws(
    () => decodeCommitmentEnvelope(input),
    (e: unknown) => e instanceof CommitmentEnvelopeError && e.code === code && e.message === message,
    `${code}: ${typeof input === 'string' ? input : JSON.stringify(input)}`,
  );
}

test('encode: the Go tool payload format, base64 in the envelope; decode round-trips', () => {
  const payload = { commitment: v.commitment_hex, position: 3, token };
  assert.equal(encodeCommitmentPayload(payload), `{"commitment": "${v.commitment_hex}", "position": 3, "token": "${token}"}`);
  const text = encodeCommitmentEnvelope(payload, v.expected_signature_base64);
  const outer = JSON.parse(text) as Record<string, string>;
  assert.deepEqual(Object.keys(outer), ['X-MAINSTAY-PAYLOAD', 'X-MAINSTAY-SIGNATURE']);
  assert.equal(Buffer.from(outer['X-MAINSTAY-PAYLOAD']!, 'base64').toString(), encodeCommitmentPayload(payload));
  assert.deepEqual(decodeCommitmentEnvelope(text), { payload, submittedCommitment: v.commitment_hex, signature: v.expected_signature_base64 });
  assert.equal(decodeCommitmentEnvelope(encodeCommitmentEnvelope(payload)).signature, '');
  // a pre-parsed body (express.json) and pymainstay's json.dumps formatting
  assert.deepEqual(decodeCommitmentEnvelope(JSON.parse(body(payload)) as Record<string, unknown>).payload, payload);
});

test('decode normalises: upper-case commitment stored lowercase (signature still over the submitted text); digit-string position', () => {
  const upper = v.commitment_hex.toUpperCase();
  const d = decodeCommitmentEnvelope(body({ commitment: upper, position: '7', token }, v.expected_signature_base64));
  assert.equal(d.payload.commitment, v.commitment_hex);
  assert.equal(d.submittedCommitment, upper);
  assert.equal(d.payload.position, 7);
  checkEnvelopeSignature(secp, v.pubkey_hex, d);
});

test('decode errors carry the API messages, in the server order', () => {
  const ok = { commitment: v.commitment_hex, position: 0, token };
  rejects('not json', 'payloadNotBase64', 'X-MAINSTAY-PAYLOAD not in base64 format');
  rejects('[]', 'payloadNotBase64', 'X-MAINSTAY-PAYLOAD not in base64 format');
  rejects(JSON.stringify({ 'X-MAINSTAY-SIGNATURE': '' }), 'payloadNotBase64', 'X-MAINSTAY-PAYLOAD not in base64 format');
  rejects(JSON.stringify({ 'X-MAINSTAY-PAYLOAD': '%%%' }), 'payloadNotBase64', 'X-MAINSTAY-PAYLOAD not in base64 format');
  rejects(body('{"commitment": '), 'payloadNotBase64', 'X-MAINSTAY-PAYLOAD not in base64 format');
  rejects(body({ position: 0, token }), 'missingCommitment', 'missing commitment parameter');
  rejects(body({ commitment: 'zz', token }), 'missingPosition', 'missing position parameter');
  rejects(body({ commitment: v.commitment_hex, position: 0 }), 'missingToken', 'missing token parameter');
  rejects(body({ ...ok, commitment: v.commitment_hex.slice(1) }), 'commitmentNotHex', 'commitment is not a valid hex string');
  // the original's unanchored regex let longer strings through; we require exactly 64
  rejects(body({ ...ok, commitment: v.commitment_hex + 'ab' }), 'commitmentNotHex', 'commitment is not a valid hex string');
  rejects(body({ ...ok, commitment: 'g' + v.commitment_hex.slice(1) }), 'commitmentNotHex', 'commitment is not a valid hex string');
  rejects(body({ ...ok, commitment: 12 }), 'commitmentNotHex', 'commitment is not a valid hex string');
  rejects(body({ ...ok, position: -1 }), 'positionNotInt', 'position expects a int');
  rejects(body({ ...ok, position: 1.5 }), 'positionNotInt', 'position expects a int');
  rejects(body({ ...ok, position: 'one' }), 'positionNotInt', 'position expects a int');
});

test('signature check: skipped for an unsigned slot; missing / incorrect signatures are rejected', () => {
  const payload = { commitment: v.commitment_hex, position: 1, token };
  const signed = decodeCommitmentEnvelope(encodeCommitmentEnvelope(payload, v.expected_signature_base64));
  checkEnvelopeSignature(secp, v.pubkey_hex, signed);
  checkEnvelopeSignature(secp, '', decodeCommitmentEnvelope(encodeCommitmentEnvelope(payload)));
  assert.throws(
    () => checkEnvelopeSignature(secp, v.pubkey_hex, decodeCommitmentEnvelope(encodeCommitmentEnvelope(payload))),
    (e: unknown) => e instanceof CommitmentEnvelopeError && e.message === 'missing X-MAINSTAY-SIGNATURE',
  );
  const other = sigs.vectors[1]!;
  for (const bad of [other.expected_signature_base64, 'AAAA', '***']) {
    assert.throws(
      () => checkEnvelopeSignature(secp, v.pubkey_hex, decodeCommitmentEnvelope(encodeCommitmentEnvelope(payload, bad))),
      (e: unknown) => e instanceof CommitmentEnvelopeError && e.message === 'your signature is incorrect',
    );
  }
  assert.throws(() => checkEnvelopeSignature(secp, other.pubkey_hex, signed), /your signature is incorrect/);
});
