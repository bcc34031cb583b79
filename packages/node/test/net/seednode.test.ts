// -seednode: a one-shot connection (ThreadOpenConnections' ProcessOneShot) that asks for addresses and
// disconnects once they arrive; a failed one is queued again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddrMessage, NetAddress, TimedNetAddress, VerackMessage, VersionMessage } from '@ocean-ts/wire';
import { lookupHost } from '../../src/net/ip-address.js';
import { freePort } from '../support/daemon.js';
import { CLOCK, fakeListener, frame, peerVersion, startManager, waitFor } from './support/fake-peer.js';

// no addrman or feeler connections: only the one-shot may connect out
const NO_OUTBOUND = { maxOutbound: 0, microClock: () => 0 };

test('-seednode: connect, version, getaddr; the addr answer fills addrman and ends the connection', async (t) => {
  const fake = await fakeListener();
  const { manager, logger } = await startManager([`-seednode=127.0.0.1:${fake.port}`, '-debug=net'], NO_OUTBOUND);
  t.after(async () => {
    await manager.stop();
    fake.server.close();
  });
  const { socket, reader } = await fake.accepted;
  assert.equal((await reader.next()).command, 'version');
  assert.equal(manager.peerInfo()[0]!.inbound, false);
  socket.write(frame(peerVersion({ nonce: 9n })));
  assert.deepEqual(await reader.commands(2), ['verack', 'getaddr']);
  socket.write(frame(new VerackMessage()));
  assert.deepEqual(await reader.commands(4), ['sendheaders', 'sendcmpct', 'sendcmpct', 'ping']);
  assert.equal(manager.connectionCount, 1);
  const addrs = ['8.8.8.8', '9.9.9.9'].map((a) => new TimedNetAddress(CLOCK - 100, new NetAddress(9n, lookupHost(a)!, 7042)));
  socket.write(frame(new AddrMessage(addrs)));
  await reader.waitClosed();
  await waitFor(() => manager.connectionCount === 0);
  assert.deepEqual(manager.addrman.entries().map((e) => e.toString()).sort(), ['8.8.8.8:7042', '9.9.9.9:7042']);
  assert.ok(logger.messages().some((m) => m.includes('one-shot connection done')));
});

test('-seednode: an unreachable seed is tried again', async (t) => {
  const closed = await freePort();
  const { manager, logger } = await startManager([`-seednode=127.0.0.1:${closed}`], NO_OUTBOUND);
  t.after(() => manager.stop());
  const failures = () => logger.messages().filter((m) => m.startsWith(`connect() to 127.0.0.1:${closed} failed`)).length;
  await waitFor(() => failures() >= 2, 5000);
  assert.equal(manager.connectionCount, 0);
});

test('version nTime of an outbound connection is GetTime (inbound: see time-offset.test.ts)', async (t) => {
  const fake = await fakeListener();
  const { manager } = await startManager([`-seednode=127.0.0.1:${fake.port}`], NO_OUTBOUND);
  t.after(async () => {
    await manager.stop();
    fake.server.close();
  });
  const { reader } = await fake.accepted;
  const v = VersionMessage.decode((await reader.next()).payload);
  assert.equal(v.fields.time, BigInt(CLOCK));
});
