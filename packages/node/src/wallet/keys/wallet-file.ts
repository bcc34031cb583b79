import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { open } from 'lmdb';
import type { RootDatabase } from 'lmdb';
import { checkLmdbDataFile } from '../../storage/lmdb-data-file.js';
import { LmdbRootStore, errorMessage } from '../../storage/lmdb-root-store.js';
import { StorageError } from '../../storage/storage-error.js';

/** `-wallet`'s default (`DEFAULT_WALLET_DAT`). */
export const DEFAULT_WALLET_FILE = 'wallet.dat';

/**
 * A wallet file: one LMDB environment in a *single file* (`MDB_NOSUBDIR`; the lock file is
 * `<file>-lock`), so that `-wallet=<name>` names a file in the chain directory like Core's
 * `wallet.dat`, and a copy of the file made by `backup()` (`backupwallet`) loads as the same wallet
 * (docs/adr/0024-wallet-storage.md). The `KvStore` semantics are those of `LmdbKvStore`: a batch
 * commits all-or-nothing inside one nested write transaction, `write()` resolves once it is fsynced
 * (`overlappingSync: false`, no `noSync`/`useWritemap`), and a kill at any instant reopens at the last
 * committed batch.
 */
export class LmdbWalletFile extends LmdbRootStore {
  private static readonly openPaths = new Set<string>();

  private constructor(
    /** The wallet file. */
    path: string,
    db: RootDatabase<Uint8Array, Uint8Array>,
    realPath: string,
  ) {
    super(path, db, LmdbWalletFile.openPaths, realPath, {
      closed: `wallet file ${path}`,
      writeFailed: (n) => `write of ${n} operations to wallet file ${path} failed`,
    });
  }

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
      throw new StorageError('unreadable', `cannot open wallet file ${path}: ${errorMessage(e)}`, path, { cause: e });
    }
    try {
      for (const _ of db.getRange({ limit: 1 })) break;
    } catch (e) {
      void db.close();
      throw new StorageError('corrupt', `wallet file ${path} cannot be read: ${errorMessage(e)}`, path, { cause: e });
    }
    return new LmdbWalletFile(path, db, real);
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
      throw new StorageError('write-failed', `backup of wallet file ${this.path} to ${target} failed: ${errorMessage(e)}`, target, { cause: e });
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
