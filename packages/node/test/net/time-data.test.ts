// Core 0.14's AddTimeData / GetTimeOffset: median of at least 5 (odd) samples, one per address, at most
// 200, capped by -maxtimeadjustment, and the clock warning raised once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOCK_WARNING, TimeData } from '../../src/net/time-data.js';

test('the offset is the median once there are 5 samples (the initial 0 included) and their count is odd', () => {
  const td = new TimeData(4200);
  td.add('a', 100);
  td.add('b', 100);
  td.add('c', 100);
  assert.equal(td.offset, 0); // 4 samples: 0,100,100,100
  td.add('d', 100);
  assert.equal(td.offset, 100); // 5 samples: median 100
  td.add('e', -50);
  assert.equal(td.offset, 100); // 6 samples: even, unchanged
  td.add('f', -60);
  td.add('g', -70);
  assert.equal(td.offset, 100); // 8 samples: even, still the median of the 7 before
  assert.equal(td.sampleCount, 8);
  td.add('h', -80);
  assert.equal(td.offset, 0); // -80,-70,-60,-50,0,100,100,100,100
});

test('one sample per address; duplicates are ignored', () => {
  const td = new TimeData(4200);
  for (let i = 0; i < 10; i++) td.add('same', 500);
  assert.equal(td.sampleCount, 2);
  assert.equal(td.offset, 0);
  for (const k of ['b', 'c', 'd']) td.add(k, 500);
  assert.equal(td.offset, 500);
});

test('a median beyond -maxtimeadjustment is not used; the warning comes once when no peer is within 5 minutes', () => {
  const warnings: string[] = [];
  const td = new TimeData(4200, (m) => warnings.push(m));
  for (const k of ['a', 'b', 'c', 'd']) td.add(k, 2 * 3600);
  assert.equal(td.offset, 0);
  assert.deepEqual(warnings, [CLOCK_WARNING]);
  assert.equal(td.warning, CLOCK_WARNING);
  for (const k of ['e', 'f']) td.add(k, 3 * 3600);
  assert.equal(warnings.length, 1);
  // within the limit the median is used, up to exactly 4200 s
  const ok = new TimeData(4200);
  for (const k of ['a', 'b', 'c', 'd']) ok.add(k, 4200);
  assert.equal(ok.offset, 4200);
  const capped = new TimeData(4200);
  for (const k of ['a', 'b', 'c', 'd']) capped.add(k, 4201);
  assert.equal(capped.offset, 0);
});

test('no warning while one peer is within 5 minutes of our clock', () => {
  const warnings: string[] = [];
  const td = new TimeData(4200, (m) => warnings.push(m));
  td.add('close', 120);
  for (const k of ['a', 'b', 'c']) td.add(k, -5 * 3600);
  // samples 0, 120, -5h ×3 → median -5h: beyond the limit, but one peer agrees with us
  assert.equal(td.offset, 0);
  assert.deepEqual(warnings, []);
  assert.equal(td.warning, '');
});

test('at most 200 addresses are ever sampled; -maxtimeadjustment=0 disables the adjustment', () => {
  const td = new TimeData(4200);
  for (let i = 0; i < 300; i++) td.add(`ip${i}`, 60);
  assert.equal(td.sampleCount, 200);
  assert.equal(td.offset, 60); // the filter holds 200 (the initial 0 dropped); set at 199 samples
  const off = new TimeData(0);
  for (const k of ['a', 'b', 'c', 'd']) off.add(k, 30);
  assert.equal(off.offset, 0);
});
