import type { ReservedKey, WalletKeyInfo, WalletKeyStore } from './wallet-key-store.js';

/**
 * `CReserveKey`: holds at most one key reserved from the pool for a transaction being built
 * (change). `keep()` after the transaction is committed (before it is broadcast), `return()` when
 * it is abandoned; a key neither kept nor returned goes back to the pool at the next restart.
 */
export class ReserveKey {
  #reserved: ReservedKey | undefined;

  constructor(private readonly keys: WalletKeyStore) {}

  /** `GetReservedKey`: the reserved key, reserving one first; undefined when the pool is empty. */
  async get(): Promise<WalletKeyInfo | undefined> {
    if (this.#reserved === undefined) this.#reserved = await this.keys.reserveKey();
    return this.#reserved?.key;
  }

  /** `KeepKey`. */
  async keep(): Promise<void> {
    const r = this.#reserved;
    this.#reserved = undefined;
    if (r !== undefined) await this.keys.keepKey(r.index);
  }

  /** `ReturnKey`. */
  return(): void {
    const r = this.#reserved;
    this.#reserved = undefined;
    if (r !== undefined) this.keys.returnKey(r.index);
  }
}
