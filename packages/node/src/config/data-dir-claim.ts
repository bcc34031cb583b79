import { DataDirLock, DataDirLockError, PidFile, type Lifecycle } from '@ocean-ts/service-kit';
import type { NodeConfig } from './node-config.js';

/** What a running daemon holds in its chain data directory. */
export interface DataDirClaim {
  readonly lock: DataDirLock;
  readonly pidFile: PidFile;
}

/**
 * Take the chain data directory for this process: the `.lock` (a second `oceand` on the same
 * directory fails with `Error: Cannot obtain a lock on data directory <dir>. Ocean Core is
 * probably already running.`), then the pid file. Both are released by `lifecycle` at shutdown —
 * registered first, so they are released last.
 */
export function claimDataDir(config: Pick<NodeConfig, 'chainDataDir' | 'pidFile'>, lifecycle: Lifecycle, pid: number): DataDirClaim {
  let lock: DataDirLock;
  try {
    lock = DataDirLock.acquire(config.chainDataDir, { pid });
  } catch (e) {
    if (e instanceof DataDirLockError) throw e;
    // Core's message for a lock file that cannot be used at all (e.g. `.lock` is a directory).
    throw new DataDirLockError(
      `Error: Cannot obtain a lock on data directory ${config.chainDataDir}. Ocean Core is probably already running. ${e instanceof Error ? e.message : String(e)}.`,
      config.chainDataDir,
      undefined,
    );
  }
  lifecycle.onShutdown('datadir lock', () => lock.release());
  let pidFile: PidFile;
  try {
    pidFile = PidFile.create(config.pidFile, pid);
  } catch (e) {
    lock.release();
    throw e;
  }
  lifecycle.onShutdown('pid file', () => pidFile.remove());
  return { lock, pidFile };
}
