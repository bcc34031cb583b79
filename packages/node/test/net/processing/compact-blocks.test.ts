import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import { CompactBlockMessage, GetDataMessage, InvItem, MSG_CMPCT_BLOCK, PrefilledTransaction, type BlockTxnMessage, type GetBlockTxnMessage } from '@ocean-ts/wire';
import { coinsOf, genesisCoins, spend } from '../../rpc/methods/support/test-node.js';
import { advance, syncedPair } from './support/pair.js';

const FEE = 50_000n;

describe('message processor: compact blocks', () => {
  it('reconstructs a high-bandwidth cmpctblock from the mempool and fetches the missing transaction with getblocktxn', async () => {
    const p = await syncedPair(2);
    const { a, b, link } = p;
    // b (which synced from a outside IBD) asked a for high-bandwidth announcements
    assert.deepEqual(p.pb.logic.highBandwidthPeers, [link.bPeer.id]);
    const tx1 = spend(genesisCoins(a.params), FEE, 2);
    const tx2 = spend(coinsOf(tx1).slice(0, 1), FEE);
    await a.accept(tx1);
    await a.accept(tx2);
    await b.accept(tx1); // b has tx1 only
    link.aPeer.clear();
    link.bPeer.clear();
    advance(p, 1000);
    await a.generate(1);
    const block = a.chain.getBlock(a.chain.tip.hash)!;
    assert.deepEqual(block.transactions.slice(1).map((t) => t.txidHex), [tx1.txidHex, tx2.txidHex]);
    await link.pump();
    assert.equal(b.chain.tip.hashHex, a.chain.tip.hashHex);
    const cmpct = link.aPeer.sentOf<CompactBlockMessage>('cmpctblock');
    assert.equal(cmpct.length, 1);
    assert.equal(cmpct[0]!.shortIds.length, 2);
    assert.deepEqual(cmpct[0]!.prefilled.map((x) => x.index), [0]);
    const req = link.bPeer.sentOf<GetBlockTxnMessage>('getblocktxn');
    assert.equal(req.length, 1);
    assert.deepEqual(req[0]!.indexes, [2]);
    const resp = link.aPeer.sentOf<BlockTxnMessage>('blocktxn');
    assert.deepEqual(resp[0]!.transactions.map((t) => t.txidHex), [tx2.txidHex]);
    assert.equal(link.aPeer.sentOf('block').length, 0, 'no full block needed');
    assert.equal(b.mempool.size, 0);
  });

  it('connects a cmpctblock without a round trip when the mempool has every transaction', async () => {
    const p = await syncedPair(2);
    const { a, b, link } = p;
    const tx1 = spend(genesisCoins(a.params), FEE);
    await a.accept(tx1);
    await b.accept(tx1);
    link.bPeer.clear();
    advance(p, 1000);
    await a.generate(1);
    await link.pump();
    assert.equal(b.chain.tip.hashHex, a.chain.tip.hashHex);
    assert.equal(link.bPeer.sentOf('getblocktxn').length, 0);
    assert.equal(link.bPeer.sentOf('getdata').length, 0);
  });

  it('serves getdata(MSG_CMPCT_BLOCK) and getblocktxn; scores a compact block with a bad prefilled index', async () => {
    const p = await syncedPair(3);
    const { a, pa, link } = p;
    link.aPeer.clear();
    await pa.logic.processMessage(link.aPeer, new GetDataMessage([new InvItem(MSG_CMPCT_BLOCK, a.chain.tip.hash)]));
    const served = link.aPeer.sentOf<CompactBlockMessage>('cmpctblock');
    assert.equal(served.length, 1);
    assert.equal(toDisplayHex(served[0]!.header.hash), a.chain.tip.hashHex);

    // a compact block whose prefilled index leaves a gap no short id can fill: READ_STATUS_INVALID, 100 points
    const { b, pb } = p;
    advance(p, 1000);
    await a.generate(1);
    const next = a.chain.getBlock(a.chain.tip.hash)!;
    const bad = new CompactBlockMessage(next.header, 1n, [], [new PrefilledTransaction(5, next.transactions[0]!)], true);
    await pb.logic.processMessage(link.bPeer, bad);
    assert.equal(pb.misbehavior.scoreOf(link.bPeer), 100);
    assert.equal(b.chain.height, 3);
  });
});
