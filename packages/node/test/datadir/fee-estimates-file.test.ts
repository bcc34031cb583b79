import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Writer } from '@ocean-ts/core';
import { FeeEstimatesFileError, FeeEstimatorState } from '../../src/datadir/fee-estimates-file.js';

const CLIENT = 2_010_101;

function dbl(w: Writer, x: number): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  w.bytes(b);
}
function vec(w: Writer, xs: readonly number[]): void {
  w.compactSize(xs.length);
  for (const x of xs) dbl(w, x);
}

/** A fee_estimates.dat written field by field. */
function file(o: { required?: number; decay?: number; buckets?: number[]; avg?: number; txCt?: number; confirms?: number; confRow?: number; height?: number } = {}): Uint8Array {
  const buckets = o.buckets ?? [1000, 2000, 4000];
  const n = buckets.length;
  const w = new Writer();
  w.i32le(o.required ?? 139900).i32le(CLIENT).u32le(o.height ?? 12);
  dbl(w, o.decay ?? 0.998);
  vec(w, buckets);
  vec(w, Array.from({ length: o.avg ?? n }, () => 0.5));
  vec(w, Array.from({ length: o.txCt ?? n }, () => 1.5));
  const confirms = o.confirms ?? 2;
  w.compactSize(confirms);
  for (let i = 0; i < confirms; i++) vec(w, Array.from({ length: o.confRow ?? n }, () => i));
  return w.finish();
}

test('a fresh 0.14 estimator: 139900 / client version / height, decay 0.998, 1000·1.1^k buckets up to 1e7 then MAX_MONEY, zero averages, 25 targets', () => {
  const s = FeeEstimatorState.empty(42);
  const b = s.feeStats.buckets;
  assert.equal(b.length, 98);
  assert.equal(b[0], 1000);
  assert.equal(b[1], 1100);
  assert.equal(b[2], 1000 * 1.1 * 1.1);
  assert.ok(b[96]! <= 1e7 && b[96]! * 1.1 > 1e7);
  assert.equal(b[97], 2.1e15);
  const bytes = s.encode(CLIENT);
  assert.equal(bytes.length, 4 + 4 + 4 + 8 + 3 * (1 + 98 * 8) + 1 + 25 * (1 + 98 * 8));
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(v.getInt32(0, true), 139900);
  assert.equal(v.getInt32(4, true), CLIENT);
  assert.equal(v.getUint32(8, true), 42);
  assert.equal(v.getFloat64(12, true), 0.998);
  assert.equal(bytes[20], 98);
  assert.equal(v.getFloat64(21, true), 1000);
  const back = FeeEstimatorState.decode(bytes, CLIENT);
  assert.equal(back.bestSeenHeight, 42);
  assert.deepEqual(back.feeStats, s.feeStats);
  assert.deepEqual(back.encode(CLIENT), bytes);
  // a relay fee below MIN_FEERATE starts the buckets at 10
  assert.equal(FeeEstimatorState.empty(0, 1).feeStats.buckets[0], 10);
});

test('a file with statistics is read as written, bytes after it ignored', () => {
  const bytes = file();
  const s = FeeEstimatorState.decode(new Uint8Array([...bytes, 7, 7]), CLIENT);
  assert.equal(s.bestSeenHeight, 12);
  assert.deepEqual(s.feeStats.buckets, [1000, 2000, 4000]);
  assert.deepEqual(s.feeStats.avg, [0.5, 0.5, 0.5]);
  assert.deepEqual(s.feeStats.confAvg, [[0, 0, 0], [1, 1, 1]]);
  assert.deepEqual(s.encode(CLIENT), bytes);
  assert.equal(s.withBestSeenHeight(99).bestSeenHeight, 99);
});

test('TxConfirmStats::Read sanity checks and an up-version file', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['decay 0', file({ decay: 0 }), /Decay must be between 0 and 1/],
    ['decay 1', file({ decay: 1 }), /Decay must be between 0 and 1/],
    ['one bucket', file({ buckets: [5] }), /Must have between 2 and 1000 feerate buckets/],
    ['avg size', file({ avg: 2 }), /Mismatch in feerate average bucket count/],
    ['tx count size', file({ txCt: 4 }), /Mismatch in tx count bucket count/],
    ['no targets', file({ confirms: 0 }), /between 1 and 1008 \(one week\) confirms/],
    ['conf row size', file({ confRow: 1 }), /Mismatch in feerate conf average bucket count/],
    ['truncated', file().subarray(0, 50), /end of data/],
    ['empty', new Uint8Array(0), /end of data/],
  ];
  for (const [name, bytes, message] of cases) {
    assert.throws(() => FeeEstimatorState.decode(bytes, CLIENT), (e: unknown) => e instanceof FeeEstimatesFileError && message.test(e.message) && e.upVersion === undefined, name);
  }
  assert.throws(
    () => FeeEstimatorState.decode(file({ required: CLIENT + 1 }), CLIENT),
    (e: unknown) => e instanceof FeeEstimatesFileError && e.upVersion === CLIENT + 1 && e.message === `up-version (${CLIENT + 1}) fee estimate file`,
  );
});

test('any byte string either decodes or fails with a FeeEstimatesFileError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        FeeEstimatorState.decode(bytes, CLIENT);
      } catch (e) {
        assert.ok(e instanceof FeeEstimatesFileError, String(e));
      }
    }),
  );
});
