// banlist.dat (Core 0.14's CBanDB): round trip, checksum and magic checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OCEAN_MAGIC } from '@ocean-ts/wire';
import { BanList } from '../../src/net/ban-list.js';
import { BanListFileError, decodeBanList, encodeBanList } from '../../src/net/ban-list-file.js';
import { NetSubnet } from '../../src/net/net-subnet.js';

test('banlist.dat round trip in map order, with the reasons', () => {
  const bans = new BanList(86400, () => 1_700_000_000);
  bans.ban(NetSubnet.parse('10.0.0.0/8')!, 'manually added');
  bans.ban(NetSubnet.parse('1.2.3.4')!, 'node misbehaving', 100);
  bans.ban(NetSubnet.parse('::1')!, 'manually added', 2_000_000_000, true);
  const bytes = encodeBanList(bans.all(), OCEAN_MAGIC);
  // magic, count 3, 3 × (16 + 16 + 1 + 4 + 8 + 8 + 1), checksum
  assert.equal(bytes.length, 4 + 1 + 3 * 54 + 32);
  assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('hex'), 'fabfb5da03');
  const back = decodeBanList(bytes, OCEAN_MAGIC);
  const view = (e: ReturnType<BanList['all']>) => e.map((x) => `${x.subnet.toString()} ${x.createTime} ${x.banUntil} ${x.reason}`);
  assert.deepEqual(view(back), view(bans.all()));
  assert.deepEqual(view(back), ['::1/128 1700000000 2000000000 manually added', '1.2.3.4/32 1700000000 1700000100 node misbehaving', '10.0.0.0/8 1700000000 1700086400 manually added']);
  const corrupt = bytes.slice();
  corrupt[10] ^= 1;
  assert.throws(() => decodeBanList(corrupt, OCEAN_MAGIC), (e) => e instanceof BanListFileError && e.message === 'Read: Checksum mismatch, data corrupted');
  assert.throws(() => decodeBanList(bytes, Uint8Array.of(1, 2, 3, 4)), /Invalid network magic number/);
});
