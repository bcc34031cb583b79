import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash160 } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { BIP32_HARDENED_KEY_LIMIT, deriveChild, derivePath, masterKeyFromSeed } from '../../../src/wallet/keys/bip32.js';
import { WALLET_KEYS_LAYOUT } from '../../../src/wallet/keys/layout.js';
import { ReserveKey } from '../../../src/wallet/keys/reserve-key.js';
import { FEATURE_COMPRPUBKEY, FEATURE_HD, WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { WalletKeyError } from '../../../src/wallet/keys/wallet-key-error.js';
import { FakeClock, SeededRandom, hex, openTestWallet, secp } from './support/fixtures.js';

const H = BIP32_HARDENED_KEY_LIMIT;

/** The HD chain a wallet seeded with `seed` must produce: its seed key is the first valid 32 random bytes. */
function expectedChain(seed: string): { seedId: Uint8Array; child: (k: number) => Uint8Array } {
  const r = new SeededRandom(seed);
  let s: Uint8Array;
  do s = r.bytes(32);
  while (!secp.privateKeyVerify(s));
  const ext = derivePath(masterKeyFromSeed(s, secp), [H, H], secp);
  return { seedId: hash160(secp.publicKeyCreate(s, true)), child: (k) => deriveChild(ext, H + k, secp).key };
}

describe('HD wallet creation and key derivation (CWallet::DeriveNewChildKey)', () => {
  it("first run: seed, keypool + 1 keys, m/0'/0'/0' is the default key, getNewKey starts at m/0'/0'/1'", async () => {
    const { keys, clock } = await openTestWallet({ keypoolSize: 5 });
    const exp = expectedChain('wallet');
    assert.equal(keys.isHdEnabled, true);
    assert.equal(keys.walletVersion, FEATURE_HD);
    assert.deepEqual(keys.hdMasterKeyId, exp.seedId);
    assert.equal(keys.keypoolSize, 5, 'six keys pooled, the first taken as the default key');
    assert.equal(keys.hdExternalCounter, 6);
    assert.deepEqual(keys.defaultKey, secp.publicKeyCreate(exp.child(0), true));
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: hash160(keys.defaultKey!) }), { name: '', purpose: 'receive' });

    clock.seconds += 100;
    const k1 = await keys.getNewKey({ name: 'alice', purpose: 'receive' });
    assert.deepEqual(k1.pubkey, secp.publicKeyCreate(exp.child(1), true));
    assert.deepEqual(k1.derivedPubkey, k1.pubkey, 'no contract: not tweaked');
    assert.equal(k1.meta.hdKeypath, "m/0'/0'/1'");
    assert.deepEqual(k1.meta.hdMasterKeyId, exp.seedId);
    assert.equal(k1.meta.createTime, 1_800_000_000, 'created with the pool, not when handed out');
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: k1.keyId }), { name: 'alice', purpose: 'receive' });
    assert.deepEqual(keys.getKey(k1.keyId), { privateKey: exp.child(1), compressed: true });
    assert.equal(keys.keypoolSize, 5, 'topped up to 6, one taken');
    assert.equal(keys.hdExternalCounter, 7);
    const seedInfo = keys.keyInfo(exp.seedId)!;
    assert.equal(seedInfo.meta.hdKeypath, 'm');
    assert.deepEqual(seedInfo.meta.hdMasterKeyId, exp.seedId);
  });

  it('a reopened wallet continues exactly where it was (same keys, same pool, same next key)', async () => {
    const store = new MemoryKvStore();
    const a = await openTestWallet({ store, seed: 's1' });
    const twin = await openTestWallet({ seed: 's1' });
    for (let i = 0; i < 3; i++) assert.deepEqual((await a.keys.getNewKey()).keyId, (await twin.keys.getNewKey()).keyId);
    const reopened = await WalletKeyStore.open(store, { secp, random: new SeededRandom('other'), clock: new FakeClock(), keypoolSize: 5 });
    assert.equal(reopened.keypoolSize, twin.keys.keypoolSize);
    assert.deepEqual(reopened.hdMasterKeyId, twin.keys.hdMasterKeyId);
    assert.deepEqual(reopened.keyIds().map(hex).sort(), twin.keys.keyIds().map(hex).sort());
    for (let i = 0; i < 8; i++) {
      const x = await reopened.getNewKey();
      const y = await twin.keys.getNewKey();
      assert.deepEqual(x.keyId, y.keyId);
      assert.equal(x.meta.hdKeypath, `m/0'/0'/${i + 4}'`);
    }
  });

  it('derivation skips keys the wallet already holds', async () => {
    const { keys } = await openTestWallet({ keypoolSize: 0 });
    const exp = expectedChain('wallet');
    const next = keys.hdExternalCounter!;
    assert.equal(keys.keypoolSize, 0);
    await keys.importPrivateKey(exp.child(next), true);
    const k = await keys.getNewKey(); // tops up first: the held child is skipped
    assert.equal(k.meta.hdKeypath, `m/0'/0'/${next + 1}'`);
    assert.equal(keys.hdExternalCounter, next + 2);
  });

  it('non-HD wallets (-usehd=0): random compressed keys without a key path; -usehd must match the wallet', async () => {
    const store = new MemoryKvStore();
    const { keys } = await openTestWallet({ store, useHd: false });
    assert.equal(keys.isHdEnabled, false);
    assert.equal(keys.walletVersion, FEATURE_COMPRPUBKEY);
    const k = await keys.getNewKey();
    assert.equal(k.meta.hdKeypath, '');
    assert.equal(k.meta.hdMasterKeyId, undefined);
    assert.equal(k.pubkey.length, 33);
    const r = new SeededRandom('wallet');
    const drawn = [r.bytes(32), r.bytes(32)];
    assert.deepEqual(keys.defaultKey, secp.publicKeyCreate(drawn[0]!, true), 'the first random key is the default key');
    await assert.rejects(WalletKeyStore.open(store, { secp, useHd: true }), (e) => {
      assert.ok(e instanceof WalletKeyError && e.kind === 'hd-mismatch');
      assert.equal(e.message, "Error loading wallet.dat: You can't enable HD on a already existing non-HD wallet");
      return true;
    });
    const hdStore = new MemoryKvStore();
    await openTestWallet({ store: hdStore });
    await assert.rejects(WalletKeyStore.open(hdStore, { secp, useHd: false, walletName: 'w1' }), /Error loading w1: You can't disable HD on a already existing HD wallet/);
  });

  it('the schema version is recorded and checked', async () => {
    const store = new MemoryKvStore();
    await openTestWallet({ store });
    const { readSchemaVersion } = await import('../../../src/storage/layout.js');
    assert.equal(readSchemaVersion(store, WALLET_KEYS_LAYOUT.name), 1);
  });
});

describe('key pool (TopUpKeyPool, ReserveKeyFromKeyPool / KeepKey / ReturnKey)', () => {
  it('hands out the oldest key first; keypoololdest is the oldest pooled key time', async () => {
    const { keys, clock } = await openTestWallet({ keypoolSize: 3 });
    const pool = keys.poolKeys().map((k) => hex(k.keyId));
    assert.equal(pool.length, 3);
    assert.equal(keys.keypoolOldest(), 1_800_000_000);
    clock.seconds = 1_800_000_500;
    const a = await keys.getNewKey();
    assert.equal(hex(a.keyId), pool[0]);
    assert.equal(keys.keypoolOldest(), 1_800_000_000);
    // the pool now holds keys made at two different times; drain the old ones
    await keys.getNewKey();
    await keys.getNewKey();
    assert.equal(keys.keypoolOldest(), 1_800_000_500);
  });

  it('topUpKeyPool(n) fills to n + 1; -keypool=0 still keeps one key', async () => {
    const { keys } = await openTestWallet({ keypoolSize: 0 });
    assert.equal(keys.keypoolSize, 0, 'one key pooled, taken as the default key');
    assert.equal(await keys.topUpKeyPool(), true);
    assert.equal(keys.keypoolSize, 1);
    await keys.topUpKeyPool(10);
    assert.equal(keys.keypoolSize, 11);
    await keys.topUpKeyPool(3);
    assert.equal(keys.keypoolSize, 11, 'never shrinks');
  });

  it('reserve / return / keep; a reserved key not kept is back in the pool after a restart', async () => {
    const store = new MemoryKvStore();
    const { keys } = await openTestWallet({ store, keypoolSize: 2 });
    const r1 = (await keys.reserveKey())!;
    const r2 = (await keys.reserveKey())!;
    assert.notDeepEqual(r1.key.keyId, r2.key.keyId);
    assert.ok(r1.index < r2.index);
    keys.returnKey(r1.index);
    const again = (await keys.reserveKey())!;
    assert.equal(again.index, r1.index, 'a returned key is the oldest again');
    await keys.keepKey(again.index);
    assert.equal(store.has(WALLET_KEYS_LAYOUT.key('pool', new Uint8Array([0, 0, 0, 0, 0, 0, 0, again.index]))), false);
    // r2 stays reserved in memory only
    const restarted = await WalletKeyStore.open(store, { secp, keypoolSize: 2 });
    const ids = restarted.poolKeys().map((k) => hex(k.keyId));
    assert.ok(ids.includes(hex(r2.key.keyId)), 'the unkept reservation is available after restart');
    assert.ok(!ids.includes(hex(again.key.keyId)), 'the kept key is gone for good');
    assert.equal(ids[0], hex(r2.key.keyId), 'and it is the oldest');
  });

  it('CReserveKey: get / keep / return', async () => {
    const { keys } = await openTestWallet({ keypoolSize: 2 });
    const rk = new ReserveKey(keys);
    const k = (await rk.get())!;
    assert.deepEqual((await rk.get())!.keyId, k.keyId, 'the same key until kept or returned');
    rk.return();
    const rk2 = new ReserveKey(keys);
    assert.deepEqual((await rk2.get())!.keyId, k.keyId);
    await rk2.keep();
    assert.ok(!keys.poolKeys().some((p) => hex(p.keyId) === hex(k.keyId)));
  });

  it('change keys get no address book entry; new keys do', async () => {
    const { keys } = await openTestWallet();
    const c = await keys.getChangeKey();
    assert.equal(keys.addressBookEntry({ type: 'keyhash', hash: c.keyId }), undefined);
    const n = await keys.getNewKey({ name: '', purpose: 'receive' });
    assert.ok(keys.addressBookEntry({ type: 'keyhash', hash: n.keyId }));
    await keys.setAddressBook({ type: 'keyhash', hash: n.keyId }, 'renamed', '');
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: n.keyId }), { name: 'renamed', purpose: 'receive' }, 'an empty purpose keeps the old one');
  });

  it('concurrent getNewKey calls hand out distinct keys, in call order', async () => {
    const { keys } = await openTestWallet({ keypoolSize: 3 });
    const got = await Promise.all(Array.from({ length: 12 }, () => keys.getNewKey()));
    assert.equal(new Set(got.map((k) => hex(k.keyId))).size, 12);
    assert.deepEqual(
      got.map((k) => k.meta.hdKeypath),
      Array.from({ length: 12 }, (_, i) => `m/0'/0'/${i + 1}'`),
    );
  });

  it('a failed write changes nothing in memory', async () => {
    const store = new MemoryKvStore();
    const { keys } = await openTestWallet({ store, keypoolSize: 2 });
    const before = keys.poolKeys().map((k) => hex(k.keyId));
    store.failNextWrite();
    await assert.rejects(keys.getNewKey());
    assert.deepEqual(keys.poolKeys().map((k) => hex(k.keyId)), before);
    const k = await keys.getNewKey();
    assert.equal(hex(k.keyId), before[0]);
  });
});
