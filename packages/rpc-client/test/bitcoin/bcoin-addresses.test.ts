import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base58CheckDecode, toHex } from '@ocean-ts/core';
import { BcoinAddressMap, bech32Hrp, bech32WithHrp } from '../../src/index.js';

const map = new BcoinAddressMap(true);

test('base58: Core regtest p2pkh 0x6f / p2sh 0xc4 ↔ bcoin regtest 0x3c / 0x26, same hash', () => {
  for (const [core, coreVersion, bcoinVersion, lead] of [
    ['mhUEBanz8ytATniaVvVNyERkHP9Vc9rpHj', 0x6f, 0x3c, 'R'],
    ['2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB', 0xc4, 0x26, 'G'],
  ] as const) {
    const b = map.toBcoin(core);
    assert.ok(b.startsWith(lead), b);
    const [pc, pb] = [base58CheckDecode(core), base58CheckDecode(b)];
    assert.equal(pc[0], coreVersion);
    assert.equal(pb[0], bcoinVersion);
    assert.equal(toHex(pb.subarray(1)), toHex(pc.subarray(1)));
    assert.equal(map.fromBcoin(b), core);
    assert.equal(map.fromBcoin(core), core); // already Core: not a bcoin address, unchanged
  }
});

test('bech32: bcrt ↔ rb with a valid checksum; invalid strings pass through', () => {
  for (const core of ['bcrt1q7h6ue5w39ramd4ux6gtxh6swnrefpcfgt7vl64', 'bcrt1qzkm8f3lu6kljfs875mddl9rs72ses5v49vplrl']) {
    const b = map.toBcoin(core);
    assert.equal(bech32Hrp(b), 'rb');
    assert.equal(b.slice(3, -6), core.slice(5, -6)); // same data part, new checksum
    assert.equal(map.fromBcoin(b), core);
  }
  const broken = 'bcrt1q7h6ue5w39ramd4ux6gtxh6swnrefpcfgt7vl65';
  assert.equal(bech32Hrp(broken), undefined);
  assert.equal(map.toBcoin(broken), broken);
  assert.equal(bech32WithHrp('bcrt1Q7h6ue5w39ramd4ux6gtxh6swnrefpcfgt7vl64', 'rb'), undefined); // mixed case
});

test('mainnet/testnet addresses and non-regtest maps are left alone', () => {
  assert.equal(map.toBcoin('35W8E71bdDhQw4ZC7uUZvXG3qhyWVYxfMB'), '35W8E71bdDhQw4ZC7uUZvXG3qhyWVYxfMB');
  assert.equal(map.toBcoin('not an address'), 'not an address');
  const identity = new BcoinAddressMap(false);
  assert.equal(identity.toBcoin('mhUEBanz8ytATniaVvVNyERkHP9Vc9rpHj'), 'mhUEBanz8ytATniaVvVNyERkHP9Vc9rpHj');
  assert.equal(identity.fromBcoin('bcrt1qzkm8f3lu6kljfs875mddl9rs72ses5v49vplrl'), 'bcrt1qzkm8f3lu6kljfs875mddl9rs72ses5v49vplrl');
});
