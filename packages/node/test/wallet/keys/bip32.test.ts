import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CUSTOM_BASE58, ExtendedKey, hash160, type Base58Prefixes } from '@ocean-ts/core';
import { BIP32_HARDENED_KEY_LIMIT, deriveChild, derivePath, masterKeyFromSeed } from '../../../src/wallet/keys/bip32.js';
import { secp, unhex } from './support/fixtures.js';

/** Bitcoin mainnet xprv / xpub prefixes, for the BIP32 test vectors. */
const MAINNET: Base58Prefixes = {
  ...CUSTOM_BASE58,
  extSecretKey: Uint8Array.of(0x04, 0x88, 0xad, 0xe4),
  extPublicKey: Uint8Array.of(0x04, 0x88, 0xb2, 0x1e),
};
const H = BIP32_HARDENED_KEY_LIMIT;

test('BIP32 test vector 1 (seed 000102…0f): m, m/0H, m/0H/1, m/0H/1/2H', () => {
  const m = masterKeyFromSeed(unhex('000102030405060708090a0b0c0d0e0f'), secp);
  assert.equal(m.toBase58(MAINNET), 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi');
  const m0h = deriveChild(m, H, secp);
  assert.equal(m0h.toBase58(MAINNET), 'xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7');
  const m0h1 = deriveChild(m0h, 1, secp);
  assert.equal(m0h1.toBase58(MAINNET), 'xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs');
  assert.equal(
    derivePath(m, [H, 1, H + 2], secp).toBase58(MAINNET),
    'xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM',
  );
});

test('BIP32 test vector 2 (64-byte seed): m and m/0', () => {
  const seed = unhex(
    'fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542',
  );
  const m = masterKeyFromSeed(seed, secp);
  assert.equal(m.toBase58(MAINNET), 'xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U');
  assert.equal(deriveChild(m, 0, secp).toBase58(MAINNET), 'xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt');
});

test('children carry depth, child number and the parent fingerprint; hardened and normal children differ', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.nat({ max: 0x7fffffff }), (seed, i) => {
      const m = masterKeyFromSeed(seed, secp);
      const normal = deriveChild(m, i, secp);
      const hard = deriveChild(m, i + H, secp);
      assert.equal(normal.depth, 1);
      assert.equal(hard.childNumber, i + H);
      assert.deepEqual(normal.parentFingerprint, hash160(secp.publicKeyCreate(m.key, true)).slice(0, 4));
      assert.notDeepEqual(normal.key, hard.key);
      assert.ok(ExtendedKey.fromBase58(hard.toBase58(MAINNET), MAINNET).equals(hard));
    }),
    { numRuns: 50 },
  );
});
