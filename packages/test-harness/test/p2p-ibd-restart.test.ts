// Issue 5 proof (e): node B is killed with SIGKILL halfway through its initial sync of a long
// chain from A, restarted on the same data directory, and finishes: it resumes from the blocks
// it had stored (no new sync from genesis) and ends on A's tip with A's UTXO set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OceanNetwork, waitFor, type HarnessNode } from '../src/index.js';

const BLOCKS = 1500;

/** Heights of the `UpdateTip` lines in a debug log, in order. */
function updateTipHeights(log: string): number[] {
  return [...log.matchAll(/UpdateTip: new best=[0-9a-f]{64} height=(\d+) /g)].map((m) => Number(m[1]));
}

describe('P2P initial sync interrupted by kill -9 (real oceand processes)', () => {
  it(`a node killed halfway through syncing ${BLOCKS} blocks resumes after a restart and finishes`, { timeout: 180_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: [{ name: 'a' }, { name: 'b' }], topology: 'none', prefix: 'p2p-ibd-restart-' });
    const [a, b] = net.nodes as [HarnessNode, HarnessNode];
    await a.call('sendtoaddress', [await b.call<string>('getnewaddress'), 7]);
    for (let i = 0; i < BLOCKS / 500; i++) await a.call('generate', [500]);

    await net.connect(b, a);
    // kill as soon as B is halfway (polling fast: a sync does ~100 blocks/s)
    const reached = await waitFor(
      async () => {
        const h = await b.call<number>('getblockcount');
        return h >= BLOCKS / 2 ? h : false;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: `B past height ${BLOCKS / 2}` },
    );
    await net.killNode(b);
    assert.ok(reached < BLOCKS, `B finished (${reached}) before it could be killed`);
    const logBefore = b.debugLog();
    const heightsBefore = updateTipHeights(logBefore);
    const lastBefore = heightsBefore[heightsBefore.length - 1]!;
    assert.ok(lastBefore >= reached && lastBefore < BLOCKS, `last UpdateTip before the kill: ${lastBefore}`);

    // restart on the same data directory: everything connected before the kill is still there
    await net.startNode(b);
    const logAfter = b.debugLog().slice(logBefore.length);
    const loaded = /Loaded chain state: height=(\d+)/.exec(logAfter);
    assert.ok(loaded, 'the restarted node logs its loaded chain state');
    assert.ok(Number(loaded[1]) >= reached, `restarted at ${loaded[1]}, had reached ${reached}`);

    const tip = await net.syncBlocks([a, b], 120_000);
    assert.equal(tip, await a.call('getbestblockhash'));
    assert.equal(await b.call('getblockcount'), BLOCKS);
    // after the restart the sync continued from where it was: no block connected twice
    const heightsAfter = updateTipHeights(b.debugLog().slice(logBefore.length));
    assert.equal(heightsAfter[0], Number(loaded[1]) + 1);
    assert.equal(heightsAfter[heightsAfter.length - 1], BLOCKS);
    const [utxoA, utxoB] = await Promise.all([a.call<{ hash_serialized: string }>('gettxoutsetinfo'), b.call<{ hash_serialized: string }>('gettxoutsetinfo')]);
    assert.equal(utxoB.hash_serialized, utxoA.hash_serialized);
  });
});
