import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLIENT_VERSION, formatSubVersion } from '../src/version.js';
import { NetworkState } from '../src/net/network-state.js';

test('the version is Ocean 2.1.1.1 under the client name Satoshi (ocean-core-p2p.md, version message)', () => {
  assert.equal(CLIENT_VERSION, 2010101);
  assert.equal(formatSubVersion(), '/Satoshi:2.1.1.1/');
  assert.equal(formatSubVersion(['c1', 'c2']), '/Satoshi:2.1.1.1(c1; c2)/');
});

test('getnetworkinfo.subversion carries the -uacomment values', () => {
  const plain = new NetworkState({ banTimeSeconds: 86400, clock: () => 0 });
  assert.equal(plain.subVersion, '/Satoshi:2.1.1.1/');
  const commented = new NetworkState({ banTimeSeconds: 86400, clock: () => 0, uaComments: ['harness'] });
  assert.equal(commented.subVersion, '/Satoshi:2.1.1.1(harness)/');
});
