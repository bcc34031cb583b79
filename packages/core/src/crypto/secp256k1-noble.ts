/**
 * `Secp256k1` in pure JavaScript on `@noble/curves` v2 (point arithmetic) and `@noble/hashes`
 * (SHA-256, HMAC), for places where portability matters more than speed (≈20× slower than native).
 *
 * Every method reproduces what the native backend (the libsecp256k1 bundled with the `secp256k1`
 * npm package) does, byte for byte — including the parts where noble's high-level API differs:
 *
 * - Signing implements libsecp256k1's `nonce_function_rfc6979` directly: the HMAC-DRBG is seeded
 *   with `key32 || msg32 [|| extraEntropy32]` where msg32 is the RAW message (noble reduces it mod n
 *   first, which differs for the ~2^-128 of messages ≥ n), candidates are tried in order and the
 *   result is normalized to low S with the recovery id adjusted.
 * - Public keys are parsed like `secp256k1_ec_pubkey_parse`, which also accepts hybrid (0x06/0x07)
 *   65-byte keys.
 * - `privateKeyTweakAdd` reduces the key mod n without validating it, as that libsecp256k1 does.
 * - `ecdh` = SHA256(0x02|parity(y) || x) of the shared point (libsecp256k1's default hash).
 *
 * Not constant-time (JS BigInt): prefer the native backend for signing with long-lived keys.
 */
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeDer, parseDerStrict } from './der.js';
import type { Secp256k1 } from './secp256k1.js';

const Point = secp256k1.Point;
type Point = WeierstrassPoint<bigint>;
const Fn = Point.Fn;
const N = Fn.ORDER;
const HALF_N = N >> 1n;
const P = Point.Fp.ORDER;

function checkLength(what: string, b: Uint8Array, len: number): void {
  if (!(b instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (b.length !== len) throw new RangeError(`${what} must be ${len} bytes, got ${b.length}`);
}

function checkPubkeyLength(b: Uint8Array): void {
  if (!(b instanceof Uint8Array)) throw new TypeError('public key must be a Uint8Array');
  if (b.length !== 33 && b.length !== 65) throw new RangeError(`public key must be 33 or 65 bytes, got ${b.length}`);
}

const be = (b: Uint8Array, start: number, end: number): bigint => bytesToNumberBE(b.subarray(start, end));
const to32 = (n: bigint): Uint8Array => numberToBytesBE(n, 32);

/** `secp256k1_ec_pubkey_parse`: compressed, uncompressed or hybrid; null when invalid. */
function parsePubkey(pub: Uint8Array): Point | null {
  const tag = pub[0];
  if (pub.length === 33 && (tag === 0x02 || tag === 0x03)) {
    try {
      return Point.fromBytes(pub); // rejects x ≥ p and x not on the curve
    } catch {
      return null;
    }
  }
  if (pub.length === 65 && (tag === 0x04 || tag === 0x06 || tag === 0x07)) {
    const x = be(pub, 1, 33);
    const y = be(pub, 33, 65);
    if (x >= P || y >= P) return null;
    if (tag !== 0x04 && (y & 1n) !== (tag === 0x07 ? 1n : 0n)) return null;
    try {
      const pt = Point.fromAffine({ x, y });
      pt.assertValidity();
      return pt;
    } catch {
      return null;
    }
  }
  return null;
}

function parsePubkeyOrThrow(pub: Uint8Array): Point {
  checkPubkeyLength(pub);
  const pt = parsePubkey(pub);
  if (pt === null) throw new Error('public key could not be parsed');
  return pt;
}

function serialize(pt: Point, compressed: boolean): Uint8Array {
  if (pt.is0()) throw new Error('public key serialization error: point at infinity');
  return new Uint8Array(pt.toBytes(compressed));
}

/** Secret key as a scalar in [1, n-1]; throws otherwise (libsecp256k1 `scalar_set_b32_seckey`). */
function secretScalar(key: Uint8Array): bigint {
  checkLength('private key', key, 32);
  const d = bytesToNumberBE(key);
  if (d === 0n || d >= N) throw new Error('private key is invalid');
  return d;
}

/** Scalar from 32 bytes, throwing on overflow (tweaks). */
function tweakScalar(tweak: Uint8Array): bigint {
  checkLength('tweak', tweak, 32);
  const t = bytesToNumberBE(tweak);
  if (t >= N) throw new Error('the tweak was out of range or the resulting key is invalid');
  return t;
}

/** libsecp256k1's `secp256k1_rfc6979_hmac_sha256`: HMAC-DRBG per RFC 6979 §3.2 steps b–h. */
class Rfc6979HmacSha256 {
  #k: Uint8Array = new Uint8Array(32);
  #v: Uint8Array = new Uint8Array(32).fill(1);
  #retry = false;

  constructor(seed: Uint8Array) {
    const zero = Uint8Array.of(0x00);
    const one = Uint8Array.of(0x01);
    this.#k = this.#mac(this.#v, zero, seed);
    this.#v = this.#mac(this.#v);
    this.#k = this.#mac(this.#v, one, seed);
    this.#v = this.#mac(this.#v);
  }

  #mac(...parts: Uint8Array[]): Uint8Array {
    const h = hmac.create(sha256, this.#k);
    for (const p of parts) h.update(p);
    return h.digest();
  }

  generate(): Uint8Array {
    if (this.#retry) {
      this.#k = this.#mac(this.#v, Uint8Array.of(0x00));
      this.#v = this.#mac(this.#v);
    }
    this.#v = this.#mac(this.#v);
    this.#retry = true;
    return new Uint8Array(this.#v);
  }
}

/** Pure-JS backend on @noble/curves v2; identical observable behaviour to the native backend. */
export class NobleSecp256k1 implements Secp256k1 {
  readonly name = 'noble';

  privateKeyVerify(key: Uint8Array): boolean {
    if (key.length !== 32) return false;
    const d = bytesToNumberBE(key);
    return d !== 0n && d < N;
  }

  publicKeyCreate(key: Uint8Array, compressed = true): Uint8Array {
    const d = secretScalar(key);
    return serialize(Point.BASE.multiply(d), compressed);
  }

  publicKeyVerify(pubkey: Uint8Array): boolean {
    return parsePubkey(pubkey) !== null;
  }

  publicKeyConvert(pubkey: Uint8Array, compressed: boolean): Uint8Array {
    return serialize(parsePubkeyOrThrow(pubkey), compressed);
  }

  /** `compressed` defaults to the form of `pubkey` (as Ocean's contract tweak serializes). */
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed: boolean = pubkey.length === 33): Uint8Array {
    const pt = parsePubkeyOrThrow(pubkey);
    const t = tweakScalar(tweak);
    const q = t === 0n ? pt : pt.add(Point.BASE.multiply(t));
    if (q.is0()) throw new Error('the tweak was out of range or the resulting key is invalid');
    return serialize(q, compressed);
  }

  privateKeyTweakAdd(key: Uint8Array, tweak: Uint8Array): Uint8Array {
    checkLength('private key', key, 32);
    const t = tweakScalar(tweak);
    // As the bundled libsecp256k1: the key is reduced mod n, not validated.
    const sum = Fn.create(bytesToNumberBE(key) + t);
    if (sum === 0n) throw new Error('the tweak was out of range or the resulting key is invalid');
    return to32(sum);
  }

  publicKeyCombine(pubkeys: Uint8Array[], compressed = true): Uint8Array {
    if (!Array.isArray(pubkeys) || pubkeys.length === 0) throw new Error('expected a non-empty array of public keys');
    let acc = Point.ZERO;
    for (const pk of pubkeys) acc = acc.add(parsePubkeyOrThrow(pk));
    if (acc.is0()) throw new Error('the sum of the public keys is not valid');
    return serialize(acc, compressed);
  }

  sign(msg32: Uint8Array, key: Uint8Array, extraEntropy?: Uint8Array): { signature: Uint8Array; recovery: number } {
    checkLength('message', msg32, 32);
    const d = secretScalar(key);
    if (extraEntropy !== undefined) checkLength('extra entropy', extraEntropy, 32);
    const m = Fn.create(bytesToNumberBE(msg32));
    // nonce_function_rfc6979: key32 || msg32 (raw) || data32.
    const seed = new Uint8Array(extraEntropy === undefined ? 64 : 96);
    seed.set(key, 0);
    seed.set(msg32, 32);
    if (extraEntropy !== undefined) seed.set(extraEntropy, 64);
    const drbg = new Rfc6979HmacSha256(seed);
    for (;;) {
      const k = bytesToNumberBE(drbg.generate());
      if (k === 0n || k >= N) continue;
      const R = Point.BASE.multiply(k).toAffine();
      const r = Fn.create(R.x);
      let recovery = (R.x >= N ? 2 : 0) | (R.y & 1n ? 1 : 0);
      // Fermat inversion: data-independent control flow for the secret nonce.
      let s = Fn.mul(Fn.pow(k, N - 2n), Fn.add(m, Fn.mul(r, d)));
      if (s > HALF_N) {
        s = N - s;
        recovery ^= 1;
      }
      if (r === 0n || s === 0n) continue;
      const signature = new Uint8Array(64);
      signature.set(to32(r), 0);
      signature.set(to32(s), 32);
      return { signature, recovery };
    }
  }

  verify(msg32: Uint8Array, compactSig: Uint8Array, pubkey: Uint8Array): boolean {
    checkLength('message', msg32, 32);
    checkLength('signature', compactSig, 64);
    const r = be(compactSig, 0, 32);
    const s = be(compactSig, 32, 64);
    if (r >= N || s >= N) return false; // compact parse fails
    if (r === 0n || s === 0n || s > HALF_N) return false; // libsecp256k1 rejects high S
    const Q = parsePubkey(pubkey);
    if (Q === null) return false;
    const m = Fn.create(bytesToNumberBE(msg32));
    const sinv = Fn.inv(s);
    const R = Point.BASE.mulAddUnsafe(Fn.mul(m, sinv), Q, Fn.mul(r, sinv));
    if (R.is0()) return false;
    return Fn.create(R.toAffine().x) === r;
  }

  signatureNormalize(compactSig: Uint8Array): Uint8Array {
    checkLength('signature', compactSig, 64);
    const r = be(compactSig, 0, 32);
    const s = be(compactSig, 32, 64);
    if (r >= N || s >= N) throw new Error('signature could not be parsed');
    const out = new Uint8Array(compactSig);
    if (s > HALF_N) out.set(to32(N - s), 32);
    return out;
  }

  signatureImport(der: Uint8Array): Uint8Array {
    const parsed = parseDerStrict(der);
    if (parsed === null) throw new Error('signature could not be parsed');
    if (parsed.overflow) throw new Error('signature could not be parsed: r or s overflows the curve order');
    return parsed.compact;
  }

  signatureExport(compactSig: Uint8Array): Uint8Array {
    checkLength('signature', compactSig, 64);
    return encodeDer(compactSig);
  }

  recover(msg32: Uint8Array, compactSig: Uint8Array, recovery: number, compressed = true): Uint8Array {
    checkLength('message', msg32, 32);
    checkLength('signature', compactSig, 64);
    if (!Number.isInteger(recovery) || recovery < 0 || recovery > 3) {
      throw new RangeError('recovery id must be an integer in [0, 3]');
    }
    const r = be(compactSig, 0, 32);
    const s = be(compactSig, 32, 64);
    if (r >= N || s >= N) throw new Error('signature could not be parsed');
    if (r === 0n || s === 0n) throw new Error('public key could not be recovered');
    // secp256k1_ecdsa_sig_recover: high S is accepted.
    const x = recovery & 2 ? r + N : r;
    if (x >= P) throw new Error('public key could not be recovered');
    const xBytes = new Uint8Array(33);
    xBytes[0] = recovery & 1 ? 0x03 : 0x02;
    xBytes.set(to32(x), 1);
    const R = parsePubkey(xBytes);
    if (R === null) throw new Error('public key could not be recovered');
    const m = Fn.create(bytesToNumberBE(msg32));
    const rinv = Fn.inv(r);
    const Q = Point.BASE.mulAddUnsafe(Fn.neg(Fn.mul(m, rinv)), R, Fn.mul(s, rinv));
    if (Q.is0()) throw new Error('public key could not be recovered');
    return serialize(Q, compressed);
  }

  ecdh(pubkey: Uint8Array, key: Uint8Array): Uint8Array {
    const pt = parsePubkeyOrThrow(pubkey);
    const d = secretScalar(key);
    const shared = pt.multiply(d).toBytes(true);
    return new Uint8Array(sha256(shared));
  }
}
