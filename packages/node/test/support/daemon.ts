// Shared by the end-to-end tests (integration, REST, zmq): spawn `bin/oceand`, talk JSON-RPC and raw HTTP.
// A thin adapter over `@ocean-ts/test-harness` (the one implementation of spawning, ports, waiting
// and raw HTTP) with this folder's conventions: RPC user `u`, password `p`, the whole stderr kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { NodeRpc, OCEAND_BIN, OceandProcess, freePort, httpRequest, waitForRpc, type HttpReply, type RpcReply } from '@ocean-ts/test-harness';
import { OP, OutPoint, TransactionBuilder, TxIn, type Block, type Transaction } from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';

export { freePort, type HttpReply };
export const OCEAND = OCEAND_BIN;
export const GENESIS = 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b';

const RPC_USER = 'u';
const RPC_PASSWORD = 'p';

export interface Daemon {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly port: number;
  /** Everything the process wrote to stderr so far. */
  readonly stderr: string;
}

/** Spawns `bin/oceand -rpcport=<port> -rpcuser=u -rpcpassword=p <args>` (without waiting for it). */
export function startDaemon(port: number, args: readonly string[]): Daemon {
  return Object.assign(new OceandProcess([`-rpcport=${port}`, `-rpcuser=${RPC_USER}`, `-rpcpassword=${RPC_PASSWORD}`, ...args]), { port });
}

/** SIGKILL if it still runs (does not wait). */
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

/** One request on a fresh connection (no keep-alive), sent as given. */
export function http(port: number, method: string, path: string, body?: Uint8Array | string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return httpRequest(port, method, path, body, headers);
}

/** The whole JSON-RPC reply (as user `u`). */
export function rpc(port: number, method: string, params: unknown[] = []): Promise<RpcReply> {
  return new NodeRpc(port, RPC_USER, RPC_PASSWORD).request(method, params);
}

/** The result, or an error `<method>: <code> <message>`. */
export function call(port: number, method: string, params: unknown[] = []): Promise<unknown> {
  return new NodeRpc(port, RPC_USER, RPC_PASSWORD).call(method, params);
}

/** Waits (30 s at most) until the daemon answers `getblockcount` outside warm-up. */
export function waitUntilUp(d: Daemon): Promise<void> {
  return waitForRpc(d, new NodeRpc(d.port, RPC_USER, RPC_PASSWORD), { timeoutMs: 30_000 });
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
