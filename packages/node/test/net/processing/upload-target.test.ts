// -maxuploadtarget in the message processor (Core 0.14 ProcessGetData / the mempool message): once
// the historical-serving limit is reached, a getdata for a week-old block disconnects the peer
// (recent blocks are still served); once the whole target is reached, a mempool request does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BlockMessage, GetDataMessage, InvItem, MSG_WITNESS_BLOCK, MempoolMessage } from '@ocean-ts/wire';
import { fromDisplayHex } from '@ocean-ts/core';
import { Link } from './support/fake-network.js';
import { pair } from './support/pair.js';

const WEEK = 7 * 24 * 60 * 60;

describe('-maxuploadtarget', () => {
  it('historical blocks: served while under the limit, refused with a disconnect once it is reached', async () => {
    let historical = false;
    const p = await pair(0, 0, { uploadTargetReached: (h) => (h ? historical : false) });
    const [old] = await p.a.generate(1);
    p.a.time += WEEK + 3600;
    const [recent] = await p.a.generate(1);
    const link = new Link(p.pa, p.pb);
    link.connect();
    await link.pump();
    const sent = (): number => link.aPeer.sent.filter((m) => m instanceof BlockMessage).length;
    const ask = (hash: string) => p.pa.logic.processMessage(link.aPeer, new GetDataMessage([new InvItem(MSG_WITNESS_BLOCK, fromDisplayHex(hash))]));
    let before = sent();
    await ask(old!);
    assert.equal(sent(), before + 1, 'under the limit a week-old block is served');
    historical = true;
    before = sent();
    await ask(recent!);
    assert.equal(sent(), before + 1, 'a recent block is still served');
    assert.equal(link.aPeer.disconnecting, false);
    await ask(old!);
    assert.equal(sent(), before + 1, 'the week-old block is not served');
    assert.equal(link.aPeer.disconnectReason, 'historical block serving limit reached');
  });

  it('a mempool request once the target is reached disconnects the peer', async () => {
    const p = await pair(1, 0, { uploadTargetReached: () => true });
    const link = new Link(p.pa, p.pb);
    link.connect();
    await link.pump();
    await p.pa.logic.processMessage(link.aPeer, new MempoolMessage());
    // (checked before the bloom-filter rule, which would disconnect with another reason)
    assert.equal(link.aPeer.disconnectReason, 'mempool request with bandwidth limit reached');
  });
});
