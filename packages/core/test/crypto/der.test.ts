import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex, reversed } from '../../src/encoding/hex.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import {
  SECP256K1_HALF_ORDER,
  SECP256K1_ORDER,
  checkLowS,
  compactSignatureHasHighS,
  compactSignatureOverflows,
  encodeDer,
  isDefinedHashtypeSignature,
  isLowDerSignature,
  isValidSignatureEncoding,
  lowDerSignatureError,
  parseDerLax,
  parseDerStrict,
  verifyEcdsaLax,
} from '../../src/crypto/der.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const NHEX = N.toString(16);
const b32 = (n: bigint): Uint8Array => fromHex(n.toString(16).padStart(64, '0'));
const big = (b: Uint8Array): bigint => BigInt('0x' + (toHex(b) || '0'));
const compact = (r: bigint, s: bigint): Uint8Array => {
  const out = new Uint8Array(64);
  out.set(b32(r), 0);
  out.set(b32(s), 32);
  return out;
};
const hexLen = (hex: string): string => (hex.length / 2).toString(16).padStart(2, '0');

// ocean-core-examples.md §6: block hash (display) signed with private key 1.
const MSG = reversed(fromHex('56000fe7478069fccf8153f5aa81a949e712041e11d3d320771f451f3f3f1b9a'));
const PUB1 = fromHex('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
const R = '00cf401fc3d72c5575090dc995605b759040ecc3b4cefff6cb9285e884fbbf429e'; // with sign padding
const S = '594054dfa740c0d9ab0703774ccf80a2f13e96aa2efe00316cb9d312622d471d';
const SIG = `3045022100${R.slice(2)}0220${S}`;
const SIG_COMPACT = R.slice(2) + S;

const secps: Secp256k1[] = [loadNativeSecp256k1(), new NobleSecp256k1()];

/** Build `30 <seqLen> 02 <rLen> <r> 02 <sLen> <s> <trailer>`; lengths default to the real ones. */
function der(o: { r?: string; s?: string; rLen?: string; sLen?: string; seqLen?: string; trailer?: string; seqTag?: string } = {}): Uint8Array {
  const r = o.r ?? R;
  const s = o.s ?? S;
  const body = `02${o.rLen ?? hexLen(r)}${r}02${o.sLen ?? hexLen(s)}${s}`;
  return fromHex(`${o.seqTag ?? '30'}${o.seqLen ?? hexLen(body)}${body}${o.trailer ?? ''}`);
}

describe('parseDerLax (Bitcoin Core ecdsa_signature_parse_der_lax)', () => {
  test('canonical DER parses to r || s', () => {
    assert.equal(toHex(der()), SIG);
    assert.equal(toHex(parseDerLax(der())!), SIG_COMPACT);
    assert.equal(toHex(parseDerStrict(der())!.compact), SIG_COMPACT);
  });

  // Each case is accepted by the lax parser with the canonical result, and rejected by both strict
  // parsers (BIP66 `IsValidSignatureEncoding` with a sighash byte appended, and libsecp256k1's DER).
  const laxOnly: [string, Uint8Array][] = [
    ['excess zero padding of R', der({ r: '0000' + R })],
    ['excess zero padding of S', der({ s: '000000' + S })],
    ['R without its sign byte (negative in DER)', der({ r: R.slice(2) })],
    ['long-form R length', der({ rLen: '8121' })],
    ['long-form S length with zero length-bytes', der({ sLen: '8400000020' })],
    ['8 length bytes, 7 after stripping leading zeros', der({ rLen: '88' + '00'.repeat(7) + '21' })],
    ['long-form sequence length', der({ seqLen: '8145' })],
    ['wrong short sequence length (0)', der({ seqLen: '00' })],
    ['wrong short sequence length (0x7f)', der({ seqLen: '7f' })],
    ['indefinite sequence length', der({ seqLen: '80' })],
    ['long-form sequence length whose bytes are skipped unread', der({ seqLen: '83ffffff' })],
    ['trailing garbage after S', der({ trailer: 'deadbeef' })],
    ['one trailing byte (as the block-signing example)', der({ trailer: '01' })],
    ['everything at once', der({ r: '00' + R, rLen: '820022', s: '0000' + S, sLen: '8122', seqLen: '80', trailer: '00' })],
  ];
  for (const [name, sig] of laxOnly) {
    test(`lax accepts, strict rejects: ${name}`, () => {
      assert.equal(toHex(parseDerLax(sig) ?? new Uint8Array()), SIG_COMPACT);
      assert.equal(isValidSignatureEncoding(Uint8Array.from([...sig, 0x01])), false);
      const strict = parseDerStrict(sig);
      assert.ok(strict === null || strict.overflow, 'libsecp256k1 strict DER rejects (or flags a negative integer)');
      for (const secp of secps) assert.throws(() => secp.signatureImport(sig), `${secp.name} signatureImport`);
    });
  }

  test('zero-length integers and the 0x80 length byte read as zero', () => {
    assert.equal(toHex(parseDerLax(fromHex('3004020002020101'))!), toHex(compact(0n, 0x101n)));
    // `02 00` is an empty R (= 0); the sequence length byte is ignored in short form.
    assert.equal(toHex(parseDerLax(fromHex('300402000200')!)!), '00'.repeat(64));
    assert.equal(toHex(parseDerLax(fromHex('3006020002020101')!)!), toHex(compact(0n, 0x101n)));
    // `02 80` = long form with zero length bytes = length 0.
    assert.equal(toHex(parseDerLax(fromHex('3006028002020101'))!), toHex(compact(0n, 0x101n)));
  });

  test('R or S overflowing gives the all-zero signature (parse still succeeds)', () => {
    const zero = '00'.repeat(64);
    // 33 significant bytes.
    assert.equal(toHex(parseDerLax(der({ r: '01' + R.slice(2) }))!), zero);
    assert.equal(toHex(parseDerLax(der({ s: '01' + S }))!), zero);
    // Exactly n, and above n.
    assert.equal(toHex(parseDerLax(der({ r: '00' + NHEX }))!), zero);
    assert.equal(toHex(parseDerLax(der({ s: NHEX }))!), zero);
    assert.equal(toHex(parseDerLax(der({ s: 'ff'.repeat(32) }))!), zero);
    // n - 1 is fine; leading zeros do not count towards the 32 bytes.
    assert.equal(toHex(parseDerLax(der({ s: (N - 1n).toString(16) }))!), R.slice(2) + (N - 1n).toString(16));
    assert.equal(toHex(parseDerLax(der({ r: '00'.repeat(40) + R.slice(2) }))!), SIG_COMPACT);
  });

  const unparseable: [string, string][] = [
    ['empty', ''],
    ['sequence tag only', '30'],
    ['wrong sequence tag', '31' + SIG.slice(2)],
    ['no R', '3045'],
    ['R tag wrong', '304503' + SIG.slice(6)],
    ['R length missing', '304502'],
    ['R longer than the input', '3006020501020101'],
    ['sequence length bytes beyond the input (0xff = 127 bytes)', 'ff'.padStart(4, '30') + SIG.slice(4)],
    ['R length-of-length beyond the input', '30060284000000'],
    ['8 significant R length bytes', '3045' + '0288' + '01'.repeat(8)],
    ['no S', `3023022100${R.slice(2)}`],
    ['S tag wrong', `3045022100${R.slice(2)}0320${S}`],
    ['S length missing', `3045022100${R.slice(2)}02`],
    ['S longer than the input', `3045022100${R.slice(2)}0221${S}`],
    ['S length-of-length beyond the input', `3045022100${R.slice(2)}0285000000`],
  ];
  for (const [name, hex] of unparseable) {
    test(`unparseable: ${name}`, () => {
      assert.equal(parseDerLax(fromHex(hex)), null);
    });
  }

  test('agrees with the strict parsers on valid encodings; lax is a superset of strict', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 6, maxLength: 75 }),
        fc.constantFrom(...laxOnly.map(([, s]) => s), der(), fromHex('3006020101020101')),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }),
        fc.boolean(),
        (random, base, edits, useRandom) => {
          const sig = new Uint8Array(useRandom ? random : base);
          for (const [p, v] of edits) sig[p % sig.length] = v;
          const lax = parseDerLax(sig);
          const strict = parseDerStrict(sig);
          if (strict !== null) assert.notEqual(lax, null, 'strict-valid ⇒ lax-valid');
          const withHashtype = Uint8Array.from([...sig, 0x01]);
          if (isValidSignatureEncoding(withHashtype)) {
            assert.ok(strict !== null, 'BIP66-valid ⇒ libsecp256k1-parsable');
            assert.equal(toHex(lax!), strict.overflow ? '00'.repeat(64) : toHex(strict.compact));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('re-encodings of the same (r, s) all lax-parse to it', () => {
    const arbScalar = fc.bigInt({ min: 0n, max: N - 1n });
    const arbLen = fc.constantFrom('short', 'long', 'longZeros', 'indefinite');
    const lenEnc = (len: number, style: string, zeros: number): string => {
      const l = len.toString(16).padStart(2, '0');
      if (style === 'short') return l;
      if (style === 'long') return '81' + l;
      return (0x81 + zeros).toString(16) + '00'.repeat(zeros) + l; // 'longZeros'
    };
    fc.assert(
      fc.property(
        arbScalar,
        arbScalar,
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        arbLen,
        arbLen.filter((s) => s !== 'indefinite'),
        arbLen.filter((s) => s !== 'indefinite'),
        fc.nat({ max: 6 }),
        fc.uint8Array({ maxLength: 5 }),
        (r, s, rPad, sPad, seqStyle, rStyle, sStyle, zeros, trailer) => {
          const strictDer = encodeDer(compact(r, s));
          const rHex = '00'.repeat(rPad) + toHex(strictDer.subarray(4, 4 + strictDer[3]!));
          const sStart = 6 + strictDer[3]!;
          const sHex = '00'.repeat(sPad) + toHex(strictDer.subarray(sStart));
          const body = `02${lenEnc(rHex.length / 2, rStyle, zeros)}${rHex}02${lenEnc(sHex.length / 2, sStyle, zeros)}${sHex}`;
          const seq = seqStyle === 'indefinite' ? '80' : lenEnc(Math.min(body.length / 2, 255), seqStyle, zeros);
          const sig = fromHex(`30${seq}${body}${toHex(trailer)}`);
          assert.equal(toHex(parseDerLax(sig)!), toHex(compact(r, s)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('strict DER (libsecp256k1) encode/decode', () => {
  test('encodeDer matches libsecp256k1 serialization and round-trips', () => {
    const native = secps[0]!;
    const arbScalar = fc.oneof(
      fc.bigInt({ min: 0n, max: N - 1n }),
      fc.bigInt({ min: 0n, max: 0xffffn }),
      fc.constantFrom(0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, N - 1n, N / 2n, N / 2n + 1n, 1n << 255n, (1n << 248n) - 1n),
    );
    fc.assert(
      fc.property(arbScalar, arbScalar, fc.integer({ min: 0, max: 255 }), (r, s, hashType) => {
        const c = compact(r, s);
        const d = encodeDer(c);
        assert.equal(toHex(d), toHex(native.signatureExport(c)));
        const back = parseDerStrict(d);
        assert.ok(back !== null && !back.overflow);
        assert.equal(toHex(back.compact), toHex(c));
        assert.equal(toHex(parseDerLax(d)!), toHex(c));
        assert.ok(isValidSignatureEncoding(Uint8Array.from([...d, hashType])));
        assert.ok(d.length <= 72);
      }),
      { numRuns: 1000 },
    );
    assert.throws(() => encodeDer(compact(N, 1n)));
    assert.throws(() => encodeDer(new Uint8Array(63)));
  });

  test('parseDerStrict reports overflow for negative, long and ≥ n integers', () => {
    assert.deepEqual(parseDerStrict(fromHex('3006020180020101'))?.overflow, true); // negative R
    assert.equal(toHex(parseDerStrict(fromHex('3006020180020101'))!.compact), toHex(compact(0n, 1n)));
    assert.equal(parseDerStrict(fromHex(`3026022100${NHEX}020101`))?.overflow, true);
    assert.equal(parseDerStrict(fromHex(`3026022101${'00'.repeat(32)}020101`))?.overflow, true);
    assert.equal(parseDerStrict(fromHex('3006020101020101'))?.overflow, false);
    // Excess 0xff padding is invalid (not just overflow).
    assert.equal(parseDerStrict(fromHex('30070202ff80020101')), null);
    // Long-form lengths are only valid when ≥ 128.
    assert.equal(parseDerStrict(fromHex('308106020101020101')), null);
  });

  test('compact helpers', () => {
    assert.equal(big(SECP256K1_ORDER), N);
    assert.equal(big(SECP256K1_HALF_ORDER), N >> 1n);
    assert.equal(compactSignatureOverflows(compact(N - 1n, N - 1n)), false);
    assert.equal(compactSignatureOverflows(compact(N, 1n)), true);
    assert.equal(compactSignatureOverflows(compact(1n, N)), true);
    assert.equal(compactSignatureHasHighS(compact(1n, N >> 1n)), false);
    assert.equal(compactSignatureHasHighS(compact(1n, (N >> 1n) + 1n)), true);
  });
});

describe('IsValidSignatureEncoding (BIP66, with sighash byte)', () => {
  const good: [string, string][] = [
    ['block-signing signature + SIGHASH_ALL', SIG + '01'],
    ['smallest (9 bytes)', '300602010102010101'],
    ['zero R', '300602010002010101'],
    ['padded R where needed', '30070202008002010101'],
    ['73 bytes (33-byte R and S)', `3046022100${'80'.repeat(32)}022100${'80'.repeat(32)}01`],
    ['undefined hashtype byte is not this check', SIG + '00'],
  ];
  const bad: [string, string][] = [
    ['8 bytes', '3005020101020101'],
    ['74 bytes', `3047022100${'80'.repeat(32)}0222${'0080' + '80'.repeat(32)}01`],
    ['not a compound', '310602010102010101'],
    ['total length does not cover the signature', '300702010102010101'],
    ['total length too short', SIG.replace(/^3045/, '3044') + '01'],
    ['R length reaches past the end', '300602050102010101'],
    ['lengths do not add up', '300602010102020101'],
    ['R not an integer', '300603010102010101'],
    ['zero-length R', '300602000202010101'],
    ['negative R', '300602018002010101'],
    ['excess padding of R', '30070202000102010101'],
    ['S not an integer', '300602010103010101'],
    ['zero-length S', '300602020101020001'],
    ['negative S', '300602010102018001'],
    ['excess padding of S', '30070201010202000101'],
    ['no sighash byte (signature ends at S)', SIG],
    ['S with 0x00 pad but no high bit', `30460221${R}022100${S}01`],
  ];
  test('sizes of the table entries are what they claim', () => {
    assert.equal(fromHex(good[4]![1]).length, 73);
    assert.equal(fromHex(bad[1]![1]).length, 74);
  });
  for (const [name, hex] of good) test(`valid: ${name}`, () => assert.equal(isValidSignatureEncoding(fromHex(hex)), true));
  for (const [name, hex] of bad) test(`invalid: ${name}`, () => assert.equal(isValidSignatureEncoding(fromHex(hex)), false));
});

describe('IsLowDERSignature / CheckLowS / IsDefinedHashtypeSignature', () => {
  const highS = toHex(encodeDer(compact(big(fromHex(R)), N - big(fromHex(S)))));

  test('low and high S', () => {
    assert.equal(isLowDerSignature(fromHex(SIG + '01')), true);
    assert.equal(lowDerSignatureError(fromHex(SIG + '01')), undefined);
    assert.equal(isLowDerSignature(fromHex(highS + '01')), false);
    assert.equal(lowDerSignatureError(fromHex(highS + '01')), 'SIG_HIGH_S');
    assert.equal(lowDerSignatureError(fromHex(SIG)), 'SIG_DER');
    assert.equal(isLowDerSignature(fromHex(SIG + 'ff00')), false);
    assert.equal(checkLowS(fromHex(SIG)), true);
    assert.equal(checkLowS(fromHex(highS)), false);
    // S exactly n/2 is low, n/2 + 1 is high.
    assert.equal(checkLowS(encodeDer(compact(1n, N >> 1n))), true);
    assert.equal(checkLowS(encodeDer(compact(1n, (N >> 1n) + 1n))), false);
    // Lax-only encodings are judged by CheckLowS (it parses laxly).
    assert.equal(checkLowS(fromHex(highS + 'abcd')), false);
    assert.equal(checkLowS(new Uint8Array(0)), false);
    assert.equal(checkLowS(fromHex('31')), false);
  });

  test('Core quirk: an overflowing R makes the signature all-zero, hence "low S"', () => {
    const sig = fromHex(`3046022100${NHEX}022100${'ff'.repeat(32)}01`);
    assert.equal(isValidSignatureEncoding(sig), true);
    assert.equal(checkLowS(sig.subarray(0, sig.length - 1)), true);
    assert.equal(isLowDerSignature(sig), true);
  });

  test('defined hash types', () => {
    for (const t of [0x01, 0x02, 0x03, 0x81, 0x82, 0x83]) assert.equal(isDefinedHashtypeSignature(Uint8Array.of(0x30, t)), true, t.toString(16));
    for (const t of [0x00, 0x04, 0x80, 0x84, 0x41, 0xc1, 0xff, 0x7f]) assert.equal(isDefinedHashtypeSignature(Uint8Array.of(0x30, t)), false, t.toString(16));
    assert.equal(isDefinedHashtypeSignature(new Uint8Array(0)), false);
    assert.equal(isDefinedHashtypeSignature(Uint8Array.of(0x01)), true);
  });
});

for (const secp of secps) {
  describe(`verifyEcdsaLax (CPubKey::Verify) on ${secp.name}`, () => {
    test('the block-signing example, strict and with a trailing byte', () => {
      assert.ok(verifyEcdsaLax(secp, MSG, fromHex(SIG), PUB1));
      assert.ok(verifyEcdsaLax(secp, MSG, fromHex(SIG + '01'), PUB1));
      assert.ok(verifyEcdsaLax(secp, MSG, fromHex(SIG), secp.publicKeyConvert(PUB1, false)));
      for (const [name, sig] of [
        ['padded', der({ r: '0000' + R })],
        ['overlong', der({ sLen: '8400000020' })],
        ['garbage', der({ trailer: 'deadbeef' })],
      ] as const) {
        assert.ok(verifyEcdsaLax(secp, MSG, sig, PUB1), name);
      }
    });

    test('high S is normalized (accepted), unlike the raw verify', () => {
      const high = encodeDer(compact(big(fromHex(R)), N - big(fromHex(S))));
      assert.equal(secp.verify(MSG, secp.signatureImport(high), PUB1), false);
      assert.ok(verifyEcdsaLax(secp, MSG, high, PUB1));
      assert.ok(verifyEcdsaLax(secp, MSG, Uint8Array.from([...high, 0x99]), PUB1));
    });

    test('failures', () => {
      assert.equal(verifyEcdsaLax(secp, MSG, new Uint8Array(0), PUB1), false, 'empty signature');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex('31' + SIG.slice(2)), PUB1), false, 'unparseable');
      assert.equal(verifyEcdsaLax(secp, MSG, der({ r: '00' + NHEX }), PUB1), false, 'overflow → zero signature');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex('3006020100020100'), PUB1), false, 'zero signature');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex(SIG), new Uint8Array(33)), false, 'invalid pubkey');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex(SIG), new Uint8Array(0)), false, 'empty pubkey');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex(SIG), PUB1.subarray(0, 32)), false, 'short pubkey');
      assert.equal(verifyEcdsaLax(secp, MSG, fromHex(SIG), secp.publicKeyCreate(b32(2n))), false, 'other key');
      const otherMsg = new Uint8Array(MSG);
      otherMsg[0]! ^= 1;
      assert.equal(verifyEcdsaLax(secp, otherMsg, fromHex(SIG), PUB1), false, 'other message');
      assert.throws(() => verifyEcdsaLax(secp, MSG.subarray(1), fromHex(SIG), PUB1));
    });
  });
}

test('verifyEcdsaLax: native and noble agree on random lax signatures', () => {
  const [native, noble] = secps as [Secp256k1, Secp256k1];
  const key = b32(0x5eedn);
  const pub = native.publicKeyCreate(key);
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.boolean(),
      fc.uint8Array({ maxLength: 3 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 1 }),
      (msg, flip, trailer, edits) => {
        const c = native.sign(msg, key).signature;
        if (flip) c.set(b32(N - big(c.subarray(32))), 32);
        const sig = Uint8Array.from([...encodeDer(c), ...trailer]);
        for (const [p, v] of edits) sig[p % sig.length] = v;
        const expected = verifyEcdsaLax(native, msg, sig, pub);
        assert.equal(verifyEcdsaLax(noble, msg, sig, pub), expected);
        if (edits.length === 0) assert.ok(expected, 'unmodified (possibly high-S, padded) signature verifies');
      },
    ),
    { numRuns: 100 },
  );
});
