import test from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams, sha256d } from '@ocean-ts/core';
import { ThresholdState, VersionBits, signals, type AncestorInfo } from '../../src/mining/index.js';

const GENESIS_TIME = 1514764800;

/** Build a chain of `n` blocks on top of genesis where each block carries `versionOf(h, computed)`. */
function grow(params: ChainParams, n: number, versionOf: (h: number, computed: number) => number, withHashes: boolean) {
  const vb = new VersionBits(params.consensus);
  const chain: AncestorInfo[] = [{ version: 1, medianTimePast: GENESIS_TIME, ...(withHashes ? { hash: sha256d(Uint8Array.of(0)) } : {}) }];
  const times = [GENESIS_TIME];
  const source = { ancestorAt: (h: number) => chain[h]! };
  const computed: number[] = [0];
  for (let h = 1; h <= n; h++) {
    const v = vb.computeBlockVersion(h - 1, source);
    computed.push(v);
    times.push(GENESIS_TIME + h);
    const last11 = times.slice(-11).sort((a, b) => a - b);
    const mtp = last11[Math.floor(last11.length / 2)]!;
    chain.push({ version: versionOf(h, v), medianTimePast: mtp, ...(withHashes ? { hash: sha256d(Uint8Array.of(h & 0xff, h >> 8)) } : {}) });
  }
  return { vb, source, computed };
}

for (const withHashes of [false, true]) {
  test(`custom chain, blocks 0..500 signalling as the assembler does (cache by hash: ${withHashes})`, () => {
    const params = ChainParams.fromOptionValues({ regtest: '1' });
    const { vb, source, computed } = grow(params, 500, (_h, v) => v, withHashes);
    for (let h = 1; h <= 500; h++) {
      const expected = h >= 144 && h < 432 ? 0x30000000 : 0x20000000;
      assert.equal(computed[h], expected, `version at ${h}`);
    }
    assert.equal(vb.stateFor('testdummy', 142, source), ThresholdState.DEFINED);
    assert.equal(vb.stateFor('testdummy', 143, source), ThresholdState.STARTED);
    assert.equal(vb.stateFor('testdummy', 287, source), ThresholdState.LOCKED_IN);
    assert.equal(vb.stateFor('testdummy', 431, source), ThresholdState.ACTIVE);
    assert.equal(vb.stateFor('csv', 0, source), ThresholdState.ACTIVE);
    assert.equal(vb.stateFor('segwit', -1, source), ThresholdState.ACTIVE);
  });
}

test('without signalling testdummy stays STARTED and the assembler keeps signalling', () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  const { vb, source, computed } = grow(params, 500, () => 0x20000000, true);
  assert.equal(computed[143], 0x20000000);
  assert.equal(computed[144], 0x30000000);
  assert.equal(computed[500], 0x30000000);
  assert.equal(vb.stateFor('testdummy', 499, source), ThresholdState.STARTED);
});

test('threshold: 107 of 144 signalling blocks do not lock in, 108 do', () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  for (const [count, expected] of [[107, ThresholdState.STARTED], [108, ThresholdState.LOCKED_IN]] as const) {
    // Period 144..287: the first `count` blocks signal.
    const { vb, source } = grow(params, 300, (h) => (h >= 144 && h < 144 + count ? 0x30000000 : 0x20000000), false);
    assert.equal(vb.stateFor('testdummy', 287, source), expected, `${count}`);
  }
});

test('a timed-out deployment (-bip9params testdummy:0:1) never signals; start in the future stays DEFINED', () => {
  const failed = ChainParams.fromOptionValues({ regtest: '1', bip9params: 'testdummy:0:1' });
  const a = grow(failed, 300, (_h, v) => v, false);
  assert.ok(a.computed.slice(1).every((v) => v === 0x20000000));
  assert.equal(a.vb.stateFor('testdummy', 299, a.source), ThresholdState.FAILED);
  const later = ChainParams.fromOptionValues({ regtest: '1', bip9params: 'testdummy:9999999999:99999999999' });
  const b = grow(later, 300, (_h, v) => v, false);
  assert.ok(b.computed.slice(1).every((v) => v === 0x20000000));
  assert.equal(b.vb.stateFor('testdummy', 299, b.source), ThresholdState.DEFINED);
});

test('signals: top bits 001 and the bit', () => {
  assert.ok(signals(0x30000000, 28));
  assert.ok(!signals(0x20000000, 28));
  assert.ok(!signals(0x10000000, 28));
  assert.ok(!signals(0x70000000 | 0, 28));
});
