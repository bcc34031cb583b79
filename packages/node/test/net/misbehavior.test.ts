// Misbehaving and broken peers (Core 0.14's ProcessMessages / Misbehaving / SendRejectsAndCheckIfBanned):
// framing errors, malformed and oversized messages, ban scores, bans, and that one hostile or slow peer
// never stalls another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddrMessage,
  FilterLoadMessage,
  NetAddress,
  OCEAN_MAGIC,
  PingMessage,
  PongMessage,
  RejectMessage,
  TimedNetAddress,
  VerackMessage,
  type WireMessage,
} from '@ocean-ts/wire';
import { NetSubnet } from '../../src/net/net-subnet.js';
import type { MessageProcessor, Peer } from '../../src/net/net-boundary.js';
import { connectTo, frame, peerVersion, rawFrame, startManager, waitFor, type FrameReader } from './support/fake-peer.js';
import type { Socket } from 'node:net';

async function handshake(port: number): Promise<{ socket: Socket; reader: FrameReader }> {
  const c = await connectTo(port);
  c.socket.write(frame(peerVersion()));
  await c.reader.commands(2); // version, verack
  c.socket.write(frame(new VerackMessage()));
  await c.reader.commands(4); // sendheaders, sendcmpct ×2, ping
  return c;
}

/** Sends a ping and waits for the matching pong: the peer is still served. */
async function stillServed(c: { socket: Socket; reader: FrameReader }, nonce: bigint): Promise<void> {
  c.socket.write(frame(new PingMessage(nonce)));
  for (;;) {
    const m = await c.reader.next();
    if (m.command === 'pong' && PongMessage.decode(m.payload).nonce === nonce) return;
  }
}

test('messages before version cost 1 point each; a duplicate version is rejected and costs 1', async (t) => {
  const { manager, port, logger } = await startManager();
  t.after(() => manager.stop());
  const c = await connectTo(port);
  c.socket.write(frame(new PingMessage(1n)));
  await waitFor(() => manager.peerInfo()[0]?.banScore === 1);
  assert.ok(logger.messages().includes('ProcessMessages(ping, 8 bytes) FAILED peer=0'));
  c.socket.write(frame(peerVersion()));
  await c.reader.commands(2);
  c.socket.write(frame(peerVersion()));
  const r = await c.reader.next();
  assert.equal(r.command, 'reject');
  const rej = RejectMessage.decode(r.payload);
  assert.deepEqual([rej.message, rej.code, rej.reason], ['version', 0x12, 'Duplicate version message']);
  await waitFor(() => manager.peerInfo()[0]?.banScore === 2);
});

test('reaching -banscore disconnects a local peer without banning it', async (t) => {
  const { manager, port, logger } = await startManager(['-banscore=3']);
  t.after(() => manager.stop());
  const c = await connectTo(port);
  const name = `127.0.0.1:${c.socket.localPort}`;
  for (let i = 0; i < 3; i++) c.socket.write(frame(new PingMessage(BigInt(i + 1))));
  await c.reader.waitClosed();
  assert.ok(logger.messages().includes(`Misbehaving: ${name} peer=0 (2 -> 3) BAN THRESHOLD EXCEEDED`));
  assert.ok(logger.messages().includes(`Warning: not banning local peer ${name}!`));
  assert.deepEqual(manager.bans.list(), []);
});

test('garbage frames: bad checksum and invalid command are skipped, bad magic and oversized length disconnect', async (t) => {
  const { manager, port, logger } = await startManager();
  t.after(() => manager.stop());
  const c = await handshake(port);
  const bad = rawFrame('ping', new PingMessage(9n).encode());
  bad[20] ^= 0xff; // checksum
  c.socket.write(bad);
  const badCommand = rawFrame('ping', new PingMessage(9n).encode());
  badCommand[5] = 0x01; // non-printable command byte
  c.socket.write(badCommand);
  await stillServed(c, 77n);
  assert.ok(logger.messages().some((m) => m.startsWith('ProcessMessages(ping, 8 bytes): CHECKSUM ERROR')));
  assert.ok(logger.messages().some((m) => m.startsWith('PROCESSMESSAGE: ERRORS IN HEADER')));
  assert.equal(manager.peerInfo()[0]!.banScore, 0);
  // a second peer stays connected while the first is dropped for a wrong message start
  const other = await handshake(port);
  const wrongMagic = rawFrame('ping', new PingMessage(1n).encode());
  wrongMagic[0] = 0x00;
  c.socket.write(wrongMagic);
  await c.reader.waitClosed();
  await stillServed(other, 78n);
  // a header announcing 4,000,001 bytes disconnects before anything is buffered
  const header = Buffer.alloc(24);
  Buffer.from(OCEAN_MAGIC).copy(header, 0);
  header.write('block', 4, 'ascii');
  header.writeUInt32LE(4_000_001, 16);
  other.socket.write(header);
  await other.reader.waitClosed();
  await waitFor(() => manager.connectionCount === 0);
});

test('malformed payloads get reject(malformed); limits cost ban score; unknown commands are ignored', async (t) => {
  const { manager, port } = await startManager();
  t.after(() => manager.stop());
  const c = await handshake(port);
  c.socket.write(rawFrame('ping', Uint8Array.of(1, 2, 3)));
  let m = await c.reader.next();
  while (m.command !== 'reject') m = await c.reader.next();
  const rej = RejectMessage.decode(m.payload);
  assert.deepEqual([rej.message, rej.code, rej.reason], ['ping', 0x01, 'error parsing message']);
  assert.equal(manager.peerInfo()[0]!.banScore, 0);
  c.socket.write(rawFrame('xyzzy', Uint8Array.of(1)));
  const addrs = Array.from({ length: 1001 }, (_, i) => new TimedNetAddress(1_700_000_000, NetAddress.ipv4([8, 8, (i >> 8) & 0xff, i & 0xff], 7042, 9n)));
  const big = new AddrMessage([]);
  (big as unknown as { addresses: TimedNetAddress[] }).addresses = addrs;
  c.socket.write(frame(big as WireMessage));
  await waitFor(() => manager.peerInfo()[0]?.banScore === 20);
  await stillServed(c, 5n);
  const info = manager.peerInfo()[0]!;
  assert.ok(info.bytesRecvPerMsg.some(([k]) => k === '*other*'));
  // filterclear needs no NODE_BLOOM (0.14, PR 8709): no score, the peer stays
  c.socket.write(rawFrame('filterclear', new Uint8Array(0)));
  await stillServed(c, 6n);
  assert.equal(manager.peerInfo()[0]!.banScore, 20);
  // bloom filter messages without NODE_BLOOM: 100 points → dropped
  c.socket.write(frame(new FilterLoadMessage(new Uint8Array(1), 1, 0, 0)));
  await c.reader.waitClosed();
});

test('setban drops a connected peer and refuses new connections; the ban is persisted through saveBanList', async (t) => {
  const { manager, port, logger } = await startManager();
  t.after(() => manager.stop());
  const c = await handshake(port);
  manager.ban(NetSubnet.parse('127.0.0.1')!, 'manually added');
  await c.reader.waitClosed();
  const again = await connectTo(port);
  await again.reader.waitClosed();
  assert.ok(logger.messages().some((m) => /^connection from 127\.0\.0\.1:\d+ dropped \(banned\)$/.test(m)));
  assert.ok(manager.unban(NetSubnet.parse('127.0.0.1')!));
  await handshake(port);
  assert.equal(manager.connectionCount, 1);
});

test('a peer whose messages hang in the processor, or that floods, does not stall another peer', async (t) => {
  const stuck: Peer[] = [];
  const processor: MessageProcessor = {
    peerReady: () => {},
    processMessage: (peer) => {
      stuck.push(peer);
      return new Promise(() => {}); // never finishes
    },
    sendMessages: () => {},
    peerGone: () => {},
  };
  const { manager, port } = await startManager(['-maxreceivebuffer=1']);
  manager.setProcessor(processor);
  t.after(() => manager.stop());
  const slow = await handshake(port);
  // a mempool message hangs in the processor; then 3 KB of further messages fill the receive buffer
  slow.socket.write(rawFrame('mempool', new Uint8Array(0)));
  await waitFor(() => stuck.length === 1);
  for (let i = 0; i < 100; i++) slow.socket.write(frame(new PingMessage(BigInt(i + 1))));
  const slowPeer = manager.peers()[0]!;
  await waitFor(() => slowPeer.receivePaused);
  // a half-sent 3.9 MB block from a third peer is also pending
  const partial = await handshake(port);
  const header = Buffer.alloc(24);
  Buffer.from(OCEAN_MAGIC).copy(header, 0);
  header.write('block', 4, 'ascii');
  header.writeUInt32LE(3_900_000, 16);
  partial.socket.write(header);
  partial.socket.write(Buffer.alloc(1000));
  const good = await handshake(port);
  await stillServed(good, 42n);
  assert.equal(manager.connectionCount, 3);
});

test('inbound slots: with -maxconnections=10 (1 inbound slot) an extra peer is dropped when nobody can be evicted', async (t) => {
  const { manager, port, logger } = await startManager(['-maxconnections=10']);
  t.after(() => manager.stop());
  await handshake(port);
  const extra = await connectTo(port);
  await extra.reader.waitClosed();
  assert.ok(logger.messages().includes('failed to find an eviction candidate - connection dropped (full)'));
  assert.equal(manager.connectionCount, 1);
});

test('inbound slots: the 22nd peer over 21 inbound slots evicts one of the unprotected ones', async (t) => {
  const { manager, port } = await startManager(['-maxconnections=30']);
  t.after(() => manager.stop());
  const peers = [];
  for (let i = 0; i < 21; i++) peers.push(await connectTo(port));
  await waitFor(() => manager.connectionCount === 21);
  const newcomer = await handshake(port);
  await waitFor(() => peers.some((p) => p.reader.closed));
  await stillServed(newcomer, 3n);
  await waitFor(() => manager.connectionCount === 21);
});
