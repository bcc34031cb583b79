/**
 * The kill -9 loop of chain-crash.test.ts and chain-crash.long.test.ts: spawn crash-child.ts, SIGKILL
 * it at a random instant, reopen the LMDB store here and check that the chain state is one a clean
 * run reaches: tip on the crash chain, UTXO hash and issued-amount totals equal to a fresh in-memory
 * replay to that tip, undo data good enough to disconnect the tip back to the replay's previous state.
 */
import assert from 'node:assert/strict';
import { runUntilKilled } from '../../support/kill-trial.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '@ocean-ts/core';
import { LmdbKvStore } from '../../../src/storage/lmdb-kv-store.js';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { IssuedAmountsExtension } from '../../../src/chain/issued-amounts-extension.js';
import { crashChain, openRegtest } from './regtest-chain.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

export interface ChainCrashOptions {
  readonly trials: number;
  readonly blocks: number;
  /** The first estimate of the time to connect the whole chain (later trials measure it). */
  readonly maxDelayMs: number;
  /** Stop starting new trials after this many ms (the count done is returned). */
  readonly budgetMs: number;
  /** Start over from an empty directory every this-many trials (so early heights are killed too). */
  readonly freshEvery: number;
  readonly log?: (line: string) => void;
}

export interface ChainCrashStats {
  trials: number;
  heights: number[];
  killedBeforeReady: number;
}

interface Expected {
  utxo: string;
  totals: string;
}

async function expectations(n: number): Promise<Expected[]> {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const out: Expected[] = [{ utxo: toHex(cs.utxoSetHash().hash), totals: totalsOf(store) }];
  for (const b of crashChain(n)) {
    assert.equal(await cs.processBlock(b), null);
    out.push({ utxo: toHex(cs.utxoSetHash().hash), totals: totalsOf(store) });
  }
  return out;
}

function totalsOf(store: MemoryKvStore | LmdbKvStore): string {
  return JSON.stringify([...IssuedAmountsExtension.totals(store)].map(([k, v]) => [k, v.toString()]));
}

export async function runChainCrashTrials(opts: ChainCrashOptions): Promise<ChainCrashStats> {
  const want = await expectations(opts.blocks);
  const chain = crashChain(opts.blocks);
  const root = mkdtempSync(join(tmpdir(), 'ocean-chain-crash-'));
  const dir = join(root, 'db');
  const stats: ChainCrashStats = { trials: 0, heights: [], killedBeforeReady: 0 };
  const started = Date.now();
  // Blocks connect at a rate that varies with the machine: the kill delay is drawn over the time the
  // child needs for the blocks still to connect (estimated from earlier trials), so kills spread over
  // the whole chain instead of landing mostly in the final invalidate/reconsider loop.
  let msPerBlock = opts.maxDelayMs / opts.blocks;
  let height = 0;
  try {
    for (let t = 1; t <= opts.trials && Date.now() - started < opts.budgetMs; t++) {
      const complete = height >= opts.blocks - 3;
      if (t > 1 && ((t - 1) % opts.freshEvery === 0 || (complete && t % 5 !== 0))) {
        rmSync(dir, { recursive: true, force: true });
        height = 0;
      }
      // every 4th trial is killed at a random instant from spawn (start-up, open, recovery)
      const early = t % 4 === 0;
      const window = Math.max(50, (opts.blocks - height) * msPerBlock * 1.1);
      const delay = Math.random() * (early ? window + 1500 : window);
      const run = await runUntilKilled(CHILD, [dir, String(opts.blocks)], delay, early);
      if (!early && run.last !== undefined && run.last > height + 5 && run.last < opts.blocks - 3) {
        msPerBlock = (msPerBlock + delay / (run.last - height)) / 2;
      }
      if (!run.ready) stats.killedBeforeReady++;
      const store = LmdbKvStore.open(dir);
      try {
        const cs = await openRegtest(store);
        const h = cs.height;
        const tip = cs.tip.hash;
        assert.ok(h >= 0 && h <= opts.blocks, `trial ${t}: height ${h}`);
        if (h > 0) assert.equal(toHex(tip), toHex(chain[h - 1]!.hash), `trial ${t}: the tip is the crash chain's block ${h}`);
        assert.equal(toHex(cs.utxoSetHash().hash), want[h]!.utxo, `trial ${t}: UTXO set at height ${h} equals a fresh replay`);
        assert.equal(totalsOf(store), want[h]!.totals, `trial ${t}: extension state at height ${h}`);
        if (run.last !== undefined && run.last > 0 && run.last <= opts.blocks - 3) {
          assert.ok(h >= run.last, `trial ${t}: height ${run.last} was reported but the store reopened at ${h}`);
        }
        if (h > 0) {
          // the undo data of the tip restores exactly the previous state
          await cs.invalidateBlock(tip);
          assert.equal(cs.height, h - 1);
          assert.equal(toHex(cs.utxoSetHash().hash), want[h - 1]!.utxo, `trial ${t}: disconnecting ${h}`);
          assert.equal(totalsOf(store), want[h - 1]!.totals);
          // reconsider also clears a failure flag the child's invalidateblock left on a descendant,
          // so the chain may move past h
          await cs.reconsiderBlock(tip);
          assert.ok(cs.height >= h);
          assert.equal(toHex(cs.utxoSetHash().hash), want[cs.height]!.utxo);
          assert.equal(totalsOf(store), want[cs.height]!.totals);
        }
        stats.heights.push(h);
        height = cs.height;
        opts.log?.(`trial ${t}: reported ${run.last ?? '-'} reopened at ${h}`);
      } finally {
        await store.close();
      }
      stats.trials++;
    }
    return stats;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
