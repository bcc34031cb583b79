import { createHash } from 'node:crypto';
import { CUSTOM_BASE58, loadNativeSecp256k1, type Secp256k1 } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../../src/storage/memory-kv-store.js';
import type { KvStore } from '../../../../src/storage/kv-store.js';
import type { RandomSource } from '../../../../src/wallet/keys/random-source.js';
import type { WalletClock } from '../../../../src/wallet/keys/wallet-clock.js';
import { WalletKeyStore, type WalletKeyStoreOptions } from '../../../../src/wallet/keys/wallet-key-store.js';

export const secp: Secp256k1 = loadNativeSecp256k1();
/** ocean_test / elementsregtest prefixes (P2PKH 235 → `2d…`, WIF 239). */
export const PREFIXES = CUSTOM_BASE58;

/** A deterministic random stream: SHA256(seed || counter) blocks. */
export class SeededRandom implements RandomSource {
  #counter = 0;
  #buf = new Uint8Array(0);
  /** Bytes handed out so far. */
  drawn = 0;

  constructor(private readonly seed: string) {}

  bytes(n: number): Uint8Array {
    while (this.#buf.length < n) {
      const h = createHash('sha256').update(this.seed).update(String(this.#counter++)).digest();
      const next = new Uint8Array(this.#buf.length + 32);
      next.set(this.#buf);
      next.set(h, this.#buf.length);
      this.#buf = next;
    }
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    this.drawn += n;
    return out;
  }
}

/**
 * A manual clock. `monotonicMs()` returns the current value and then advances it by `autoStepMs`
 * (so each timed step of the passphrase calibration "takes" that long).
 */
export class FakeClock implements WalletClock {
  seconds: number;
  ms = 0;
  autoStepMs: number;

  constructor(seconds = 1_800_000_000, autoStepMs = 0) {
    this.seconds = seconds;
    this.autoStepMs = autoStepMs;
  }

  now(): number {
    return this.seconds;
  }

  monotonicMs(): number {
    const t = this.ms;
    this.ms += this.autoStepMs;
    return t;
  }

  advanceMs(ms: number): void {
    this.ms += ms;
  }
}

export interface TestWallet {
  readonly keys: WalletKeyStore;
  readonly store: KvStore;
  readonly clock: FakeClock;
  readonly random: SeededRandom;
}

/** A wallet in a fresh in-memory store (or `store`), deterministic. */
export async function openTestWallet(
  options: Partial<WalletKeyStoreOptions> & { seed?: string; store?: KvStore; clock?: FakeClock } = {},
): Promise<TestWallet> {
  const store = options.store ?? new MemoryKvStore();
  const clock = options.clock ?? new FakeClock();
  const random = new SeededRandom(options.seed ?? 'wallet');
  const keys = await WalletKeyStore.open(store, { secp, random, clock, keypoolSize: 5, ...options });
  return { keys, store, clock, random };
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
