import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import { GetHeadersMessage, HeadersMessage, type CompactBlockMessage, type GetDataMessage, type InvMessage, type SendCmpctMessage } from '@ocean-ts/wire';
import { TestNode } from '../../rpc/methods/support/test-node.js';
import { Clock, Link, ProcessorUnderTest } from './support/fake-network.js';

const START = 1_600_000_000;

async function pair(aBlocks: number, bBlocks = 0, bTimeOffset = 1000): Promise<{ a: TestNode; b: TestNode; pa: ProcessorUnderTest; pb: ProcessorUnderTest }> {
  const a = await TestNode.create({ now: START });
  const b = await TestNode.create({ now: START + bTimeOffset });
  await a.generate(aBlocks);
  await b.generate(bBlocks);
  // both clocks past every block
  const t = Math.max(a.time, b.time) + 10;
  a.time = t;
  b.time = t;
  const pa = new ProcessorUnderTest(a, new Clock(t * 1000));
  const pb = new ProcessorUnderTest(b, new Clock(t * 1000));
  return { a, b, pa, pb };
}

describe('message processor: headers-first sync', () => {
  it('syncs a few hundred blocks between two processors wired back to back', async () => {
    const { a, b, pa, pb } = await pair(300);
    const link = new Link(pb, pa); // b connects out to a
    link.connect();
    await link.pump();
    assert.equal(b.chain.height, 300);
    assert.equal(b.chain.tip.hashHex, a.chain.tip.hashHex);
    // headers first: b asked for headers, got 300 in one message, then fetched blocks ≤ 16 at a time
    const getheaders = link.aPeer.sentOf<GetHeadersMessage>('getheaders');
    assert.ok(getheaders.length >= 1);
    const headers = link.bPeer.sentOf<HeadersMessage>('headers');
    assert.ok(headers.some((h) => h.headers.length === 300));
    const getdata = link.aPeer.sentOf<GetDataMessage>('getdata');
    assert.ok(getdata.length >= 300 / 16);
    for (const g of getdata) assert.ok(g.items.length <= 16, `getdata of ${g.items.length} blocks`);
    // UpdateTip progress lines
    const tipLines = pb.lines.filter((l) => l.startsWith('UpdateTip: new best='));
    assert.equal(tipLines.length, 300);
    assert.match(tipLines.at(-1)!, new RegExp(`^UpdateTip: new best=${a.chain.tip.hashHex} height=300 version=0x[0-9a-f]{8} date='\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d' progress=1\\.000000$`));
    assert.match(tipLines[149]!, /height=150 .* progress=0\.500000$/);
    assert.equal(pb.misbehavior.events.length, 0);
    assert.equal(pa.misbehavior.events.length, 0);
    assert.equal(pb.logic.blocksInFlightCount, 0);
  });

  it('pages headers beyond 2,000 with a second getheaders', async () => {
    const { a, b, pa, pb } = await pair(2005);
    const link = new Link(pb, pa);
    link.connect();
    await link.pump();
    assert.equal(b.chain.height, 2005);
    const sizes = link.bPeer.sentOf<HeadersMessage>('headers').map((h) => h.headers.length);
    assert.deepEqual(sizes.slice(0, 2), [2000, 5]);
  });

  it('reorganises to a longer competing chain', async () => {
    const { a, b, pa, pb } = await pair(5, 8);
    assert.notEqual(a.chain.getBlockHash(1) && toDisplayHex(a.chain.getBlockHash(1)!), toDisplayHex(b.chain.getBlockHash(1)!));
    const link = new Link(pa, pb); // a connects out to b
    link.connect();
    await link.pump();
    assert.equal(a.chain.height, 8);
    assert.equal(a.chain.tip.hashHex, b.chain.tip.hashHex);
    // b does not take a's shorter chain
    assert.equal(b.chain.height, 8);
    assert.equal(pa.misbehavior.events.length + pb.misbehavior.events.length, 0);
  });

  it('announces new blocks as the peer prefers: one block by cmpctblock (high-bandwidth), several by headers', async () => {
    const { a, b, pa, pb } = await pair(3);
    const link = new Link(pb, pa);
    link.connect();
    await link.pump();
    assert.equal(b.chain.height, 3);
    // having received valid blocks from a outside IBD, b asked a to announce with cmpctblock
    const hb = link.aPeer.sentOf<SendCmpctMessage>('sendcmpct').filter((m) => m.announce);
    assert.equal(hb.length, 1);
    assert.equal(hb[0]!.version, 2n);
    assert.deepEqual(pb.logic.highBandwidthPeers, [link.aPeer.id]);
    const mine = async (n: number) => {
      link.bPeer.clear();
      a.time++;
      await a.generate(n);
      pa.clock.ms = pb.clock.ms = a.time * 1000;
      b.time = a.time;
      await link.pump();
    };
    await mine(1);
    assert.equal(b.chain.height, 4);
    const cmpct = link.bPeer.sentOf<CompactBlockMessage>('cmpctblock');
    assert.equal(cmpct.length, 1);
    assert.equal(toDisplayHex(cmpct[0]!.header.hash), a.chain.tip.hashHex);
    assert.equal(link.bPeer.sentOf('block').length, 0);

    await mine(2);
    assert.equal(b.chain.height, 6);
    const announced = link.bPeer.sentOf<HeadersMessage>('headers');
    assert.equal(announced.length, 1);
    assert.deepEqual(announced[0]!.headers.map((h) => toDisplayHex(h.hash)), [a.chain.getBlockHash(5)!, a.chain.getBlockHash(6)!].map(toDisplayHex));
  });

  it('announces with inv to a peer that did not ask for headers', async () => {
    const { a, b, pa, pb } = await pair(2);
    const link = new Link(pb, pa);
    // an old peer (before sendheaders and compact blocks)
    link.bPeer.versionInfo = { ...link.bPeer.versionInfo!, version: 70011 };
    link.aPeer.versionInfo = { ...link.aPeer.versionInfo!, version: 70011 };
    link.connect();
    await link.pump();
    assert.equal(b.chain.height, 2);
    link.bPeer.clear();
    a.time++;
    await a.generate(1);
    pa.clock.ms = pb.clock.ms = a.time * 1000;
    b.time = a.time;
    await link.pump();
    assert.equal(b.chain.height, 3);
    const inv = link.bPeer.sentOf<InvMessage>('inv');
    assert.equal(inv.length, 1);
    assert.equal(toDisplayHex(inv[0]!.items[0]!.hash), a.chain.tip.hashHex);
    assert.equal(link.bPeer.sentOf('headers').length, 1); // the answer to b's getheaders after the inv
  });

  it('resumes after a restart: a new processor over a partly synced chain asks for headers again', async () => {
    const { a, b, pa, pb } = await pair(40);
    // b gets the first 25 blocks directly, as if synced before a restart
    for (let h = 1; h <= 25; h++) assert.equal(await b.processBlock(a.chain.getBlock(a.chain.getBlockHash(h)!)!), null);
    const link = new Link(pb, pa);
    link.connect();
    await link.pump();
    assert.equal(b.chain.height, 40);
    const first = link.aPeer.sentOf<GetHeadersMessage>('getheaders')[0]!;
    // the locator starts at the parent of our best header
    assert.equal(toDisplayHex(first.locator.hashes[0]!), toDisplayHex(b.chain.getBlockHash(24)!));
  });
});
