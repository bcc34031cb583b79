import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash160 } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { aesCbcDecrypt, decryptSecret, keyFromPassphrase } from '../../../src/wallet/keys/crypter.js';
import { WALLET_KEYS_LAYOUT } from '../../../src/wallet/keys/layout.js';
import { MasterKey } from '../../../src/wallet/keys/master-key.js';
import { StoredKey } from '../../../src/wallet/keys/stored-key.js';
import { WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { WalletKeyError, type WalletKeyErrorKind } from '../../../src/wallet/keys/wallet-key-error.js';
import { FakeClock, PREFIXES, hex, openTestWallet, secp } from './support/fixtures.js';

function kind(k: WalletKeyErrorKind): (e: unknown) => boolean {
  return (e) => e instanceof WalletKeyError && e.kind === k;
}

function storeContains(store: MemoryKvStore, needle: Uint8Array): boolean {
  const n = hex(needle);
  for (const [, v] of store.range({})) if (hex(v).includes(n)) return true;
  return false;
}

function masterKeyRecord(store: MemoryKvStore): MasterKey {
  const all = [...store.range(WALLET_KEYS_LAYOUT.range('mkey'))];
  assert.equal(all.length, 1);
  return MasterKey.decode(all[0]![1]);
}

/** An encrypted wallet (the calibration sees 1 s per step → 25,000 rounds), unlocked-state clock steps off. */
async function encryptedWallet(keypoolSize = 3): Promise<{ keys: WalletKeyStore; store: MemoryKvStore; clock: FakeClock; secrets: Uint8Array[] }> {
  const store = new MemoryKvStore();
  const clock = new FakeClock(1_800_000_000, 1000);
  const { keys } = await openTestWallet({ store, clock, keypoolSize });
  await keys.getNewKey();
  const secrets = keys.keyIds().map((id) => keys.getKey(id)!.privateKey);
  await keys.encrypt('correct horse');
  clock.autoStepMs = 0;
  return { keys, store, clock, secrets };
}

describe('encryptwallet (CWallet::EncryptWallet)', () => {
  it('encrypts every key under a passphrase-protected master key; no plaintext secret is left in the store', async () => {
    const store = new MemoryKvStore();
    const clock = new FakeClock(1_800_000_000, 1000);
    const { keys } = await openTestWallet({ store, clock, keypoolSize: 3 });
    const oldSeed = keys.hdMasterKeyId!;
    const oldPool = keys.poolKeys().map((k) => hex(k.keyId));
    const handedOut = await keys.getNewKey();
    const secrets = keys.keyIds().map((id) => keys.getKey(id)!.privateKey);
    assert.ok(secrets.every((s) => storeContains(store, s)), 'plaintext before encryption');
    await keys.encrypt('correct horse');
    assert.equal(keys.isCrypted, true);
    assert.equal(keys.isLocked, true, 'locked afterwards');
    for (const s of secrets) assert.equal(storeContains(store, s), false);

    const mk = masterKeyRecord(store);
    assert.equal(mk.salt.length, 8);
    assert.equal(mk.derivationMethod, 0);
    assert.equal(mk.deriveIterations, 25000);
    const vMasterKey = aesCbcDecrypt(keyFromPassphrase('correct horse', mk.salt, mk.deriveIterations, 0)!, mk.cryptedKey)!;
    assert.equal(vMasterKey.length, 32);
    for (const [k, v] of store.range(WALLET_KEYS_LAYOUT.range('key'))) {
      const rec = StoredKey.decode(v);
      assert.equal(rec.crypted, true);
      const s = decryptSecret(vMasterKey, rec.secret, rec.basePubkey)!;
      assert.deepEqual(hash160(secp.publicKeyCreate(s, rec.compressed)), k.slice(1));
    }

    // as Core: a new HD seed and a new pool of -keypool keys from it
    assert.notDeepEqual(keys.hdMasterKeyId, oldSeed);
    assert.equal(keys.keyInfo(oldSeed)?.meta.hdKeypath, 'm', 'the old seed stays as a key');
    const pool = keys.poolKeys();
    assert.equal(pool.length, 3);
    assert.ok(pool.every((k) => !oldPool.includes(hex(k.keyId))));
    assert.deepEqual(
      pool.map((k) => [k.meta.hdKeypath, hex(k.meta.hdMasterKeyId!)]),
      [0, 1, 2].map((i) => [`m/0'/0'/${i}'`, hex(keys.hdMasterKeyId!)]),
    );
    assert.ok(keys.haveKey(handedOut.keyId), 'old keys are kept');
    await assert.rejects(keys.encrypt('again'), kind('already-encrypted'));
  });

  it('locked: pooled keys can be handed out, but nothing is derived, signed, dumped or imported', async () => {
    const { keys, secrets } = await encryptedWallet(2);
    assert.equal(keys.getKey(keys.keyIds()[0]!), undefined);
    assert.throws(() => keys.dumpPrivKey(keys.keyIds()[0]!, PREFIXES, 'x'), kind('locked'));
    assert.equal(await keys.topUpKeyPool(), false);
    const a = await keys.getNewKey();
    const b = await keys.getChangeKey();
    assert.notDeepEqual(a.keyId, b.keyId);
    assert.equal(keys.keypoolSize, 0);
    await assert.rejects(keys.getNewKey(), (e) => kind('keypool-ran-out')(e) && (e as Error).message === 'Error: Keypool ran out, please call keypoolrefill first');
    await assert.rejects(keys.getChangeKey(), kind('keypool-ran-out'));
    assert.equal(await keys.reserveKey(), undefined);
    await assert.rejects(keys.importPrivateKey(secrets[0]!, true), kind('locked'));
    assert.throws(() => keys.dumpKeyEntries(() => 0), kind('locked'));
    // unlocking allows derivation again; the new keys are stored encrypted
    keys.unlock('correct horse');
    const c = await keys.getNewKey();
    assert.equal(c.meta.hdKeypath, "m/0'/0'/2'");
    assert.deepEqual(secp.publicKeyCreate(keys.getKey(c.keyId)!.privateKey, true), c.pubkey);
    assert.equal(keys.keypoolSize, 2);
  });

  it('walletpassphrase: a wrong passphrase is refused; the right one unlocks until the timeout', async () => {
    const { keys, clock } = await encryptedWallet();
    assert.throws(() => keys.unlock('wrong'), (e) => kind('wrong-passphrase')(e) && (e as Error).message === 'The wallet passphrase entered was incorrect.');
    assert.equal(keys.isLocked, true);
    keys.unlock('correct horse', 60);
    assert.equal(keys.isLocked, false);
    assert.equal(keys.unlockedUntil, 1_800_000_060);
    clock.advanceMs(59_999);
    assert.equal(keys.isLocked, false);
    assert.ok(keys.getKey(keys.keyIds()[0]!));
    clock.advanceMs(1);
    assert.equal(keys.isLocked, true, 'relocked at the deadline');
    assert.equal(keys.unlockedUntil, 0);
    assert.equal(keys.getKey(keys.keyIds()[0]!), undefined);
    keys.unlock('correct horse');
    assert.equal(keys.unlockedUntil, 0, 'no timeout');
    clock.advanceMs(1e9);
    assert.equal(keys.isLocked, false);
    keys.lock();
    assert.equal(keys.isLocked, true);
  });

  it('walletlock / walletpassphrase / walletpassphrasechange on an unencrypted wallet: wrong encryption state', async () => {
    const { keys } = await openTestWallet();
    assert.throws(() => keys.lock(), kind('not-encrypted'));
    assert.throws(() => keys.unlock('x'), kind('not-encrypted'));
    await assert.rejects(keys.changePassphrase('a', 'b'), kind('not-encrypted'));
    await assert.rejects(keys.encrypt(''), kind('invalid'));
    assert.equal(keys.isLocked, false);
  });

  it('walletpassphrasechange re-encrypts the master key (same salt, recalibrated rounds); lock state as Core', async () => {
    const { keys, store, clock } = await encryptedWallet();
    const before = masterKeyRecord(store);
    clock.autoStepMs = 1000;
    await keys.changePassphrase('correct horse', 'battery staple');
    const after = masterKeyRecord(store);
    assert.deepEqual(after.salt, before.salt);
    assert.notDeepEqual(after.cryptedKey, before.cryptedKey);
    assert.equal(after.deriveIterations, 25000);
    assert.equal(keys.isLocked, true, 'was locked, stays locked');
    clock.autoStepMs = 0;
    assert.throws(() => keys.unlock('correct horse'), kind('wrong-passphrase'));
    keys.unlock('battery staple', 100);
    clock.autoStepMs = 1000;
    await keys.changePassphrase('battery staple', 'third');
    clock.autoStepMs = 0;
    assert.equal(keys.isLocked, false, 'was unlocked, stays unlocked');
    assert.equal(keys.unlockedUntil, 1_800_000_100);
    await assert.rejects(keys.changePassphrase('wrong', 'fourth'), kind('wrong-passphrase'));
    assert.equal(keys.isLocked, true, "Core locks first, so a wrong old passphrase leaves the wallet locked");
    keys.unlock('third');
  });

  it('a non-HD wallet encrypts too: a new pool of random keys, no seed', async () => {
    const clock = new FakeClock(1_800_000_000, 1000);
    const { keys } = await openTestWallet({ clock, useHd: false, keypoolSize: 2 });
    const before = keys.poolKeys().map((k) => hex(k.keyId));
    await keys.encrypt('pw');
    clock.autoStepMs = 0;
    assert.equal(keys.isHdEnabled, false);
    const pool = keys.poolKeys();
    assert.equal(pool.length, 2);
    assert.ok(pool.every((k) => !before.includes(hex(k.keyId)) && k.meta.hdKeypath === ''));
    keys.unlock('pw');
    for (const k of pool) assert.deepEqual(secp.publicKeyCreate(keys.getKey(k.keyId)!.privateKey, true), k.pubkey);
  });

  it('an encrypted wallet reopens locked and unlocks to the same keys', async () => {
    const { keys, store, secrets } = await encryptedWallet();
    keys.unlock('correct horse');
    const ids = keys.keyIds().map(hex).sort();
    const reopened = await WalletKeyStore.open(store, { secp, keypoolSize: 3 });
    assert.equal(reopened.isCrypted, true);
    assert.equal(reopened.isLocked, true);
    assert.throws(() => reopened.unlock('nope'), kind('wrong-passphrase'));
    reopened.unlock('correct horse');
    assert.deepEqual(reopened.keyIds().map(hex).sort(), ids);
    const now = reopened.keyIds().map((id) => hex(reopened.getKey(id)!.privateKey));
    for (const s of secrets) assert.ok(now.includes(hex(s)));
  });
});
