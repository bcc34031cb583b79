// A real `bin/<name>` process for the end-to-end test: its stdout and stderr are kept (one log, in
// arrival order) so the test can wait for log lines after a mark; `kill9` is `kill -9`, `restart`
// starts the same command again. Every process ever started is killed by `killAll` (t.after).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../clients/support/run-tool.js';

export interface BinSpec {
  /** `bin/<name>`. */
  readonly name: string;
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Every child started through `BinProcess`, for `killAll`. */
const live = new Set<ChildProcess>();
let exitHooked = false;

/** If the test process ends without stopping them (a crash, a cancelled run), no process stays behind. */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export class BinProcess {
  #child: ChildProcess;
  #exited: Promise<number | null>;
  /** stdout and stderr of every run of this command, in arrival order. */
  log = '';
  /** How many times the command was started. */
  runs = 0;

  constructor(readonly spec: BinSpec) {
    ({ child: this.#child, exited: this.#exited } = this.#spawn());
  }

  #spawn(): { child: ChildProcess; exited: Promise<number | null> } {
    this.runs++;
    this.log += `\n----- run ${this.runs} of bin/${this.spec.name} -----\n`;
    const child = spawn(process.execPath, [join(ROOT, 'bin', this.spec.name), ...this.spec.args], {
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    hookExit();
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      }),
    );
    child.stdout!.on('data', (c: Buffer) => (this.log += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (this.log += c.toString('utf8')));
    return { child, exited };
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The position in `log` now: `waitForLog(re, mark)` looks only at what comes after it. */
  mark(): number {
    return this.log.length;
  }

  /** Occurrences of `re` (global flag added) after `since`. */
  matches(re: RegExp, since = 0): RegExpExecArray[] {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    return [...this.log.slice(since).matchAll(g)];
  }

  /**
   * Wait until `re` has matched `count` times after `since`; resolves with the last match and the
   * absolute position just after it. Fails if the process exits meanwhile.
   */
  async waitForLog(re: RegExp, options: { since?: number; count?: number; timeoutMs?: number } = {}): Promise<{ match: RegExpExecArray; end: number }> {
    const { since = 0, count = 1, timeoutMs = 60_000 } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.matches(re, since);
      if (found.length >= count) {
        const m = found[count - 1]!;
        return { match: m, end: since + m.index + m[0].length };
      }
      if (!this.running) throw new Error(`bin/${this.spec.name} exited (${this.#child.exitCode ?? this.#child.signalCode}) before ${re}:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`bin/${this.spec.name}: timed out after ${timeoutMs} ms waiting for ${count}× ${re}:\n${this.tail()}`);
      await sleep(20);
    }
  }

  /** The last `chars` characters of the log (for failure messages). */
  tail(chars = 6000): string {
    return this.log.slice(-chars);
  }

  /** `kill -9` and wait for the exit. */
  async kill9(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM (SIGKILL after 10 s); resolves with the exit code (null after a signal). */
  async stop(): Promise<number | null> {
    if (this.running) this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    try {
      return await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Start the same command again (the previous run must have ended). */
  restart(): void {
    if (this.running) throw new Error(`bin/${this.spec.name} is still running`);
    ({ child: this.#child, exited: this.#exited } = this.#spawn());
  }

  /** Resolves with the exit code of the current run. */
  get exited(): Promise<number | null> {
    return this.#exited;
  }
}

/** SIGKILL every `BinProcess` child still running and wait for them. */
export async function killAllBinProcesses(): Promise<void> {
  const children = [...live];
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}
