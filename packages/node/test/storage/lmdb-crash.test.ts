import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashTrials } from './support/crash-trials.js';

it('LMDB store: kill -9 at random moments never leaves a half batch or loses a durable one (20 trials)', async (t) => {
  const stats = await runCrashTrials({ trials: 20, keys: 400, maxDelayMs: 300, earlyKillEvery: 5 });
  t.diagnostic(JSON.stringify(stats));
  assert.equal(stats.trials, 20);
  assert.ok(stats.finalTip > 20, `the writer made progress (${stats.finalTip} batches)`);
});
