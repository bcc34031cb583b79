/**
 * The kill -9 loop of kill-during-connect(.long).test.ts, on the real `bin/oceand`: a deterministic
 * chain (the chain tests' ChainBuilder: coin splits and asset issuances) is fed to the node while
 * it is SIGKILLed at a random instant; after every kill the node is restarted on the same data
 * directory and must come up consistent — tip on the chain, UTXO set hash equal to the reference
 * for that height (collected once from a clean node), `verifychain` passing, durability of every
 * block it acknowledged — and then reach the final tip from there.
 *
 * Workloads: on a fresh data directory the blocks are sent with `submitblock` (JSON-RPC batches,
 * several blocks per request); on a directory that already has the whole chain, `invalidateblock` /
 * `reconsiderblock` of random heights keep disconnecting and reconnecting blocks. Every fourth trial
 * is killed at a random instant from spawn instead (start-up, recovery, opening the store).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { toHex, type Block } from '@ocean-ts/core';
import { ChainBuilder, regtestParams } from '../chain/support/regtest-chain.js';
import { GENESIS, http } from './daemon.js';
import { TestNode } from './test-node.js';

export interface OceandKillTrialOptions {
  readonly trials: number;
  /** Blocks after genesis in the chain fed to the node. */
  readonly blocks: number;
  /** Stop starting new trials after this many ms (the count done is returned). */
  readonly budgetMs: number;
  /** Start over from an empty data directory every this-many trials. */
  readonly freshEvery: number;
  /** PRNG seed (default: from the clock; reported in the stats so a failure can be replayed). */
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

export interface OceandKillStats {
  seed: number;
  trials: number;
  /** Height the node reopened at after each kill. */
  heights: number[];
  /** Trials killed before the node answered RPC. */
  killedBeforeReady: number;
  /** Trials whose kill interrupted a request in flight (the node was busy connecting / disconnecting). */
  killedMidRequest: number;
  /** ms to submit the whole chain to a clean node (the random kill window). */
  loadMs: number;
}

interface Reference {
  readonly hash: string;
  readonly utxo: string;
  readonly txouts: number;
}

const AUTH = { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };
const ARGS = ['-regtest', '-initialfreecoins=2100000000000000'];
const BATCH = 4;

/** mulberry32: small, seedable, good enough to pick instants and heights. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The chain: 4 coin splits per block, an asset issuance every 5th block. */
export function killTrialChain(n: number): Block[] {
  const params = regtestParams();
  assert.equal(params.genesisBlock.header.hashHex, GENESIS, 'the builder’s genesis is oceand -regtest -initialfreecoins=2100000000000000');
  const b = ChainBuilder.fromGenesis(params.genesisBlock);
  const out: Block[] = [];
  for (let i = 0; i < n; i++) out.push(b.next({ spends: 4, issue: (b.height + 1) % 5 === 0 ? 5000n + BigInt(b.height) : undefined }));
  return out;
}

/** One JSON-RPC batch; resolves with the results (errors throw). */
async function batch(port: number, calls: readonly { method: string; params: unknown[] }[]): Promise<unknown[]> {
  const r = await http(port, 'POST', '/', JSON.stringify(calls.map((c, id) => ({ ...c, id }))), AUTH);
  const replies = JSON.parse(r.body.toString()) as { result: unknown; error: { code: number; message: string } | null; id: number }[];
  return replies.map((x) => {
    if (x.error) throw new Error(`${calls[x.id]!.method}: ${x.error.code} ${x.error.message}`);
    return x.result;
  });
}

async function state(node: TestNode): Promise<{ height: number; best: string; utxo: string; txouts: number; bestblock: string }> {
  const info = await node.call<{ height: number; bestblock: string; hash_serialized: string; txouts: number }>('gettxoutsetinfo');
  const best = await node.call<string>('getbestblockhash');
  const height = await node.call<number>('getblockcount');
  assert.equal(info.height, height);
  return { height, best, utxo: info.hash_serialized, txouts: info.txouts, bestblock: info.bestblock };
}

/** Submit `blocks` (starting at height `from`) in batches; `onAccepted(h)` after each acknowledged block. */
async function submitAll(port: number, blocks: readonly Block[], from: number, onAccepted: (h: number) => void = () => undefined): Promise<void> {
  for (let i = from; i < blocks.length; i += BATCH) {
    const chunk = blocks.slice(i, i + BATCH);
    const results = await batch(port, chunk.map((b) => ({ method: 'submitblock', params: [toHex(b.toBytes())] })));
    results.forEach((r, k) => {
      assert.ok(r === null || r === 'duplicate', `submitblock of height ${i + k + 1}: ${String(r)}`);
      onAccepted(i + k + 1);
    });
  }
}

/** A clean node fed the chain block by block: the reference hash / UTXO hash per height. */
async function references(blocks: readonly Block[]): Promise<{ refs: Reference[]; loadMs: number }> {
  const node = await TestNode.start({ args: ARGS });
  try {
    const refs: Reference[] = [];
    const s0 = await state(node);
    refs.push({ hash: s0.best, utxo: s0.utxo, txouts: s0.txouts });
    for (const b of blocks) {
      assert.equal(await node.call('submitblock', [toHex(b.toBytes())]), null);
      const s = await state(node);
      assert.equal(s.best, b.header.hashHex);
      refs.push({ hash: s.best, utxo: s.utxo, txouts: s.txouts });
    }
    await node.stop();
    // the time a kill window should cover: the whole chain again, batched, on a fresh directory
    const timing = await TestNode.start({ args: ARGS });
    try {
      const started = Date.now();
      await submitAll(timing.port, blocks, 0);
      const loadMs = Date.now() - started;
      assert.equal(await timing.call('getbestblockhash'), refs[blocks.length]!.hash);
      await timing.stop();
      return { refs, loadMs };
    } finally {
      await timing.cleanup();
    }
  } finally {
    await node.cleanup();
  }
}

export async function runOceandKillTrials(opts: OceandKillTrialOptions): Promise<OceandKillStats> {
  const seed = opts.seed ?? Date.now() % 1_000_000_007;
  const random = prng(seed);
  const blocks = killTrialChain(opts.blocks);
  const n = blocks.length;
  const { refs, loadMs } = await references(blocks);
  const stats: OceandKillStats = { seed, trials: 0, heights: [], killedBeforeReady: 0, killedMidRequest: 0, loadMs };
  const root = mkdtempSync(join(tmpdir(), 'oceand-kill-'));
  const datadir = join(root, 'node');
  const started = Date.now();
  let node: TestNode | undefined;
  try {
    for (let t = 1; t <= opts.trials && Date.now() - started < opts.budgetMs; t++) {
      if ((t - 1) % opts.freshEvery === 0) {
        rmSync(datadir, { recursive: true, force: true });
        mkdirSync(datadir);
      }
      const current = await TestNode.create({ datadir, args: ARGS });
      node = current;
      const early = t % 4 === 0;
      let acknowledged = 0; // highest height a submitblock reply acknowledged
      let inFlight = false;
      let mode = 'start-up';
      if (early) {
        node.spawn();
        await sleep(random() * 1500);
        if (!(await answers(node))) stats.killedBeforeReady++;
        await node.kill();
      } else {
        await node.start();
        const h0 = await node.call<number>('getblockcount');
        let stop = false;
        let work: Promise<void>;
        if (h0 < n) {
          mode = `submitblock from ${h0}`;
          work = (async () => {
            for (let i = h0; i < n && !stop; i += BATCH) {
              const chunk = blocks.slice(i, i + BATCH);
              inFlight = true;
              const results = await batch(current.port, chunk.map((b) => ({ method: 'submitblock', params: [toHex(b.toBytes())] })));
              inFlight = false;
              results.forEach((r, k) => {
                assert.ok(r === null || r === 'duplicate', `height ${i + k + 1}: ${String(r)}`);
                acknowledged = i + k + 1;
              });
            }
          })();
        } else {
          mode = 'invalidate/reconsider';
          work = (async () => {
            while (!stop) {
              const r = 1 + Math.floor(random() * n);
              inFlight = true;
              await current.call('invalidateblock', [refs[r]!.hash]);
              await current.call('reconsiderblock', [refs[r]!.hash]);
              inFlight = false;
            }
          })();
        }
        // an exception after the kill is expected; one before it is a failure
        let killed = false;
        const outcome = work.then(
          () => undefined,
          (e: unknown) => {
            if (!killed) throw e;
          },
        );
        await Promise.race([sleep(random() * loadMs), outcome]);
        stop = true;
        killed = true;
        if (inFlight) stats.killedMidRequest++;
        await node.kill();
        await outcome;
      }

      // restart on the same directory: it must come up consistent
      await node.start();
      const s = await state(node);
      const where = `trial ${t} (seed ${seed}, ${mode}, acknowledged ${acknowledged})`;
      assert.ok(s.height >= 0 && s.height <= n, `${where}: height ${s.height}`);
      assert.equal(s.best, refs[s.height]!.hash, `${where}: the tip is the chain's block ${s.height}`);
      assert.equal(s.bestblock, s.best, where);
      assert.equal(s.utxo, refs[s.height]!.utxo, `${where}: UTXO set hash at height ${s.height} equals a clean node's`);
      assert.equal(s.txouts, refs[s.height]!.txouts, where);
      assert.ok(s.height >= acknowledged, `${where}: block ${acknowledged} was acknowledged but the node reopened at ${s.height}`);
      assert.equal(await node.call('verifychain', [4, 0]), true, `${where}: verifychain`);
      stats.heights.push(s.height);
      opts.log?.(`${where}: reopened at ${s.height}`);

      // from there: clear any invalidation left by the kill, submit what is missing, reach the final tip
      if (n > 0) {
        const r = await node.rpc('reconsiderblock', [refs[1]!.hash]);
        if (r.error !== null) assert.deepEqual(r.error, { code: -5, message: 'Block not found' }, where); // block 1 not stored yet
      }
      const h = await node.call<number>('getblockcount');
      await submitAll(node.port, blocks, h);
      const end = await state(node);
      assert.equal(end.best, refs[n]!.hash, `${where}: final tip`);
      assert.equal(end.utxo, refs[n]!.utxo, `${where}: final UTXO set`);
      await node.stop();
      stats.trials++;
    }
    return stats;
  } finally {
    await node?.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Does the node answer getblockcount right now (not warming up)? */
async function answers(node: TestNode): Promise<boolean> {
  try {
    return (await node.rpc('getblockcount')).error === null;
  } catch {
    return false;
  }
}
