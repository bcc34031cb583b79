import test from 'node:test';
import assert from 'node:assert/strict';
import { SubmitBlockError, submitBlockResult } from '../../src/mining/index.js';

test('submitblock results (Core 0.14 BIP22)', () => {
  assert.equal(submitBlockResult({ checked: { valid: true } }), null);
  assert.equal(submitBlockResult({ known: 'valid' }), 'duplicate');
  assert.equal(submitBlockResult({ known: 'failed' }), 'duplicate-invalid');
  assert.equal(submitBlockResult({ known: 'header-only', accepted: true }), 'duplicate-inconclusive');
  assert.equal(submitBlockResult({ known: 'header-only', accepted: true, checked: { valid: true } }), 'duplicate');
  assert.equal(submitBlockResult({ known: 'header-only', accepted: false }), 'duplicate');
  assert.equal(submitBlockResult({ accepted: false }), 'inconclusive');
  assert.equal(submitBlockResult({ accepted: false, checked: { valid: false, rejectReason: 'block-proof-invalid' } }), 'block-proof-invalid');
  assert.equal(submitBlockResult({ accepted: false, checked: { valid: false } }), 'rejected');
  assert.throws(() => submitBlockResult({ checked: { valid: false, error: true, rejectReason: 'disk' } }), SubmitBlockError);
});
