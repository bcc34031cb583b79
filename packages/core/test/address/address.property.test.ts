import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CUSTOM_BASE58, GOLD_BASE58, MAIN_BASE58 } from '../../src/chain/base58-prefixes.js';
import { addressForDestination, decodeAddress, encodeAddress } from '../../src/address/address.js';
import { ExtendedKey } from '../../src/address/extended-key.js';
import { decodeParentAddress, encodeParentAddress } from '../../src/address/parent-address.js';
import { decodeWif, encodeWif } from '../../src/address/wif.js';
import { base58CheckEncode } from '../../src/encoding/base58.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { DecodeError } from '../../src/encoding/errors.js';
import { concatBytes, fromHex, toHex } from '../../src/encoding/hex.js';

const NUM_RUNS = 300;
const arbPrefixes = fc.constantFrom(CUSTOM_BASE58, MAIN_BASE58, GOLD_BASE58);
const arbBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const arbType = fc.constantFrom('keyhash' as const, 'scripthash' as const);
const arbBlindingKey = fc.tuple(fc.constantFrom(2, 3), arbBytes(32)).map(([p, x]) => concatBytes(new Uint8Array([p]), x));
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const arbPrivKey = fc.bigInt({ min: 1n, max: N - 1n }).map((v) => fromHex(v.toString(16).padStart(64, '0')));

/** decode must either throw DecodeError or give something that re-encodes to the same string. */
function reencodes(text: string, decodeEncode: (s: string) => string): void {
  let back: string;
  try {
    back = decodeEncode(text);
  } catch (e) {
    assert.ok(e instanceof DecodeError, String(e));
    return;
  }
  assert.equal(back, text);
}

test('address: decode(encode(destination)) = destination, plain and blinded', () => {
  fc.assert(
    fc.property(arbPrefixes, arbType, arbBytes(20), fc.option(arbBlindingKey, { nil: undefined }), (prefixes, type, hash, key) => {
      const text = addressForDestination({ type, hash }, prefixes, key);
      const d = decodeAddress(text, prefixes);
      assert.equal(d.type, type);
      assert.equal(toHex(d.hash), toHex(hash));
      assert.equal(d.blindingKey === undefined ? undefined : toHex(d.blindingKey), key === undefined ? undefined : toHex(key));
      assert.equal(encodeAddress(d, prefixes), text);
    }),
    { numRuns: NUM_RUNS },
  );
});

test('address: any Base58Check string that decodes re-encodes identically (incl. 40-byte and EXTENDED)', () => {
  fc.assert(
    fc.property(arbPrefixes, fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 19, 20, 21, 40, 54, 55), fc.uint8Array({ minLength: 60, maxLength: 60 }), (prefixes, version, len, body) => {
      const payload = concatBytes(new Uint8Array([version]), body.subarray(0, len));
      reencodes(base58CheckEncode(payload), (s) => encodeAddress(decodeAddress(s, prefixes), prefixes));
      reencodes(base58CheckEncode(payload), (s) => encodeParentAddress(decodeParentAddress(s, prefixes), prefixes));
    }),
    { numRuns: NUM_RUNS },
  );
  // the EXTENDED version and 40-byte payloads decode as key ids on the first 20 bytes
  const payload40 = fromHex('11'.repeat(20) + '22'.repeat(20));
  const ext = base58CheckEncode(concatBytes(new Uint8Array([CUSTOM_BASE58.extendedAddress]), payload40));
  const d = decodeAddress(ext, CUSTOM_BASE58);
  assert.equal(d.versionKind, 'extended');
  assert.equal(d.type, 'keyhash');
  assert.equal(toHex(d.hash), '11'.repeat(20));
  assert.equal(encodeAddress(d, CUSTOM_BASE58), ext);
  assert.throws(() => decodeAddress(base58CheckEncode(concatBytes(new Uint8Array([235]), new Uint8Array(21))), CUSTOM_BASE58), DecodeError);
  assert.throws(() => decodeAddress(base58CheckEncode(concatBytes(new Uint8Array([28]), new Uint8Array(20))), CUSTOM_BASE58), DecodeError);
});

test('parent address: round trip', () => {
  fc.assert(
    fc.property(arbPrefixes, arbType, arbBytes(20), (prefixes, type, hash) => {
      const d = decodeParentAddress(encodeParentAddress({ type, hash }, prefixes), prefixes);
      assert.equal(d.type, type);
      assert.equal(toHex(d.hash), toHex(hash));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('WIF: decode(encode(key)) = key; decodable strings re-encode identically', () => {
  fc.assert(
    fc.property(arbPrefixes, arbPrivKey, fc.boolean(), (prefixes, key, compressed) => {
      const text = encodeWif(key, compressed, prefixes);
      const k = decodeWif(text, prefixes);
      assert.equal(toHex(k.key), toHex(key));
      assert.equal(k.compressed, compressed);
    }),
    { numRuns: NUM_RUNS },
  );
  fc.assert(
    fc.property(arbPrefixes, fc.constantFrom(128, 180, 239, 0), fc.constantFrom(31, 32, 33, 34), fc.uint8Array({ minLength: 34, maxLength: 34 }), fc.boolean(), (prefixes, version, len, body, flag) => {
      const data = body.slice(0, len);
      if (len === 33 && flag) data[32] = 1;
      reencodes(base58CheckEncode(concatBytes(new Uint8Array([version]), data)), (s) => {
        const k = decodeWif(s, prefixes);
        return encodeWif(k.key, k.compressed, prefixes);
      });
    }),
    { numRuns: NUM_RUNS },
  );
  assert.throws(() => decodeWif(encodeWif(new Uint8Array(32), true, CUSTOM_BASE58), CUSTOM_BASE58), DecodeError);
  assert.throws(() => decodeWif(encodeWif(fromHex(N.toString(16)), true, CUSTOM_BASE58), CUSTOM_BASE58), DecodeError);
});

const arbExtKey = fc
  .record({
    isPrivate: fc.boolean(),
    depth: fc.integer({ min: 0, max: 255 }),
    fingerprint: arbBytes(4),
    child: fc.integer({ min: 0, max: 0xffffffff }),
    chainCode: arbBytes(32),
    priv: arbPrivKey,
    pub: arbBlindingKey,
  })
  .map((r) => new ExtendedKey(r.isPrivate, r.depth, r.fingerprint, r.child, r.chainCode, r.isPrivate ? r.priv : r.pub));

test('BIP32 extended keys: decode(encode(k)) = k; decodable strings re-encode identically', () => {
  fc.assert(
    fc.property(arbPrefixes, arbExtKey, (prefixes, key) => {
      const text = key.toBase58(prefixes);
      assert.ok(ExtendedKey.fromBase58(text, prefixes).equals(key));
      assert.equal(text.slice(0, 4), key.isPrivate ? (prefixes === MAIN_BASE58 ? 'xprv' : 'tprv') : prefixes === MAIN_BASE58 ? 'xpub' : 'tpub');
    }),
    { numRuns: NUM_RUNS },
  );
  fc.assert(
    fc.property(arbPrefixes, fc.boolean(), fc.uint8Array({ minLength: 74, maxLength: 74 }), fc.constantFrom(0, 2, 3, 4), (prefixes, priv, body, tag) => {
      const b = body.slice();
      b[41] = tag;
      const raw = concatBytes(priv ? prefixes.extSecretKey : prefixes.extPublicKey, b);
      reencodes(base58CheckEncode(raw), (s) => ExtendedKey.fromBase58(s, prefixes).toBase58(prefixes));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('BIP32 test vector 1 master keys with the ocean_main prefixes', () => {
  const xpub = 'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8';
  const pub = ExtendedKey.fromBase58(xpub, MAIN_BASE58);
  assert.equal(pub.isPrivate, false);
  assert.equal(pub.depth, 0);
  assert.equal(toHex(pub.parentFingerprint), '00000000');
  assert.equal(pub.childNumber, 0);
  assert.equal(toHex(pub.chainCode), '873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508');
  assert.equal(toHex(pub.key), '0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2');
  assert.equal(pub.toBase58(MAIN_BASE58), xpub);
  // the matching master private key
  const priv = fromHex('e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35');
  assert.equal(toHex(new NobleSecp256k1().publicKeyCreate(priv, true)), toHex(pub.key));
  const prv = new ExtendedKey(true, 0, new Uint8Array(4), 0, pub.chainCode, priv);
  const xprv = prv.toBase58(MAIN_BASE58);
  assert.equal(xprv.slice(0, 4), 'xprv');
  assert.ok(ExtendedKey.fromBase58(xprv, MAIN_BASE58).equals(prv));
  // wrong chain prefixes
  assert.throws(() => ExtendedKey.fromBase58(xpub, CUSTOM_BASE58), DecodeError);
  assert.equal(pub.toBase58(CUSTOM_BASE58).slice(0, 4), 'tpub');
});
