// Shared by the end-to-end tests (integration, REST, zmq): spawn `bin/oceand`, talk JSON-RPC and raw HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { OP, OutPoint, TransactionBuilder, TxIn, type Block, type Transaction } from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
export const OCEAND = join(ROOT, 'bin', 'oceand');
export const GENESIS = 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Daemon {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly port: number;
  stderr: string;
}

export function startDaemon(port: number, args: readonly string[]): Daemon {
  const proc = spawn(process.execPath, [OCEAND, `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const d: Daemon = { proc, port, stderr: '', exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))) };
  proc.stderr!.on('data', (b: Buffer) => (d.stderr += b.toString()));
  return d;
}

export function kill(d: { readonly proc: ChildProcess } | undefined): void {
  if (d && d.proc.exitCode === null && d.proc.signalCode === null) d.proc.kill('SIGKILL');
}

/** A fresh data directory and a free RPC port for one test, cleaned up after it. */
export interface DaemonSandbox {
  readonly datadir: string;
  readonly port: number;
  /** Starts `bin/oceand` with `-datadir` and the port (and `args`), and waits until it answers RPC. */
  start(args?: readonly string[]): Promise<Daemon>;
}

/** `t.after` kills every daemon the sandbox started that still runs, and removes the directory. */
export async function daemonSandbox(t: { after(fn: () => void): void }, prefix: string): Promise<DaemonSandbox> {
  const datadir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const d of daemons) kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  return {
    datadir,
    port,
    start: async (args = []) => {
      const d = startDaemon(port, [`-datadir=${datadir}`, ...args]);
      daemons.push(d);
      await waitUntilUp(d);
      return d;
    },
  };
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One request on a fresh connection (no keep-alive). */
export function http(port: number, method: string, path: string, body?: Uint8Array | string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { Connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function rpc(port: number, method: string, params: unknown[] = []): Promise<{ result: unknown; error: { code: number; message: string } | null }> {
  const r = await http(port, 'POST', '/', JSON.stringify({ version: '1.1', method, params, id: 1 }), {
    'Content-Type': 'application/json',
    Authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
  });
  return JSON.parse(r.body.toString()) as { result: unknown; error: { code: number; message: string } | null };
}

export async function call(port: number, method: string, params: unknown[] = []): Promise<unknown> {
  const r = await rpc(port, method, params);
  if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result;
}

export async function waitUntilUp(d: Daemon): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (d.proc.exitCode !== null) throw new Error(`oceand exited with ${d.proc.exitCode}: ${d.stderr}`);
    try {
      const r = await rpc(d.port, 'getblockcount');
      if (r.error === null) return;
      assert.equal(r.error.code, -28);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET' && !(e instanceof SyntaxError)) throw e;
    }
    if (Date.now() > deadline) throw new Error('oceand did not come up within 30 s');
    await sleep(100);
  }
}

/**
 * A transaction spending genesis OP_TRUE coin `index` to OP_TRUE, paying `fee` (+ `tag`, to make
 * otherwise identical spends differ) in an explicit fee output.
 */
export function spendGenesisCoin(genesis: Block, index: number, fee: bigint, tag = 0): Transaction {
  const coins: { outpoint: OutPoint; asset: Uint8Array; value: bigint }[] = [];
  for (const tx of genesis.transactions) {
    tx.outputs.forEach((out, i) => {
      if (out.value.isExplicit && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) coins.push({ outpoint: new OutPoint(tx.txid, i), asset: out.asset.id, value: out.value.amount });
    });
  }
  const c = coins[index];
  assert.ok(c, `genesis coin ${index}`);
  const b = new TransactionBuilder();
  b.version = 2;
  b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  b.addOutput(explicitOutput(c.asset, c.value - fee - BigInt(tag), Uint8Array.of(OP.OP_1)));
  b.addOutput(explicitOutput(c.asset, fee + BigInt(tag), new Uint8Array(0)));
  return b.build();
}
