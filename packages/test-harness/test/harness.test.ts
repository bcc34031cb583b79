// The harness itself: topologies, partition/reconnect, isolate/rejoin, restart and kill -9 keeping
// the data directory, waitFor, and that nothing is left running or on disk afterwards.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OceanNetwork, RpcFailure, WaitTimeoutError, topologyEdges, waitFor, type HarnessNode } from '../src/index.js';

interface PeerRow {
  addr: string;
  inbound: boolean;
  version: number;
}

const peers = (n: HarnessNode) => n.call<PeerRow[]>('getpeerinfo');
const outbound = async (n: HarnessNode) => (await peers(n)).filter((p) => !p.inbound).map((p) => p.addr).sort();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('topologyEdges', () => {
  it('line, mesh, star, none and explicit edges', () => {
    assert.deepEqual(topologyEdges('line', 4), [[0, 1], [1, 2], [2, 3]]);
    assert.deepEqual(topologyEdges('mesh', 3), [[0, 1], [0, 2], [1, 2]]);
    assert.deepEqual(topologyEdges('star', 3), [[1, 0], [2, 0]]);
    assert.deepEqual(topologyEdges('none', 3), []);
    assert.deepEqual(topologyEdges([[2, 0]], 3), [[2, 0]]);
    assert.throws(() => topologyEdges([[0, 3]], 3), /bad edge/);
    assert.throws(() => topologyEdges([[1, 1]], 3), /bad edge/);
  });
});

describe('waitFor', () => {
  it('returns the first value that is not undefined/false, retries throwing predicates, and times out with the last value', async () => {
    let n = 0;
    assert.equal(await waitFor(() => (++n < 3 ? false : n), { intervalMs: 1 }), 3);
    let m = 0;
    assert.equal(
      await waitFor(
        () => {
          if (++m < 3) throw new Error('not yet');
          return 'ok';
        },
        { intervalMs: 1 },
      ),
      'ok',
    );
    await assert.rejects(waitFor(() => false, { timeoutMs: 50, intervalMs: 5, what: 'never' }), (e: unknown) => e instanceof WaitTimeoutError && /waiting for never/.test(e.message));
  });
});

describe('OceanNetwork', () => {
  it('starts a line of three, partitions and heals it, isolates a node, restarts and kill -9s one, and cleans up', { timeout: 120_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: 3, topology: 'line', prefix: 'harness-test-' });
    const [a, b, c] = net.nodes as [HarnessNode, HarnessNode, HarnessNode];
    // line a–b–c, each edge a connection from both sides
    assert.deepEqual(await outbound(a), [b.p2pAddress]);
    assert.deepEqual(await outbound(b), [a.p2pAddress, c.p2pAddress].sort());
    assert.deepEqual(await outbound(c), [b.p2pAddress]);
    assert.equal((await peers(b)).length, 4);
    assert.equal((await peers(c)).length, 2);
    assert.notEqual(a.rpcPort, b.rpcPort);
    assert.notEqual(a.p2pPort, b.p2pPort);

    // a block travels the line
    await a.call('generate', [3]);
    const tip = await net.syncBlocks();
    assert.equal(await c.call('getblockcount'), 3);
    assert.equal(tip, await a.call('getbestblockhash'));

    // partition {a} | {b, c}: a mines alone, b/c do not see it
    await net.partition([a], [b, c]);
    assert.equal((await peers(a)).length, 0);
    assert.equal((await peers(b)).length, 2);
    await a.call('generate', [2]);
    await b.call('generate', [1]);
    await net.syncBlocks([b, c]);
    assert.equal(await c.call('getblockcount'), 4);
    assert.equal(await a.call('getblockcount'), 5);
    // heal: everyone on a's longer chain
    await net.reconnect();
    assert.deepEqual(await outbound(a), [b.p2pAddress]);
    assert.equal(await net.syncBlocks(), await a.call('getbestblockhash'));

    // isolate b (setnetworkactive false): the line is cut in the middle
    await net.isolate(b);
    assert.equal(await b.call('getconnectioncount'), 0);
    assert.equal(await a.call('getconnectioncount'), 0);
    await net.rejoin(b);
    assert.equal(await b.call('getconnectioncount'), 4);

    // restart keeps the data directory and the edges come back
    const before = await b.call<string>('getbestblockhash');
    await net.restartNode(b);
    assert.equal(await b.call('getbestblockhash'), before);
    assert.equal((await peers(b)).length, 4);

    // kill -9: the process is gone, the others notice, a start brings it back with its chain
    const pid = c.pid!;
    await net.killNode(c);
    assert.equal(c.running, false);
    assert.equal(alive(pid), false);
    await assert.rejects(c.call('getblockcount'), (e: unknown) => !(e instanceof RpcFailure));
    assert.equal((await peers(b)).length, 2);
    await a.call('generate', [1]);
    await net.startNode(c);
    await net.syncBlocks();
    assert.equal(await c.call('getblockcount'), 6);

    // stopAll kills every process and removes the directories
    const pids = net.nodes.map((n) => n.pid!);
    await net.stopAll();
    for (const p of pids) assert.equal(alive(p), false);
    assert.equal(existsSync(net.root), false);
  });
});
