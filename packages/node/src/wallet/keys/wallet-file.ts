import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { open } from 'lmdb';
import type { RangeOptions as LmdbRangeOptions, RootDatabase } from 'lmdb';
import { checkKey } from '../../storage/key-codec.js';
import { resolveLimit, resolveRange } from '../../storage/kv-store.js';
import type { KeyRange, KvEntry, KvStore, RangeOptions } from '../../storage/kv-store.js';
import { checkLmdbDataFile } from '../../storage/lmdb-data-file.js';
import { StorageError } from '../../storage/storage-error.js';
import type { WriteBatch } from '../../storage/write-batch.js';

/** `-wallet`'s default (`DEFAULT_WALLET_DAT`). */
export const DEFAULT_WALLET_FILE = 'wallet.dat';

const ZERO_KEY = Uint8Array.of(0);

function view(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A wallet file: one LMDB environment in a *single file* (`MDB_NOSUBDIR`; the lock file is
 * `<file>-lock`), so that `-wallet=<name>` names a file in the chain directory like Core's
 * `wallet.dat`, and a copy of the file made by `backup()` (`backupwallet`) loads as the same wallet
 * (docs/adr/0024-wallet-storage.md). The `KvStore` semantics are those of `LmdbKvStore`: a batch
 * commits all-or-nothing inside one nested write transaction, `write()` resolves once it is fsynced
 * (`overlappingSync: false`, no `noSync`/`useWritemap`), and a kill at any instant reopens at the last
 * committed batch.
 */
export class LmdbWalletFile implements KvStore {
  private static readonly openPaths = new Set<string>();
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();

  private constructor(
    /** The wallet file. */
    readonly path: string,
    private readonly db: RootDatabase<Uint8Array, Uint8Array>,
    private readonly realPath: string,
  ) {}

  /** Opens (creating if needed) the wallet file `path`; its directory must exist. */
  static open(path: string): LmdbWalletFile {
    const dir = dirname(path);
    const dst = statSync(dir, { throwIfNoEntry: false });
    if (dst === undefined || !dst.isDirectory()) throw new StorageError('unreadable', `wallet directory ${dir} does not exist`, path);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined && !st.isFile()) throw new StorageError('unreadable', `wallet file ${path} is not a regular file`, path);
    const real = join(realpathSync(dir), basename(path));
    if (LmdbWalletFile.openPaths.has(real)) throw new StorageError('in-use', `wallet file ${path} is already open in this process`, path);
    checkLmdbDataFile(path);
    let db: RootDatabase<Uint8Array, Uint8Array>;
    try {
      db = open<Uint8Array, Uint8Array>({
        path,
        noSubdir: true,
        keyEncoding: 'binary',
        encoding: 'binary',
        overlappingSync: false,
        noSync: false,
        noMetaSync: false,
        useWritemap: false,
      });
    } catch (e) {
      throw new StorageError('unreadable', `cannot open wallet file ${path}: ${message(e)}`, path, { cause: e });
    }
    try {
      for (const _ of db.getRange({ limit: 1 })) break;
    } catch (e) {
      void db.close();
      throw new StorageError('corrupt', `wallet file ${path} cannot be read: ${message(e)}`, path, { cause: e });
    }
    LmdbWalletFile.openPaths.add(real);
    return new LmdbWalletFile(path, db, real);
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
    const o: LmdbRangeOptions = {};
    if (options?.reverse === true) {
      o.reverse = true;
      if (r.lt !== undefined) {
        o.start = r.lt;
        o.exclusiveStart = true;
      }
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
      throw new StorageError('write-failed', `write of ${ops.length} operations to wallet file ${this.path} failed: ${message(e)}`, this.path, {
        cause: e,
      });
    } finally {
      this.inflight.delete(p);
    }
  }

  /**
   * `backupwallet <destination>`: a consistent copy of the committed state (LMDB's `mdb_env_copy`,
   * compacted, so free pages — which may still hold plaintext keys from before `encryptwallet` — are
   * not copied). A destination that is a directory receives a file of this wallet's name. The copy is
   * written next to the destination, fsynced and renamed over it, so an existing file is replaced
   * whole or not at all. Returns the path written. Waits for writes in flight first.
   */
  async backup(destination: string): Promise<string> {
    this.assertOpen();
    await Promise.allSettled([...this.inflight]);
    let target = resolve(destination);
    const st = statSync(target, { throwIfNoEntry: false });
    if (st?.isDirectory()) target = join(target, basename(this.path));
    if (resolve(target) === resolve(this.path)) throw new StorageError('unreadable', `cannot back up wallet file ${this.path} onto itself`, target);
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    try {
      mkdirSync(dirname(target), { recursive: true });
      await this.db.backup(tmp, true);
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
      syncDir(dirname(target));
      return target;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new StorageError('write-failed', `backup of wallet file ${this.path} to ${target} failed: ${message(e)}`, target, { cause: e });
    }
  }

  /**
   * `CDB::Rewrite` after `encryptwallet`: replaces the (closed) wallet file `path` by a compacted
   * copy of itself, so no free page keeps a plaintext key from before encryption. Core's RPC shuts
   * the node down after encrypting; the caller runs this once the wallet file is closed.
   */
  static async rewrite(path: string): Promise<void> {
    const f = LmdbWalletFile.open(path);
    let copy: string;
    try {
      copy = await f.backup(`${path}.rewrite`);
    } finally {
      await f.close();
    }
    renameSync(copy, path);
    syncDir(dirname(path));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.allSettled([...this.inflight]);
      await this.db.close();
    } finally {
      LmdbWalletFile.openPaths.delete(this.realPath);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('closed', `wallet file ${this.path} used after close`, this.path);
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // directories cannot be fsynced on every platform; the rename itself is atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
