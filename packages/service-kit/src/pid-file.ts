import { readFileSync, unlinkSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';

/**
 * The daemon's pid file (`-pid`, default `ocean-daemon.pid` in the chain data directory): the
 * decimal pid and a newline, written at start-up and removed at shutdown.
 */
export class PidFile {
  private removed = false;

  private constructor(
    readonly path: string,
    readonly pid: number,
  ) {}

  static create(path: string, pid: number): PidFile {
    writeFileAtomic(path, `${pid}\n`);
    return new PidFile(path, pid);
  }

  /** The pid recorded in `path`, or undefined when the file is missing or holds no pid. */
  static read(path: string): number | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const m = /^\s*(\d+)\s*$/.exec(text);
    return m ? Number(m[1]) : undefined;
  }

  /** Remove the file if it still holds our pid (never another process's file). Idempotent. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    if (PidFile.read(this.path) !== this.pid) return;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
