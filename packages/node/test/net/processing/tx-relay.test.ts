import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import { FeeFilterMessage, GetDataMessage, InvItem, MSG_TX, MSG_WITNESS_TX, MempoolMessage, NotFoundMessage, type InvMessage, type TxMessage } from '@ocean-ts/wire';
import { coinsOf, genesisCoins, spend } from '../../rpc/methods/support/test-node.js';
import { advance, syncedPair } from './support/pair.js';

const FEE = 50_000n;
/** −ln(0.5) · 5 s (inbound) and half of it (outbound), rounded: the injected random is 0.5. */
const INBOUND_DELAY = Math.round(-Math.log1p(-0.5) * 5000);
const OUTBOUND_DELAY = Math.round(-Math.log1p(-0.5) * 2500);

describe('message processor: transaction relay', () => {
  it('trickles an inv after the Poisson delay; the peer fetches and accepts the transaction', async () => {
    const p = await syncedPair(1);
    const { a, b, pa, link } = p;
    // a's view of b is outbound (a connected out): half the interval
    const tx = spend(genesisCoins(a.params), FEE);
    await a.accept(tx);
    pa.logic.relayTransaction(tx);
    link.aPeer.clear();
    await link.pump();
    assert.equal(link.aPeer.sentOf('inv').length, 0, 'nothing before the trickle time');
    advance(p, OUTBOUND_DELAY);
    await link.pump();
    assert.equal(link.aPeer.sentOf('inv').length, 0, 'not at exactly the trickle time');
    advance(p, 1);
    await link.pump();
    const inv = link.aPeer.sentOf<InvMessage>('inv');
    assert.equal(inv.length, 1);
    assert.deepEqual(inv[0]!.items.map((i) => [i.type, toDisplayHex(i.hash)]), [[MSG_TX, tx.txidHex]]);
    // b asked for it with the witness flag (a has NODE_WITNESS) and got it
    const getdata = link.bPeer.sentOf<GetDataMessage>('getdata');
    assert.deepEqual(getdata.at(-1)!.items.map((i) => i.type), [MSG_WITNESS_TX]);
    assert.equal(link.aPeer.sentOf<TxMessage>('tx').length, 1);
    assert.ok(b.mempool.has(tx.txidHex));
    // b does not announce it back to a (a is known to have it)
    advance(p, 60_000);
    await link.pump();
    assert.equal(link.bPeer.sentOf('inv').length, 0);
  });

  it('uses the full interval for inbound peers and sends at most INVENTORY_BROADCAST_MAX per trickle, fewest ancestors first', async () => {
    const p = await syncedPair(1);
    const { b, pb, link } = p;
    const split = spend(genesisCoins(b.params), FEE, 39);
    await b.accept(split);
    b.time++;
    await b.generate(1);
    await link.pump(); // a gets the block
    assert.equal(p.a.chain.height, 2);
    const children = coinsOf(split).map((c) => spend([c], FEE, 2));
    for (const c of children) await b.accept(c);
    const grandchild = spend(coinsOf(children[0]!).slice(0, 1), FEE);
    await b.accept(grandchild);
    // queue the grandchild first: the order sent must still put it after its parent
    pb.logic.relayTransaction(grandchild);
    for (const c of children) pb.logic.relayTransaction(c);
    link.bPeer.clear();
    advance(p, INBOUND_DELAY);
    await link.pump();
    assert.equal(link.bPeer.sentOf('inv').length, 0);
    advance(p, 1);
    // stop a from asking back (we only look at the inv sizes)
    const sent = () => link.bPeer.sentOf<InvMessage>('inv').filter((m) => m.items[0]!.type === MSG_TX);
    await link.pump();
    assert.equal(sent().length, 1);
    assert.equal(sent()[0]!.items.length, 35);
    assert.ok(!sent()[0]!.items.some((i) => toDisplayHex(i.hash) === grandchild.txidHex));
    advance(p, INBOUND_DELAY + 1);
    await link.pump();
    assert.equal(sent().length, 2);
    assert.equal(sent()[1]!.items.length, 5);
    assert.equal(toDisplayHex(sent()[1]!.items.at(-1)!.hash), grandchild.txidHex);
    assert.equal(p.a.mempool.size, 40);
  });

  it('honours the peer feefilter and sends ours (rounded, at least the minimum relay fee)', async () => {
    const p = await syncedPair(1);
    const { a, pa, link } = p;
    // a sent its feefilter to b at the first SendMessages: 1000 sat/kB
    const ff = link.aPeer.sentOf<FeeFilterMessage>('feefilter');
    assert.equal(ff.length, 1);
    assert.equal(ff[0]!.feeRate, 1000n);
    // b tells a: nothing below 10 BTC/kB
    await pa.logic.processMessage(link.aPeer, new FeeFilterMessage(1_000_000_000n));
    assert.equal(pa.logic.stateOf(link.aPeer)!.minFeeFilter, 1_000_000_000n);
    const tx = spend(genesisCoins(a.params), FEE);
    await a.accept(tx);
    pa.logic.relayTransaction(tx);
    link.aPeer.clear();
    advance(p, 10_000);
    await link.pump();
    assert.equal(link.aPeer.sentOf('inv').length, 0);
    assert.equal(pa.logic.stateOf(link.aPeer)!.txToSend.size, 0);
  });

  it('answers getdata for an unknown transaction with notfound', async () => {
    const { pa, link } = await syncedPair(1);
    link.aPeer.clear();
    const unknown = new InvItem(MSG_TX, new Uint8Array(32).fill(7));
    await pa.logic.processMessage(link.aPeer, new GetDataMessage([unknown]));
    const nf = link.aPeer.sentOf<NotFoundMessage>('notfound');
    assert.equal(nf.length, 1);
    assert.deepEqual(nf[0]!.items.map((i) => [i.type, toDisplayHex(i.hash)]), [[MSG_TX, toDisplayHex(unknown.hash)]]);
  });

  it('does not serve pool transactions it never announced, unless asked by a mempool request', async () => {
    const p = await syncedPair(1, { localServices: 8n | 1n | 4n }); // NODE_BLOOM: mempool allowed
    const { a, pa, link } = p;
    const tx = spend(genesisCoins(a.params), FEE);
    await a.accept(tx);
    link.aPeer.clear();
    await pa.logic.processMessage(link.aPeer, new GetDataMessage([new InvItem(MSG_TX, tx.txid)]));
    assert.equal(link.aPeer.sentOf('notfound').length, 1);
    advance(p, 1000);
    await pa.logic.processMessage(link.aPeer, new MempoolMessage());
    link.aPeer.clear();
    pa.logic.sendMessages(link.aPeer, pa.clock.ms + 10_000);
    const inv = link.aPeer.sentOf<InvMessage>('inv');
    assert.deepEqual(inv.flatMap((m) => m.items.map((i) => toDisplayHex(i.hash))), [tx.txidHex]);
    await pa.logic.processMessage(link.aPeer, new GetDataMessage([new InvItem(MSG_TX, tx.txid)]));
    assert.equal(link.aPeer.sentOf('tx').length, 1);
  });

  it('disconnects a peer sending mempool when bloom filters are off', async () => {
    const { pa, link } = await syncedPair(1);
    await pa.logic.processMessage(link.aPeer, new MempoolMessage());
    assert.equal(link.aPeer.disconnecting, true);
  });
});
