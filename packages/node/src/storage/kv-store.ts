import { MAX_KEY_BYTES, compareKeys, prefixSuccessor } from './key-codec.js';
import type { WriteBatch } from './write-batch.js';

/** Every key that starts with `prefix` (an empty prefix selects the whole store). */
export interface PrefixRange {
  readonly prefix: Uint8Array;
}

/** Keys `k` with `gte <= k < lt`; a missing bound is open. An empty `gte` is no bound, an empty `lt` selects nothing. */
export interface BoundsRange {
  readonly gte?: Uint8Array;
  readonly lt?: Uint8Array;
}

export type KeyRange = PrefixRange | BoundsRange;

export interface RangeOptions {
  /** Iterate from the highest key down. */
  readonly reverse?: boolean;
  /** Stop after this many entries. */
  readonly limit?: number;
}

export type KvEntry = readonly [key: Uint8Array, value: Uint8Array];

/** The read side of a store. */
export interface KvReader {
  /** The value stored at `key`, as a fresh Uint8Array the caller owns, or undefined. */
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /**
   * Entries in `range` in memcmp key order (or reverse). The iteration reads one consistent snapshot:
   * writes that commit while it runs are not seen. Finish (or `break` out of) iterations promptly — an
   * open LMDB iteration pins its snapshot.
   */
  range(range: KeyRange, options?: RangeOptions): Iterable<KvEntry>;
}

/**
 * An ordered binary key-value store (ARCHITECTURE.md "Storage and concurrency").
 *
 * - Keys are 1..`MAX_KEY_BYTES` bytes and compare as raw bytes (memcmp order); values are any bytes,
 *   including empty. Subsystems lay out their keys with a `KeyspaceLayout` (layout.ts).
 * - Reads are synchronous. `write()` applies a `WriteBatch` all-or-nothing and resolves only once the
 *   batch is durable; after it resolves every read sees it. Concurrent `write()` calls are applied in
 *   call order, each one atomically. If `write()` rejects, none of the batch was applied.
 * - A process killed at any instant (kill -9) reopens with each batch either wholly present or wholly
 *   absent, and with every batch whose `write()` had resolved present.
 */
export interface KvStore extends KvReader {
  write(batch: WriteBatch): Promise<void>;
  /** Waits for pending writes, then releases the store; any later use throws a StorageError('closed'). */
  close(): Promise<void>;
  readonly isClosed: boolean;
  /** Where the data lives, for messages: a directory, or `memory`. */
  readonly location: string;
}

/** A range reduced to half-open bounds; `empty` when it can select nothing. */
export interface ResolvedRange {
  readonly gte: Uint8Array | undefined;
  readonly lt: Uint8Array | undefined;
  readonly empty: boolean;
}

function checkBound(b: unknown, what: string): asserts b is Uint8Array {
  if (!(b instanceof Uint8Array)) throw new TypeError(`range ${what} must be a Uint8Array`);
  if (b.length > MAX_KEY_BYTES) throw new RangeError(`range ${what} is ${b.length} bytes, over the ${MAX_KEY_BYTES}-byte key limit`);
}

/** Shared by the implementations: validates a `KeyRange` and reduces it to `[gte, lt)`. */
export function resolveRange(range: KeyRange): ResolvedRange {
  let gte: Uint8Array | undefined;
  let lt: Uint8Array | undefined;
  if ('prefix' in range) {
    checkBound(range.prefix, 'prefix');
    gte = range.prefix.length === 0 ? undefined : range.prefix;
    lt = prefixSuccessor(range.prefix);
  } else {
    if (range.gte !== undefined) {
      checkBound(range.gte, 'gte');
      gte = range.gte.length === 0 ? undefined : range.gte;
    }
    if (range.lt !== undefined) {
      checkBound(range.lt, 'lt');
      lt = range.lt;
      if (lt.length === 0) return { gte, lt, empty: true };
    }
  }
  const empty = gte !== undefined && lt !== undefined && compareKeys(gte, lt) >= 0;
  return { gte, lt, empty };
}

/** Validates `options.limit` and returns it (undefined for no limit). */
export function resolveLimit(options: RangeOptions | undefined): number | undefined {
  const limit = options?.limit;
  if (limit === undefined || limit === Infinity) return undefined;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`range limit must be a non-negative integer, got ${limit}`);
  return limit;
}
