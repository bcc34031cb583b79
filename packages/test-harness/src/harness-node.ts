import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeRpc } from './node-rpc.js';
import { OceandProcess } from './oceand-process.js';
import { waitForRpc } from './wait-for-rpc.js';

const RPC_USER = 'harness';
const RPC_PASSWORD = 'harness';
const STDERR_TAIL = 64 * 1024;

export interface HarnessNodeConfig {
  readonly name: string;
  readonly datadir: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  /** Options after the harness's own (`-datadir`, ports, `-listen=1`, `-bind=127.0.0.1`, `-discover=0`); later ones win. */
  readonly args: readonly string[];
  /** Milliseconds to wait for the node to answer RPC after a start (default 60 000). */
  readonly startTimeoutMs?: number;
  /**
   * Node.js options for the process (e.g. `--cpu-prof`); default: the words of the environment
   * variable `OCEAN_HARNESS_EXEC_ARGV` (how a profile of a harness run is taken).
   */
  readonly execArgv?: readonly string[];
  /** Environment variables for the process, over this process's own (`undefined` removes one). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * One real `bin/oceand` process with a fixed data directory, RPC port and P2P port, which
 * survive restarts. `call` talks JSON-RPC to it.
 */
export class HarnessNode {
  readonly name: string;
  readonly datadir: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly rpc: NodeRpc;
  #args: string[];
  #proc: OceandProcess | undefined;
  #stderr = '';
  readonly #startTimeoutMs: number;
  readonly #execArgv: readonly string[];
  readonly #env: Readonly<Record<string, string | undefined>> | undefined;

  constructor(config: HarnessNodeConfig) {
    this.name = config.name;
    this.datadir = config.datadir;
    this.rpcPort = config.rpcPort;
    this.p2pPort = config.p2pPort;
    this.#args = [...config.args];
    this.#startTimeoutMs = config.startTimeoutMs ?? 60_000;
    this.#execArgv = config.execArgv ?? (process.env['OCEAN_HARNESS_EXEC_ARGV'] ?? '').split(/\s+/).filter((w) => w !== '');
    this.#env = config.env;
    this.rpc = new NodeRpc(this.rpcPort, RPC_USER, RPC_PASSWORD);
  }

  /** `127.0.0.1:<p2p port>`: what other nodes connect to, and the name `disconnectnode` takes. */
  get p2pAddress(): string {
    return `127.0.0.1:${this.p2pPort}`;
  }

  get running(): boolean {
    return this.#proc?.running ?? false;
  }

  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  /** The last 64 KiB the process wrote to stderr (since the harness started it the first time). */
  get stderr(): string {
    return this.#stderr;
  }

  /** The node's own options (without the harness's); `start` uses them. */
  get args(): readonly string[] {
    return this.#args;
  }

  /** Replaces the node's own options for the next start. */
  setArgs(args: readonly string[]): void {
    this.#args = [...args];
  }

  /** The command line after `bin/oceand`. */
  commandLine(): string[] {
    return [
      `-datadir=${this.datadir}`,
      `-rpcport=${this.rpcPort}`,
      `-rpcuser=${RPC_USER}`,
      `-rpcpassword=${RPC_PASSWORD}`,
      `-port=${this.p2pPort}`,
      '-listen=1',
      '-bind=127.0.0.1',
      '-discover=0',
      ...this.#args,
    ];
  }

  /** Spawns the process and waits until it answers RPC (outside warm-up). */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name}: already running`);
    const proc = new OceandProcess(this.commandLine(), {
      execArgv: this.#execArgv,
      env: this.#env,
      stderrTailChars: STDERR_TAIL,
      onStderr: (text) => {
        this.#stderr = (this.#stderr + text).slice(-STDERR_TAIL);
      },
    });
    this.#proc = proc;
    await waitForRpc(proc, this.rpc, { timeoutMs: this.#startTimeoutMs, name: this.name });
  }

  /** `stop` over RPC and wait for the exit (SIGKILL if it takes longer than `timeoutMs`); the exit code. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exited;
    try {
      await this.rpc.call('stop');
    } catch {
      // not answering: killed below if it does not exit
    }
    const exited = await Promise.race([this.exited.then(() => true), sleep(timeoutMs, false, { ref: false })]);
    if (!exited) return this.kill();
    return this.exited;
  }

  /** `kill -9` and wait for the exit. */
  async kill(): Promise<number | null> {
    return this.#proc?.kill('SIGKILL') ?? null;
  }

  /** Resolves when the process exits (the code; null after a signal). */
  get exited(): Promise<number | null> {
    return this.#proc?.exited ?? Promise.resolve(null);
  }

  /** Stop, then start again with the same data directory, ports and options. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    return this.rpc.call<T>(method, params);
  }

  /** The node's debug.log (in the chain's subdirectory of the data directory), or '' if none yet. */
  debugLog(): string {
    const direct = join(this.datadir, 'debug.log');
    const candidates = existsSync(direct) ? [direct] : [];
    for (const entry of existsSync(this.datadir) ? readdirSync(this.datadir) : []) {
      const p = join(this.datadir, entry, 'debug.log');
      if (statSync(join(this.datadir, entry)).isDirectory() && existsSync(p)) candidates.push(p);
    }
    return candidates.map((p) => readFileSync(p, 'utf8')).join('');
  }
}
