import type { RangeOptions as LmdbRangeOptions, RootDatabase } from 'lmdb';
import { checkKey } from './key-codec.js';
import { resolveLimit, resolveRange } from './kv-store.js';
import type { KeyRange, KvEntry, KvStore, RangeOptions } from './kv-store.js';
import { StorageError } from './storage-error.js';
import type { WriteBatch } from './write-batch.js';

const ZERO_KEY = Uint8Array.of(0);

/** lmdb returns Buffers; hand out plain Uint8Array views of them (each read gets its own buffer). */
function view(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** How a store names itself in its errors. */
export interface LmdbStoreNames {
  /** `… used after close` subject, e.g. `lmdb store <path>`. */
  readonly closed: string;
  /** Failed-write message for `n` operations, e.g. `lmdb write of <n> operations to <path> failed`. */
  writeFailed(n: number): string;
}

/**
 * The `KvStore` over an open lmdb-js root database, shared by the chain-state environment
 * (`LmdbKvStore`, a directory) and the wallet file (`LmdbWalletFile`, one file): raw binary keys and
 * values in LMDB's memcmp order, each batch committed all-or-nothing inside one `childTransaction`
 * and resolved only once it is durable (see `LmdbKvStore` for why), writes in flight awaited at
 * close, and the process-wide registry of open paths released at close.
 */
export abstract class LmdbRootStore implements KvStore {
  #closed = false;
  protected readonly inflight = new Set<Promise<unknown>>();

  protected constructor(
    readonly path: string,
    protected readonly db: RootDatabase<Uint8Array, Uint8Array>,
    private readonly registry: Set<string>,
    private readonly realPath: string,
    private readonly names: LmdbStoreNames,
  ) {
    registry.add(realPath);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get location(): string {
    return this.path;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    this.assertOpen();
    checkKey(key);
    const b = this.db.get(key);
    return b === undefined ? undefined : view(b);
  }

  has(key: Uint8Array): boolean {
    this.assertOpen();
    checkKey(key);
    return this.db.doesExist(key);
  }

  range(range: KeyRange, options?: RangeOptions): Iterable<KvEntry> {
    this.assertOpen();
    const r = resolveRange(range);
    const limit = resolveLimit(options);
    if (r.empty || limit === 0) return [];
    // lmdb-js ranges run from `start` (inclusive) to `end` (exclusive); in reverse `start` is the
    // high end, so flip the inclusivity flags to keep [gte, lt).
    const o: LmdbRangeOptions = {};
    if (options?.reverse === true) {
      o.reverse = true;
      if (r.lt !== undefined) {
        o.start = r.lt;
        o.exclusiveStart = true;
      }
      // Always give the low end: without one lmdb-js stops at an exclusive default of [0x00] and
      // would skip a key 0x00 (measured). Inclusive [0x00] excludes only the empty key, which can't exist.
      o.end = r.gte ?? ZERO_KEY;
      o.inclusiveEnd = true;
    } else {
      if (r.gte !== undefined) o.start = r.gte;
      if (r.lt !== undefined) o.end = r.lt;
    }
    if (limit !== undefined) o.limit = limit;
    const db = this.db;
    const assertOpen = (): void => this.assertOpen();
    return {
      *[Symbol.iterator](): Iterator<KvEntry> {
        assertOpen();
        for (const { key, value } of db.getRange(o)) yield [view(key), view(value)];
      },
    };
  }

  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    if (batch.isEmpty) return;
    const ops = batch.ops;
    const db = this.db;
    const p = (async () => {
      await db.childTransaction(() => {
        for (const op of ops) {
          if (op.type === 'put') void db.put(op.key, op.value);
          else void db.remove(op.key);
        }
      });
      await db.flushed;
    })();
    this.inflight.add(p);
    try {
      await p;
    } catch (e) {
      throw new StorageError('write-failed', `${this.names.writeFailed(ops.length)}: ${errorMessage(e)}`, this.path, { cause: e });
    } finally {
      this.inflight.delete(p);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await Promise.allSettled([...this.inflight]);
      await this.db.close();
    } finally {
      this.registry.delete(this.realPath);
    }
  }

  protected assertOpen(): void {
    if (this.#closed) throw new StorageError('closed', `${this.names.closed} used after close`, this.path);
  }
}
