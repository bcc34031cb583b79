import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import type { RootDatabase } from 'lmdb';
import { checkLmdbDataFile } from './lmdb-data-file.js';
import { LmdbRootStore, errorMessage } from './lmdb-root-store.js';
import { StorageError } from './storage-error.js';

export interface LmdbKvStoreOptions {
  /** Initial map size in bytes; LMDB grows the map as the data grows, so this is only a hint. */
  readonly mapSize?: number;
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
export class LmdbKvStore extends LmdbRootStore {
  /** Real paths of the environments open in this process (lmdb-js would silently share one). */
  private static readonly openPaths = new Set<string>();

  private constructor(
    /** The environment's directory. */
    path: string,
    db: RootDatabase<Uint8Array, Uint8Array>,
    realPath: string,
  ) {
    super(path, db, LmdbKvStore.openPaths, realPath, {
      closed: `lmdb store ${path}`,
      writeFailed: (n) => `lmdb write of ${n} operations to ${path} failed`,
    });
  }
  /** Opens (creating if needed) the LMDB environment in directory `dir`. */
  static open(dir: string, options: LmdbKvStoreOptions = {}): LmdbKvStore {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st === undefined) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw new StorageError('unreadable', `cannot create database directory ${dir}: ${errorMessage(e)}`, dir, { cause: e });
      }
    } else if (!st.isDirectory()) {
      throw new StorageError('unreadable', `database path ${dir} is not a directory`, dir);
    }
    try {
      accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (e) {
      throw new StorageError('unreadable', `database directory ${dir} is not readable and writable: ${errorMessage(e)}`, dir, {
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
      throw new StorageError('unreadable', `cannot open lmdb database in ${dir}: ${errorMessage(e)}`, dir, { cause: e });
    }
    try {
      for (const _ of db.getRange({ limit: 1 })) break; // touch the root once, so a bad file fails here rather than later
    } catch (e) {
      void db.close();
      throw new StorageError('corrupt', `lmdb database in ${dir} cannot be read: ${errorMessage(e)}`, dir, { cause: e });
    }
    return new LmdbKvStore(dir, db, real);
  }
}
