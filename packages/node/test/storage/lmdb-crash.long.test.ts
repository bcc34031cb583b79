import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashTrials } from './support/crash-trials.js';

it('LMDB store: kill -9 at random moments never leaves a half batch or loses a durable one (200 trials)', async (t) => {
  const stats = await runCrashTrials({ trials: 200, keys: 1000, maxDelayMs: 400, earlyKillEvery: 7 });
  t.diagnostic(JSON.stringify(stats));
  assert.equal(stats.trials, 200);
  assert.ok(stats.finalTip > 200, `the writer made progress (${stats.finalTip} batches)`);
});
