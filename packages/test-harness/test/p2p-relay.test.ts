// Issue 5 proof (c): a transaction sent to one node reaches every node's mempool over a line
// A–B–C (A and C are not connected), in both directions, and a block mined on the middle node
// confirms them everywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OceanNetwork, type HarnessNode } from '../src/index.js';

interface PeerRow {
  addr: string;
  inbound: boolean;
}

describe('P2P transaction relay (real oceand processes)', () => {
  it('a transaction sent to A reaches C through B, one sent to C reaches A, a block on B confirms both', { timeout: 90_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: 3, topology: 'line', prefix: 'p2p-relay-' });
    const [a, b, c] = net.nodes as [HarnessNode, HarnessNode, HarnessNode];
    // A and C are not peers: whatever reaches C from A went through B
    const addrsOf = async (n: HarnessNode) => (await n.call<PeerRow[]>('getpeerinfo')).filter((p) => !p.inbound).map((p) => p.addr);
    assert.deepEqual(await addrsOf(a), [b.p2pAddress]);
    assert.deepEqual(await addrsOf(c), [b.p2pAddress]);

    // a fresh node is in initial block download and does not ask for transactions: one block first
    await a.call('generate', [1]);
    await net.syncBlocks();

    const toC = await c.call<string>('getnewaddress');
    const fromA = await a.call<string>('sendtoaddress', [toC, 12.5]);
    assert.deepEqual(await net.syncMempools(), [fromA]);

    const toA = await a.call<string>('getnewaddress');
    const fromC = await c.call<string>('sendtoaddress', [toA, 3]);
    assert.deepEqual(await net.syncMempools(), [fromA, fromC].sort());
    // each node knows the transaction as a mempool entry with the same fee
    const fees = await Promise.all(net.nodes.map(async (n) => (await n.call<{ fee: number }>('getmempoolentry', [fromC])).fee));
    assert.ok(fees.every((f) => f === fees[0] && f > 0), JSON.stringify(fees));

    const [block] = await b.call<string[]>('generate', [1]);
    assert.equal(await net.syncBlocks(), block);
    const mined = await c.call<{ tx: string[] }>('getblock', [block]);
    assert.deepEqual(mined.tx.slice(1).sort(), [fromA, fromC].sort());
    assert.deepEqual(await net.syncMempools(), []);
    // C's wallet saw the coins arrive over P2P (block from B, transaction from A)
    assert.deepEqual(await c.call('getreceivedbyaddress', [toC]), { CBT: 12.5 });
  });
});
