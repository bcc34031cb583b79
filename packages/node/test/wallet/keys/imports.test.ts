import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash160, scriptForDestination } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { WalletKeyError } from '../../../src/wallet/keys/wallet-key-error.js';
import { SeededRandom, hex, openTestWallet, secp } from './support/fixtures.js';

const p2pkh = (id: Uint8Array): Uint8Array => scriptForDestination({ type: 'keyhash', hash: id });
const p2sh = (script: Uint8Array): Uint8Array => scriptForDestination({ type: 'scripthash', hash: hash160(script) });
const p2pk = (pub: Uint8Array): Uint8Array => Uint8Array.of(pub.length, ...pub, 0xac);
function multisig(m: number, keys: Uint8Array[]): Uint8Array {
  return Uint8Array.of(0x50 + m, ...keys.flatMap((k) => [k.length, ...k]), 0x50 + keys.length, 0xae);
}
function foreignKey(seed: string): { priv: Uint8Array; pub: Uint8Array } {
  const priv = new SeededRandom(seed).bytes(32);
  return { priv, pub: secp.publicKeyCreate(priv, true) };
}

describe('importprivkey', () => {
  it('adds the key as-is with time 1 and the label; a known key only gets its label updated', async () => {
    const { keys } = await openTestWallet({ contractTweak: new Uint8Array(32).fill(1) });
    const f = foreignKey('f1');
    const r = await keys.importPrivateKey(f.priv, true, { label: 'one' });
    assert.equal(r.added, true);
    assert.deepEqual(r.keyId, hash160(f.pub), 'imported keys are not tweaked');
    const info = keys.keyInfo(r.keyId)!;
    assert.equal(info.meta.createTime, 1);
    assert.equal(info.tweaked, false);
    assert.deepEqual(info.derivedPubkey, f.pub);
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: r.keyId }), { name: 'one', purpose: 'receive' });
    const again = await keys.importPrivateKey(f.priv, true, { label: 'two' });
    assert.equal(again.added, false);
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: r.keyId }), { name: 'two', purpose: 'receive' });
    const unc = await keys.importPrivateKey(f.priv, false, {});
    assert.equal(unc.added, true, 'the uncompressed form is another key id');
    await assert.rejects(keys.importPrivateKey(new Uint8Array(32), true), (e) => e instanceof WalletKeyError && e.kind === 'invalid');
  });
});

describe('watch-only imports and IsMine', () => {
  it('importpubkey watches P2PKH and P2PK of the key (solvable), knows the pubkey; own keys are refused', async () => {
    const store = new MemoryKvStore();
    const { keys } = await openTestWallet({ store });
    const f = foreignKey('f2');
    const id = hash160(f.pub);
    assert.equal(keys.isMine(p2pkh(id)), 'no');
    await keys.importPubKey(f.pub, 'watch', 1234);
    assert.equal(keys.isMine(p2pkh(id)), 'watch-solvable');
    assert.equal(keys.isMine(p2pk(f.pub)), 'watch-solvable');
    assert.equal(keys.haveKey(id), false);
    assert.deepEqual(keys.getPubKey(id), f.pub);
    assert.equal(keys.watchOnlyTime(p2pkh(id)), 1234);
    assert.deepEqual(keys.addressBookEntry({ type: 'keyhash', hash: id }), { name: 'watch', purpose: 'receive' });
    const own = await keys.getNewKey();
    await assert.rejects(
      keys.importPubKey(own.pubkey, ''),
      (e) => e instanceof WalletKeyError && e.kind === 'already-mine' && e.message === 'The wallet already contains the private key for this address or script',
    );
    await assert.rejects(keys.importPubKey(Uint8Array.of(5, ...new Uint8Array(32)), ''), /Pubkey is not a valid public key/);
    const reopened = await WalletKeyStore.open(store, { secp, keypoolSize: 5 });
    assert.equal(reopened.isMine(p2pkh(id)), 'watch-solvable', 'watch-only scripts persist');
    assert.deepEqual(reopened.getPubKey(id), f.pub);
  });

  it('importaddress of a key hash without its pubkey is watch-only but not solvable', async () => {
    const { keys } = await openTestWallet();
    const id = hash160(foreignKey('f3').pub);
    await keys.importAddress({ type: 'keyhash', hash: id }, 'lbl');
    assert.equal(keys.isMine(p2pkh(id)), 'watch-unsolvable');
    assert.equal(keys.watchOnlyTime(p2pkh(id)), 0);
  });

  it('importaddress of a redeem script (p2sh=true) stores it and watches both scripts; a spendable one is stored, then refused', async () => {
    const { keys } = await openTestWallet();
    const a = foreignKey('f4');
    const b = foreignKey('f5');
    const redeem = multisig(1, [a.pub, b.pub]);
    await keys.importScript(redeem, { label: 'ms', isRedeemScript: true });
    assert.deepEqual(keys.getScript(hash160(redeem)), redeem);
    assert.equal(keys.haveWatchOnly(redeem), true);
    assert.equal(keys.isMine(p2sh(redeem)), 'watch-solvable');
    assert.deepEqual(keys.addressBookEntry({ type: 'scripthash', hash: hash160(redeem) }), { name: 'ms', purpose: 'receive' });

    const k1 = await keys.getNewKey();
    const k2 = await keys.getNewKey();
    const mine = multisig(2, [k1.pubkey, k2.pubkey]);
    await assert.rejects(keys.importScript(mine, { label: '', isRedeemScript: true }), (e) => e instanceof WalletKeyError && e.kind === 'already-mine');
    assert.deepEqual(keys.getScript(hash160(mine)), mine, "as Core, the redeem script was added before the P2SH check failed");
    assert.equal(keys.isMine(p2sh(mine)), 'spendable');
    await assert.rejects(keys.importScript(new Uint8Array(521).fill(0x51), { label: '', isRedeemScript: true }), /Error adding p2sh redeemScript to wallet/);
  });

  it('IsMine: multisig needs all keys; bare segwit only with its P2SH form known; OP_TRUE per -anyonecanspendaremine', async () => {
    const { keys } = await openTestWallet();
    const k1 = await keys.getNewKey();
    const k2 = await keys.getNewKey();
    const f = foreignKey('f6');
    assert.equal(keys.isMine(multisig(1, [k1.pubkey, k2.pubkey])), 'spendable');
    assert.equal(keys.isMine(multisig(1, [k1.pubkey, f.pub])), 'no', 'partially owned multisig is not mine');
    assert.equal(keys.isMine(p2pk(k1.pubkey)), 'spendable');
    const wpkh = Uint8Array.of(0x00, 0x14, ...k1.keyId);
    assert.equal(keys.isMine(wpkh), 'no');
    assert.equal(await keys.addScript(wpkh), true);
    assert.equal(keys.isMine(wpkh), 'spendable');
    assert.equal(keys.isMine(p2sh(wpkh)), 'spendable');
    assert.equal(keys.isMine(Uint8Array.of(0x51)), 'spendable', 'OP_TRUE');
    assert.equal(keys.isMine(Uint8Array.of(0x6a, 0x01, 0x01)), 'no', 'nulldata');
    assert.equal(keys.isMine(new Uint8Array(0)), 'no', 'fee output');
    const odd = Uint8Array.of(0x52, 0x93, 0x54, 0x87);
    await keys.importScript(odd, { label: '', isRedeemScript: false });
    assert.equal(keys.isMine(odd), 'watch-unsolvable');
    const strict = await openTestWallet({ anyoneCanSpendAreMine: false });
    assert.equal(strict.keys.isMine(Uint8Array.of(0x51)), 'no');
    assert.equal(hex(k1.keyId).length, 40);
  });
});
