// A spawned `bin/oceand` on its own data directory and loopback port, for the process-level tests:
// start / stop (RPC `stop`, exit 0) / SIGKILL / restart on the same directory, JSON-RPC calls, the
// chain directory's debug.log.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { call, freePort, kill, rpc, startDaemon, waitUntilUp, type Daemon } from './daemon.js';

export interface TestNodeOptions {
  /** Base data directory (default: a new temporary directory, removed by `cleanup()`). */
  readonly datadir?: string;
  /** Lines of `<datadir>/ocean.conf`, written before the first start. */
  readonly conf?: readonly string[];
  /** Arguments after `-datadir`, `-rpcport`, `-rpcuser`, `-rpcpassword` (default `-regtest`). */
  readonly args?: readonly string[];
  /** Chain sub-directory (default `elementsregtest`). */
  readonly chain?: string;
}

export class TestNode {
  #daemon: Daemon | undefined;
  readonly #ownsDir: boolean;

  private constructor(
    readonly datadir: string,
    readonly port: number,
    public args: readonly string[],
    readonly chain: string,
    ownsDir: boolean,
  ) {
    this.#ownsDir = ownsDir;
  }

  /** Create (without starting) a node; `start()` it. */
  static async create(opts: TestNodeOptions = {}): Promise<TestNode> {
    const datadir = opts.datadir ?? mkdtempSync(join(tmpdir(), 'oceand-e2e-'));
    if (opts.conf !== undefined) writeFileSync(join(datadir, 'ocean.conf'), opts.conf.map((l) => `${l}\n`).join(''));
    return new TestNode(datadir, await freePort(), opts.args ?? ['-regtest'], opts.chain ?? 'elementsregtest', opts.datadir === undefined);
  }

  /** Create and start; waits until `getblockcount` answers. */
  static async start(opts: TestNodeOptions = {}): Promise<TestNode> {
    const node = await TestNode.create(opts);
    await node.start();
    return node;
  }

  get chainDir(): string {
    return join(this.datadir, this.chain);
  }

  get daemon(): Daemon {
    assert.ok(this.#daemon, 'node not started');
    return this.#daemon;
  }

  get running(): boolean {
    const p = this.#daemon?.proc;
    return p !== undefined && p.exitCode === null && p.signalCode === null;
  }

  /** Spawn with `extra` arguments added for this run only, and wait until it answers. */
  async start(extra: readonly string[] = []): Promise<void> {
    this.spawn(extra);
    await waitUntilUp(this.daemon);
  }

  /** Spawn without waiting. */
  spawn(extra: readonly string[] = []): Daemon {
    assert.ok(!this.running, 'already running');
    this.#daemon = startDaemon(this.port, [`-datadir=${this.datadir}`, ...this.args, ...extra]);
    return this.#daemon;
  }

  rpc(method: string, params: unknown[] = []): ReturnType<typeof rpc> {
    return rpc(this.port, method, params);
  }

  call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return call(this.port, method, params) as Promise<T>;
  }

  /** RPC `stop`; the process must exit with status 0. */
  async stop(): Promise<void> {
    assert.equal(await this.call('stop'), 'Ocean server stopping');
    assert.equal(await this.daemon.exited, 0, `oceand exit status (stderr: ${this.daemon.stderr})`);
  }

  /** SIGKILL and wait for the process to be gone. */
  async kill(): Promise<void> {
    const d = this.#daemon;
    if (d === undefined) return;
    kill(d);
    await d.exited;
  }

  /** `<chain dir>/debug.log` ('' when missing). */
  debugLog(): string {
    const path = join(this.chainDir, 'debug.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** Kill if still running and remove the data directory if this node created it. */
  async cleanup(): Promise<void> {
    await this.kill();
    if (this.#ownsDir) rmSync(this.datadir, { recursive: true, force: true });
  }
}
