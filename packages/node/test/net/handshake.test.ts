// The version handshake over a real loopback socket: the exact bytes and order of what we send
// (Core 0.14's PushNodeVersion / ProcessMessage / SendMessages), ping/pong, and the processor hand-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BlockLocator,
  GetHeadersMessage,
  NetAddress,
  PingMessage,
  PongMessage,
  RejectMessage,
  VerackMessage,
  VersionMessage,
} from '@ocean-ts/wire';
import { CLOCK, connectTo, fakeListener, frame, peerVersion, startManager, waitFor } from './support/fake-peer.js';

test('inbound: version → our version + verack; verack → sendheaders, sendcmpct(2), sendcmpct(1), ping', async (t) => {
  const { manager, port, processor } = await startManager();
  t.after(() => manager.stop());
  const { socket, reader } = await connectTo(port);
  socket.write(frame(peerVersion()));
  const v = await reader.next();
  assert.equal(v.command, 'version');
  const f = VersionMessage.decode(v.payload).fields;
  // exact bytes: version 70015, services 9, our clock, addr_recv = empty (127.0.0.1 is not routable) with
  // the peer's services (0 for inbound), addr_from = empty with our services, nonce, UA, height, relay
  const expected = new VersionMessage({
    version: 70015,
    services: 9n,
    time: BigInt(CLOCK),
    addrRecv: NetAddress.empty(0n),
    addrFrom: NetAddress.empty(9n),
    nonce: f.nonce!,
    userAgent: '/Satoshi:2.1.1.1/',
    startHeight: 7,
    relay: true,
  }).encode();
  assert.deepEqual(Buffer.from(v.payload).toString('hex'), Buffer.from(expected).toString('hex'));
  assert.equal((await reader.next()).command, 'verack');
  assert.equal(processor.ready.length, 0);
  socket.write(frame(new VerackMessage()));
  const sh = await reader.next();
  assert.equal(sh.command, 'sendheaders');
  assert.equal(sh.payload.length, 0);
  const c2 = await reader.next();
  assert.deepEqual([c2.command, Buffer.from(c2.payload).toString('hex')], ['sendcmpct', '000200000000000000']);
  const c1 = await reader.next();
  assert.deepEqual([c1.command, Buffer.from(c1.payload).toString('hex')], ['sendcmpct', '000100000000000000']);
  const ping = await reader.next();
  assert.equal(ping.command, 'ping');
  const nonce = PingMessage.decode(ping.payload).nonce!;
  assert.notEqual(nonce, 0n);
  await waitFor(() => processor.ready.length === 1);
  // pong with the nonce completes the ping: pingtime/minping appear, pingwait goes
  let info = manager.peerInfo()[0]!;
  assert.ok(info.pingWaitUsec > 0);
  socket.write(frame(new PongMessage(nonce)));
  await waitFor(() => manager.peerInfo()[0]!.pingUsec > 0);
  info = manager.peerInfo()[0]!;
  assert.equal(info.pingWaitUsec, 0);
  assert.equal(info.minPingUsec, info.pingUsec);
  assert.equal(info.version, 70015);
  assert.equal(info.subVer, '/Fake:1.0/');
  assert.equal(info.startingHeight, 3);
  assert.equal(info.inbound, true);
  assert.equal(info.services, 9n);
  // their ping is answered with the same nonce
  socket.write(frame(new PingMessage(0xabcdefn)));
  const pong = await reader.next();
  assert.equal(pong.command, 'pong');
  assert.equal(PongMessage.decode(pong.payload).nonce, 0xabcdefn);
  // other messages go to the processor, in order
  socket.write(frame(new GetHeadersMessage(new BlockLocator(70015, []), new Uint8Array(32))));
  await waitFor(() => processor.messages.length === 1);
  assert.deepEqual(processor.messages, [{ peer: 0, command: 'getheaders' }]);
  // the ping RPC queues a new ping
  manager.pingAll();
  assert.equal((await reader.next()).command, 'ping');
  socket.destroy();
  await waitFor(() => manager.connectionCount === 0);
  assert.deepEqual(processor.gone, [0]);
});

test('outbound: version first; their version → verack, getaddr; their verack → sendheaders, sendcmpct ×2, ping', async (t) => {
  const { manager } = await startManager();
  const fake = await fakeListener();
  t.after(async () => {
    await manager.stop();
    fake.server.close();
  });
  await manager.tryConnectOnce(`127.0.0.1:${fake.port}`);
  const { socket, reader } = await fake.accepted;
  const v = await reader.next();
  assert.equal(v.command, 'version');
  const f = VersionMessage.decode(v.payload).fields;
  assert.equal(f.version, 70015);
  assert.equal(f.services, 9n);
  assert.equal(f.startHeight, 7);
  assert.equal(manager.peerInfo()[0]!.addr, `127.0.0.1:${fake.port}`);
  assert.equal(manager.peerInfo()[0]!.version, 0); // until their version arrives
  socket.write(frame(peerVersion({ nonce: 5n })));
  assert.deepEqual(await reader.commands(2), ['verack', 'getaddr']);
  socket.write(frame(new VerackMessage()));
  assert.deepEqual(await reader.commands(4), ['sendheaders', 'sendcmpct', 'sendcmpct', 'ping']);
  // getaddr from an outbound peer is ignored (fingerprinting), and a second connection to the same name is refused
  await manager.tryConnectOnce(`127.0.0.1:${fake.port}`);
  assert.equal(manager.connectionCount, 1);
});

test('an old peer (70012) gets no sendcmpct but the final alert; an obsolete one is rejected and dropped', async (t) => {
  const { manager, port } = await startManager();
  t.after(() => manager.stop());
  const old = await connectTo(port);
  old.socket.write(frame(peerVersion({ version: 70012 })));
  assert.deepEqual(await old.reader.commands(3), ['version', 'verack', 'alert']);
  old.socket.write(frame(new VerackMessage()));
  assert.deepEqual(await old.reader.commands(2), ['sendheaders', 'ping']);
  const obsolete = await connectTo(port);
  obsolete.socket.write(frame(peerVersion({ version: 31799 })));
  const r = await obsolete.reader.next();
  assert.equal(r.command, 'reject');
  const rej = RejectMessage.decode(r.payload);
  assert.deepEqual([rej.message, rej.code, rej.reason], ['version', 0x11, 'Version must be 31800 or greater']);
  await obsolete.reader.waitClosed();
});

test('a connection to ourselves is detected by the version nonce and dropped', async (t) => {
  const { manager, port, logger } = await startManager();
  t.after(() => manager.stop());
  await manager.tryConnectOnce(`127.0.0.1:${port}`);
  await waitFor(() => logger.messages().some((m) => m.startsWith('connected to self at ')));
  await waitFor(() => manager.connectionCount === 0);
});

test('-peerbloomfilters=1 advertises NODE_BLOOM (services 0x0d) in version and addr_from', async (t) => {
  const { manager, port } = await startManager(['-peerbloomfilters=1']);
  t.after(() => manager.stop());
  assert.equal(manager.localServices, 13n);
  const { socket, reader } = await connectTo(port);
  socket.write(frame(peerVersion()));
  const v = VersionMessage.decode((await reader.next()).payload);
  assert.equal(v.fields.services, 13n);
  assert.equal(v.fields.addrFrom!.services, 13n);
  socket.write(frame(new VerackMessage()));
  assert.deepEqual(await reader.commands(4), ['verack', 'sendheaders', 'sendcmpct', 'sendcmpct']);
  socket.destroy();
});
