// Ocean's encryption-key chain m/0'/2'/k' (ocean-policy §6.7): derivation path, never tweaked,
// not pooled, persisted in the HD chain record (old version-1 records read with counter 0),
// surviving wallet encryption, and recovery with a gap (recoverencryptionkey / recoverkyckeys).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash160 } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { BIP32_HARDENED_KEY_LIMIT, deriveChild, derivePath, masterKeyFromSeed } from '../../../src/wallet/keys/bip32.js';
import { HdChain } from '../../../src/wallet/keys/hd-chain.js';
import { WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { whitelistWalletPort } from '../../../src/wallet/keys/whitelist-wallet-port.js';
import { FakeClock, SeededRandom, openTestWallet, secp } from './support/fixtures.js';

const H = BIP32_HARDENED_KEY_LIMIT;
const TWEAK = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** m/0'/2'/k' of the seed a test wallet seeded with `seed` makes (its first valid 32 random bytes). */
function encryptionChild(seed: string, k: number): Uint8Array {
  const r = new SeededRandom(seed);
  let s: Uint8Array;
  do s = r.bytes(32);
  while (!secp.privateKeyVerify(s));
  const chain = derivePath(masterKeyFromSeed(s, secp), [H, (H | 2) >>> 0], secp);
  return secp.publicKeyCreate(deriveChild(chain, (H | k) >>> 0, secp).key, true);
}

describe("encryption-key chain m/0'/2'/k'", () => {
  it('derives hardened children of m/0\'/2\', untweaked, outside the key pool and the external chain', async () => {
    const { keys } = await openTestWallet({ seed: 'enc', contractTweak: TWEAK });
    const external = keys.hdExternalCounter;
    const pool = keys.keypoolSize;
    const [a, b] = await keys.newEncryptionKeys(2);
    assert.deepEqual(a!.pubkey, encryptionChild('enc', 0));
    assert.deepEqual(b!.pubkey, encryptionChild('enc', 1));
    assert.equal(a!.meta.hdKeypath, "m/0'/2'/0'");
    assert.equal(b!.meta.hdKeypath, "m/0'/2'/1'");
    assert.equal(a!.tweaked, false, 'never contract-tweaked');
    assert.deepEqual(a!.keyId, hash160(a!.pubkey));
    assert.deepEqual(a!.derivedPubkey, a!.pubkey);
    assert.equal(keys.hdEncryptionCounter, 2);
    assert.equal(keys.hdExternalCounter, external);
    assert.equal(keys.keypoolSize, pool);
    // pool keys of the same wallet are tweaked: the two chains differ
    assert.equal(keys.poolKeys()[0]!.tweaked, true);
    // the private key answers to the public key (the KYC file's user key, ECIES)
    const priv = keys.privateKeyFor(a!.pubkey)!;
    assert.deepEqual(secp.publicKeyCreate(priv, true), a!.pubkey);
    assert.equal(keys.privateKeyFor(secp.publicKeyCreate(new Uint8Array(32).fill(7), true)), undefined);
  });

  it('persists: a reopened wallet holds the keys and continues the chain; a version-1 record reads with counter 0', async () => {
    const store = new MemoryKvStore();
    const { keys } = await openTestWallet({ store, seed: 'persist' });
    const [k0] = await keys.newEncryptionKeys(1);
    await keys.setKycPubKey(k0!.pubkey);
    const reopened = await WalletKeyStore.open(store, { secp, random: new SeededRandom('x'), clock: new FakeClock(), keypoolSize: 5 });
    assert.equal(reopened.hdEncryptionCounter, 1);
    assert.ok(reopened.haveKey(k0!.keyId));
    assert.deepEqual(reopened.kycPubKey, k0!.pubkey, 'the wallet KYC key is kept');
    const [k1] = await reopened.newEncryptionKeys(1);
    assert.deepEqual(k1!.pubkey, encryptionChild('persist', 1));

    const v1 = new HdChain(new Uint8Array(20).fill(9), 17, HdChain.VERSION_BASIC);
    assert.equal(v1.encode().length, 28);
    const read = HdChain.decode(v1.encode());
    assert.equal(read.encryptionCounter, 0);
    assert.equal(read.externalCounter, 17);
    const up = read.withEncryptionCounter(3);
    assert.equal(up.version, HdChain.VERSION_ENCRYPTION_CHAIN);
    assert.deepEqual(HdChain.decode(up.encode()), up);
  });

  it('recovers keys another copy of the wallet derived later (gap), and keeps them', async () => {
    const authority = await openTestWallet({ seed: 'shared' });
    const store = new MemoryKvStore();
    const copy = await openTestWallet({ seed: 'shared', store });
    const keys = await authority.keys.newEncryptionKeys(30);
    const target = keys[24]!.pubkey;
    assert.equal(copy.keys.haveKey(hash160(target)), false);
    assert.equal(await copy.keys.recoverEncryptionKeys([target], 10), false, 'not within 10 keys');
    assert.equal(copy.keys.hdEncryptionCounter, 10);
    assert.equal(await copy.keys.recoverEncryptionKeys([target], 100), true);
    assert.equal(copy.keys.hdEncryptionCounter, 25, 'stops at the key');
    assert.equal(await copy.keys.recoverEncryptionKeys([target], 1), true, 'already held: nothing to do');
    // several targets, the gap counts keys in a row without a hit
    const rest = [keys[27]!.pubkey, keys[29]!.pubkey];
    assert.equal(await copy.keys.recoverEncryptionKeys(rest, 3), true);
    assert.equal(copy.keys.hdEncryptionCounter, 30);
    const reopened = await WalletKeyStore.open(store, { secp, random: new SeededRandom('y'), clock: new FakeClock(), keypoolSize: 5 });
    for (const k of keys.slice(10)) assert.ok(reopened.haveKey(k.keyId), 'recovered keys persist');
  });

  it('survives encryption: old keys stay usable once unlocked; a locked wallet neither derives nor recovers', async () => {
    const clock = new FakeClock(1_800_000_000, 1000);
    const { keys } = await openTestWallet({ seed: 'crypt', clock });
    const [before] = await keys.newEncryptionKeys(1);
    await keys.encrypt('pass');
    assert.equal(keys.isLocked, true);
    assert.equal(keys.privateKeyFor(before!.pubkey), undefined);
    await assert.rejects(keys.newEncryptionKeys(1), (e: Error) => /passphrase/.test(e.message));
    assert.equal(await keys.recoverEncryptionKeys([secp.publicKeyCreate(new Uint8Array(32).fill(3), true)], 10), false);
    keys.unlock('pass');
    assert.deepEqual(secp.publicKeyCreate(keys.privateKeyFor(before!.pubkey)!, true), before!.pubkey);
    // encryptwallet made a new HD seed (as Core): the encryption chain restarts on it
    assert.equal(keys.hdEncryptionCounter, 0);
    const [after] = await keys.newEncryptionKeys(1);
    assert.equal(after!.meta.hdKeypath, "m/0'/2'/0'");
    assert.notDeepEqual(after!.pubkey, before!.pubkey);
  });

  it("the whitelist's wallet port: KYC key at once, encryption keys derived after the block", async () => {
    const authority = await openTestWallet({ seed: 'port' });
    const copy = await openTestWallet({ seed: 'port' });
    const [k] = await authority.keys.newEncryptionKeys(3).then((ks) => ks.slice(2));
    const port = whitelistWalletPort(copy.keys);
    assert.equal(port.generateEncryptionKeysUntil(k!.pubkey, 1000), false, 'not held yet');
    port.setKycPubKey(k!.pubkey);
    assert.deepEqual(port.kycPubKey(), k!.pubkey);
    await copy.keys.topUpKeyPool(); // queued behind the derivation
    assert.ok(copy.keys.haveKey(k!.keyId));
    assert.equal(port.generateEncryptionKeysUntil(k!.pubkey, 1000), true);
  });
});
