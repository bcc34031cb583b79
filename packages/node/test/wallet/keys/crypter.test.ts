import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sha256d } from '@ocean-ts/core';
import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  bytesToKeySha512Aes,
  decryptSecret,
  encryptSecret,
  keyFromPassphrase,
  secretIv,
} from '../../../src/wallet/keys/crypter.js';
import { MasterKey, calibrateChangedIterations, calibrateNewIterations } from '../../../src/wallet/keys/master-key.js';
import { hex, secp, unhex } from './support/fixtures.js';

const SALT = unhex('0000deadbeef0000');

test("BytesToKeySHA512AES: Core's crypto_tests vector (25,000 rounds) and OpenSSL's EVP_BytesToKey (1 round)", () => {
  const k = bytesToKeySha512Aes(new TextEncoder().encode('test'), SALT, 25000);
  assert.equal(hex(k.key), 'fc7aba077ad5f4c3a0988d8daa4810d0d4a0e3bcb53af662998898f33df0556a');
  assert.equal(hex(k.iv), 'cf2f2691526dd1aa220896fb8bf7c369');
  // `openssl enc -aes-256-cbc -md sha512 -S 0000deadbeef0000 -pass pass:test -P`
  const one = bytesToKeySha512Aes(new TextEncoder().encode('test'), SALT, 1);
  assert.equal(hex(one.key), 'be95ec08ef6c20b08d7a76aa3a12e336d4939a5877b9272441f52271e49102bc');
  assert.equal(hex(one.iv), '6677530edf2247116e22b77e9cf0584b');
});

test('SetKeyFromPassphrase refuses what Core refuses: 0 rounds, a salt that is not 8 bytes, an unknown method', () => {
  assert.equal(keyFromPassphrase('x', SALT, 0, 0), undefined);
  assert.equal(keyFromPassphrase('x', SALT.slice(0, 7), 10, 0), undefined);
  assert.equal(keyFromPassphrase('x', SALT, 10, 1), undefined);
  assert.ok(keyFromPassphrase('x', SALT, 10, 0));
});

test('AES-256-CBC with PKCS#7 padding matches OpenSSL; a wrong key fails the padding check', () => {
  const k = { key: unhex('fc7aba077ad5f4c3a0988d8daa4810d0d4a0e3bcb53af662998898f33df0556a'), iv: unhex('cf2f2691526dd1aa220896fb8bf7c369') };
  const plain = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  // `openssl enc -aes-256-cbc -K … -iv …` of the 32 bytes
  const expected = 'c840551c9d858c8222cfbeeba8c5c18c1abe8494a51c29a25ff90a9f54a0556bbb735241baa95adcecbca78ce08e4012';
  assert.equal(hex(aesCbcEncrypt(k, plain)), expected);
  assert.deepEqual(aesCbcDecrypt(k, unhex(expected)), plain);
  const wrong = { key: new Uint8Array(32).fill(7), iv: k.iv };
  let padOk = 0;
  for (let i = 0; i < 50; i++) {
    const w = { key: sha256d(Uint8Array.of(i)), iv: k.iv };
    if (aesCbcDecrypt(w, unhex(expected)) !== undefined) padOk++;
  }
  assert.ok(padOk < 5, `wrong keys rarely pass the padding check (${padOk}/50)`);
  assert.equal(aesCbcDecrypt(wrong, unhex(expected).slice(0, 47)), undefined, 'not a whole number of blocks');
  assert.equal(aesCbcDecrypt(k, new Uint8Array(0)), undefined);
});

test('EncryptSecret: 32-byte secrets become 48 bytes with IV = SHA256d(pubkey)[0..16); round trip (property)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (master, seed) => {
      const secret = sha256d(seed);
      if (!secp.privateKeyVerify(secret)) return;
      const pub = secp.publicKeyCreate(secret, true);
      const c = encryptSecret(master, secret, pub);
      assert.equal(c.length, 48);
      assert.deepEqual(c, aesCbcEncrypt({ key: master, iv: sha256d(pub).slice(0, 16) }, secret));
      assert.deepEqual(secretIv(pub), sha256d(pub).slice(0, 16));
      assert.deepEqual(decryptSecret(master, c, pub), secret);
      const other = secp.publicKeyCreate(secret, false);
      const d = decryptSecret(master, c, other); // another IV garbles the first block
      assert.ok(d === undefined || hex(d) !== hex(secret));
    }),
    { numRuns: 100 },
  );
});

test('CMasterKey round-trips through its Core serialization (property)', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ minLength: 8, maxLength: 8 }),
      fc.nat({ max: 0xffffffff }),
      fc.uint8Array({ maxLength: 10 }),
      (ck, salt, iters, other) => {
        const m = new MasterKey(ck, salt, 0, iters, other);
        const bytes = m.encode();
        assert.deepEqual(MasterKey.decode(bytes), m);
        assert.throws(() => MasterKey.decode(Uint8Array.of(...bytes, 0)));
      },
    ),
  );
});

test("calibration: Core's arithmetic, with the 25,000-round floor", () => {
  // every timed step "takes" 1 s: far below 25,000 rounds → the floor
  let t = 0;
  const slow = (): number => (t += 1000);
  assert.equal(calibrateNewIterations('pw', SALT, slow), 25000);
  const calls: number[] = [];
  let u = 0;
  const steps = [0, 50, 50, 150]; // 25,000 rounds take 50 ms → 50,000; 50,000 take 100 ms → (50,000 + 50,000) / 2
  const clock = (): number => {
    u = steps[calls.length] ?? u;
    calls.push(u);
    return u;
  };
  assert.equal(calibrateNewIterations('pw', SALT, clock), 50000);
  // change: 30,000 rounds take 60 ms → 50,000; 50,000 take 125 ms → (50,000 + 40,000) / 2 = 45,000
  const s2 = [0, 60, 60, 185];
  let i = 0;
  assert.equal(calibrateChangedIterations('new', SALT, 30000, () => s2[i++]!), 45000);
  let v = 0;
  assert.equal(calibrateChangedIterations('new', SALT, 30000, () => (v += 5000)), 25000);
});
