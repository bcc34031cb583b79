import { compareKeys, prefixSuccessor } from '../storage/key-codec.js';
import type { KvReader } from '../storage/kv-store.js';
import type { WriteBatch } from '../storage/write-batch.js';

const keyString = (k: Uint8Array): string => Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');

/**
 * Uncommitted puts and deletes over a committed `KvReader`: reads and ordered prefix iteration see
 * both, so a block's transactions can build on each other's effects before the block's batch is
 * written. `changes()` lists every touched key with its committed value (for undo records).
 */
export class KvOverlay {
  private readonly pending = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();

  constructor(private readonly base: KvReader) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const p = this.pending.get(keyString(key));
    if (p !== undefined) return p.value ?? undefined;
    return this.base.get(key);
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.pending.set(keyString(key), { key: key.slice(), value: value.slice() });
  }

  del(key: Uint8Array): void {
    this.pending.set(keyString(key), { key: key.slice(), value: null });
  }

  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  /** Keys with `prefix` whose value is present, in key order (or reverse), limited to `lt` when given. */
  *keys(prefix: Uint8Array, opts: { reverse?: boolean; lt?: Uint8Array } = {}): Generator<Uint8Array> {
    const upper = opts.lt ?? prefixSuccessor(prefix);
    const inRange = (k: Uint8Array) => compareKeys(k, prefix) >= 0 && (upper === undefined || compareKeys(k, upper) < 0);
    const added = [...this.pending.values()].filter((p) => p.value !== null && inRange(p.key)).map((p) => p.key);
    added.sort(compareKeys);
    if (opts.reverse) added.reverse();
    const sign = opts.reverse ? -1 : 1;
    const baseRange = upper === undefined ? { gte: prefix } : { gte: prefix, lt: upper };
    let i = 0;
    for (const [k] of this.base.range(baseRange, { reverse: opts.reverse === true })) {
      while (i < added.length && sign * compareKeys(added[i]!, k) < 0) yield added[i++]!;
      if (i < added.length && compareKeys(added[i]!, k) === 0) i++;
      if (this.pending.has(keyString(k)) && this.pending.get(keyString(k))!.value === null) continue;
      yield k;
    }
    while (i < added.length) yield added[i++]!;
  }

  /** The last present key with `prefix`, or undefined (the iteration is closed before returning). */
  lastKey(prefix: Uint8Array): Uint8Array | undefined {
    for (const k of this.keys(prefix, { reverse: true })) return k;
    return undefined;
  }

  /** Every touched key with its committed value (undefined when absent) and its new value (null = deleted). */
  changes(): { key: Uint8Array; before: Uint8Array | undefined; after: Uint8Array | null }[] {
    return [...this.pending.values()].map((p) => ({ key: p.key, before: this.base.get(p.key), after: p.value }));
  }

  /** Adds the pending operations to `batch`. */
  writeTo(batch: WriteBatch): void {
    for (const p of this.pending.values()) {
      if (p.value === null) batch.del(p.key);
      else batch.put(p.key, p.value);
    }
  }
}
