import { Reader, Writer } from '@ocean-ts/core';

/** `CKeyPool`: when the entry was made and the key it holds. */
export interface PoolEntry {
  readonly index: number;
  /** Seconds (`GetTime()` when the key was pooled). */
  readonly time: number;
  readonly keyId: Uint8Array;
}

export function encodePoolKey(index: number): Uint8Array {
  return new Writer(8).u64be(BigInt(index)).finish();
}

export function decodePoolKey(bytes: Uint8Array): number {
  const r = new Reader(bytes);
  const v = r.u64be();
  r.expectEnd('pool index');
  return Number(v);
}

export function encodePoolValue(e: PoolEntry): Uint8Array {
  return new Writer(28).i64le(BigInt(e.time)).bytes(e.keyId).finish();
}

export function decodePoolValue(index: number, bytes: Uint8Array): PoolEntry {
  const r = new Reader(bytes);
  const time = Number(r.i64le());
  const keyId = r.bytesCopy(20, 'pool key id');
  r.expectEnd('pool entry');
  return { index, time, keyId };
}

/**
 * The in-memory key pool (`setKeyPool` plus the entries behind it): the available entries in index
 * order, and the ones reserved (`ReserveKeyFromKeyPool`) but neither kept nor returned yet. A
 * reserved entry is still in the store, so after a restart it is available again — as in Core.
 */
export class KeyPool {
  /** Available indexes, ascending. */
  private readonly order: number[] = [];
  private readonly entries = new Map<number, PoolEntry>();
  private readonly reserved = new Map<number, PoolEntry>();
  /** Highest index ever seen (available, reserved or just kept) — new entries go above it. */
  private maxIndex = 0;

  get size(): number {
    return this.order.length;
  }

  /** The next index to write: one past any index in use, so a reserved entry is never overwritten. */
  get nextIndex(): number {
    return this.maxIndex + 1;
  }

  /** The oldest available entry (smallest index). */
  first(): PoolEntry | undefined {
    const i = this.order[0];
    return i === undefined ? undefined : this.entries.get(i);
  }

  /** Available entries in index order. */
  available(): PoolEntry[] {
    return this.order.map((i) => this.entries.get(i)!);
  }

  isReserved(index: number): boolean {
    return this.reserved.has(index);
  }

  reservedEntry(index: number): PoolEntry | undefined {
    return this.reserved.get(index);
  }

  /** Adds an available entry (load, top-up, `ReturnKey`). */
  add(e: PoolEntry): void {
    if (this.entries.has(e.index)) throw new Error(`key pool index ${e.index} added twice`);
    this.entries.set(e.index, e);
    const o = this.order;
    let lo = 0;
    let hi = o.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (o[mid]! < e.index) lo = mid + 1;
      else hi = mid;
    }
    o.splice(lo, 0, e.index);
    if (e.index > this.maxIndex) this.maxIndex = e.index;
  }

  /** Takes the oldest available entry into the reserved set. */
  reserve(): PoolEntry | undefined {
    const i = this.order.shift();
    if (i === undefined) return undefined;
    const e = this.entries.get(i)!;
    this.entries.delete(i);
    this.reserved.set(i, e);
    return e;
  }

  /** `ReturnKey`: a reserved entry becomes available again. */
  unreserve(index: number): void {
    const e = this.reserved.get(index);
    if (e === undefined) return;
    this.reserved.delete(index);
    this.add(e);
  }

  /** Forgets an entry (kept, or erased by `NewKeyPool`), available or reserved. */
  remove(index: number): void {
    this.reserved.delete(index);
    if (this.entries.delete(index)) {
      const at = this.order.indexOf(index);
      if (at >= 0) this.order.splice(at, 1);
    }
  }

  /** Every entry still in the store: available and reserved. */
  all(): PoolEntry[] {
    return [...this.entries.values(), ...this.reserved.values()];
  }
}
