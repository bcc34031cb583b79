import { Reader, Writer } from '@ocean-ts/core';
import { DERIVATION_METHOD_SHA512, WALLET_CRYPTO_SALT_SIZE, keyFromPassphrase } from './crypter.js';

/** Core's floor for the passphrase derivation rounds. */
export const MIN_DERIVE_ITERATIONS = 25000;
/** What the calibration aims at: deriving the key from the passphrase takes about this long. */
export const TARGET_DERIVE_MS = 100;

/**
 * `CMasterKey`: the wallet's random 32-byte master key, encrypted with a key derived from the
 * passphrase. Stored with Core's serialization: `vchCryptedKey`, `vchSalt` (compact-size prefixed),
 * `nDerivationMethod`, `nDeriveIterations` (u32le), `vchOtherDerivationParameters`.
 */
export class MasterKey {
  constructor(
    readonly cryptedKey: Uint8Array,
    readonly salt: Uint8Array,
    readonly derivationMethod: number,
    readonly deriveIterations: number,
    readonly otherDerivationParameters: Uint8Array = new Uint8Array(0),
  ) {}

  encode(): Uint8Array {
    return new Writer()
      .varBytes(this.cryptedKey)
      .varBytes(this.salt)
      .u32le(this.derivationMethod)
      .u32le(this.deriveIterations)
      .varBytes(this.otherDerivationParameters)
      .finish();
  }

  static decode(bytes: Uint8Array): MasterKey {
    const r = new Reader(bytes);
    const m = new MasterKey(r.varBytes('crypted key'), r.varBytes('salt'), r.u32le(), r.u32le(), r.varBytes('derivation parameters'));
    r.expectEnd('master key record');
    return m;
  }

  withCryptedKey(cryptedKey: Uint8Array, deriveIterations: number): MasterKey {
    return new MasterKey(cryptedKey, this.salt, this.derivationMethod, deriveIterations, this.otherDerivationParameters);
  }
}

function toU32(x: number): number {
  if (!Number.isFinite(x) || x >= 0xffffffff) return 0xffffffff;
  return x <= 0 ? 0 : Math.trunc(x);
}

function timed(ms: () => number, fn: () => void): number {
  const start = ms();
  fn();
  // Core divides by GetTimeMillis() deltas; a zero delta would divide by zero there.
  return Math.max(ms() - start, 1);
}

function derive(passphrase: string, salt: Uint8Array, rounds: number): void {
  keyFromPassphrase(passphrase, salt, Math.max(rounds, 1), DERIVATION_METHOD_SHA512);
}

/**
 * `CWallet::EncryptWallet`'s calibration: time 25,000 rounds, scale to ~100 ms, time that, average
 * the two estimates; at least 25,000.
 */
export function calibrateNewIterations(passphrase: string, salt: Uint8Array, ms: () => number): number {
  if (salt.length !== WALLET_CRYPTO_SALT_SIZE) throw new RangeError('salt must be 8 bytes');
  let n = toU32(2500000 / timed(ms, () => derive(passphrase, salt, 25000)));
  const e = timed(ms, () => derive(passphrase, salt, n));
  n = toU32((n + (n * 100) / e) / 2);
  return Math.max(n, MIN_DERIVE_ITERATIONS);
}

/**
 * `CWallet::ChangeWalletPassphrase`'s recalibration: time the current count with the new
 * passphrase, scale by 100 / elapsed, time again, average; at least 25,000.
 */
export function calibrateChangedIterations(passphrase: string, salt: Uint8Array, current: number, ms: () => number): number {
  let n = toU32(current * (100 / timed(ms, () => derive(passphrase, salt, current))));
  const e = timed(ms, () => derive(passphrase, salt, n));
  n = toU32((n + (n * 100) / e) / 2);
  return Math.max(n, MIN_DERIVE_ITERATIONS);
}
