// Core 0.14's address manager: new/tried tables, Good/Attempt/Select/GetAddr, and the peers.dat
// serialization (round trip through PeersFile, Core's CAddrDB format).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OCEAN_MAGIC } from '@ocean-ts/wire';
import { PeersFile } from '../../src/datadir/peers-file.js';
import { AddrMan } from '../../src/net/addr-man.js';
import { addressGroup, lookupHost } from '../../src/net/ip-address.js';

const NOW = 1_700_000_000;
const key = new Uint8Array(32).fill(7);
const ip = (s: string) => lookupHost(s)!;
const addr = (s: string, port = 7042, time = NOW - 100) => ({ ip: ip(s), port, services: 9n, time });

test('address groups: /16 for IPv4, /32 for IPv6, one group for unroutable and local addresses', () => {
  assert.deepEqual([...addressGroup(ip('8.8.4.4'))], [1, 8, 8]);
  assert.deepEqual([...addressGroup(ip('2a01:4f8::1'))], [2, 0x2a, 0x01, 0x04, 0xf8]);
  assert.deepEqual([...addressGroup(ip('10.1.2.3'))], [0]);
  assert.deepEqual([...addressGroup(ip('127.0.0.1'))], [0]);
  assert.deepEqual([...addressGroup(ip('2002:0808:0404::1'))], [1, 8, 8]); // 6to4 → embedded IPv4
});

test('Add keeps routable addresses only, once per IP; Good moves an entry to tried; Attempt counts failures', () => {
  const m = new AddrMan(key, { clock: () => NOW });
  const src = ip('1.2.3.4');
  assert.equal(m.add([addr('8.8.8.8'), addr('10.0.0.1'), addr('127.0.0.1'), addr('8.8.8.8')], src), 1);
  assert.equal(m.add([addr('9.9.9.9'), addr('2a01:4f8::1')], src), 2);
  assert.equal(m.size, 3);
  assert.equal(m.newCount, 3);
  m.good(addr('8.8.8.8', 7043)); // a different port: not the same service
  assert.equal(m.triedCount, 0);
  m.good(addr('8.8.8.8'));
  assert.deepEqual([m.newCount, m.triedCount], [2, 1]);
  const tried = m.entries().find((e) => e.inTried)!;
  assert.equal(tried.toString(), '8.8.8.8:7042');
  assert.equal(tried.lastSuccess, NOW);
  m.attempt(addr('9.9.9.9'), true);
  assert.equal(m.entries().find((e) => e.toString() === '9.9.9.9:7042')!.attempts, 1);
  // Select returns one of the entries; GetAddr returns 23% of them (0 of 3)
  const chosen = m.select();
  assert.ok(chosen !== undefined && m.entries().includes(chosen));
  assert.equal(m.getAddr().length, 0);
});

test('GetAddr: 23% of the entries, skipping terrible ones (not seen for 30 days)', () => {
  const m = new AddrMan(key, { clock: () => NOW });
  const fresh = Array.from({ length: 100 }, (_, i) => addr(`8.${i}.1.1`));
  m.add(fresh, ip('1.2.3.4'));
  const added = m.size;
  assert.ok(added > 90, `${added}`); // a few may collide in a bucket slot
  const got = m.getAddr();
  assert.equal(got.length, Math.floor((23 * added) / 100));
  const old = new AddrMan(key, { clock: () => NOW });
  old.add([addr('8.8.8.8', 7042, NOW - 31 * 24 * 3600), addr('8.9.8.8', 7042, NOW - 31 * 24 * 3600), addr('8.10.8.8', 7042, NOW - 31 * 24 * 3600), addr('8.11.8.8', 7042, NOW - 31 * 24 * 3600), addr('8.12.8.8', 7042, NOW - 31 * 24 * 3600)], ip('1.2.3.4'));
  assert.equal(old.getAddr().length, 0);
});

test('peers.dat round trip: tables, counts and entry fields survive; the file is valid for PeersFile', () => {
  const m = new AddrMan(key, { clock: () => NOW });
  m.add(Array.from({ length: 50 }, (_, i) => addr(`9.${i}.0.1`, 7042 + (i % 3))), ip('5.6.7.8'));
  m.good(addr('9.3.0.1'));
  m.good(addr('9.6.0.1'));
  m.attempt(addr('9.7.0.1', 7043), true);
  const bytes = m.serialize(2010101);
  const file = PeersFile.decode(PeersFile.fromSerialized(bytes).encode(OCEAN_MAGIC), OCEAN_MAGIC);
  assert.deepEqual([file.newCount, file.triedCount], [m.newCount, m.triedCount]);
  const { addrman: back, lostNew, lostTried } = AddrMan.deserialize(file.addrman, { clock: () => NOW });
  assert.deepEqual([lostNew, lostTried], [0, 0]);
  assert.deepEqual([back.newCount, back.triedCount, back.size], [m.newCount, m.triedCount, m.size]);
  const summary = (x: AddrMan) =>
    x
      .entries()
      .map((e) => `${e.toString()} ${e.services} ${e.time} ${e.attempts} ${e.lastSuccess} ${e.inTried} ${e.refCount}`)
      .sort();
  assert.deepEqual(summary(back), summary(m));
  // and it serializes to the same bytes again
  assert.deepEqual(Buffer.from(back.serialize(2010101)).toString('hex'), Buffer.from(bytes).toString('hex'));
  // an empty PeersFile (as oceand wrote before) loads as an empty manager with its key
  const empty = AddrMan.deserialize(PeersFile.empty(key).addrman, { clock: () => NOW }).addrman;
  assert.equal(empty.size, 0);
  assert.deepEqual([...empty.key], [...key]);
});
