// Our own address: -externalip, -discover (interfaces injected), SeenLocal from inbound peers, and
// advertising it to an outbound peer after the handshake (GetLocalAddress / AdvertiseLocal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { AddrMessage, NetAddress, VerackMessage } from '@ocean-ts/wire';
import { addressToString, lookupHost } from '../../src/net/ip-address.js';
import { connectTo, fakeListener, frame, peerVersion, startManager } from './support/fake-peer.js';

const iface = (address: string, family: 'IPv4' | 'IPv6'): NetworkInterfaceInfo =>
  ({ address, family, netmask: '', mac: '00:00:00:00:00:00', internal: false, cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;
const interfaces = () => ({
  lo: [iface('127.0.0.1', 'IPv4'), iface('8.8.8.8', 'IPv4')],
  eth0: [iface('8.8.4.4', 'IPv4'), iface('10.1.2.3', 'IPv4'), iface('2a01:4f8::5', 'IPv6'), iface('fe80::1%eth0', 'IPv6')],
});

test('-discover: routable interface addresses (not on lo) become local addresses with score 1; -discover=0 none', async (t) => {
  const on = await startManager(['-discover=1', '-port=7042'], { interfaces });
  const off = await startManager(['-discover=0'], { interfaces });
  t.after(async () => {
    await on.manager.stop();
    await off.manager.stop();
  });
  assert.deepEqual(on.manager.localAddresses(), [
    { address: '8.8.4.4', port: 0, score: 1 },
    { address: '2a01:4f8::5', port: 0, score: 1 },
  ]);
  assert.ok(on.logger.messages().includes('Discover: IPv4 eth0: 8.8.4.4'));
  assert.ok(on.logger.messages().includes('Discover: IPv6 eth0: 2a01:4f8::5'));
  assert.deepEqual(off.manager.localAddresses(), []);
});

test('-externalip: a manual local address (score 4), raised when an inbound peer sees us there', async (t) => {
  const { manager, port } = await startManager(['-externalip=1.2.3.4:7042']);
  t.after(() => manager.stop());
  assert.deepEqual(manager.localAddresses(), [{ address: '1.2.3.4', port: 7042, score: 4 }]);
  const c = await connectTo(port);
  c.socket.write(frame(peerVersion({ addrRecv: new NetAddress(9n, lookupHost('1.2.3.4')!, 7042) })));
  await c.reader.commands(2);
  assert.deepEqual(manager.localAddresses(), [{ address: '1.2.3.4', port: 7042, score: 5 }]);
  assert.equal(manager.peerInfo()[0]!.addrLocal, '1.2.3.4:7042');
  c.socket.destroy();
  await assert.rejects(startManager(['-externalip=not an ip']), /Cannot resolve -externalip address: 'not an ip'/);
});

test('an outbound peer gets our address in an addr message once the handshake is done (not while in IBD)', async (t) => {
  for (const ibd of [false, true]) {
    const fake = await fakeListener();
    const { manager } = await startManager(['-externalip=1.2.3.4:7042'], { isInitialBlockDownload: () => ibd });
    t.after(async () => {
      await manager.stop();
      fake.server.close();
    });
    await manager.tryConnectOnce(`127.0.0.1:${fake.port}`);
    const { socket, reader } = await fake.accepted;
    assert.equal((await reader.next()).command, 'version');
    socket.write(frame(peerVersion({ nonce: 77n })));
    assert.deepEqual(await reader.commands(2), ['verack', 'getaddr']);
    socket.write(frame(new VerackMessage()));
    assert.deepEqual(await reader.commands(4), ['sendheaders', 'sendcmpct', 'sendcmpct', 'ping']);
    if (ibd) {
      await assert.rejects(reader.next(500), /timeout/);
    } else {
      const m = await reader.next();
      assert.equal(m.command, 'addr');
      const a = AddrMessage.decode(m.payload).addresses;
      assert.deepEqual(
        a.map((x) => [addressToString(x.address.ip), x.address.port, x.address.services]),
        [['1.2.3.4', 7042, 9n]],
      );
    }
    socket.destroy();
  }
});
