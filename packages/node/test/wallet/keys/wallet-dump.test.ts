import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addressForDestination, compareBytes, decodeWif, encodeWif } from '@ocean-ts/core';
import {
  decodeDumpString,
  decodeDumpTime,
  encodeDumpString,
  encodeDumpTime,
  formatWalletDump,
  parseWalletDump,
} from '../../../src/wallet/keys/wallet-dump.js';
import { masterKeyFromSeed } from '../../../src/wallet/keys/bip32.js';
import { PREFIXES, SeededRandom, hex, openTestWallet, secp } from './support/fixtures.js';

const HEADER = { clientBuild: 'v2.1.1.1-7c11ad9ca-dirty', now: 1_800_000_600, bestHeight: 12, bestHash: 'cd'.repeat(32), bestTime: 1_800_000_300 };

describe('dump helpers (EncodeDumpTime / EncodeDumpString and their decoders)', () => {
  it('times are %Y-%m-%dT%H:%M:%SZ in UTC; unreadable times decode to 0', () => {
    assert.equal(encodeDumpTime(0), '1970-01-01T00:00:00Z');
    assert.equal(encodeDumpTime(1), '1970-01-01T00:00:01Z');
    assert.equal(encodeDumpTime(1_795_468_908), '2026-11-23T21:21:48Z');
    assert.equal(decodeDumpTime('2026-11-23T21:21:48Z'), 1_795_468_908);
    assert.equal(decodeDumpTime('garbage'), 0);
    assert.equal(decodeDumpTime('2026-02-30T00:00:00Z'), 0);
    fc.assert(fc.property(fc.integer({ min: 0, max: 253402300799 }), (t) => assert.equal(decodeDumpTime(encodeDumpTime(t)), t)));
  });

  it('labels: bytes <= 0x20, >= 0x80 and % are %xx-encoded; decoding inverts it', () => {
    assert.equal(encodeDumpString('my label'), 'my%20label');
    assert.equal(encodeDumpString('100%'), '100%25');
    assert.equal(encodeDumpString('é'), '%c3%a9');
    assert.equal(encodeDumpString(''), '');
    assert.equal(decodeDumpString('my%20label'), 'my label');
    assert.equal(decodeDumpString('%C3%A9'), 'é', 'upper-case hex too');
    assert.equal(decodeDumpString('50%'), '50%', 'a trailing % stays');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => assert.equal(decodeDumpString(encodeDumpString(s)), s)));
    fc.assert(fc.property(fc.string(), (s) => assert.ok(!/[\s]/.test(encodeDumpString(s)))));
  });
});

describe('dumpwallet / importwallet', () => {
  it("writes Core 0.14's format: header, extended master key, one line per key sorted by (time, key id)", async () => {
    const { keys, clock } = await openTestWallet({ keypoolSize: 2 });
    clock.seconds += 60;
    const labeled = await keys.getNewKey({ name: 'my label', purpose: 'receive' });
    const change = await keys.getChangeKey(); // the top-up before it made a key at the new time
    const imported = new SeededRandom('imported').bytes(32);
    await keys.importPrivateKey(imported, false, { label: 'imp' });

    const entries = keys.dumpKeyEntries(() => 0);
    const text = formatWalletDump(HEADER, keys.extendedMasterKey(), entries, PREFIXES);
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 7), [
      '# Wallet dump created by Bitcoin v2.1.1.1-7c11ad9ca-dirty',
      '# * Created on 2027-01-15T08:10:00Z',
      `# * Best block at time of backup was 12 (${'cd'.repeat(32)}),`,
      '#   mined on 2027-01-15T08:05:00Z',
      '',
      `# extended private masterkey: ${masterKeyFromSeed(new SeededRandom('wallet').bytes(32), secp).toBase58(PREFIXES)}`,
      '',
    ]);
    assert.deepEqual(lines.slice(-3), ['', '# End of dump', '']);
    const keyLines = lines.slice(7, -3);
    assert.equal(keyLines.length, keys.keyIds().length);

    // sorted by time, then key id
    const order = [...entries].sort((a, b) => a.time - b.time || compareBytes(a.keyId, b.keyId));
    assert.deepEqual(entries, order);
    assert.equal(keyLines[0]!.split(' ')[1], '1970-01-01T00:00:01Z', 'importprivkey keys have time 1 and come first');

    const byAddr = new Map(keyLines.map((l) => [/# addr=(\S+)/.exec(l)![1]!, l]));
    const addr = (id: Uint8Array): string => addressForDestination({ type: 'keyhash', hash: id }, PREFIXES);
    const line = (id: Uint8Array): string => byAddr.get(addr(id))!;
    assert.match(line(labeled.keyId), /^\S+ 2027-01-15T08:00:00Z label=my%20label # addr=\S+ hdkeypath=m\/0'\/0'\/1'$/);
    assert.match(line(change.keyId), / change=1 # addr=\S+ hdkeypath=m\/0'\/0'\/2'$/);
    assert.match(line(keys.hdMasterKeyId!), / hdmaster=1 # addr=\S+ hdkeypath=m$/);
    assert.match(line(keys.poolKeys()[0]!.keyId), / reserve=1 # /);
    const defaultId = keys.keyIds().find((id) => hex(keys.getPubKey(id)!) === hex(keys.defaultKey!))!;
    assert.match(line(defaultId), / label= # addr=\S+ hdkeypath=m\/0'\/0'\/0'$/);
    const impId = keys.keyIds().find((id) => keys.keyInfo(id)!.meta.hdKeypath === '' && keys.getKey(id)!.compressed === false)!;
    assert.match(line(impId), new RegExp(`^${encodeWif(imported, false, PREFIXES)} 1970-01-01T00:00:01Z label=imp # addr=\\S+$`), 'no hdkeypath for imported keys');
    for (const l of keyLines) {
      const wif = decodeWif(l.split(' ')[0]!, PREFIXES);
      const id = keys.keyIds().find((k) => addr(k) === /# addr=(\S+)/.exec(l)![1])!;
      assert.deepEqual(wif.key, keys.getKey(id)!.privateKey);
    }
  });

  it('importwallet reads the dump into another wallet: same keys, labels, times; a second import skips them all', async () => {
    const a = await openTestWallet({ keypoolSize: 2, seed: 'A', contractTweak: new Uint8Array(32).fill(3) });
    await a.keys.getNewKey({ name: 'x y', purpose: 'receive' });
    await a.keys.getChangeKey();
    const text = formatWalletDump(HEADER, a.keys.extendedMasterKey(), a.keys.dumpKeyEntries(() => 0), PREFIXES);
    const parsed = parseWalletDump(text, PREFIXES);
    assert.equal(parsed.length, a.keys.keyIds().length);

    const b = await openTestWallet({ keypoolSize: 2, seed: 'B' });
    const r = await b.keys.importWalletKeys(parsed);
    assert.equal(r.imported.length, parsed.length);
    assert.equal(r.earliestTime, 1_800_000_000);
    for (const id of a.keys.keyIds()) {
      assert.deepEqual(b.keys.getKey(id), a.keys.getKey(id), 'the tweaked keys import as-is: same addresses');
      assert.equal(b.keys.keyInfo(id)!.meta.createTime, a.keys.keyInfo(id)!.meta.createTime);
    }
    const labeled = a.keys.addressBook().find((e) => e.entry.name === 'x y')!;
    assert.deepEqual(b.keys.addressBookEntry(labeled.dest), { name: 'x y', purpose: 'receive' });
    const changeIds = a.keys.keyIds().filter((id) => a.keys.addressBookEntry({ type: 'keyhash', hash: id }) === undefined);
    assert.ok(changeIds.length > 0);
    for (const id of changeIds) {
      if (hex(id) === hex(a.keys.hdMasterKeyId!)) assert.deepEqual(b.keys.addressBookEntry({ type: 'keyhash', hash: id }), { name: '', purpose: 'receive' }, 'hdmaster=1 is not change/reserve: label ""');
      else assert.equal(b.keys.addressBookEntry({ type: 'keyhash', hash: id }), undefined, 'change/reserve keys get no label');
    }
    const again = await b.keys.importWalletKeys(parsed);
    assert.equal(again.imported.length, 0);
    assert.equal(again.skipped.length, parsed.length);
    assert.equal(again.earliestTime, undefined);
  });

  it("parseWalletDump follows importwallet's reading rules", () => {
    const k1 = new SeededRandom('p1').bytes(32);
    const k2 = new SeededRandom('p2').bytes(32);
    const w1 = encodeWif(k1, true, PREFIXES);
    const w2 = encodeWif(k2, false, PREFIXES);
    const text = [
      '# comment',
      '',
      `${w1}`, // one field: skipped
      `notawif 2020-01-01T00:00:00Z label=a`,
      `${w1} 2020-01-01T00:00:00Z change=1 label=back # addr=x label=ignored`,
      `${w2} bad-time reserve=1`,
      `${w2}  2020-01-01T00:00:00Z label=a%20b`, // two spaces: the time field is empty
      ` ${w1} 2020-01-01T00:00:00Z`,
    ].join('\n');
    const keys = parseWalletDump(text, PREFIXES);
    assert.deepEqual(
      keys.map((k) => [hex(k.privateKey), k.compressed, k.time, k.label]),
      [
        [hex(k1), true, 1_577_836_800, 'back'],
        [hex(k2), false, 0, undefined],
        [hex(k2), false, 0, 'a b'],
      ],
    );
  });

  it('dumpprivkey gives the WIF of the address key; unknown keys are refused with the address', async () => {
    const { keys } = await openTestWallet({ contractTweak: new Uint8Array(32).fill(5) });
    const k = await keys.getNewKey();
    const wif = keys.dumpPrivKey(k.keyId, PREFIXES, 'addr');
    const d = decodeWif(wif, PREFIXES);
    assert.deepEqual(secp.publicKeyCreate(d.key, d.compressed), k.pubkey);
    assert.throws(() => keys.dumpPrivKey(new Uint8Array(20), PREFIXES, '2dXYZ'), /Private key for address 2dXYZ is not known/);
  });
});
