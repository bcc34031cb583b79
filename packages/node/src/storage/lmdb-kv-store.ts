import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import type { RangeOptions as LmdbRangeOptions, RootDatabase } from 'lmdb';
import { checkKey } from './key-codec.js';
import { resolveLimit, resolveRange } from './kv-store.js';
import type { KeyRange, KvEntry, KvStore, RangeOptions } from './kv-store.js';
import { checkLmdbDataFile } from './lmdb-data-file.js';
import { StorageError } from './storage-error.js';
import type { WriteBatch } from './write-batch.js';

export interface LmdbKvStoreOptions {
  /** Initial map size in bytes; LMDB grows the map as the data grows, so this is only a hint. */
  readonly mapSize?: number;
}

const ZERO_KEY = Uint8Array.of(0);

/** lmdb returns Buffers; hand out plain Uint8Array views of them (each read gets its own buffer). */
function view(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The LMDB `KvStore`: one LMDB environment (data.mdb + lock.mdb) in its own directory, raw binary
 * keys and values in the root database (LMDB's default memcmp key order).
 *
 * Atomicity: `write()` runs the whole batch inside one lmdb-js `childTransaction` callback. The
 * callback runs in a single LMDB write transaction, inside a nested transaction that is aborted if
 * anything in the callback throws — so a batch can never commit in part. (`db.batch()` and
 * `db.transaction()` are not enough: if an operation throws midway, the operations before it still
 * commit; measured.) LMDB's copy-on-write B-tree and its two meta pages make a commit atomic on
 * disk: a process killed at any instant reopens at the last committed transaction.
 *
 * Durability: opened with `overlappingSync: false` (and the defaults `noSync: false`,
 * `noMetaSync: false`, no `useWritemap`), so LMDB fsyncs data and meta page inside each commit and the
 * commit promise resolves only after the fsync; `write()` also awaits `db.flushed` so it stays
 * correct if the sync mode ever changes. lmdb-js's default on Linux, `overlappingSync: true`, resolves
 * writes at commit and syncs later (durability then needs `db.flushed`, and recovery after an OS
 * crash depends on a boot-id check); it measured only ~15% faster here for awaited per-block commits,
 * not worth the weaker, more complex guarantee. `noSync`/`useWritemap` would trade integrity for
 * speed and are never used.
 *
 * Opening checks the data file's header first (see lmdb-data-file.ts: lmdb-js crashes the process on
 * a non-LMDB file) and reports problems as a StorageError naming the path.
 */
export class LmdbKvStore implements KvStore {
  /** Real paths of the environments open in this process (lmdb-js would silently share one). */
  private static readonly openPaths = new Set<string>();
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();

  private constructor(
    /** The environment's directory. */
    readonly path: string,
    private readonly db: RootDatabase<Uint8Array, Uint8Array>,
    private readonly realPath: string,
  ) {}

  /** Opens (creating if needed) the LMDB environment in directory `dir`. */
  static open(dir: string, options: LmdbKvStoreOptions = {}): LmdbKvStore {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st === undefined) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw new StorageError('unreadable', `cannot create database directory ${dir}: ${message(e)}`, dir, { cause: e });
      }
    } else if (!st.isDirectory()) {
      throw new StorageError('unreadable', `database path ${dir} is not a directory`, dir);
    }
    try {
      accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (e) {
      throw new StorageError('unreadable', `database directory ${dir} is not readable and writable: ${message(e)}`, dir, {
        cause: e,
      });
    }
    const real = realpathSync(dir);
    if (LmdbKvStore.openPaths.has(real)) {
      throw new StorageError('in-use', `lmdb database in ${dir} is already open in this process`, dir);
    }
    checkLmdbDataFile(join(dir, 'data.mdb'));
    let db: RootDatabase<Uint8Array, Uint8Array>;
    try {
      db = open<Uint8Array, Uint8Array>({
        path: dir,
        keyEncoding: 'binary',
        encoding: 'binary',
        overlappingSync: false,
        noSync: false,
        noMetaSync: false,
        useWritemap: false,
        ...(options.mapSize !== undefined ? { mapSize: options.mapSize } : {}),
      });
    } catch (e) {
      throw new StorageError('unreadable', `cannot open lmdb database in ${dir}: ${message(e)}`, dir, { cause: e });
    }
    try {
      for (const _ of db.getRange({ limit: 1 })) break; // touch the root once, so a bad file fails here rather than later
    } catch (e) {
      void db.close();
      throw new StorageError('corrupt', `lmdb database in ${dir} cannot be read: ${message(e)}`, dir, { cause: e });
    }
    LmdbKvStore.openPaths.add(real);
    return new LmdbKvStore(dir, db, real);
  }

  get isClosed(): boolean {
    return this.closed;
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
      throw new StorageError('write-failed', `lmdb write of ${ops.length} operations to ${this.path} failed: ${message(e)}`, this.path, {
        cause: e,
      });
    } finally {
      this.inflight.delete(p);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.allSettled([...this.inflight]);
      await this.db.close();
    } finally {
      LmdbKvStore.openPaths.delete(this.realPath);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('closed', `lmdb store ${this.path} used after close`, this.path);
  }
}
