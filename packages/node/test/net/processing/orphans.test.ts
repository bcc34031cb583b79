import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import { MSG_WITNESS_TX, TxMessage, type GetDataMessage, type NotFoundMessage } from '@ocean-ts/wire';
import { coinsOf, genesisCoins, spend } from '../../rpc/methods/support/test-node.js';
import { syncedPair } from './support/pair.js';

const FEE = 50_000n;

describe('message processor: orphan transactions', () => {
  it('keeps an orphan, asks for its parent, and accepts both when the parent arrives', async () => {
    const p = await syncedPair(1);
    const { b, pb, link } = p;
    const parent = spend(genesisCoins(b.params), FEE);
    const child = spend(coinsOf(parent), FEE);
    link.aPeer.clear();
    link.bPeer.clear();
    await pb.logic.processMessage(link.bPeer, new TxMessage(child));
    assert.equal(b.mempool.orphans.has(child.txidHex), true);
    assert.equal(b.mempool.has(child.txidHex), false);
    // b asks a for the parent; a does not have it: notfound
    await link.pump();
    const asked = link.bPeer.sentOf<GetDataMessage>('getdata').flatMap((g) => g.items);
    assert.deepEqual(asked.map((i) => [i.type, toDisplayHex(i.hash)]), [[MSG_WITNESS_TX, parent.txidHex]]);
    const nf = link.aPeer.sentOf<NotFoundMessage>('notfound');
    assert.deepEqual(nf.flatMap((m) => m.items.map((i) => toDisplayHex(i.hash))), [parent.txidHex]);
    // the parent arrives: both enter the pool and are queued for relay
    await pb.logic.processMessage(link.bPeer, new TxMessage(parent));
    assert.equal(b.mempool.has(parent.txidHex), true);
    assert.equal(b.mempool.has(child.txidHex), true);
    assert.equal(b.mempool.orphans.size, 0);
    assert.equal(pb.misbehavior.events.length, 0);
  });

  it('forgets the orphans of a peer that goes away', async () => {
    const p = await syncedPair(1);
    const { b, pb, link } = p;
    const parent = spend(genesisCoins(b.params), FEE);
    const child = spend(coinsOf(parent), FEE);
    await pb.logic.processMessage(link.bPeer, new TxMessage(child));
    assert.equal(b.mempool.orphans.size, 1);
    pb.logic.peerGone(link.bPeer);
    assert.equal(b.mempool.orphans.size, 0);
  });

  it('does not keep an orphan whose parent was rejected', async () => {
    const p = await syncedPair(1);
    const { b, pb, link } = p;
    // a parent spending a coin twice: rejected and remembered
    const coin = genesisCoins(b.params);
    const bad = spend([coin[0]!, coin[0]!], FEE);
    await pb.logic.processMessage(link.bPeer, new TxMessage(bad));
    assert.equal(b.mempool.has(bad.txidHex), false);
    assert.ok(pb.misbehavior.scoreOf(link.bPeer) > 0, 'a duplicate input costs the sender');
    const reject = link.bPeer.sentOf('reject');
    assert.equal(reject.length, 1);
    const orphan = spend(coinsOf(bad), FEE);
    await pb.logic.processMessage(link.bPeer, new TxMessage(orphan));
    assert.equal(b.mempool.orphans.has(orphan.txidHex), false);
    assert.ok(pb.lines.some((l) => l.startsWith('not keeping orphan with rejected parents')));
  });
});
