import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { fromHex, toHex, reversed } from '../../src/encoding/hex.js';
import { sha256 } from '../../src/crypto/hash.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import {
  NativeSecp256k1,
  isNativeSecp256k1Available,
  loadNativeSecp256k1,
} from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

const b32 = (n: bigint): Uint8Array => fromHex(n.toString(16).padStart(64, '0'));
const big = (b: Uint8Array): bigint => BigInt('0x' + (toHex(b) || '0'));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const compact = (r: bigint, s: bigint): Uint8Array => {
  const out = new Uint8Array(64);
  out.set(b32(r), 0);
  out.set(b32(s), 32);
  return out;
};
const isPlainU8 = (x: unknown): boolean => x instanceof Uint8Array && Object.getPrototypeOf(x) === Uint8Array.prototype;

const KEY1 = b32(1n);
const G_COMPRESSED = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
const G_UNCOMPRESSED =
  '0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8';

// ocean-core-examples.md §6: the block hash (display hex) signed with key 1.
const BLOCK_HASH_DISPLAY = '56000fe7478069fccf8153f5aa81a949e712041e11d3d320771f451f3f3f1b9a';
const BLOCK_SIG_DER =
  '3045022100cf401fc3d72c5575090dc995605b759040ecc3b4cefff6cb9285e884fbbf429e0220594054dfa740c0d9ab0703774ccf80a2f13e96aa2efe00316cb9d312622d471d';

// ocean-core-script.md §7: contract tweak.
const CONTRACT_TWEAK = 'f700d4d0f65e88c6273fb7a6976cbc53f124fe0ad338ae1c9ddc8f5ff8a7f155';
const CONTRACT_TWEAKED_PUB = '02e044adc1631e98bef0fa75cc51c29c4d4866378afe47ac7dff2e8d615c188aa6';

const native = loadNativeSecp256k1();
const noble = new NobleSecp256k1();
const backends: Secp256k1[] = [native, noble];

/** A valid private key from 32 random bytes (reduced into [1, n-1]). */
const arbKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => b32((big(b) % (N - 1n)) + 1n));
const arbMsg = fc.uint8Array({ minLength: 32, maxLength: 32 });
const arb32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

function throwsOrValue(f: () => Uint8Array): string {
  try {
    return toHex(f());
  } catch {
    return 'throws';
  }
}

test('native backend really is the compiled libsecp256k1 addon', () => {
  const require = createRequire(import.meta.url);
  // Must load without the package's silent JS fallback.
  const binding = require('secp256k1/bindings') as { ecdsaVerify?: unknown };
  assert.equal(typeof binding.ecdsaVerify, 'function');
  assert.equal(isNativeSecp256k1Available(), true);
  assert.equal(native.name, 'native');
  assert.ok(native instanceof NativeSecp256k1);
  assert.equal(loadNativeSecp256k1(), native, 'loadNativeSecp256k1 returns one shared instance');
  const addons = Object.keys(require.cache).filter((k) => k.endsWith('.node') && k.includes('secp256k1'));
  assert.ok(addons.length > 0, 'a secp256k1 .node addon is loaded');
  assert.equal(noble.name, 'noble');
});

for (const secp of backends) {
  describe(`secp256k1 backend: ${secp.name}`, () => {
    test('private key 1 gives the generator point', () => {
      assert.equal(toHex(secp.publicKeyCreate(KEY1)), G_COMPRESSED);
      assert.equal(toHex(secp.publicKeyCreate(KEY1, true)), G_COMPRESSED);
      assert.equal(toHex(secp.publicKeyCreate(KEY1, false)), G_UNCOMPRESSED);
      assert.equal(toHex(secp.publicKeyConvert(fromHex(G_COMPRESSED), false)), G_UNCOMPRESSED);
      assert.equal(toHex(secp.publicKeyConvert(fromHex(G_UNCOMPRESSED), true)), G_COMPRESSED);
      // n-1 gives -G (odd y)
      assert.equal(toHex(secp.publicKeyCreate(b32(N - 1n))), '03' + G_COMPRESSED.slice(2));
    });

    test('RFC6979 vector of the block-signing example (message = display hash reversed)', () => {
      const msg = reversed(fromHex(BLOCK_HASH_DISPLAY));
      const { signature, recovery } = secp.sign(msg, KEY1);
      assert.equal(toHex(secp.signatureExport(signature)), BLOCK_SIG_DER);
      assert.ok(secp.verify(msg, signature, fromHex(G_COMPRESSED)));
      assert.equal(toHex(secp.recover(msg, signature, recovery)), G_COMPRESSED);
      // The unreversed interpretation does not give the documented signature.
      const other = secp.sign(fromHex(BLOCK_HASH_DISPLAY), KEY1).signature;
      assert.notEqual(toHex(secp.signatureExport(other)), BLOCK_SIG_DER);
    });

    test('published RFC6979 secp256k1 vectors (key 1, SHA-256 messages)', () => {
      const vectors: [string, string][] = [
        [
          'Everything should be made as simple as possible, but not simpler.',
          '33a69cd2065432a30f3d1ce4eb0d59b8ab58c74f27c41a7fdb5696ad4e6108c96f807982866f785d3f6418d24163ddae117b7db4d5fdf0071de069fa54342262',
        ],
        [
          'Satoshi Nakamoto',
          '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5',
        ],
      ];
      for (const [text, sig] of vectors) {
        const msg = sha256(utf8(text));
        assert.equal(toHex(secp.sign(msg, KEY1).signature), sig, text);
        assert.ok(secp.verify(msg, fromHex(sig), fromHex(G_UNCOMPRESSED)));
      }
    });

    test('contract (pay-to-contract) tweak vector', () => {
      const t = fromHex(CONTRACT_TWEAK);
      assert.equal(toHex(secp.publicKeyTweakAdd(fromHex(G_COMPRESSED), t)), CONTRACT_TWEAKED_PUB);
      assert.equal(toHex(secp.publicKeyTweakAdd(fromHex(G_COMPRESSED), t, true)), CONTRACT_TWEAKED_PUB);
      const tweakedKey = secp.privateKeyTweakAdd(KEY1, t);
      assert.equal(toHex(tweakedKey), (big(t) + 1n).toString(16).padStart(64, '0'));
      assert.equal(toHex(secp.publicKeyCreate(tweakedKey)), CONTRACT_TWEAKED_PUB);
      // The default output form follows the input form.
      const unc = secp.publicKeyTweakAdd(fromHex(G_UNCOMPRESSED), t);
      assert.equal(unc.length, 65);
      assert.equal(toHex(secp.publicKeyConvert(unc, true)), CONTRACT_TWEAKED_PUB);
      assert.equal(secp.publicKeyTweakAdd(fromHex(G_UNCOMPRESSED), t, true).length, 33);
    });

    test('private key validity', () => {
      assert.equal(secp.privateKeyVerify(b32(0n)), false);
      assert.equal(secp.privateKeyVerify(b32(1n)), true);
      assert.equal(secp.privateKeyVerify(b32(N - 1n)), true);
      assert.equal(secp.privateKeyVerify(b32(N)), false);
      assert.equal(secp.privateKeyVerify(b32(N + 1n)), false);
      assert.equal(secp.privateKeyVerify(new Uint8Array(32).fill(0xff)), false);
      assert.equal(secp.privateKeyVerify(new Uint8Array(31).fill(1)), false);
      assert.equal(secp.privateKeyVerify(new Uint8Array(33).fill(1)), false);
      for (const bad of [b32(0n), b32(N), new Uint8Array(32).fill(0xff)]) {
        assert.throws(() => secp.publicKeyCreate(bad));
        assert.throws(() => secp.sign(new Uint8Array(32), bad));
        assert.throws(() => secp.ecdh(fromHex(G_COMPRESSED), bad));
      }
      assert.throws(() => secp.publicKeyCreate(new Uint8Array(31).fill(1)));
    });

    test('public key validity: compressed, uncompressed, hybrid, garbage', () => {
      const G = fromHex(G_UNCOMPRESSED);
      assert.ok(secp.publicKeyVerify(fromHex(G_COMPRESSED)));
      assert.ok(secp.publicKeyVerify(G));
      // Hybrid encodings (0x06 even y / 0x07 odd y) are accepted by libsecp256k1 when the parity matches.
      const gy = big(G.subarray(33));
      const hybrid = new Uint8Array(G);
      hybrid[0] = gy & 1n ? 0x07 : 0x06;
      assert.ok(secp.publicKeyVerify(hybrid));
      assert.equal(toHex(secp.publicKeyConvert(hybrid, true)), G_COMPRESSED);
      const wrongParity = new Uint8Array(hybrid);
      wrongParity[0] = wrongParity[0]! ^ 1;
      assert.equal(secp.publicKeyVerify(wrongParity), false);
      // Bad prefixes and lengths.
      const badPrefix = fromHex(G_COMPRESSED);
      badPrefix[0] = 0x04;
      assert.equal(secp.publicKeyVerify(badPrefix), false);
      const badPrefix65 = new Uint8Array(G);
      badPrefix65[0] = 0x02;
      assert.equal(secp.publicKeyVerify(badPrefix65), false);
      assert.equal(secp.publicKeyVerify(new Uint8Array(0)), false);
      assert.equal(secp.publicKeyVerify(fromHex(G_COMPRESSED).subarray(0, 32)), false);
      assert.equal(secp.publicKeyVerify(new Uint8Array(64)), false);
      // x = 5 is not on the curve (5^3 + 7 = 132 is a non-residue mod p); x ≥ p is invalid.
      assert.equal(secp.publicKeyVerify(fromHex('02' + toHex(b32(5n)))), false);
      assert.equal(secp.publicKeyVerify(fromHex('02' + P.toString(16))), false);
      assert.equal(secp.publicKeyVerify(fromHex('02' + 'ff'.repeat(32))), false);
      // Uncompressed point off the curve (y + 1).
      const offCurve = new Uint8Array(G);
      offCurve.set(b32(gy + 1n), 33);
      assert.equal(secp.publicKeyVerify(offCurve), false);
      // Uncompressed with coordinates ≥ p.
      const xOverflow = new Uint8Array(65);
      xOverflow[0] = 4;
      xOverflow.fill(0xff, 1);
      assert.equal(secp.publicKeyVerify(xOverflow), false);
      assert.throws(() => secp.publicKeyConvert(offCurve, true));
      assert.throws(() => secp.publicKeyConvert(new Uint8Array(10), true));
    });

    test('signatures verify, and fail for a wrong message, key or tampered signature', () => {
      const key = b32(0x1234567890abcdefn);
      const pub = secp.publicKeyCreate(key);
      const msg = sha256(utf8('ocean'));
      const { signature } = secp.sign(msg, key);
      assert.ok(secp.verify(msg, signature, pub));
      assert.ok(secp.verify(msg, signature, secp.publicKeyConvert(pub, false)));
      assert.equal(secp.verify(sha256(utf8('ocean!')), signature, pub), false);
      assert.equal(secp.verify(msg, signature, fromHex(G_COMPRESSED)), false);
      const tampered = new Uint8Array(signature);
      tampered[10]! ^= 1;
      assert.equal(secp.verify(msg, tampered, pub), false);
      // Invalid public keys and unparsable signatures give false, not exceptions.
      assert.equal(secp.verify(msg, signature, new Uint8Array(33)), false);
      assert.equal(secp.verify(msg, signature, new Uint8Array(20)), false);
      assert.equal(secp.verify(msg, compact(N, big(signature.subarray(32))), pub), false);
      assert.equal(secp.verify(msg, compact(big(signature.subarray(0, 32)), N + 5n), pub), false);
      assert.equal(secp.verify(msg, compact(0n, big(signature.subarray(32))), pub), false);
      assert.equal(secp.verify(msg, compact(big(signature.subarray(0, 32)), 0n), pub), false);
      assert.equal(secp.verify(msg, new Uint8Array(64), pub), false);
      // Wrong sizes of message / compact signature are caller bugs.
      assert.throws(() => secp.verify(new Uint8Array(31), signature, pub));
      assert.throws(() => secp.verify(msg, signature.subarray(0, 63), pub));
      assert.throws(() => secp.sign(new Uint8Array(33), key));
    });

    test('signatures are low-S; high-S is rejected by verify and fixed by normalize', () => {
      fc.assert(
        fc.property(arbKey, arbMsg, (key, msg) => {
          const pub = secp.publicKeyCreate(key);
          const { signature, recovery } = secp.sign(msg, key);
          const s = big(signature.subarray(32));
          assert.ok(s <= N / 2n, 'sign returns low S');
          const high = compact(big(signature.subarray(0, 32)), N - s);
          assert.equal(secp.verify(msg, high, pub), false);
          const before = toHex(high);
          const fixed = secp.signatureNormalize(high);
          assert.equal(toHex(high), before, 'normalize does not mutate its input');
          assert.equal(toHex(fixed), toHex(signature));
          assert.ok(secp.verify(msg, fixed, pub));
          assert.equal(toHex(secp.signatureNormalize(signature)), toHex(signature));
          // Recovery accepts high S (with the flipped parity bit).
          assert.equal(toHex(secp.recover(msg, high, recovery ^ 1)), toHex(pub));
        }),
        { numRuns: 20 },
      );
      assert.throws(() => secp.signatureNormalize(compact(N, 1n)));
      assert.throws(() => secp.signatureNormalize(compact(1n, N)));
      assert.equal(toHex(secp.signatureNormalize(compact(0n, 0n))), '00'.repeat(64));
      assert.equal(toHex(secp.signatureNormalize(compact(1n, N / 2n + 1n))), toHex(compact(1n, N / 2n)));
    });

    test('extra entropy changes the nonce deterministically', () => {
      const msg = sha256(utf8('entropy'));
      const e1 = new Uint8Array(32).fill(1);
      const e2 = new Uint8Array(32).fill(2);
      const a = secp.sign(msg, KEY1, e1).signature;
      assert.equal(toHex(secp.sign(msg, KEY1, e1).signature), toHex(a));
      assert.notEqual(toHex(a), toHex(secp.sign(msg, KEY1).signature));
      assert.notEqual(toHex(a), toHex(secp.sign(msg, KEY1, e2).signature));
      assert.ok(secp.verify(msg, a, fromHex(G_COMPRESSED)));
      assert.throws(() => secp.sign(msg, KEY1, new Uint8Array(16)));
    });

    test('DER import/export', () => {
      const sig = fromHex(BLOCK_SIG_DER);
      const c = secp.signatureImport(sig);
      assert.equal(toHex(secp.signatureExport(c)), BLOCK_SIG_DER);
      // Not strict DER: trailing byte, excess padding, wrong sequence length, negative R.
      assert.throws(() => secp.signatureImport(fromHex(BLOCK_SIG_DER + '01')));
      assert.throws(() => secp.signatureImport(fromHex('3046022200' + BLOCK_SIG_DER.slice(8))));
      assert.throws(() => secp.signatureImport(fromHex('3044' + BLOCK_SIG_DER.slice(4))));
      assert.throws(() => secp.signatureImport(fromHex('30440220' + BLOCK_SIG_DER.slice(10))));
      assert.throws(() => secp.signatureImport(new Uint8Array(0)));
      // r ≥ n (valid DER) → overflow → throws.
      const nHex = N.toString(16);
      assert.throws(() => secp.signatureImport(fromHex(`3026022100${nHex}020101`)));
      assert.throws(() => secp.signatureImport(fromHex(`3026020101022100${nHex}`)));
      // Zero integers are representable.
      assert.equal(toHex(secp.signatureImport(fromHex('3006020100020100'))), '00'.repeat(64));
      assert.equal(toHex(secp.signatureExport(new Uint8Array(64))), '3006020100020100');
      assert.equal(toHex(secp.signatureExport(compact(1n, 0x80n))), '300702010102020080');
      assert.equal(toHex(secp.signatureImport(fromHex('300702010102020080'))), toHex(compact(1n, 0x80n)));
      assert.throws(() => secp.signatureExport(compact(N, 1n)));
      assert.throws(() => secp.signatureExport(compact(1n, N)));
    });

    test('public key recovery', () => {
      const key = b32(0xdeadbeefn);
      const msg = sha256(utf8('recover me'));
      const { signature, recovery } = secp.sign(msg, key);
      assert.ok(recovery >= 0 && recovery <= 3);
      assert.equal(toHex(secp.recover(msg, signature, recovery)), toHex(secp.publicKeyCreate(key)));
      assert.equal(toHex(secp.recover(msg, signature, recovery, false)), toHex(secp.publicKeyCreate(key, false)));
      const other = throwsOrValue(() => secp.recover(msg, signature, recovery ^ 1));
      assert.notEqual(other, toHex(secp.publicKeyCreate(key)));
      assert.throws(() => secp.recover(msg, signature, 4));
      assert.throws(() => secp.recover(msg, signature, -1));
      assert.throws(() => secp.recover(msg, compact(0n, 1n), 0));
      assert.throws(() => secp.recover(msg, compact(1n, 0n), 0));
      assert.throws(() => secp.recover(msg, compact(N, 1n), 0));
      // recid 2/3 need r + n < p.
      assert.throws(() => secp.recover(msg, compact(P - N, 1n), 2));
    });

    test('ECDH = SHA256(compressed shared point), symmetric', () => {
      const a = b32(0xa11cen);
      const b = b32(0xb0bn);
      const ab = secp.ecdh(secp.publicKeyCreate(b), a);
      assert.equal(toHex(secp.ecdh(secp.publicKeyCreate(a, false), b)), toHex(ab));
      const sharedPoint = secp.publicKeyCreate(b32((0xa11cen * 0xb0bn) % N));
      assert.equal(toHex(ab), toHex(sha256(sharedPoint)));
      assert.throws(() => secp.ecdh(new Uint8Array(33), a));
      assert.throws(() => secp.ecdh(fromHex(G_COMPRESSED), b32(N)));
      assert.throws(() => secp.ecdh(fromHex(G_COMPRESSED), b32(0n)));
    });

    test('tweak edge cases', () => {
      const G = fromHex(G_COMPRESSED);
      assert.equal(toHex(secp.publicKeyTweakAdd(G, b32(0n))), G_COMPRESSED);
      assert.equal(toHex(secp.publicKeyTweakAdd(G, b32(1n))), toHex(secp.publicKeyCreate(b32(2n))));
      assert.throws(() => secp.publicKeyTweakAdd(G, b32(N)));
      assert.throws(() => secp.publicKeyTweakAdd(G, b32(N - 1n)), 'G + (n-1)G is infinity');
      assert.throws(() => secp.publicKeyTweakAdd(new Uint8Array(33), b32(1n)));
      assert.throws(() => secp.publicKeyTweakAdd(G, new Uint8Array(31)));
      assert.equal(toHex(secp.privateKeyTweakAdd(KEY1, b32(0n))), toHex(KEY1));
      assert.equal(toHex(secp.privateKeyTweakAdd(b32(N - 1n), b32(5n))), toHex(b32(4n)));
      assert.throws(() => secp.privateKeyTweakAdd(KEY1, b32(N)));
      assert.throws(() => secp.privateKeyTweakAdd(KEY1, b32(N - 1n)), 'sum is zero');
      assert.throws(() => secp.privateKeyTweakAdd(KEY1, new Uint8Array(31)));
      // libsecp256k1 (as bundled) reduces an out-of-range key instead of rejecting it.
      assert.equal(toHex(secp.privateKeyTweakAdd(b32(N + 3n), b32(1n))), toHex(b32(4n)));
      assert.equal(toHex(secp.privateKeyTweakAdd(b32(0n), b32(7n))), toHex(b32(7n)));
    });

    test('public key combination', () => {
      const k = b32(12345n);
      const pub = secp.publicKeyCreate(k);
      assert.equal(toHex(secp.publicKeyCombine([pub, pub])), toHex(secp.publicKeyCreate(b32(24690n))));
      assert.equal(
        toHex(secp.publicKeyCombine([pub, secp.publicKeyCreate(KEY1, false)], false)),
        toHex(secp.publicKeyCreate(b32(12346n), false)),
      );
      assert.equal(toHex(secp.publicKeyCombine([pub])), toHex(pub));
      assert.throws(() => secp.publicKeyCombine([pub, secp.publicKeyCreate(b32(N - 12345n))]), 'P + (-P) = infinity');
      assert.throws(() => secp.publicKeyCombine([]));
      assert.throws(() => secp.publicKeyCombine([pub, new Uint8Array(33)]));
    });

    test('results are fresh plain Uint8Arrays and inputs are not mutated; views with offsets work', () => {
      const buf = new Uint8Array(200);
      buf.set(b32(777n), 7);
      const key = buf.subarray(7, 39);
      const keyBefore = toHex(key);
      const tweak = b32(99n);
      const pub = secp.publicKeyCreate(key);
      const msg = sha256(utf8('fresh'));
      const sig = secp.sign(msg, key);
      const results: Uint8Array[] = [
        pub,
        secp.publicKeyCreate(key, false),
        secp.publicKeyConvert(pub, false),
        secp.publicKeyTweakAdd(pub, tweak),
        secp.privateKeyTweakAdd(key, tweak),
        secp.publicKeyCombine([pub, pub]),
        sig.signature,
        secp.signatureNormalize(sig.signature),
        secp.signatureExport(sig.signature),
        secp.signatureImport(secp.signatureExport(sig.signature)),
        secp.recover(msg, sig.signature, sig.recovery),
        secp.ecdh(pub, key),
      ];
      for (const r of results) assert.ok(isPlainU8(r), `${secp.name}: result is a plain Uint8Array`);
      assert.equal(toHex(key), keyBefore, 'private key not mutated by privateKeyTweakAdd');
      const n1 = secp.signatureNormalize(sig.signature);
      n1.fill(0);
      assert.notEqual(toHex(sig.signature), '00'.repeat(64), 'normalize result does not alias its input');
      // Views into larger buffers are read at their offset.
      const pubBuf = new Uint8Array(100);
      pubBuf.set(pub, 50);
      assert.ok(secp.verify(msg, sig.signature, pubBuf.subarray(50, 83)));
      const sigBuf = new Uint8Array(80);
      sigBuf.set(sig.signature, 3);
      assert.ok(secp.verify(msg, sigBuf.subarray(3, 67), pub));
    });
  });
}

describe('native and noble agree', () => {
  const runs = { numRuns: 60 };

  test('same public keys, signatures and recovery ids; each verifies the other', () => {
    fc.assert(
      fc.property(arbKey, arbMsg, fc.option(arb32, { nil: undefined }), (key, msg, entropy) => {
        for (const compressed of [true, false]) {
          assert.equal(toHex(native.publicKeyCreate(key, compressed)), toHex(noble.publicKeyCreate(key, compressed)));
        }
        const a = native.sign(msg, key, entropy);
        const b = noble.sign(msg, key, entropy);
        assert.equal(toHex(b.signature), toHex(a.signature));
        assert.equal(b.recovery, a.recovery);
        const pub = native.publicKeyCreate(key);
        assert.ok(noble.verify(msg, a.signature, pub));
        assert.ok(native.verify(msg, b.signature, pub));
        assert.equal(toHex(noble.recover(msg, a.signature, a.recovery)), toHex(pub));
        assert.equal(toHex(native.recover(msg, b.signature, b.recovery, false)), toHex(noble.publicKeyConvert(pub, false)));
        assert.equal(toHex(noble.signatureExport(a.signature)), toHex(native.signatureExport(a.signature)));
      }),
      runs,
    );
  });

  test('messages at and above the group order sign identically (raw-message RFC6979 nonce)', () => {
    const key = b32(0xc0ffeen);
    for (const m of [N - 1n, N, N + 1n, (1n << 256n) - 1n, 0n]) {
      const msg = b32(m);
      const a = native.sign(msg, key);
      const b = noble.sign(msg, key);
      assert.equal(toHex(b.signature), toHex(a.signature), `m = ${m.toString(16)}`);
      assert.equal(b.recovery, a.recovery);
      assert.ok(noble.verify(msg, a.signature, native.publicKeyCreate(key)));
      assert.equal(toHex(noble.recover(msg, a.signature, a.recovery)), toHex(native.publicKeyCreate(key)));
    }
  });

  test('ECDH agrees in both directions', () => {
    fc.assert(
      fc.property(arbKey, arbKey, fc.boolean(), (a, b, compressed) => {
        const pubA = native.publicKeyCreate(a, compressed);
        const pubB = noble.publicKeyCreate(b, compressed);
        const x = native.ecdh(pubB, a);
        assert.equal(toHex(noble.ecdh(pubB, a)), toHex(x));
        assert.equal(toHex(noble.ecdh(pubA, b)), toHex(x));
        assert.equal(toHex(native.ecdh(pubA, b)), toHex(x));
      }),
      runs,
    );
  });

  test('tweak-add agrees for public and private keys', () => {
    fc.assert(
      fc.property(arbKey, arb32, fc.boolean(), (key, tweak, compressed) => {
        const pub = native.publicKeyCreate(key, compressed);
        const tp = throwsOrValue(() => native.publicKeyTweakAdd(pub, tweak));
        assert.equal(throwsOrValue(() => noble.publicKeyTweakAdd(pub, tweak)), tp);
        const tk = throwsOrValue(() => native.privateKeyTweakAdd(key, tweak));
        assert.equal(throwsOrValue(() => noble.privateKeyTweakAdd(key, tweak)), tk);
        if (tk !== 'throws') assert.equal(toHex(noble.publicKeyCreate(fromHex(tk), compressed)), tp);
      }),
      runs,
    );
  });

  test('private-key tweak agrees on arbitrary (even invalid) keys and tweaks near n', () => {
    const nearN = fc.constantFrom(0n, 1n, N - 1n, N, N + 1n, (1n << 256n) - 1n).map(b32);
    fc.assert(
      fc.property(fc.oneof(arb32, nearN), fc.oneof(arb32, nearN), (key, tweak) => {
        assert.equal(
          throwsOrValue(() => noble.privateKeyTweakAdd(key, tweak)),
          throwsOrValue(() => native.privateKeyTweakAdd(key, tweak)),
        );
        assert.equal(noble.privateKeyVerify(key), native.privateKeyVerify(key));
      }),
      { numRuns: 300 },
    );
  });

  test('public-key parsing agrees on valid, hybrid and corrupted encodings', () => {
    const arbPubBytes = fc
      .tuple(arbKey, fc.constantFrom(0, 1, 2, 3), fc.nat({ max: 64 }), fc.integer({ min: 0, max: 255 }), fc.boolean())
      .map(([key, form, pos, val, corrupt]) => {
        const unc = native.publicKeyCreate(key, false);
        let pub: Uint8Array;
        if (form === 0) pub = native.publicKeyCreate(key, true);
        else if (form === 1) pub = unc;
        else {
          // 2: hybrid with the right parity tag, 3: hybrid with the wrong one.
          pub = new Uint8Array(unc);
          pub[0] = ((unc[64]! & 1) === 1) === (form === 2) ? 0x07 : 0x06;
        }
        if (corrupt) pub[pos % pub.length] = val;
        return pub;
      });
    fc.assert(
      fc.property(fc.oneof(arbPubBytes, fc.uint8Array({ minLength: 33, maxLength: 33 }), fc.uint8Array({ minLength: 65, maxLength: 65 })), (pub) => {
        assert.equal(noble.publicKeyVerify(pub), native.publicKeyVerify(pub));
        for (const c of [true, false]) {
          assert.equal(throwsOrValue(() => noble.publicKeyConvert(pub, c)), throwsOrValue(() => native.publicKeyConvert(pub, c)));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('verify / normalize / export agree on arbitrary compact signatures', () => {
    const key = b32(424242n);
    const pub = native.publicKeyCreate(key);
    const msg = sha256(utf8('agreement'));
    const good = native.sign(msg, key).signature;
    const r = big(good.subarray(0, 32));
    const s = big(good.subarray(32));
    const special = fc.constantFrom(
      good,
      compact(r, N - s),
      compact(r, 0n),
      compact(0n, s),
      compact(N, s),
      compact(r, N),
      compact(r + 1n, s),
      compact(r, N / 2n),
      compact(r, N / 2n + 1n),
    );
    fc.assert(
      fc.property(fc.oneof(special, fc.uint8Array({ minLength: 64, maxLength: 64 })), (sig) => {
        assert.equal(noble.verify(msg, sig, pub), native.verify(msg, sig, pub));
        assert.equal(throwsOrValue(() => noble.signatureNormalize(sig)), throwsOrValue(() => native.signatureNormalize(sig)));
        assert.equal(throwsOrValue(() => noble.signatureExport(sig)), throwsOrValue(() => native.signatureExport(sig)));
        for (let rid = 0; rid < 4; rid++) {
          assert.equal(throwsOrValue(() => noble.recover(msg, sig, rid)), throwsOrValue(() => native.recover(msg, sig, rid)));
        }
      }),
      { numRuns: 100 },
    );
  });

  test('DER import agrees on mutated encodings', () => {
    const derArb = fc
      .tuple(arbKey, arbMsg, fc.array(fc.tuple(fc.nat({ max: 80 }), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.integer({ min: -2, max: 2 }))
      .map(([key, msg, edits, lenDelta]) => {
        const der = native.signatureExport(native.sign(msg, key).signature);
        let out = new Uint8Array(Math.max(0, der.length + lenDelta));
        out.set(der.subarray(0, Math.min(der.length, out.length)));
        for (const [pos, val] of edits) if (out.length > 0) out[pos % out.length] = val;
        return out;
      });
    fc.assert(
      fc.property(derArb, (der) => {
        assert.equal(throwsOrValue(() => noble.signatureImport(der)), throwsOrValue(() => native.signatureImport(der)));
      }),
      { numRuns: 400 },
    );
  });

  test('public key combination agrees', () => {
    fc.assert(
      fc.property(fc.array(arbKey, { minLength: 1, maxLength: 4 }), fc.boolean(), (keys, compressed) => {
        const pubs = keys.map((k, i) => native.publicKeyCreate(k, i % 2 === 0));
        assert.equal(toHex(noble.publicKeyCombine(pubs, compressed)), toHex(native.publicKeyCombine(pubs, compressed)));
      }),
      { numRuns: 40 },
    );
  });
});
