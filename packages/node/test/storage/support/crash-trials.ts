/**
 * The kill -9 loop shared by lmdb-crash.test.ts (normal suite) and lmdb-crash.long.test.ts: spawn
 * crash-writer.ts, SIGKILL it at a random moment, reopen the store in this process and check that it
 * holds one whole batch, that every batch the child reported durable is there, and that the tip never
 * goes backwards.
 */
import assert from 'node:assert/strict';
import { runUntilKilled } from '../../support/kill-trial.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LmdbKvStore } from '../../../src/storage/lmdb-kv-store.js';
import { checkWholeBatch } from './crash-layout.js';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

export interface CrashTrialOptions {
  readonly trials: number;
  /** Slot keys per batch. */
  readonly keys: number;
  /** Kill uniformly within this many ms after the child reports ready. */
  readonly maxDelayMs: number;
  /** Every this-many trials, kill at a random moment from spawn instead (start-up, open, recovery). */
  readonly earlyKillEvery: number;
  readonly log?: (line: string) => void;
}

export interface CrashTrialStats {
  trials: number;
  finalTip: number;
  /** Trials where the store held the batch in flight (committed, not yet reported). */
  inFlightCommitted: number;
  /** Trials killed before the writer reported ready. */
  killedBeforeReady: number;
  /** Trials in which the writer reported no batch. */
  noBatchReported: number;
}

export async function runCrashTrials(opts: CrashTrialOptions): Promise<CrashTrialStats> {
  const root = mkdtempSync(join(tmpdir(), 'ocean-lmdb-crash-'));
  const dir = join(root, 'db');
  const stats: CrashTrialStats = { trials: 0, finalTip: 0, inFlightCommitted: 0, killedBeforeReady: 0, noBatchReported: 0 };
  let prevTip = 0;
  try {
    for (let t = 1; t <= opts.trials; t++) {
      const early = opts.earlyKillEvery > 0 && t % opts.earlyKillEvery === 0;
      const run = await runUntilKilled(WRITER, [dir, String(opts.keys)], Math.random() * (early ? opts.maxDelayMs + 400 : opts.maxDelayMs), early);
      const store = LmdbKvStore.open(dir);
      let tip: number;
      try {
        tip = checkWholeBatch(store, opts.keys);
      } finally {
        await store.close();
      }
      const known = Math.max(prevTip, run.last ?? 0);
      assert.ok(tip >= prevTip, `trial ${t}: tip went backwards from ${prevTip} to ${tip}`);
      assert.ok(tip >= known, `trial ${t}: batch ${known} was reported durable but the reopened tip is ${tip}`);
      assert.ok(tip <= known + 1, `trial ${t}: tip ${tip} is past the one batch that can be in flight after ${known}`);
      if (tip === known + 1) stats.inFlightCommitted++;
      if (!run.ready) stats.killedBeforeReady++;
      if (run.last === undefined) stats.noBatchReported++;
      opts.log?.(`trial ${t}: reported ${run.last ?? '-'} reopened tip ${tip}${early ? ' (early kill)' : ''}`);
      prevTip = tip;
      stats.trials++;
    }
    stats.finalTip = prevTip;
    return stats;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
