/**
 * `Secp256k1` backed by native libsecp256k1 through the `secp256k1` npm package (5.x).
 *
 * The package's main entry silently falls back to a slow pure-JS implementation (elliptic) when its
 * native addon fails to load. We therefore load `secp256k1/bindings` directly: that module requires
 * the compiled addon through node-gyp-build and has no fallback, so if it loads we are native, and
 * if it does not we throw a clear error instead of running 20× slower.
 *
 * Notes on the package:
 * - `privateKeyTweakAdd` and `signatureNormalize` mutate their input in place: we pass copies.
 * - The package throws on unparsable signatures / public keys inside `ecdsaVerify`; `verify` maps
 *   those to `false`.
 * - The bundled libsecp256k1 is a 2019-era version whose RFC6979 nonce function receives the raw
 *   (unreduced) message and whose `privkey_tweak_add` reduces the key mod n without rejecting it;
 *   the pure-JS backend reproduces both behaviours.
 */
import { createRequire } from 'node:module';
import { parseDerStrict } from './der.js';
import type { Secp256k1 } from './secp256k1.js';

/** The subset of the `secp256k1` package API (`secp256k1/bindings`) that we use. */
interface Secp256k1Binding {
  privateKeyVerify(seckey: Uint8Array): boolean;
  privateKeyTweakAdd(seckey: Uint8Array, tweak: Uint8Array): Uint8Array;
  publicKeyVerify(pubkey: Uint8Array): boolean;
  publicKeyCreate(seckey: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyConvert(pubkey: Uint8Array, compressed?: boolean): Uint8Array;
  publicKeyCombine(pubkeys: Uint8Array[], compressed?: boolean): Uint8Array;
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed?: boolean): Uint8Array;
  signatureNormalize(sig: Uint8Array): Uint8Array;
  signatureExport(sig: Uint8Array): Uint8Array;
  signatureImport(sig: Uint8Array): Uint8Array;
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array, options?: { data?: Uint8Array }): { signature: Uint8Array; recid: number };
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array): boolean;
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed?: boolean): Uint8Array;
  ecdh(pubkey: Uint8Array, seckey: Uint8Array): Uint8Array;
}

/** Thrown when the native libsecp256k1 addon cannot be loaded. */
export class NativeSecp256k1UnavailableError extends Error {
  override readonly name = 'NativeSecp256k1UnavailableError';
}

let cachedBinding: Secp256k1Binding | undefined;
let cachedLoadError: Error | undefined;

function loadBinding(): Secp256k1Binding {
  if (cachedBinding !== undefined) return cachedBinding;
  if (cachedLoadError !== undefined) throw cachedLoadError;
  try {
    const require = createRequire(import.meta.url);
    // `secp256k1/bindings` = require('node-gyp-build')(dir) wrapped by the package's checked API;
    // unlike `secp256k1` (index.js) it never falls back to the JS implementation.
    const binding = require('secp256k1/bindings') as Secp256k1Binding;
    if (typeof binding?.ecdsaVerify !== 'function') throw new Error('unexpected module shape');
    cachedBinding = binding;
    return binding;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    cachedLoadError = new NativeSecp256k1UnavailableError(
      `native libsecp256k1 binding (secp256k1/bindings) could not be loaded: ${reason}; ` +
        `reinstall the 'secp256k1' package with install scripts enabled, or use the pure-JS NobleSecp256k1 backend`,
    );
    throw cachedLoadError;
  }
}

/** True iff the native addon loads on this machine. */
export function isNativeSecp256k1Available(): boolean {
  try {
    loadBinding();
    return true;
  } catch {
    return false;
  }
}

function checkLength(what: string, b: Uint8Array, len: number): void {
  if (!(b instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (b.length !== len) throw new RangeError(`${what} must be ${len} bytes, got ${b.length}`);
}

/** A fresh Uint8Array copy (never a Node Buffer, never aliasing the input). */
function copy(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

/** Make sure a result is a plain Uint8Array (the package returns `new Uint8Array(n)` or slices). */
function plain(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : copy(b);
}

function isAllZero32(b: Uint8Array, off: number): boolean {
  for (let i = off; i < off + 32; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Native libsecp256k1 backend. Construct with {@link loadNativeSecp256k1} (cached) or `new
 * NativeSecp256k1()`; both throw {@link NativeSecp256k1UnavailableError} if the addon is missing.
 */
export class NativeSecp256k1 implements Secp256k1 {
  readonly name = 'native';
  readonly #b: Secp256k1Binding;

  constructor() {
    this.#b = loadBinding();
  }

  privateKeyVerify(key: Uint8Array): boolean {
    if (key.length !== 32) return false;
    return this.#b.privateKeyVerify(key);
  }

  publicKeyCreate(key: Uint8Array, compressed = true): Uint8Array {
    checkLength('private key', key, 32);
    return plain(this.#b.publicKeyCreate(key, compressed));
  }

  publicKeyVerify(pubkey: Uint8Array): boolean {
    if (pubkey.length !== 33 && pubkey.length !== 65) return false;
    return this.#b.publicKeyVerify(pubkey);
  }

  publicKeyConvert(pubkey: Uint8Array, compressed: boolean): Uint8Array {
    return plain(this.#b.publicKeyConvert(pubkey, compressed));
  }

  /** `compressed` defaults to the form of `pubkey` (as Ocean's contract tweak serializes). */
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed: boolean = pubkey.length === 33): Uint8Array {
    checkLength('tweak', tweak, 32);
    return plain(this.#b.publicKeyTweakAdd(pubkey, tweak, compressed));
  }

  privateKeyTweakAdd(key: Uint8Array, tweak: Uint8Array): Uint8Array {
    checkLength('private key', key, 32);
    checkLength('tweak', tweak, 32);
    // The package tweaks its argument in place and returns it.
    return plain(this.#b.privateKeyTweakAdd(copy(key), tweak));
  }

  publicKeyCombine(pubkeys: Uint8Array[], compressed = true): Uint8Array {
    return plain(this.#b.publicKeyCombine(pubkeys, compressed));
  }

  sign(msg32: Uint8Array, key: Uint8Array, extraEntropy?: Uint8Array): { signature: Uint8Array; recovery: number } {
    checkLength('message', msg32, 32);
    checkLength('private key', key, 32);
    if (extraEntropy !== undefined) checkLength('extra entropy', extraEntropy, 32);
    const r = this.#b.ecdsaSign(msg32, key, extraEntropy === undefined ? {} : { data: extraEntropy });
    return { signature: plain(r.signature), recovery: r.recid };
  }

  verify(msg32: Uint8Array, compactSig: Uint8Array, pubkey: Uint8Array): boolean {
    checkLength('message', msg32, 32);
    checkLength('signature', compactSig, 64);
    if (pubkey.length !== 33 && pubkey.length !== 65) return false;
    try {
      return this.#b.ecdsaVerify(compactSig, msg32, pubkey);
    } catch {
      // r or s ≥ n (compact parse) or an invalid public key.
      return false;
    }
  }

  signatureNormalize(compactSig: Uint8Array): Uint8Array {
    checkLength('signature', compactSig, 64);
    // The package normalizes its argument in place and returns it.
    return plain(this.#b.signatureNormalize(copy(compactSig)));
  }

  signatureImport(der: Uint8Array): Uint8Array {
    const compact = plain(this.#b.signatureImport(der));
    // libsecp256k1 accepts an overflowing (negative, > 32-byte or ≥ n) r/s and stores zero;
    // our contract is to throw. A zero component is either a genuine DER zero or an overflow.
    if (isAllZero32(compact, 0) || isAllZero32(compact, 32)) {
      const parsed = parseDerStrict(der);
      if (parsed === null || parsed.overflow) throw new Error('signature could not be parsed: r or s overflows the curve order');
    }
    return compact;
  }

  signatureExport(compactSig: Uint8Array): Uint8Array {
    checkLength('signature', compactSig, 64);
    return plain(this.#b.signatureExport(compactSig));
  }

  recover(msg32: Uint8Array, compactSig: Uint8Array, recovery: number, compressed = true): Uint8Array {
    checkLength('message', msg32, 32);
    checkLength('signature', compactSig, 64);
    return plain(this.#b.ecdsaRecover(compactSig, recovery, msg32, compressed));
  }

  ecdh(pubkey: Uint8Array, key: Uint8Array): Uint8Array {
    checkLength('private key', key, 32);
    return plain(this.#b.ecdh(pubkey, key));
  }
}

let instance: NativeSecp256k1 | undefined;

/**
 * The native backend (one shared instance). Throws {@link NativeSecp256k1UnavailableError} when the
 * compiled libsecp256k1 addon cannot be loaded — never falls back to JS silently.
 */
export function loadNativeSecp256k1(): Secp256k1 {
  instance ??= new NativeSecp256k1();
  return instance;
}
