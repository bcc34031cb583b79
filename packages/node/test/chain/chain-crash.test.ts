import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChainCrashTrials } from './support/chain-crash-trials.js';

test('chain state in LMDB: kill -9 while connecting / disconnecting blocks always reopens consistent (≥ 20 trials, ~20 s cap)', async (t) => {
  const stats = await runChainCrashTrials({ trials: 20, blocks: 400, maxDelayMs: 500, budgetMs: 25_000, freshEvery: 5 });
  t.diagnostic(JSON.stringify(stats));
  assert.ok(stats.trials >= 20, `${stats.trials} trials in the budget`);
  assert.ok(stats.heights.some((h) => h > 0), 'the child made progress');
});
