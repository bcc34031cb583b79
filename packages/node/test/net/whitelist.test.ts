// -whitelist (netmask) and -whitebind peers over real sockets: fWhitelisted in getpeerinfo, accepted
// although banned, never punished for misbehaviour, never evicted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { PingMessage, PongMessage, VerackMessage } from '@ocean-ts/wire';
import { NetSubnet } from '../../src/net/net-subnet.js';
import { freePort } from '../support/daemon.js';
import { FrameReader, connectTo, frame, peerVersion, startManager, waitFor } from './support/fake-peer.js';

async function handshake(c: { socket: Socket; reader: FrameReader }): Promise<void> {
  c.socket.write(frame(peerVersion()));
  assert.deepEqual(await c.reader.commands(2), ['version', 'verack']);
  c.socket.write(frame(new VerackMessage()));
  await c.reader.commands(4);
}

async function served(c: { socket: Socket; reader: FrameReader }, nonce: bigint): Promise<void> {
  c.socket.write(frame(new PingMessage(nonce)));
  for (;;) {
    const m = await c.reader.next();
    if (m.command === 'pong' && PongMessage.decode(m.payload).nonce === nonce) return;
  }
}

test('-whitelist: a matching peer is whitelisted and not punished when it reaches -banscore; others are dropped', async (t) => {
  const { manager, port, logger } = await startManager(['-whitelist=127.0.0.0/8', '-banscore=1']);
  t.after(() => manager.stop());
  const c = await connectTo(port);
  c.socket.write(frame(new PingMessage(1n))); // before version: 1 point, the ban threshold here
  await waitFor(() => logger.messages().some((m) => /^Warning: not punishing whitelisted peer 127\.0\.0\.1:\d+!$/.test(m)));
  await handshake(c);
  await served(c, 7n);
  const info = manager.peerInfo()[0]!;
  assert.equal(info.whitelisted, true);
  assert.equal(info.banScore, 1);
  c.socket.destroy();

  const plain = await startManager(['-whitelist=10.0.0.0/8', '-banscore=1']);
  t.after(() => plain.manager.stop());
  const d = await connectTo(plain.port);
  d.socket.write(frame(new PingMessage(1n)));
  await d.reader.waitClosed(); // local peers are disconnected, not banned
  assert.ok(plain.logger.messages().some((m) => /^Warning: not banning local peer 127\.0\.0\.1:\d+!$/.test(m)));
});

test('-whitelist: a banned address is still accepted when whitelisted', async (t) => {
  const white = await startManager(['-whitelist=127.0.0.1']);
  const other = await startManager([]);
  t.after(async () => {
    await white.manager.stop();
    await other.manager.stop();
  });
  for (const m of [white.manager, other.manager]) m.ban(NetSubnet.parse('127.0.0.0/8')!, 'manually added', 3600);
  const ok = await connectTo(white.port);
  await handshake(ok);
  assert.equal(white.manager.peerInfo()[0]!.whitelisted, true);
  const dropped = await connectTo(other.port);
  await dropped.reader.waitClosed();
  assert.ok(other.logger.messages().some((m) => /^connection from 127\.0\.0\.1:\d+ dropped \(banned\)$/.test(m)));
  ok.socket.destroy();
});

test('-whitebind: peers on that listener are whitelisted, peers on the -bind one are not', async (t) => {
  const wport = await freePort();
  const { manager, port } = await startManager([`-whitebind=127.0.0.1:${wport}`]);
  t.after(() => manager.stop());
  assert.equal(manager.listenAddresses.length, 2);
  const w = await connectTo(wport);
  await handshake(w);
  const p = await connectTo(port);
  await handshake(p);
  const rows = manager.peerInfo();
  assert.deepEqual(
    rows.map((r) => r.whitelisted),
    [true, false],
  );
  // a -whitebind without a port is an init error (Core's message)
  await assert.rejects(startManager(['-whitebind=127.0.0.1']), /Need to specify a port with -whitebind: '127\.0\.0\.1'/);
  w.socket.destroy();
  p.socket.destroy();
});

test('eviction never picks a whitelisted inbound peer', async (t) => {
  // -maxconnections=10: 8 outbound + 1 feeler slot leave one inbound slot
  const { manager, port } = await startManager(['-maxconnections=10', '-whitelist=127.0.0.1']);
  t.after(() => manager.stop());
  const first = await connectTo(port);
  await handshake(first);
  const second = connect({ host: '127.0.0.1', port });
  const reader = new FrameReader(second);
  await reader.waitClosed(); // full, and the only candidate is whitelisted
  await served(first, 9n);
  first.socket.destroy();
});
