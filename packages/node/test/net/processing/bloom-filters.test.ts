import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BLOOM_UPDATE_ALL, BloomFilter, OutPoint, bytesEqual, toDisplayHex, toHex, type Transaction } from '@ocean-ts/core';
import {
  DEFAULT_OCEAN_SERVICES,
  FilterAddMessage,
  FilterClearMessage,
  FilterLoadMessage,
  GetDataMessage,
  InvItem,
  MSG_FILTERED_BLOCK,
  MSG_TX,
  MempoolMessage,
  NODE_BLOOM,
  type InvMessage,
  type MerkleBlockMessage,
  type TxMessage,
} from '@ocean-ts/wire';
import { explicitOutput } from '../../../src/mining/coinbase.js';
import { coinsOf, genesisCoins, spend } from '../../rpc/methods/support/test-node.js';
import { FakePeer } from './support/fake-network.js';
import { pair, type Pair } from './support/pair.js';

const BLOOM = { localServices: DEFAULT_OCEAN_SERVICES | NODE_BLOOM };
const FEE = 50_000n;
const PKH = new Uint8Array(20).fill(0x42);
const P2PKH = Uint8Array.from([0x76, 0xa9, 0x14, ...PKH, 0x88, 0xac]);

function pkhFilter(): FilterLoadMessage {
  const f = BloomFilter.create(10, 0.000001, 7, BLOOM_UPDATE_ALL);
  f.insert(PKH);
  return FilterLoadMessage.fromFilter(f);
}

/** `a` with two pool transactions: `paying` has a P2PKH output to PKH (output 0), `other` does not. */
async function poolOfTwo(p: Pair): Promise<{ paying: Transaction; other: Transaction }> {
  const coins = genesisCoins(p.a.params);
  const asset = coins[0]!.out.asset.id;
  const paying = spend(coins, FEE, 1, [explicitOutput(asset, 1_000_000n, P2PKH)]);
  const other = spend(coinsOf(paying), FEE);
  await p.a.accept(paying);
  await p.a.accept(other);
  return { paying, other };
}

function invTxids(peer: FakePeer): string[] {
  return peer.sentOf<InvMessage>('inv').flatMap((m) => m.items.filter((i) => i.type === MSG_TX).map((i) => toDisplayHex(i.hash)));
}

describe('message processor: BIP37 bloom filters', () => {
  describe('without NODE_BLOOM (Ocean default)', () => {
    it('scores filterload / filteradd 100 from a peer at NO_BLOOM_VERSION, disconnects an older one', async () => {
      const { pa } = await pair(0);
      for (const m of [pkhFilter(), new FilterAddMessage(PKH)]) {
        const modern = new FakePeer(true);
        pa.logic.peerReady(modern);
        await pa.logic.processMessage(modern, m);
        assert.equal(pa.misbehavior.scoreOf(modern), 100, m.command);
        assert.equal(modern.disconnecting, false);
        const old = new FakePeer(true, { version: 70002 });
        pa.logic.peerReady(old);
        await pa.logic.processMessage(old, m);
        assert.equal(pa.misbehavior.scoreOf(old), 0, m.command);
        assert.equal(old.disconnecting, true);
      }
    });

    it('filterclear only switches transaction relay on (0.14 lets it through without NODE_BLOOM)', async () => {
      const { pa } = await pair(0);
      const peer = new FakePeer(true, { relay: false });
      pa.logic.peerReady(peer);
      assert.equal(pa.logic.nodeStateStats(peer)!.relayTxes, false);
      await pa.logic.processMessage(peer, new FilterClearMessage());
      assert.equal(pa.misbehavior.scoreOf(peer), 0);
      assert.equal(pa.logic.nodeStateStats(peer)!.relayTxes, true);
      assert.equal(pa.logic.stateOf(peer)!.filter.isFull, true);
    });
  });

  describe('with -peerbloomfilters (NODE_BLOOM)', () => {
    it('scores an oversized filterload 100 and keeps the old filter; filterload switches relay on', async () => {
      const { pa } = await pair(0, 0, BLOOM);
      const peer = new FakePeer(true, { relay: false });
      pa.logic.peerReady(peer);
      await pa.logic.processMessage(peer, new FilterLoadMessage(new Uint8Array(36_001), 1, 0, 0));
      assert.equal(pa.misbehavior.scoreOf(peer), 100);
      await pa.logic.processMessage(peer, new FilterLoadMessage(new Uint8Array(10), 51, 0, 0));
      assert.equal(pa.misbehavior.scoreOf(peer), 200);
      assert.equal(pa.logic.stateOf(peer)!.filter.isFull, true, 'still the default filter');
      assert.equal(pa.logic.stateOf(peer)!.relayTxes, false);
      await pa.logic.processMessage(peer, pkhFilter());
      assert.equal(pa.misbehavior.scoreOf(peer), 200);
      const filter = pa.logic.stateOf(peer)!.filter;
      assert.ok(!filter.isFull && filter.contains(PKH) && !filter.contains(new Uint8Array(20)));
      assert.equal(pa.logic.nodeStateStats(peer)!.relayTxes, true);
    });

    it('filteradd: an element over 520 bytes scores 100; a valid one is inserted; filterclear restores match-all', async () => {
      const { pa } = await pair(0, 0, BLOOM);
      const peer = new FakePeer(true);
      pa.logic.peerReady(peer);
      // 0.14: every peer has the default (match-all) filter, so filteradd before filterload is not misbehaviour
      await pa.logic.processMessage(peer, new FilterAddMessage(PKH));
      assert.equal(pa.misbehavior.scoreOf(peer), 0);
      await pa.logic.processMessage(peer, new FilterLoadMessage(new Uint8Array(64), 5, 1, 0));
      assert.equal(pa.logic.stateOf(peer)!.filter.isEmpty, true);
      await pa.logic.processMessage(peer, new FilterAddMessage(new Uint8Array(521)));
      assert.equal(pa.misbehavior.scoreOf(peer), 100);
      assert.equal(pa.logic.stateOf(peer)!.filter.isEmpty, true);
      await pa.logic.processMessage(peer, new FilterAddMessage(new Uint8Array(520).fill(3)));
      assert.ok(pa.logic.stateOf(peer)!.filter.contains(new Uint8Array(520).fill(3)));
      await pa.logic.processMessage(peer, new FilterClearMessage());
      assert.equal(pa.logic.stateOf(peer)!.filter.isFull, true);
      assert.equal(pa.misbehavior.scoreOf(peer), 100);
    });

    it('announces only transactions matching the peer filter, and inserts the matched outpoint (BLOOM_UPDATE_ALL)', async () => {
      const p = await pair(1, 0, BLOOM);
      const { pa } = p;
      const { paying, other } = await poolOfTwo(p);
      const light = new FakePeer(true, { relay: false });
      const full = new FakePeer(true);
      pa.logic.peerReady(light);
      pa.logic.peerReady(full);
      await pa.logic.processMessage(light, pkhFilter());
      pa.logic.relayTransaction(paying);
      pa.logic.relayTransaction(other);
      const later = pa.clock.ms + 60_000;
      pa.logic.sendMessages(light, later);
      pa.logic.sendMessages(full, later);
      assert.deepEqual(invTxids(light), [paying.txidHex]);
      assert.deepEqual(invTxids(full).sort(), [paying.txidHex, other.txidHex].sort());
      assert.ok(pa.logic.stateOf(light)!.filter.containsOutPoint(new OutPoint(paying.txid, 0)));
    });

    it('answers mempool with the matching pool transactions only', async () => {
      const p = await pair(1, 0, BLOOM);
      const { pa } = p;
      const { paying } = await poolOfTwo(p);
      const light = new FakePeer(true);
      pa.logic.peerReady(light);
      await pa.logic.processMessage(light, pkhFilter());
      await pa.logic.processMessage(light, new MempoolMessage());
      pa.logic.sendMessages(light, pa.clock.ms + 60_000);
      assert.deepEqual(invTxids(light), [paying.txidHex]);
    });

    it('answers getdata(MSG_FILTERED_BLOCK) with a merkleblock proving the matches, then the matched transactions', async () => {
      const p = await pair(1, 0, BLOOM);
      const { a, pa } = p;
      const { paying, other } = await poolOfTwo(p);
      a.time++;
      await a.generate(1);
      const block = a.chain.getBlock(a.chain.tip.hash)!;
      assert.equal(block.transactions.length, 3);
      const light = new FakePeer(true);
      pa.logic.peerReady(light);
      await pa.logic.processMessage(light, pkhFilter());
      light.clear();
      await pa.logic.processMessage(light, new GetDataMessage([new InvItem(MSG_FILTERED_BLOCK, block.hash)]));
      assert.deepEqual(
        light.sent.map((m) => m.command),
        ['merkleblock', 'tx'],
      );
      const mb = light.sentOf<MerkleBlockMessage>('merkleblock')[0]!.merkleBlock;
      assert.ok(bytesEqual(mb.header.hash, block.hash));
      const x = mb.tree.extractMatches()!;
      assert.equal(toHex(x.root), toHex(block.header.merkleRoot));
      assert.deepEqual(
        x.matches.map((m) => toDisplayHex(m)),
        [paying.txidHex],
      );
      const tx = light.sentOf<TxMessage>('tx')[0]!;
      assert.equal(tx.tx.txidHex, paying.txidHex);
      assert.ok(!x.matches.some((m) => bytesEqual(m, other.txid)));
    });
  });

  it('without a filterload a filtered block matches everything (0.14 default filter)', async () => {
    const p = await pair(1);
    const { a, pa } = p;
    await poolOfTwo(p);
    a.time++;
    await a.generate(1);
    const block = a.chain.getBlock(a.chain.tip.hash)!;
    const peer = new FakePeer(true);
    pa.logic.peerReady(peer);
    await pa.logic.processMessage(peer, new GetDataMessage([new InvItem(MSG_FILTERED_BLOCK, block.hash)]));
    assert.deepEqual(
      peer.sent.map((m) => m.command),
      ['merkleblock', 'tx', 'tx', 'tx'],
    );
    assert.equal(peer.sentOf<MerkleBlockMessage>('merkleblock')[0]!.merkleBlock.tree.extractMatches()!.matches.length, 3);
  });
});
