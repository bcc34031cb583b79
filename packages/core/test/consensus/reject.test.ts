import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REJECT_CHECKPOINT,
  REJECT_DUPLICATE,
  REJECT_DUST,
  REJECT_INSUFFICIENTFEE,
  REJECT_INVALID,
  REJECT_MALFORMED,
  REJECT_NONSTANDARD,
  REJECT_OBSOLETE,
  REJECT_PEGIN,
  REJECT_REASONS,
  Reject,
  RejectError,
  badVersion,
  mandatoryScriptFailure,
  nonMandatoryScriptFailure,
  reject,
  rejectScore,
} from '../../src/consensus/reject.js';
import { readText } from '../support/vectors.js';

test('reject codes', () => {
  assert.deepEqual(
    [REJECT_MALFORMED, REJECT_INVALID, REJECT_OBSOLETE, REJECT_DUPLICATE, REJECT_NONSTANDARD, REJECT_DUST, REJECT_INSUFFICIENTFEE, REJECT_CHECKPOINT, REJECT_PEGIN],
    [0x01, 0x10, 0x11, 0x12, 0x40, 0x41, 0x42, 0x43, 0x44],
  );
});

test('every reason of the assets spec §8 table is known, with its code', () => {
  const spec = readText('spec', 'ocean-core-assets.md');
  const table = spec.slice(spec.indexOf('## 8. Reject reasons'));
  const reasons = [...table.matchAll(/`([a-z0-9A-Z-]+)`/g)].map((m) => m[1]!).filter((r) => r.includes('-') && !r.startsWith('mandatory'));
  assert.ok(reasons.length >= 40, String(reasons.length));
  for (const r of reasons) {
    assert.ok((REJECT_REASONS as readonly string[]).includes(r), `missing ${r}`);
    const rj = reject(r as (typeof REJECT_REASONS)[number]);
    assert.equal(rj.code, r === 'bad-pegin-witness' ? REJECT_PEGIN : REJECT_INVALID, r);
  }
});

test('DoS scores follow the original (state.DoS(n) / state.Invalid = 0)', () => {
  const expected: Record<string, number> = {
    'bad-txns-vin-empty': 10,
    'bad-txns-vout-empty': 10,
    'bad-txns-prevout-null': 10,
    'bad-txns-oversize': 100,
    'bad-txns-in-ne-out': 100,
    'bad-txns-premature-spend-of-coinbase': 0,
    'bad-pegin-witness': 0,
    'bad-txns-double-withdraw': 0,
    'block-proof-invalid': 50,
    'time-too-new': 0,
    'time-too-old': 0,
    'bad-diffbits': 100,
    'bad-txns-nonfinal': 10,
    'bad-witness-merkle-match': 100,
  };
  for (const [r, s] of Object.entries(expected)) assert.equal(rejectScore(r as (typeof REJECT_REASONS)[number]), s, r);
  assert.equal(reject('bad-txns-nonfinal', undefined, 100).score, 100);
  assert.equal(reject('bad-txnmrklroot').corruptionPossible, true);
  assert.equal(reject('bad-txns-in-ne-out').corruptionPossible, false);
});

test('formatted reasons', () => {
  const m = mandatoryScriptFailure('Script failed an OP_EQUALVERIFY operation');
  assert.equal(m.reason, 'mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)');
  assert.deepEqual([m.code, m.score], [REJECT_INVALID, 100]);
  const n = nonMandatoryScriptFailure('Non-canonical DER signature');
  assert.equal(n.reason, 'non-mandatory-script-verify-flag (Non-canonical DER signature)');
  assert.deepEqual([n.code, n.score], [REJECT_NONSTANDARD, 0]);
  assert.equal(badVersion(3).reason, 'bad-version(0x00000003)');
  assert.equal(badVersion(-2).reason, 'bad-version(0xfffffffe)');
  assert.equal(badVersion(3).code, REJECT_OBSOLETE);
});

test('Reject values: debug text, string form, exception wrapper', () => {
  const r = reject('bad-txns-in-ne-out', 'value in != value out');
  assert.equal(r.toString(), 'bad-txns-in-ne-out (value in != value out) (code 16)');
  const r2 = r.withDebug('other');
  assert.equal(r2.debug, 'other');
  assert.equal(r2.reason, r.reason);
  const e = new RejectError(r);
  assert.ok(e instanceof Error);
  assert.equal(e.reject, r);
  assert.ok(new Reject(1, 'x', 0) instanceof Reject);
});
