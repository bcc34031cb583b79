// Issue 5 proof (a): node A mines a 2,000-block chain with wallet transactions in it; node B,
// started empty, connects and reaches the same tip and the same UTXO set hash, and its wallet
// sees the coins A sent it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OceanNetwork, type HarnessNode } from '../src/index.js';

const BLOCKS = 2000;
const SENDS = 20;

describe('P2P initial sync (real oceand processes)', () => {
  it(`a node started empty syncs a ${BLOCKS}-block chain with transactions from genesis`, { timeout: 180_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: [{ name: 'a' }, { name: 'b' }], topology: 'none', prefix: 'p2p-sync-' });
    const [a, b] = net.nodes as [HarnessNode, HarnessNode];
    const toB = [];
    for (let i = 0; i < 4; i++) toB.push(await b.call<string>('getnewaddress'));
    const t0 = Date.now();
    const sent = new Map<string, number>();
    const txids: string[] = [];
    for (let i = 0; i < SENDS; i++) {
      const address = toB[i % toB.length]!;
      const amount = i + 1;
      txids.push(await a.call<string>('sendtoaddress', [address, amount]));
      sent.set(address, (sent.get(address) ?? 0) + amount);
      await a.call('generate', [BLOCKS / SENDS]);
    }
    assert.equal(await a.call('getblockcount'), BLOCKS);
    assert.equal(await b.call('getblockcount'), 0);

    const t1 = Date.now();
    await net.connect(b, a);
    const tip = await net.syncBlocks([a, b], 120_000);
    t.diagnostic(`mined ${BLOCKS} blocks in ${((t1 - t0) / 1000).toFixed(1)} s, synced them over P2P in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    assert.equal(tip, await a.call('getbestblockhash'));
    assert.equal(await b.call('getblockcount'), BLOCKS);
    const [infoA, infoB] = await Promise.all([a.call<Record<string, unknown>>('gettxoutsetinfo'), b.call<Record<string, unknown>>('gettxoutsetinfo')]);
    assert.equal(infoB['hash_serialized'], infoA['hash_serialized']);
    assert.deepEqual(infoB, infoA);
    // the blocks holding the transactions are the same on both
    const blockOf = async (n: HarnessNode, height: number) => (await n.call<{ tx: string[] }>('getblock', [await n.call<string>('getblockhash', [height])])).tx;
    for (const h of [1, 101, BLOCKS - 99]) assert.deepEqual(await blockOf(b, h), await blockOf(a, h));
    assert.ok((await blockOf(b, BLOCKS - 99)).includes(txids[SENDS - 1]!));
    // B's wallet found A's payments while connecting the blocks
    for (const [address, amount] of sent) assert.deepEqual(await b.call('getreceivedbyaddress', [address]), { CBT: amount });
    // and the log shows the progress lines of the sync
    assert.match(b.debugLog(), new RegExp(`UpdateTip: new best=${tip} height=${BLOCKS} .*progress=1\\.000000`));
  });
});
