// kill -9 of the real oceand while it connects and disconnects blocks: 20 trials (see
// support/oceand-kill-trials.ts; kill-during-connect.long.test.ts runs 100).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOceandKillTrials } from '../support/oceand-kill-trials.js';

test('oceand killed with SIGKILL while connecting blocks always restarts consistent and reaches the final tip (20 trials)', async (t) => {
  const stats = await runOceandKillTrials({ trials: 20, blocks: 40, budgetMs: 240_000, freshEvery: 3 });
  t.diagnostic(JSON.stringify(stats));
  assert.equal(stats.trials, 20);
  assert.ok(stats.heights.some((h) => h > 0 && h < 40), 'some kills landed part-way through the chain');
  assert.ok(stats.killedMidRequest > 0, 'some kills interrupted block processing');
});
