import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Another live process holds the data directory. `message` is the line the daemon prints. */
export class DataDirLockError extends Error {
  override readonly name = 'DataDirLockError';
  constructor(
    message: string,
    readonly dir: string,
    /** Pid recorded in the lock file, when it could be read. */
    readonly holderPid: number | undefined,
  ) {
    super(message);
  }
}

export interface DataDirLockOptions {
  /** Lock file name inside the directory (default `.lock`, as the original). */
  readonly fileName?: string;
  /** Product named in the error message (default `Ocean Core`). */
  readonly productName?: string;
  /** Our pid (default `process.pid`). */
  readonly pid?: number;
  /** Liveness probe (default: `process.kill(pid, 0)`; ESRCH = dead, EPERM = alive). */
  readonly isProcessAlive?: (pid: number) => boolean;
  /**
   * Start time of a process, to tell a live holder from an unrelated process that reused a dead
   * holder's pid (default: field 22 of `/proc/<pid>/stat` where it exists, else undefined).
   */
  readonly processStartTime?: (pid: number) => string | undefined;
}

interface Holder {
  readonly text: string;
  readonly pid: number | undefined;
  readonly startTime: string | undefined;
}

/** Locks taken by this process (resolved lock-file path), so a second acquire here fails too. */
const HELD_HERE = new Set<string>();

/** How long an empty or unreadable lock file may be "being written" before it counts as stale. */
const PARTIAL_WRITE_GRACE_MS = 2000;
const MAX_ATTEMPTS = 20;

/**
 * Single instance per data directory. The original takes an advisory lock (flock) on
 * `<chain dir>/.lock`; Node has none, so the lock is a file created exclusively (`O_EXCL`) that
 * holds `<pid>\n<random token>\n<process start time>\n`:
 *
 * - the file exists and its pid is alive (and, where `/proc` tells, is the same process that
 *   wrote it) → `DataDirLockError` with the original's message;
 * - the file exists but its holder is dead (`kill(pid, 0)` → ESRCH, e.g. after `kill -9`), is our
 *   own pid without our holding it (pid reuse, e.g. pid 1 in a restarted container), or it was
 *   left empty by a crash between create and write → stale: it is taken over. The take-over
 *   renames the stale file away first and checks it renamed the file it inspected, so two
 *   processes taking over the same stale lock at once cannot both win;
 * - `release()` deletes the file only if it still holds our token.
 *
 * Unlike flock, a lock file outlives a crash; the stale-holder checks above make up for that.
 */
export class DataDirLock {
  private released = false;

  private constructor(
    readonly dir: string,
    readonly path: string,
    readonly pid: number,
    private readonly token: string,
  ) {}

  static acquire(dir: string, options: DataDirLockOptions = {}): DataDirLock {
    const path = join(dir, options.fileName ?? '.lock');
    const key = resolve(path);
    const pid = options.pid ?? process.pid;
    const alive = options.isProcessAlive ?? defaultIsProcessAlive;
    const startTimeOf = options.processStartTime ?? defaultProcessStartTime;
    const fail = (holderPid: number | undefined) =>
      new DataDirLockError(
        `Error: Cannot obtain a lock on data directory ${dir}. ${options.productName ?? 'Ocean Core'} is probably already running.`,
        dir,
        holderPid,
      );

    if (HELD_HERE.has(key)) throw fail(pid);
    const token = randomBytes(16).toString('hex');
    const content = `${pid}\n${token}\n${startTimeOf(pid) ?? ''}\n`;

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (createExclusive(path, content)) {
        // Someone taking over a "stale" empty file could in theory have replaced ours meanwhile.
        if (readHolder(path)?.text !== content) continue;
        HELD_HERE.add(key);
        return new DataDirLock(dir, path, pid, token);
      }
      const holder = readHolder(path);
      if (holder === undefined) continue; // vanished in between: try again
      if (holder.pid === undefined) {
        // Created but not written yet — or written by a process that died right there.
        if (ageMs(path) < PARTIAL_WRITE_GRACE_MS) {
          sleepMs(50);
          continue;
        }
      } else if (holder.pid !== pid && alive(holder.pid)) {
        const now = startTimeOf(holder.pid);
        const reused = holder.startTime !== undefined && now !== undefined && now !== holder.startTime;
        if (!reused) throw fail(holder.pid);
      }
      takeOver(path, holder.text);
    }
    throw fail(readHolder(path)?.pid);
  }

  get held(): boolean {
    return !this.released;
  }

  /** Delete the lock file (if it is still ours). Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    HELD_HERE.delete(resolve(this.path));
    const holder = readHolder(this.path);
    if (holder === undefined || holder.text.split('\n')[1] !== this.token) return;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const [pidLine, , startLine] = text.split('\n');
  const pid = /^\d+$/.test(pidLine ?? '') ? Number(pidLine) : undefined;
  return { text, pid: pid !== undefined && pid > 0 ? pid : undefined, startTime: startLine ? startLine : undefined };
}

/**
 * Remove a stale lock file whose content was `seen`: rename it to a private name (atomic), and if
 * what we moved is not what we inspected (someone replaced it with a live lock in between), put
 * it back.
 */
function takeOver(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  let moved: string | undefined;
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    moved = undefined;
  }
  if (moved !== seen) {
    try {
      linkSync(aside, path); // restore the live lock unless a newer one already took its place
    } catch {
      // EEXIST: a newer lock file is there; the process that wrote `moved` will notice on release
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // ignore
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function defaultIsProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function defaultProcessStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; starttime is field 22 overall.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}
