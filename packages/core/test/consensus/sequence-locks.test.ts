import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calculateSequenceLocks,
  evaluateSequenceLocks,
  isFinalTx,
  LOCKTIME_VERIFY_SEQUENCE,
} from '../../src/consensus/sequence-locks.js';
import { LOCKTIME_THRESHOLD, SEQUENCE_LOCKTIME_DISABLE_FLAG, SEQUENCE_LOCKTIME_TYPE_FLAG } from '../../src/primitives/locktime.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { ASSET_A, id32, input, out, tx } from './support/fixtures.js';

const p = (n: number) => new OutPoint(id32(n), 0);

test('IsFinalTx: zero lock time, height / time below the cutoff, or all sequences final', () => {
  const mk = (locktime: number, seqs = [0]) => tx(seqs.map((s, i) => input(p(i + 1), s)), [out(ASSET_A, 1n)], { locktime });
  assert.equal(isFinalTx(mk(0), 1, 0), true);
  assert.equal(isFinalTx(mk(99), 100, 0), true);
  assert.equal(isFinalTx(mk(100), 100, 0), false);
  assert.equal(isFinalTx(mk(100, [0xffffffff, 0xffffffff]), 100, 0), true);
  assert.equal(isFinalTx(mk(100, [0xffffffff, 0xfffffffe]), 100, 0), false);
  assert.equal(isFinalTx(mk(LOCKTIME_THRESHOLD), 1_000_000_000, LOCKTIME_THRESHOLD + 1), true);
  assert.equal(isFinalTx(mk(LOCKTIME_THRESHOLD), 1_000_000_000, LOCKTIME_THRESHOLD), false);
  // lock times ≥ 2^31 are unsigned
  assert.equal(isFinalTx(mk(0xfffffff0), 1, 0xffffffff), true);
});

test('CalculateSequenceLocks: the most restrictive input wins; -1 means no lock', () => {
  const t = tx([input(p(1), 5), input(p(2), 2), input(p(3), SEQUENCE_LOCKTIME_TYPE_FLAG | 3)], [out(ASSET_A, 1n)]);
  const mtp = (h: number) => 1000 + h * 100;
  const lock = calculateSequenceLocks(t, LOCKTIME_VERIFY_SEQUENCE, [10, 20, 30], mtp);
  assert.deepEqual(lock, { minHeight: Math.max(10 + 5 - 1, 20 + 2 - 1), minTime: mtp(29) + 3 * 512 - 1 });
  assert.deepEqual(calculateSequenceLocks(t, 0, [10, 20, 30], mtp), { minHeight: -1, minTime: -1 });
  const v1 = tx([input(p(1), 5)], [out(ASSET_A, 1n)], { version: 1 });
  assert.deepEqual(calculateSequenceLocks(v1, LOCKTIME_VERIFY_SEQUENCE, [10], mtp), { minHeight: -1, minTime: -1 });
  const disabled = tx([input(p(1), SEQUENCE_LOCKTIME_DISABLE_FLAG | 5)], [out(ASSET_A, 1n)]);
  assert.deepEqual(calculateSequenceLocks(disabled, LOCKTIME_VERIFY_SEQUENCE, [10], mtp), { minHeight: -1, minTime: -1 });
  // coin at height 0: the ancestor at max(0 − 1, 0) = 0
  const t0 = tx([input(p(1), SEQUENCE_LOCKTIME_TYPE_FLAG | 1)], [out(ASSET_A, 1n)]);
  assert.deepEqual(calculateSequenceLocks(t0, LOCKTIME_VERIFY_SEQUENCE, [0], mtp), { minHeight: -1, minTime: mtp(0) + 511 });
});

test('peg-in inputs do not take part in sequence locks', () => {
  const pegin = new TxIn(p(9), new Uint8Array(0), 1000, undefined, true);
  const t = tx([pegin], [out(ASSET_A, 1n)]);
  assert.deepEqual(calculateSequenceLocks(t, LOCKTIME_VERIFY_SEQUENCE, [0], () => 0), { minHeight: -1, minTime: -1 });
});

test('EvaluateSequenceLocks: height must exceed minHeight, parent MTP must exceed minTime', () => {
  assert.equal(evaluateSequenceLocks(15, 0, { minHeight: 14, minTime: -1 }), true);
  assert.equal(evaluateSequenceLocks(14, 0, { minHeight: 14, minTime: -1 }), false);
  assert.equal(evaluateSequenceLocks(15, 2000, { minHeight: -1, minTime: 1999 }), true);
  assert.equal(evaluateSequenceLocks(15, 1999, { minHeight: -1, minTime: 1999 }), false);
});
