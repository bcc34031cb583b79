// The long version of kill-during-connect.test.ts: 100 kill -9 trials on the real oceand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOceandKillTrials } from '../support/oceand-kill-trials.js';

test('oceand killed with SIGKILL at random instants, 100 trials', async (t) => {
  const stats = await runOceandKillTrials({ trials: 100, blocks: 60, budgetMs: 1_800_000, freshEvery: 3 });
  t.diagnostic(JSON.stringify(stats));
  assert.equal(stats.trials, 100);
  assert.ok(stats.killedMidRequest > 10, 'kills interrupted block processing');
});
