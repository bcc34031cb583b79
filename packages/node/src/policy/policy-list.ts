/**
 * A policy list (ocean-policy.md §4.1, the reference's `CPolicyList`): an in-memory set of 20-byte
 * ids (P2PKH key ids for the freeze and burn lists; key ids or script ids for the whitelist).
 * Iteration is in byte-wise order of the 20 bytes, the order of the reference's `std::set<CKeyID>`.
 */
import { fromHex, toHex } from '@ocean-ts/core';

/** Length of a key id / script id. */
export const ID_LENGTH = 20;

export class PolicyList {
  /** Members by hex (lower-case hex sorts as the bytes do). */
  readonly #ids = new Set<string>();
  #sorted: string[] | undefined;

  constructor(ids: Iterable<Uint8Array> = []) {
    for (const id of ids) this.add(id);
  }

  /** Adds `id` (20 bytes); returns whether it was new. */
  add(id: Uint8Array): boolean {
    const k = PolicyList.#key(id);
    if (this.#ids.has(k)) return false;
    this.#ids.add(k);
    this.#sorted = undefined;
    return true;
  }

  /** Removes `id`; returns whether it was present. */
  remove(id: Uint8Array): boolean {
    const removed = this.#ids.delete(PolicyList.#key(id));
    if (removed) this.#sorted = undefined;
    return removed;
  }

  has(id: Uint8Array): boolean {
    return id.length === ID_LENGTH && this.#ids.has(toHex(id));
  }

  clear(): void {
    this.#ids.clear();
    this.#sorted = undefined;
  }

  get size(): number {
    return this.#ids.size;
  }

  /** The members in byte-wise order (fresh copies). */
  *[Symbol.iterator](): IterableIterator<Uint8Array> {
    for (const k of this.#order()) yield fromHex(k);
  }

  /** The members as lower-case hex, in byte-wise order. */
  hexIds(): readonly string[] {
    return this.#order();
  }

  #order(): string[] {
    this.#sorted ??= [...this.#ids].sort();
    return this.#sorted;
  }

  static #key(id: Uint8Array): string {
    if (id.length !== ID_LENGTH) throw new RangeError(`policy list ids are ${ID_LENGTH} bytes, got ${id.length}`);
    return toHex(id);
  }
}
