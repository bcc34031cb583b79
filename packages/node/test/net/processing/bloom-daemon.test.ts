/**
 * BIP37 in a real `bin/oceand`: with -peerbloomfilters=1 a raw light-client peer loads a filter
 * with a wallet address's key hash, is announced only the transaction paying it, and gets a
 * merkleblock (whose partial Merkle tree verifies) followed by that transaction; getpeerinfo's
 * relaytxes follows filterload. With the default (no NODE_BLOOM) a filterload from a 70015 peer
 * scores 100 (ban threshold; a loopback peer is disconnected rather than put on the ban list).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BLOOM_UPDATE_ALL, BloomFilter, bytesEqual, fromDisplayHex, fromHex, toDisplayHex, toHex } from '@ocean-ts/core';
import {
  DEFAULT_OCEAN_SERVICES,
  FilterLoadMessage,
  GetDataMessage,
  InvItem,
  MSG_FILTERED_BLOCK,
  MSG_TX,
  NODE_BLOOM,
  NetAddress,
  PROTOCOL_VERSION,
  VerackMessage,
  VersionMessage,
  decodeMessage,
  type InvMessage,
  type MerkleBlockMessage,
  type TxMessage,
} from '@ocean-ts/wire';
import { RawPeer, waitFor } from '@ocean-ts/test-harness';
import { call, daemonSandbox, freePort } from '../../support/daemon.js';

const COMMON = ['-chain=elementsregtest', '-initialfreecoins=2100000000000000', '-discover=0', '-listen=1', '-bind=127.0.0.1', '-debug=net'];

interface PeerRow {
  id: number;
  subver: string;
  relaytxes: boolean;
  banscore: number;
}

/** The handshake as a light client: `version` with the relay flag off. */
async function lightClient(port: number, agent: string): Promise<RawPeer> {
  const peer = await RawPeer.open({ port });
  peer.send(
    new VersionMessage({
      version: PROTOCOL_VERSION,
      services: 0n,
      time: BigInt(Math.floor(Date.now() / 1000)),
      addrRecv: NetAddress.ipv4([127, 0, 0, 1], port, 0n),
      addrFrom: NetAddress.empty(0n),
      nonce: randomBytes(8).readBigUInt64LE(),
      userAgent: agent,
      startHeight: 0,
      relay: false,
    }),
  );
  await peer.waitForMessage('verack');
  peer.send(new VerackMessage());
  return peer;
}

function announcedTxids(peer: RawPeer): string[] {
  return peer.received
    .filter((m) => m.command === 'inv')
    .flatMap((m) => (decodeMessage('inv', m.payload) as InvMessage).items.filter((i) => i.type === MSG_TX).map((i) => toDisplayHex(i.hash)));
}

describe('BIP37 in oceand', () => {
  it('-peerbloomfilters=1: filtered tx relay, merkleblock + tx for MSG_FILTERED_BLOCK, relaytxes', { timeout: 180_000 }, async (t) => {
    const s = await daemonSandbox(t, 'n6-bloom-');
    const p2p = await freePort();
    const node = await s.start([...COMMON, `-port=${p2p}`, '-peerbloomfilters=1']);
    await call(node.port, 'generate', [1]); // out of initial block download
    const agent = '/n6-light:0.1/';
    const peer = await lightClient(p2p, agent);
    const version = decodeMessage('version', (await peer.waitForMessage('version')).payload) as VersionMessage;
    assert.equal(version.fields.services, DEFAULT_OCEAN_SERVICES | NODE_BLOOM);
    const row = async () => (await call(node.port, 'getpeerinfo') as PeerRow[]).find((p) => p.subver === agent)!;
    await waitFor(async () => (await call(node.port, 'getpeerinfo') as PeerRow[]).some((p) => p.subver === agent), { what: 'light client in getpeerinfo' });
    assert.equal((await row()).relaytxes, false);

    // a filter with the key hash of one wallet address
    const watched = (await call(node.port, 'getnewaddress')) as string;
    const spk = ((await call(node.port, 'validateaddress', [watched])) as { scriptPubKey: string }).scriptPubKey;
    assert.match(spk, /^76a914[0-9a-f]{40}88ac$/);
    const filter = BloomFilter.create(10, 0.000001, 0x5eed, BLOOM_UPDATE_ALL);
    filter.insert(fromHex(spk.slice(6, 46)));
    peer.send(FilterLoadMessage.fromFilter(filter));
    await waitFor(async () => (await row()).relaytxes, { what: 'relaytxes after filterload' });

    // the other payment first: when the watched one is announced, the other had its turn
    const other = (await call(node.port, 'sendtoaddress', [await call(node.port, 'getnewaddress'), 2])) as string;
    const paying = (await call(node.port, 'sendtoaddress', [watched, 1])) as string;
    assert.deepEqual(((await call(node.port, 'getrawmempool')) as string[]).sort(), [other, paying].sort());
    await waitFor(async () => announcedTxids(peer).includes(paying), { what: 'inv of the watched payment', timeoutMs: 60_000 });
    assert.deepEqual(announcedTxids(peer), [paying]);

    // the block: merkleblock proving the watched payment, then the transaction
    const [blockHash] = (await call(node.port, 'generate', [1])) as string[];
    const block = (await call(node.port, 'getblock', [blockHash])) as { tx: string[]; merkleroot: string };
    assert.ok(block.tx.includes(paying) && block.tx.includes(other));
    const from = peer.received.length;
    peer.send(new GetDataMessage([new InvItem(MSG_FILTERED_BLOCK, fromDisplayHex(blockHash!))]));
    const mbRaw = await peer.waitForMessage('merkleblock', 10_000, from);
    const mb = (decodeMessage('merkleblock', mbRaw.payload) as MerkleBlockMessage).merkleBlock;
    assert.equal(toDisplayHex(mb.header.hash), blockHash);
    const proof = mb.tree.extractMatches();
    assert.ok(proof !== undefined, 'the partial Merkle tree verifies');
    assert.equal(toDisplayHex(proof.root), block.merkleroot);
    assert.ok(bytesEqual(proof.root, mb.header.merkleRoot));
    assert.deepEqual(
      proof.matches.map((m) => toDisplayHex(m)),
      [paying],
    );
    assert.deepEqual(proof.indexes, [block.tx.indexOf(paying)]);
    const after = peer.received.slice(peer.received.indexOf(mbRaw));
    const txRaw = await peer.waitForMessage('tx', 10_000, peer.received.indexOf(mbRaw));
    assert.ok(after.length > 0);
    assert.equal((decodeMessage('tx', txRaw.payload) as TxMessage).tx.txidHex, paying);
    assert.equal(toHex(fromDisplayHex(paying)), toHex(proof.matches[0]!));
    peer.close();
  });

  it('default (no NODE_BLOOM): filterload from a 70015 peer gets it banned', { timeout: 120_000 }, async (t) => {
    const s = await daemonSandbox(t, 'n6-nobloom-');
    const p2p = await freePort();
    const node = await s.start([...COMMON, `-port=${p2p}`]);
    const peer = await RawPeer.handshake({ port: p2p });
    const version = decodeMessage('version', (await peer.waitForMessage('version')).payload) as VersionMessage;
    assert.equal(version.fields.services & NODE_BLOOM, 0n);
    peer.send(FilterLoadMessage.fromFilter(BloomFilter.create(10, 0.0001, 0, BLOOM_UPDATE_ALL)));
    assert.ok(await peer.waitClosed(10_000), 'disconnected');
    // Misbehaving(100) reaches -banscore; a loopback peer is not put on the ban list ("not banning
    // local peer", as Core 0.14), so the proof is the log line and the dropped connection
    const log = join(s.datadir, 'elementsregtest', 'debug.log');
    await waitFor(async () => /Misbehaving: 127\.0\.0\.1:\d+ peer=\d+ \(0 -> 100\) BAN THRESHOLD EXCEEDED/.test(readFileSync(log, 'utf8')), { what: 'ban threshold log line' });
    assert.match(readFileSync(log, 'utf8'), /Warning: not banning local peer/);
    assert.deepEqual(await call(node.port, 'getpeerinfo'), []);
  });
});
