// getblockchaininfo's bip9_softforks `since` (Core 0.14 GetStateSinceHeightFor) on a deployment that
// runs the BIP9 state machine, and the always-active csv/segwit ("since 0").
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeJson } from '@ocean-ts/core';
import { VersionBits, VERSIONBITS_TOP_BITS } from '../../../src/mining/versionbits.js';
import type { AncestorSource } from '../../../src/mining/chain-context.js';
import { bip9SoftforksJson, stateSinceHeight } from '../../../src/rpc/methods/bip9-softforks.js';
import { chainParams } from './support/test-node.js';

const PERIOD = 10;
const NO_TIMEOUT = 999999999999n;

function versionBits(startTime = 0n, timeout = NO_TIMEOUT): VersionBits {
  const always = { bit: 0, startTime: 0n, timeout: NO_TIMEOUT, alwaysActive: true };
  return new VersionBits({
    minerConfirmationWindow: PERIOD,
    ruleChangeActivationThreshold: 8,
    deployments: { testdummy: { bit: 28, startTime, timeout, alwaysActive: false }, csv: always, segwit: { ...always, bit: 1 } },
  });
}

/** A chain whose block at height h has median time 1000 + h and signals bit 28 when `signals(h)`. */
function chain(signals: (h: number) => boolean): AncestorSource {
  return { ancestorAt: (h) => ({ version: VERSIONBITS_TOP_BITS | (signals(h) ? 1 << 28 : 0), medianTimePast: 1000 + h }) };
}

test('since: the first block of the earliest period with the tip state (DEFINED → 0)', () => {
  const vb = versionBits();
  // blocks 10–19 signal: STARTED from 10, LOCKED_IN from 20, ACTIVE from 30
  const c = chain((h) => h >= 10 && h < 20);
  const at = (tip: number) => [vb.stateFor('testdummy', tip, c), stateSinceHeight(vb, 'testdummy', tip, c)];
  assert.deepEqual(at(5), ['defined', 0]);
  assert.deepEqual(at(8), ['defined', 0]);
  assert.deepEqual(at(9), ['started', 10]);
  assert.deepEqual(at(15), ['started', 10]);
  assert.deepEqual(at(19), ['locked_in', 20]);
  assert.deepEqual(at(28), ['locked_in', 20]);
  assert.deepEqual(at(29), ['active', 30]);
  assert.deepEqual(at(75), ['active', 30]);
  // never signalling: STARTED since 10 for ever
  const idle = chain(() => false);
  assert.deepEqual([vb.stateFor('testdummy', 54, idle), stateSinceHeight(vb, 'testdummy', 54, idle)], ['started', 10]);
  // a start time reached only at median time 1025 (block 25): DEFINED until the period ending at 29
  const late = versionBits(1025n);
  assert.equal(stateSinceHeight(late, 'testdummy', 28, idle), 0);
  assert.deepEqual([late.stateFor('testdummy', 29, idle), stateSinceHeight(late, 'testdummy', 29, idle)], ['started', 30]);
  // timed out at median time 1035: FAILED from 40
  const timedOut = versionBits(0n, 1035n);
  assert.deepEqual([timedOut.stateFor('testdummy', 47, idle), stateSinceHeight(timedOut, 'testdummy', 47, idle)], ['failed', 40]);
  // always-active deployments: since 0 at any height
  assert.equal(stateSinceHeight(vb, 'csv', 75, c), 0);
});

test('bip9_softforks: Ocean prints csv and segwit in Core 0.14 key order', () => {
  const params = chainParams();
  const json = bip9SoftforksJson(params.consensus, 3, chain(() => false));
  assert.equal(
    writeJson(json),
    '{"csv":{"status":"active","startTime":0,"timeout":999999999999,"since":0},"segwit":{"status":"active","startTime":0,"timeout":999999999999,"since":0}}',
  );
});
