import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Block, REJECT_INVALID, toDisplayHex } from '@ocean-ts/core';
import { BlockMessage, FilterLoadMessage, GetBlockTxnMessage, HeadersMessage, InvItem, InvMessage, MSG_TX, type GetHeadersMessage, type RejectMessage } from '@ocean-ts/wire';
import { FakePeer } from './support/fake-network.js';
import { pair, syncedPair } from './support/pair.js';

describe('message processor: misbehaviour', () => {
  it('scores an invalid block 100 and sends reject(block)', async () => {
    const p = await syncedPair(2);
    const { a, b, pb, link } = p;
    a.time++;
    await a.generate(1);
    const good = a.chain.getBlock(a.chain.tip.hash)!;
    // same header, transactions that do not match its Merkle root
    const bad = new Block(good.header, [good.transactions[0]!, good.transactions[0]!]);
    link.bPeer.clear();
    await pb.logic.processMessage(link.bPeer, new BlockMessage(bad));
    assert.equal(b.chain.height, 2);
    assert.equal(pb.misbehavior.scoreOf(link.bPeer), 100);
    pb.logic.sendMessages(link.bPeer, pb.clock.ms);
    const rejects = link.bPeer.sentOf<RejectMessage>('reject');
    assert.equal(rejects.length, 1);
    assert.equal(rejects[0]!.message, 'block');
    assert.equal(rejects[0]!.code, REJECT_INVALID);
    assert.equal(rejects[0]!.reason, 'bad-txnmrklroot');
    assert.equal(toDisplayHex(rejects[0]!.data!), toDisplayHex(bad.hash));
  });

  it('scores 10 for a block whose parent is unknown, without a reject message (code 0 in Core)', async () => {
    const { a, pb } = await pair(3);
    const peer = new FakePeer(true);
    pb.logic.peerReady(peer);
    await pb.logic.processMessage(peer, new BlockMessage(a.chain.getBlock(a.chain.getBlockHash(3)!)!));
    assert.equal(pb.misbehavior.scoreOf(peer), 10);
    peer.clear();
    pb.logic.sendMessages(peer, pb.clock.ms);
    assert.equal(peer.sentOf('reject').length, 0);
  });

  it('answers unconnecting headers with getheaders and scores 20 every MAX_UNCONNECTING_HEADERS', async () => {
    const { a, pb } = await pair(3);
    const peer = new FakePeer(true);
    pb.logic.peerReady(peer);
    const header = a.chain.getEntry(a.chain.getBlockHash(3)!)!.header; // parent (height 2) unknown to b
    for (let i = 1; i <= 9; i++) await pb.logic.processMessage(peer, new HeadersMessage([header]));
    assert.equal(pb.misbehavior.scoreOf(peer), 0);
    assert.equal(peer.sentOf<GetHeadersMessage>('getheaders').length, 9);
    await pb.logic.processMessage(peer, new HeadersMessage([header]));
    assert.equal(pb.misbehavior.scoreOf(peer), 20);
    assert.equal(pb.logic.stateOf(peer)!.unconnectingHeaders, 10);
    // a connecting headers message resets the count
    const first = [1, 2, 3].map((h) => a.chain.getEntry(a.chain.getBlockHash(h)!)!.header);
    await pb.logic.processMessage(peer, new HeadersMessage(first));
    assert.equal(pb.logic.stateOf(peer)!.unconnectingHeaders, 0);
    assert.equal(pb.logic.headers.bestHeader.height, 3);
  });

  it('scores 20 for non-continuous headers', async () => {
    const { a, pb } = await pair(3);
    const peer = new FakePeer(true);
    pb.logic.peerReady(peer);
    const hs = [1, 3].map((h) => a.chain.getEntry(a.chain.getBlockHash(h)!)!.header);
    await pb.logic.processMessage(peer, new HeadersMessage(hs));
    assert.equal(pb.misbehavior.scoreOf(peer), 20);
    assert.equal(pb.logic.headers.size, 0);
  });

  it('scores 20 for an oversized inv', async () => {
    const { pb } = await pair(0);
    const peer = new FakePeer(true);
    pb.logic.peerReady(peer);
    const items = Array.from({ length: 50_001 }, (_, i) => new InvItem(MSG_TX, new Uint8Array(32).fill(i & 0xff)));
    await pb.logic.processMessage(peer, new InvMessage(items));
    assert.equal(pb.misbehavior.scoreOf(peer), 20);
    assert.equal(pb.logic.stateOf(peer)!.askFor.size, 0);
  });

  it('scores 100 for getblocktxn with an out-of-bounds index', async () => {
    const p = await syncedPair(2);
    await p.pa.logic.processMessage(p.link.aPeer, new GetBlockTxnMessage(p.a.chain.tip.hash, [5]));
    assert.equal(p.pa.misbehavior.scoreOf(p.link.aPeer), 100);
  });

  it('scores 100 for filterload with bloom filters off', async () => {
    const { pb } = await pair(0);
    const peer = new FakePeer(true);
    pb.logic.peerReady(peer);
    await pb.logic.processMessage(peer, new FilterLoadMessage(new Uint8Array(10), 1, 0, 0));
    assert.equal(pb.misbehavior.scoreOf(peer), 100);
  });

  it('disconnects a peer that stalls the download window', async () => {
    // b is 1100 blocks behind two peers; the slow one holds the window's first block
    const p = await pair(1100);
    const { b, pb } = p;
    const slow = new FakePeer(false, { startHeight: 1100 });
    const fast = new FakePeer(false, { startHeight: 1100 });
    pb.logic.peerReady(slow);
    pb.logic.peerReady(fast);
    const headers = [];
    for (let h = 1; h <= 1100; h++) headers.push(p.a.chain.getEntry(p.a.chain.getBlockHash(h)!)!.header);
    await pb.logic.processMessage(slow, new HeadersMessage(headers));
    await pb.logic.processMessage(fast, new HeadersMessage(headers));
    let now = pb.clock.ms;
    pb.logic.sendMessages(slow, now); // slow gets blocks 1..16
    // fast delivers everything it is asked for, until the window (1024 past block 0) is used up
    for (let round = 0; round < 200 && !fast.disconnecting; round++) {
      fast.clear();
      pb.logic.sendMessages(fast, now);
      const asked = fast.sentOf<import('@ocean-ts/wire').GetDataMessage>('getdata').flatMap((g) => g.items);
      if (asked.length === 0) break;
      for (const i of asked) await pb.logic.processMessage(fast, new BlockMessage(p.a.chain.getBlock(i.hash)!));
    }
    assert.equal(b.chain.height, 0, 'nothing connects while block 1 is missing');
    assert.equal(pb.logic.stateOf(slow)!.stallingSince, now);
    now += 2001;
    pb.logic.sendMessages(slow, now);
    assert.equal(slow.disconnecting, true);
    assert.match(slow.disconnectReason!, /stalling/);
  });
});
