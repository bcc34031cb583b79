// Signed messages: the digest and signatures of the asset-mapping vectors (made by pybitcointools
// with the same Bitcoin message magic, RFC6979 nonces and uncompressed headers), recovery, and
// Core's lenient base64 decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../../src/encoding/hex.js';
import { loadNativeSecp256k1 } from '../../../src/crypto/secp256k1-native.js';
import { decodeBase64Lenient, encodeBase64, messageHash, recoverMessageSigner, signMessage } from '../../../src/script/sign/signed-message.js';
import { readJson } from '../../support/vectors.js';

const secp = loadNativeSecp256k1();
interface Vectors {
  derived_signing: { privkeys: Record<string, string>; canonical_message: string; message_hash_hex: string; expected_sigs: Record<string, string> };
  derived_empty_map_int_time: { canonical_message: string; message_hash_hex: string; expected_sig_by_privkey_c1: string };
}
const v = readJson<Vectors>('vectors', 'asset-mapping', 'derived', 'signature_vectors.json');

test('message digest: SHA256d(varstr(magic) || varstr(message)) as the vectors have it', () => {
  assert.equal(toHex(messageHash(v.derived_signing.canonical_message)), v.derived_signing.message_hash_hex);
  assert.equal(toHex(messageHash(v.derived_empty_map_int_time.canonical_message)), v.derived_empty_map_int_time.message_hash_hex);
});

test('uncompressed-key signatures equal the vectors byte for byte', () => {
  const c1 = fromHex(v.derived_signing.privkeys['1']!);
  const c2 = fromHex(v.derived_signing.privkeys['2']!);
  assert.equal(encodeBase64(signMessage(secp, { privateKey: c1, compressed: false }, v.derived_empty_map_int_time.canonical_message)), v.derived_empty_map_int_time.expected_sig_by_privkey_c1);
  assert.equal(encodeBase64(signMessage(secp, { privateKey: c1, compressed: false }, v.derived_signing.canonical_message)), v.derived_signing.expected_sigs['1']);
  assert.equal(encodeBase64(signMessage(secp, { privateKey: c2, compressed: false }, v.derived_signing.canonical_message)), v.derived_signing.expected_sigs['2']);
});

test('recovery returns the signer in the form the header says', () => {
  const key = fromHex(v.derived_signing.privkeys['3']!);
  for (const compressed of [true, false]) {
    const sig = signMessage(secp, { privateKey: key, compressed }, 'hello ☃');
    assert.equal(sig[0]! >= 31, compressed);
    assert.equal(toHex(recoverMessageSigner(secp, sig, 'hello ☃')!), toHex(secp.publicKeyCreate(key, compressed)));
    const other = recoverMessageSigner(secp, sig, 'hello');
    assert.notEqual(other && toHex(other), toHex(secp.publicKeyCreate(key, compressed)));
  }
  assert.equal(recoverMessageSigner(secp, new Uint8Array(64), 'x'), undefined);
  const overflow = new Uint8Array(65).fill(0xff);
  overflow[0] = 31;
  assert.equal(recoverMessageSigner(secp, overflow, 'x'), undefined);
});

test('base64: encoding, and Core 0.14 DecodeBase64 leniency', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 65]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
    const text = encodeBase64(data);
    assert.equal(text, Buffer.from(data).toString('base64'));
    const d = decodeBase64Lenient(text);
    assert.equal(d.invalid, false);
    assert.equal(toHex(d.bytes), toHex(data));
  }
  // Decoding stops at the first character outside the alphabet; whole groups before it are fine.
  assert.deepEqual([...decodeBase64Lenient('AAAA!garbage').bytes], [0, 0, 0]);
  assert.equal(decodeBase64Lenient('AAAA!garbage').invalid, false);
  assert.equal(decodeBase64Lenient('AAAA AAAA').invalid, false);
  // 4n+1 characters: impossible.
  assert.equal(decodeBase64Lenient('AAAAA').invalid, true);
  // 4n+2 needs "==" not followed by a base64 digit, and no leftover bits.
  assert.equal(decodeBase64Lenient('AA==').invalid, false);
  assert.equal(decodeBase64Lenient('AA=').invalid, true);
  assert.equal(decodeBase64Lenient('AB==').invalid, true);
  assert.equal(decodeBase64Lenient('AA==A').invalid, true);
  // 4n+3 needs "=".
  assert.equal(decodeBase64Lenient('AAA=').invalid, false);
  assert.equal(decodeBase64Lenient('AAA').invalid, true);
  assert.equal(decodeBase64Lenient('').invalid, false);
});
