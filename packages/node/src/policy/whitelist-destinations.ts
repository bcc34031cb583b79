/**
 * W of the address whitelist (ocean-policy.md §5.1): an ordered set of destinations — every P2PKH
 * key id before every P2SH script id, each kind in byte-wise order of its 20 bytes. `dumpwhitelist`
 * prints this order, and nodes' dumps are compared byte for byte.
 */
import { toHex, type Destination } from '@ocean-ts/core';
import { PolicyList } from './policy-list.js';

/** A map key for a destination: kind letter and hash hex. */
export function destinationKey(dest: Destination): string {
  return `${dest.type === 'keyhash' ? 'k' : 's'}${toHex(dest.hash)}`;
}

export class WhitelistDestinations {
  readonly #keys = new PolicyList();
  readonly #scripts = new PolicyList();

  #list(dest: Destination): PolicyList {
    return dest.type === 'keyhash' ? this.#keys : this.#scripts;
  }

  /** Adds `dest`; returns whether it was new. */
  add(dest: Destination): boolean {
    return this.#list(dest).add(dest.hash);
  }

  /** Removes `dest`; returns whether it was present. */
  remove(dest: Destination): boolean {
    return dest.hash.length === 20 && this.#list(dest).remove(dest.hash);
  }

  has(dest: Destination): boolean {
    return this.#list(dest).has(dest.hash);
  }

  clear(): void {
    this.#keys.clear();
    this.#scripts.clear();
  }

  get size(): number {
    return this.#keys.size + this.#scripts.size;
  }

  /** Key ids first, then script ids, each in byte-wise order. */
  *[Symbol.iterator](): IterableIterator<Destination> {
    for (const hash of this.#keys) yield { type: 'keyhash', hash };
    for (const hash of this.#scripts) yield { type: 'scripthash', hash };
  }
}
