import { spawn, type ChildProcess } from 'node:child_process';
import { registerChild } from './child-registry.js';
import { OCEAND_BIN } from './oceand-path.js';

export interface OceandSpawnOptions {
  /** Node.js options for the process, before `bin/oceand` (e.g. `--cpu-prof`). Default none. */
  readonly execArgv?: readonly string[];
  /** Variables added to (or, when `undefined`, removed from) this process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Keep only the last this-many characters of stderr in `stderr` (default: all of it). */
  readonly stderrTailChars?: number;
  /** Called with every piece of stderr as it arrives. */
  readonly onStderr?: (text: string) => void;
}

/**
 * One `bin/oceand <args>` child process (stdout ignored, stderr captured). It is registered so
 * that the test process's exit kills it if nobody stopped it. Nothing is added to `args`.
 */
export class OceandProcess {
  readonly proc: ChildProcess;
  /** Resolves when the process exits: its exit code, or null after a signal. */
  readonly exited: Promise<number | null>;
  #stderr = '';

  constructor(
    readonly args: readonly string[],
    options: OceandSpawnOptions = {},
  ) {
    const { execArgv = [], env, stderrTailChars = Infinity, onStderr } = options;
    const proc = spawn(process.execPath, [...execArgv, OCEAND_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: env === undefined ? process.env : { ...process.env, ...env } });
    registerChild(proc);
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (text: string) => {
      this.#stderr += text;
      if (this.#stderr.length > stderrTailChars) this.#stderr = this.#stderr.slice(-stderrTailChars);
      onStderr?.(text);
    });
  }

  /** What the process wrote to stderr so far (the tail, with `stderrTailChars`). */
  get stderr(): string {
    return this.#stderr;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.proc.pid : undefined;
  }

  /** Sends `signal` (default SIGKILL, i.e. kill -9) if it still runs, and waits for the exit. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.running) this.proc.kill(signal);
    return this.exited;
  }
}
