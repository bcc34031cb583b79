// mapLocalHost (AddLocal / SeenLocal / GetLocal with GetReachabilityFrom) and vfLimited (-onlynet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupHost } from '../../src/net/ip-address.js';
import { LOCAL_BIND, LOCAL_IF, LOCAL_MANUAL, LocalAddresses, NetworkLimits, reachabilityFrom } from '../../src/net/local-addresses.js';

const ip = (s: string) => lookupHost(s)!;

test('AddLocal keeps routable, unlimited addresses; -discover=0 keeps only manual ones; a higher score replaces', () => {
  const log: string[] = [];
  const local = new LocalAddresses({ discover: true, limits: new NetworkLimits([]), log: (m) => log.push(m) });
  assert.equal(local.add(ip('10.0.0.1'), 7042, LOCAL_IF), false); // private
  assert.equal(local.add(ip('127.0.0.1'), 7042, LOCAL_MANUAL), false);
  assert.equal(local.add(ip('fd87:d87e:eb43::1'), 7042, LOCAL_MANUAL), false); // onion: limited without a Tor proxy
  assert.equal(local.add(ip('8.8.4.4'), 7042, LOCAL_IF), true);
  assert.equal(local.score(ip('8.8.4.4')), 1);
  assert.equal(local.add(ip('8.8.4.4'), 7043, LOCAL_MANUAL), true); // nScore + 1 when already known
  assert.deepEqual(local.list().map((l) => [l.port, l.score]), [[7043, 5]]);
  assert.equal(local.add(ip('8.8.4.4'), 7044, LOCAL_BIND), true); // lower score: unchanged
  assert.deepEqual(local.list().map((l) => [l.port, l.score]), [[7043, 5]]);
  assert.deepEqual(log, ['AddLocal(8.8.4.4:7042,1)', 'AddLocal(8.8.4.4:7043,4)', 'AddLocal(8.8.4.4:7044,2)']);
  assert.equal(local.seen(ip('8.8.4.4')), true);
  assert.equal(local.seen(ip('9.9.9.9')), false);
  assert.equal(local.score(ip('8.8.4.4')), 6);
  assert.equal(local.has(ip('8.8.4.4')), true);
  const manualOnly = new LocalAddresses({ discover: false, limits: new NetworkLimits([]) });
  assert.equal(manualOnly.add(ip('8.8.4.4'), 7042, LOCAL_IF), false);
  assert.equal(manualOnly.add(ip('8.8.4.4'), 7042, LOCAL_MANUAL), true);
});

test('GetLocal prefers the address the peer can reach, then the higher score', () => {
  const local = new LocalAddresses({ discover: true, limits: new NetworkLimits([]) });
  local.add(ip('2a01:4f8::1'), 7042, LOCAL_MANUAL);
  local.add(ip('8.8.4.4'), 7042, LOCAL_IF);
  local.add(ip('9.9.9.9'), 7042, LOCAL_BIND);
  assert.equal(local.best(ip('1.2.3.4'))!.ip.join(), ip('9.9.9.9').join()); // IPv4 peer: best IPv4 score
  assert.equal(local.best(ip('2a02::1'))!.ip.join(), ip('2a01:4f8::1').join()); // IPv6 peer: strong IPv6
  assert.equal(local.best(undefined)!.ip.join(), ip('9.9.9.9').join()); // unknown: IPv4 beats weak IPv6
  assert.equal(new LocalAddresses({ discover: true, limits: new NetworkLimits([]) }).best(ip('1.2.3.4')), undefined);
  assert.equal(reachabilityFrom(ip('10.0.0.1'), ip('1.2.3.4')), 0);
  assert.ok(reachabilityFrom(ip('2002:0808:0404::1'), ip('2a02::1')) < reachabilityFrom(ip('2a01:4f8::1'), ip('2a02::1'))); // 6to4 is a tunnel
});

test('-onlynet limits the other networks (unroutable included); onion is limited without a proxy', () => {
  const none = new NetworkLimits([]);
  assert.deepEqual([none.isLimitedNetwork('ipv4'), none.isLimitedNetwork('ipv6'), none.isLimitedNetwork('onion')], [false, false, true]);
  assert.equal(none.isReachable(ip('10.0.0.1')), true);
  const v6 = new NetworkLimits(['ipv6']);
  assert.deepEqual([v6.isLimitedNetwork('ipv4'), v6.isLimitedNetwork('ipv6'), v6.isLimitedNetwork('onion')], [true, false, true]);
  assert.equal(v6.isLimited(ip('8.8.8.8')), true);
  assert.equal(v6.isLimited(ip('2a01:4f8::1')), false);
  assert.equal(v6.isReachable(ip('10.0.0.1')), false);
  const local = new LocalAddresses({ discover: true, limits: v6 });
  assert.equal(local.add(ip('8.8.8.8'), 7042, LOCAL_MANUAL), false);
});
