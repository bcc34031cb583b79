import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BITCOIN_REGTEST,
  decodeBitcoinWif,
  encodeBitcoinWif,
  fromHex,
  hash160,
  p2pkhAddress,
  p2wpkhAddress,
  toHex,
} from '@ocean-ts/core';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import {
  ckdPrivate,
  ckdPublic,
  goExtendedKeyString,
  privateRootKey,
  publicRootKey,
  tweakExtendedKey,
  tweakPrivateKey,
  tweakPublicKey,
} from '../../src/crypto/key-tweak.js';
import { additiveTweakPrivateKey, additiveTweakPublicKey } from '../../src/crypto/legacy-tweak.js';
import { readVector, secp } from './support.js';

interface TweakVectors {
  vectors: {
    name: string;
    base_privkey_wif: string;
    base_pubkey_hex_derived: string;
    chaincode_hex: string;
    commitment_display_hex: string;
    expected_tweaked_private_extended_key_string: string;
    expected_tweaked_public_extended_key_string: string;
    derived_tweaked_pubkey_hex: string;
    derived_tweaked_privkey_hex: string;
    derived_final_chaincode_hex: string;
  }[];
}
interface AdditiveVectors {
  vectors: { privkey_wif: string; tweak_display_hex: string; expected_tweaked_privkey_wif: string; expected_address: string; address_type: string }[];
}
interface MainnetVector {
  base_pubkey_hex: string;
  chaincode_hex: string;
  merkle_root: string;
  derived_tweaked_pubkey_hex: string;
}

describe('BIP32 key tweak (tweak_extended_key.json)', () => {
  for (const v of readVector<TweakVectors>('tweak_extended_key.json').vectors) {
    test(`${v.name} ${v.base_privkey_wif.slice(0, 8)}: Go hdkeychain strings, keys and chaincode`, () => {
      const { key } = decodeBitcoinWif(v.base_privkey_wif, BITCOIN_REGTEST);
      const pub = secp.publicKeyCreate(key, true);
      assert.equal(toHex(pub), v.base_pubkey_hex_derived);
      const cc = fromHex(v.chaincode_hex);
      const c = commitmentFromDisplayHex(v.commitment_display_hex);

      const priv = tweakExtendedKey(secp, privateRootKey(secp, key, cc), c);
      const pubExt = tweakExtendedKey(secp, publicRootKey(secp, pub, cc), c);
      assert.equal(goExtendedKeyString(priv), v.expected_tweaked_private_extended_key_string);
      assert.equal(goExtendedKeyString(pubExt), v.expected_tweaked_public_extended_key_string);
      assert.equal(priv.depth, 16);
      assert.equal(toHex(priv.key), v.derived_tweaked_privkey_hex);
      assert.equal(toHex(pubExt.key), v.derived_tweaked_pubkey_hex);
      assert.equal(toHex(priv.chainCode), v.derived_final_chaincode_hex);
      assert.equal(toHex(pubExt.chainCode), v.derived_final_chaincode_hex);
      // private and public derivation agree
      assert.equal(toHex(secp.publicKeyCreate(priv.key, true)), toHex(pubExt.key));

      assert.equal(toHex(tweakPublicKey(secp, pub, cc, c)), v.derived_tweaked_pubkey_hex);
      assert.equal(toHex(tweakPublicKey(secp, secp.publicKeyConvert(pub, false), cc, c)), v.derived_tweaked_pubkey_hex);
      assert.equal(toHex(tweakPrivateKey(secp, key, cc, c)), v.derived_tweaked_privkey_hex);
      // another chaincode gives another key
      const cc2 = cc.slice();
      cc2[0] ^= 1;
      assert.notEqual(toHex(tweakPublicKey(secp, pub, cc2, c)), v.derived_tweaked_pubkey_hex);
    });
  }

  test('mainnet staychain key (staychain_tx_mainnet.json)', () => {
    const v = readVector<MainnetVector>('staychain_tx_mainnet.json');
    const k = tweakPublicKey(secp, fromHex(v.base_pubkey_hex), fromHex(v.chaincode_hex), commitmentFromDisplayHex(v.merkle_root));
    assert.equal(toHex(k), v.derived_tweaked_pubkey_hex);
  });

  test('the zero commitment leaves keys untweaked; bad inputs throw', () => {
    const v = readVector<TweakVectors>('tweak_extended_key.json').vectors[0]!;
    const { key } = decodeBitcoinWif(v.base_privkey_wif, BITCOIN_REGTEST);
    const pub = secp.publicKeyCreate(key, true);
    const cc = fromHex(v.chaincode_hex);
    const zero = new Uint8Array(32);
    assert.equal(toHex(tweakPublicKey(secp, pub, cc, zero)), toHex(pub));
    assert.equal(toHex(tweakPublicKey(secp, secp.publicKeyConvert(pub, false), cc, zero)), toHex(pub));
    assert.equal(toHex(tweakPrivateKey(secp, key, cc, zero)), toHex(key));
    // (the raw derivation along 16 zero indices is a different key: Go's GetNextAttestationAddr(nil, zero))
    assert.notEqual(toHex(tweakExtendedKey(secp, publicRootKey(secp, pub, cc), zero).key), toHex(pub));
    assert.throws(() => tweakPublicKey(secp, pub, cc, new Uint8Array(31)), MainstayCryptoError);
    assert.throws(() => tweakPublicKey(secp, pub, cc.subarray(1), zero), MainstayCryptoError);
    assert.throws(() => tweakPublicKey(secp, new Uint8Array(33), cc, zero), MainstayCryptoError);
    assert.throws(() => ckdPublic(secp, publicRootKey(secp, pub, cc), 0x80000000), MainstayCryptoError);
    assert.throws(() => ckdPrivate(secp, publicRootKey(secp, pub, cc), 1), MainstayCryptoError);
    const step = ckdPublic(secp, publicRootKey(secp, pub, cc), 7);
    assert.equal(step.childNumber, 7);
    assert.equal(toHex(step.parentFingerprint), toHex(hash160(pub).subarray(0, 4)));
  });
});

describe('legacy additive tweak (tweak_additive_legacy.json)', () => {
  for (const v of readVector<AdditiveVectors>('tweak_additive_legacy.json').vectors) {
    test(`${v.privkey_wif.slice(0, 8)} → ${v.expected_address}`, () => {
      const { key, compressed } = decodeBitcoinWif(v.privkey_wif, BITCOIN_REGTEST);
      const c = commitmentFromDisplayHex(v.tweak_display_hex);
      const tweaked = additiveTweakPrivateKey(secp, key, c);
      assert.equal(encodeBitcoinWif(tweaked, compressed, BITCOIN_REGTEST), v.expected_tweaked_privkey_wif);
      const tweakedPub = additiveTweakPublicKey(secp, secp.publicKeyCreate(key, true), c);
      assert.equal(toHex(tweakedPub), toHex(secp.publicKeyCreate(tweaked, true)));
      const addr = v.address_type === 'p2pkh_regtest' ? p2pkhAddress(tweakedPub, BITCOIN_REGTEST) : p2wpkhAddress(tweakedPub, BITCOIN_REGTEST);
      assert.equal(addr, v.expected_address);
    });
  }
});
