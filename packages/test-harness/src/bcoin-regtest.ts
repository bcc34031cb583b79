import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { base58CheckDecode, base58CheckEncode, toHex } from '@ocean-ts/core';
import { registerChild } from './child-registry.js';
import { freePort } from './free-port.js';
import { NodeRpc } from './node-rpc.js';

const STDERR_TAIL = 64 * 1024;
/** The preload giving bcoin's mempool BIP125 replacement (a CommonJS asset, see `rbfPreloadPath`). */
const RBF_PRELOAD = 'bcoin-rbf-preload.cjs';
/** Bitcoin Core's regtest base58 versions (p2pkh, p2sh): `fund` accepts these as well as bcoin's. */
const CORE_P2PKH = 0x6f;
const CORE_P2SH = 0xc4;
/** The harness's watch-only wallet for `walletSynced`, and the address it re-imports (bcoin regtest p2pkh of 20 zero bytes). */
const SYNC_WALLET = 'harness-sync';
const SYNC_ADDRESS = base58CheckEncode(Uint8Array.of(0x3c, ...new Uint8Array(20)));

export interface BcoinRegtestOptions {
  /** Blocks mined to the primary wallet at start (default 101: one mature 50 BTC coinbase). */
  readonly initialBlocks?: number;
  /** Milliseconds to wait for the RPC server (default 20 000). */
  readonly startTimeoutMs?: number;
  /** More bcoin options (`--name=value`), after the harness's own. */
  readonly args?: readonly string[];
  /** Temp directory name prefix. */
  readonly prefix?: string;
}

/** `t.after(fn)` of node:test (or anything like it): the node is stopped when the test ends. */
export interface AfterHook {
  after(fn: () => unknown): void;
}

/** What a `BitcoinClient` for bcoin needs (rpc-client's `BcoinEndpoints`). */
export interface BcoinRegtestEndpoints {
  readonly host: string;
  readonly nodePort: number;
  readonly walletPort: number;
  readonly apiKey: string;
}

/**
 * A bcoin 1.0.2 regtest node IN MEMORY as a child process: the only Bitcoin node available from
 * npm, standing in for bitcoind in tests. A preload sets bcoin's default network to regtest
 * before it loads (otherwise its wallet hands out mainnet addresses); RPC and REST listen on
 * ephemeral loopback ports with a random API key; no P2P listening, no workers; the transaction
 * index is on (`getrawtransaction` of any tx); BIP125-signalling transactions are accepted
 * (`--replace-by-fee`, which Mainstay's `0xfffffffd` sequence needs) and, through the preload
 * `bcoin-rbf-preload.cjs`, replace their mempool conflicts under bitcoind 0.14's rules (fee bumps;
 * rejections "258: txn-mempool-conflict", "66: insufficient fee", …). Nothing is written outside
 * a temp directory, which `stop`/`kill` remove. RPC answers in ≈0.3 s.
 *
 * Addresses from bcoin use its own regtest prefixes (`R…`, `G…`, `rb1…`); see rpc-client's
 * `BcoinQuirks` for a bitcoind-compatible client.
 */
export class BcoinRegtest implements BcoinRegtestEndpoints {
  readonly host = '127.0.0.1';
  readonly rpc: NodeRpc;
  #stderr = '';
  #exited: Promise<void>;
  #miningAddress = '';
  #syncWallet = false;

  private constructor(
    private readonly proc: ChildProcess,
    readonly dir: string,
    readonly nodePort: number,
    readonly walletPort: number,
    readonly apiKey: string,
  ) {
    this.rpc = new NodeRpc(nodePort, 'bitcoinrpc', apiKey);
    this.#exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.stderr?.on('data', (c: Buffer) => {
      this.#stderr = (this.#stderr + c.toString('utf8')).slice(-STDERR_TAIL);
    });
    proc.stdout?.on('data', (c: Buffer) => {
      this.#stderr = (this.#stderr + c.toString('utf8')).slice(-STDERR_TAIL);
    });
  }

  /** Start a node (and, with `t`, stop it when the test ends), fund the primary wallet. */
  static async start(t?: AfterHook, options: BcoinRegtestOptions = {}): Promise<BcoinRegtest> {
    const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'bcoin-regtest-'));
    const req = createRequire(import.meta.url);
    const bcoinRoot = dirname(req.resolve('bcoin/package.json'));
    const preload = join(dir, 'regtest-preload.cjs');
    writeFileSync(
      preload,
      `require(${JSON.stringify(join(bcoinRoot, 'lib/protocol/network.js'))}).set('regtest');\n` +
        `require(${JSON.stringify(rbfPreloadPath())})(${JSON.stringify(bcoinRoot)});\n`,
    );
    const [nodePort, walletPort] = [await freePort(), await freePort()];
    const apiKey = toHex(randomBytes(16));
    const args = [
      '--network=regtest',
      '--memory=true',
      '--workers=false',
      '--listen=false',
      '--http-host=127.0.0.1',
      `--http-port=${nodePort}`,
      '--wallet-http-host=127.0.0.1',
      `--wallet-http-port=${walletPort}`,
      `--api-key=${apiKey}`,
      `--prefix=${dir}`,
      `--wallet-prefix=${join(dir, 'wallet')}`,
      '--index-tx=true',
      '--replace-by-fee=true',
      '--log-file=false',
      '--log-console=true',
      '--log-level=warning',
      ...(options.args ?? []),
    ];
    // bcoin reads BCOIN_* variables as options: keep the caller's environment out of it.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BCOIN_')));
    const proc = spawn(process.execPath, ['-r', preload, join(bcoinRoot, 'bin/node'), ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    registerChild(proc);
    const node = new BcoinRegtest(proc, dir, nodePort, walletPort, apiKey);
    t?.after(() => node.stop());
    try {
      await node.waitReady(options.startTimeoutMs ?? 20_000);
      const addr = await node.walletApi<{ address: string }>('POST', '/wallet/primary/address', { account: 'default' });
      node.#miningAddress = addr.address;
      const blocks = options.initialBlocks ?? 101;
      if (blocks > 0) await node.mine(blocks);
    } catch (e) {
      await node.kill();
      throw e;
    }
    return node;
  }

  get endpoints(): BcoinRegtestEndpoints {
    return { host: this.host, nodePort: this.nodePort, walletPort: this.walletPort, apiKey: this.apiKey };
  }

  /** A receiving address of the primary wallet (bcoin encoding); blocks are mined to it by default. */
  get miningAddress(): string {
    return this.#miningAddress;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The last 64 KiB of the node's log output. */
  get stderr(): string {
    return this.#stderr;
  }

  /** A node RPC call (results parsed with `JSON.parse`). */
  call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    return this.rpc.call<T>(method, params);
  }

  /**
   * Mine `n` blocks (to the primary wallet unless `address`, bcoin encoding, is given) and wait
   * until the wallets have filed them (`walletSynced`).
   */
  async mine(n: number, address = this.#miningAddress): Promise<string[]> {
    const hashes = await this.call<string[]>('generatetoaddress', [n, address]);
    await this.walletSynced();
    return hashes;
  }

  /**
   * Pay `sats` from the primary wallet to `address` (bcoin encoding, or a Bitcoin Core regtest
   * base58 address); returns the txid once the transaction is in the mempool (not mined).
   */
  async fund(address: string, sats: number): Promise<string> {
    const script = coreBase58Script(address);
    return this.fundOutput(script !== undefined ? { script, value: sats } : { address, value: sats });
  }

  /** Pay `sats` from the primary wallet to a raw output script (hex); returns the txid. */
  fundScript(scriptHex: string, sats: number): Promise<string> {
    return this.fundOutput({ script: scriptHex, value: sats });
  }

  /** A call of the wallet REST API (`/wallet/...`), JSON in and out; throws on HTTP errors. */
  async walletApi<T = unknown>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const { status, text } = await httpJson(this.walletPort, this.apiKey, method, path, body);
    if (status !== 200) throw new Error(`bcoin wallet API ${method} ${path}: HTTP ${status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** SIGTERM, then SIGKILL after 5 s; removes the temp directory. Idempotent. */
  async stop(): Promise<void> {
    if (this.running) {
      this.proc.kill('SIGTERM');
      const timer = sleep(5_000).then(() => this.running && this.proc.kill('SIGKILL'));
      await Promise.race([this.#exited, timer]);
      await this.#exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** SIGKILL now; removes the temp directory. */
  async kill(): Promise<void> {
    if (this.running) this.proc.kill('SIGKILL');
    await this.#exited;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async fundOutput(output: { script?: string; address?: string; value: number }): Promise<string> {
    const details = await this.walletApi<{ hash: string }>('POST', '/wallet/primary/send', { outputs: [output] });
    // The wallet relays without awaiting the mempool: wait for it there.
    for (let i = 0; i < 400; i++) {
      if ((await this.call<string[]>('getrawmempool')).includes(details.hash)) return details.hash;
      await sleep(5);
    }
    throw new Error(`bcoin: funding transaction ${details.hash} did not reach the mempool`);
  }

  /**
   * The wallet database follows the chain asynchronously (bcoin does not await its block
   * handler, and moves its tip before filing a block's transactions). A rescan takes the wallet
   * database's transaction lock, which queues behind the pending blocks: re-importing an address
   * with `rescan=true` into a watch-only wallet of the harness is the barrier (a scan of the whole
   * chain, ≈40 ms at 100 blocks). Leaves `primary` selected for the wallet RPC.
   */
  async walletSynced(): Promise<void> {
    if (!this.#syncWallet) {
      await this.walletApi('PUT', `/wallet/${SYNC_WALLET}`, { watchOnly: true });
      this.#syncWallet = true;
    }
    const wallet = new NodeRpc(this.walletPort, 'bitcoinrpc', this.apiKey);
    await wallet.call('selectwallet', [SYNC_WALLET]);
    try {
      await wallet.call('importaddress', [SYNC_ADDRESS, '', true]);
    } finally {
      await wallet.call('selectwallet', ['primary']);
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`bcoin exited during start-up:\n${this.#stderr}`);
      try {
        await this.call('getblockcount');
        const { status } = await httpJson(this.walletPort, this.apiKey, 'GET', '/wallet/primary');
        if (status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`bcoin did not answer within ${timeoutMs} ms:\n${this.#stderr}`);
      await sleep(25);
    }
  }
}

/**
 * `bcoin-rbf-preload.cjs` (BIP125 replacement for bcoin's mempool) beside this module: in `src`
 * when run through tsx; tsc does not copy it to `dist`, so from there it is `../src/`.
 */
function rbfPreloadPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, '..', 'src')]) {
    const file = join(dir, RBF_PRELOAD);
    if (existsSync(file)) return file;
  }
  throw new Error(`${RBF_PRELOAD} not found beside ${here} or in ../src`);
}

/** The output script of a Bitcoin Core regtest base58 address, or undefined for anything else. */
function coreBase58Script(address: string): string | undefined {
  let payload: Uint8Array;
  try {
    payload = base58CheckDecode(address);
  } catch {
    return undefined;
  }
  if (payload.length !== 21) return undefined;
  const hash = toHex(payload.subarray(1));
  if (payload[0] === CORE_P2PKH) return `76a914${hash}88ac`;
  if (payload[0] === CORE_P2SH) return `a914${hash}87`;
  return undefined;
}

function httpJson(port: number, apiKey: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`x:${apiKey}`).toString('base64')}`,
    Connection: 'close',
  };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`bcoin ${method} ${path}: no reply within 60 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
