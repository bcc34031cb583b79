// Network RPCs of a node without peers: added nodes, bans (Core 0.14 subnet rules), totals, switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressToString, lookupHost } from '../../../src/net/ip-address.js';
import { NetSubnet } from '../../../src/net/net-subnet.js';
import { TestNode, json } from './support/test-node.js';

test('NetSubnet: parsing, validity, matching and Core 0.14 ToString', () => {
  const s = (t: string) => NetSubnet.parse(t);
  assert.equal(s('1.2.3.4')!.toString(), '1.2.3.4/32');
  assert.equal(s('1.2.3.4/24')!.toString(), '1.2.3.0/24');
  assert.equal(s('1.2.3.4/255.255.0.0')!.toString(), '1.2.0.0/16');
  assert.equal(s('1.2.3.4/255.0.255.0')!.toString(), '1.0.3.0/255.0.255.0');
  assert.equal(s('2001:db8::1/64')!.toString(), '2001:db8::/64');
  assert.equal(s('[fe80::1]')!.toString(), 'fe80::1/128');
  assert.equal(s('::1/128')!.toString(), '::1/128');
  assert.equal(s('1.2.3.4/33')!.valid, false);
  assert.equal(s('::1/129')!.valid, false);
  assert.equal(s('1.2.3.4/-1')!.valid, false);
  assert.equal(s('0.0.0.0/0')!.valid, true);
  assert.equal(s('1.2.3.4/x'), undefined);
  assert.equal(s('host.example/8'), undefined);
  assert.equal(NetSubnet.ofAddress(lookupHost('0.0.0.0')!).valid, false);
  assert.equal(NetSubnet.ofAddress(lookupHost('255.255.255.255')!).valid, false);
  assert.equal(NetSubnet.ofAddress(lookupHost('::')!).valid, false);
  assert.equal(NetSubnet.ofAddress(lookupHost('2001:db8::5')!).valid, false); // RFC 3849 documentation range
  const net = s('10.0.0.0/8')!;
  assert.ok(net.match(lookupHost('10.200.1.1')!));
  assert.ok(!net.match(lookupHost('11.0.0.1')!));
  assert.equal(addressToString(lookupHost('::ffff:1.2.3.4')!), '1.2.3.4');
  assert.equal(addressToString(lookupHost('::102:304')!), '::1.2.3.4');
  assert.equal(addressToString(lookupHost('1:0:0:2:0:0:0:3')!), '1:0:0:2::3');
  assert.equal(addressToString(lookupHost('1:2:3:4:5:6:7:8')!), '1:2:3:4:5:6:7:8');
});

test('addnode / getaddednodeinfo / disconnectnode', async () => {
  const node = await TestNode.create();
  // -addnode entries start the list
  assert.deepEqual(await node.call('getaddednodeinfo'), [{ addednode: '10.0.0.1:7042', connected: false, addresses: [] }]);
  assert.equal(await node.call('addnode', ['192.168.0.6:8333', 'add']), null);
  assert.deepEqual(await node.callError('addnode', ['192.168.0.6:8333', 'add']), { code: -23, message: 'Error: Node already added' });
  assert.deepEqual(await node.call('getaddednodeinfo', ['192.168.0.6:8333']), [{ addednode: '192.168.0.6:8333', connected: false, addresses: [] }]);
  assert.deepEqual(await node.callError('getaddednodeinfo', ['1.1.1.1']), { code: -24, message: 'Error: Node has not been added.' });
  assert.equal(await node.call('addnode', ['192.168.0.6:8333', 'onetry']), null);
  assert.equal(await node.call('addnode', ['192.168.0.6:8333', 'remove']), null);
  assert.deepEqual(await node.callError('addnode', ['192.168.0.6:8333', 'remove']), { code: -24, message: 'Error: Node has not been added.' });
  const bad = await node.callError('addnode', ['x', 'delete']);
  assert.equal(bad.code, -1);
  assert.match(bad.message, /^addnode "node" "add\|remove\|onetry"/);
  assert.deepEqual(await node.callError('addnode', ['x', json(1)]), { code: -1, message: 'JSON value is not a string as expected' });
  assert.deepEqual(await node.callError('disconnectnode', ['10.0.0.1:7042']), { code: -29, message: 'Node not found in connected nodes' });
});

test('setban / listbanned / clearbanned: Core 0.14 ban list', async () => {
  const node = await TestNode.create();
  const now = node.time;
  assert.equal(await node.call('setban', ['10.0.0.0/8', 'add']), null);
  assert.deepEqual(await node.callError('setban', ['10.1.2.3', 'add']), { code: -23, message: 'Error: IP/Subnet already banned' });
  assert.deepEqual(await node.callError('setban', ['10.0.0.0/8', 'add']), { code: -23, message: 'Error: IP/Subnet already banned' });
  assert.equal(await node.call('setban', ['10.1.0.0/16', 'add']), null); // a different subnet key
  assert.equal(await node.call('setban', ['::1', 'add', json(100)]), null);
  assert.equal(await node.call('setban', ['1.2.3.4', 'add', json(now + 500), true]), null);
  assert.deepEqual(await node.callError('setban', ['1.2.3.4/33', 'add']), { code: -30, message: 'Error: Invalid IP/Subnet' });
  assert.deepEqual(await node.callError('setban', ['0.0.0.0', 'add']), { code: -30, message: 'Error: Invalid IP/Subnet' });
  assert.deepEqual(await node.callError('setban', ['nohost', 'add']), { code: -30, message: 'Error: Invalid IP/Subnet' });
  assert.equal((await node.callError('setban', ['1.1.1.1', 'ban'])).code, -1);
  assert.deepEqual(await node.call('listbanned'), [
    { address: '::1/128', banned_until: now + 100, ban_created: now, ban_reason: 'manually added' },
    { address: '1.2.3.4/32', banned_until: now + 500, ban_created: now, ban_reason: 'manually added' },
    { address: '10.0.0.0/8', banned_until: now + 86400, ban_created: now, ban_reason: 'manually added' },
    { address: '10.1.0.0/16', banned_until: now + 86400, ban_created: now, ban_reason: 'manually added' },
  ]);
  assert.equal(await node.call('setban', ['10.1.0.0/16', 'remove']), null);
  assert.deepEqual(await node.callError('setban', ['10.1.0.0/16', 'remove']), { code: -1, message: 'Error: Unban failed' });
  // expiry: banned while now < until, swept once now > until
  node.time = now + 100;
  assert.equal(await node.call('setban', ['::1', 'add', json(1000)]), null); // the expired entry is replaced
  node.time = now + 501;
  assert.deepEqual(
    ((await node.call('listbanned')) as { address: string }[]).map((e) => e.address),
    ['::1/128', '10.0.0.0/8'],
  );
  assert.equal(await node.call('clearbanned'), null);
  assert.deepEqual(await node.call('listbanned'), []);
  // Core 0.14's CSubNet takes an IPv4 network's mask from the last four bytes of any netmask
  // (-rpcallowip refuses this form; setban keeps the original's reading)
  assert.equal(await node.call('setban', ['1.2.3.4/ffff::', 'add']), null);
  assert.deepEqual(((await node.call('listbanned')) as { address: string }[]).map((e) => e.address), ['0.0.0.0/0']);
});

test('getnettotals and setnetworkactive', async () => {
  const node = await TestNode.create();
  const before = Date.now();
  const t = (await node.call('getnettotals')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(t), ['totalbytesrecv', 'totalbytessent', 'timemillis', 'uploadtarget']);
  assert.ok((t['timemillis'] as number) >= before);
  assert.deepEqual(t['uploadtarget'], { timeframe: 86400, target: 0, target_reached: false, serve_historical_blocks: true, bytes_left_in_cycle: 0, time_left_in_cycle: 0 });
  assert.equal(((await node.call('getnetworkinfo')) as Record<string, unknown>)['networkactive'], true);
  assert.equal(await node.call('setnetworkactive', [false]), false);
  assert.equal(((await node.call('getnetworkinfo')) as Record<string, unknown>)['networkactive'], false);
  assert.equal(await node.call('setnetworkactive', [true]), true);
  assert.deepEqual(await node.callError('setnetworkactive', ['no']), { code: -1, message: 'JSON value is not a boolean as expected' });
});
