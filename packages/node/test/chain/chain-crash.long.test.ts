import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChainCrashTrials } from './support/chain-crash-trials.js';

test('chain state in LMDB: kill -9 at random instants, 150 trials', async (t) => {
  const stats = await runChainCrashTrials({ trials: 150, blocks: 600, maxDelayMs: 1500, budgetMs: 900_000, freshEvery: 10 });
  t.diagnostic(JSON.stringify(stats));
  assert.equal(stats.trials, 150);
});
