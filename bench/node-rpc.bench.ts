// The node through its real process and JSON-RPC: (a) `sendrawtransaction` acceptance rate of
// pre-signed P2PKH 1-in-2-out transactions, (b) block connection rate (`submitblock`) for blocks
// of 1,000 such transactions on a second fresh node, (c) `getblockcount` latency and throughput.
// Same-run ratios: (a)/(b) against in-process P2PKH input verification, (c) against a bare
// `node:http` server in its own process (the floor for an HTTP round trip on this machine).
// (a) and (b) run in two halves: the first on the fresh daemon (what the figures always were:
// much of it is the daemon's JIT warming up), the second right after it (a node that has been
// running — what a long-lived node, or a C++ one, shows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BLOCK_SCRIPT_VERIFY_FLAGS,
  Block,
  PrecomputedTransactionData,
  TransactionSignatureChecker,
  fromHex,
  loadNativeSecp256k1,
  toDisplayHex,
  toHex,
  verifyScript,
  type Transaction,
} from '@ocean-ts/core';
import { spawn } from 'node:child_process';
import { OCEAND, freePort, kill, startDaemon, waitUntilUp, type Daemon } from '../packages/node/test/support/daemon.js';
import { measure } from './harness.js';
import { BenchRpcClient, startEchoServer } from './rpc-keepalive.js';
import { assembleBlock, benchKeys, fanOut, genesisOpTrueCoins, signedSpend, type Coin } from './p2pkh-fixture.js';

/** Transactions in all; each half of (a) and of (b) gets half of them. */
const TX_COUNT = Number(process.env['BENCH_NODE_TXS'] ?? 4000);
const BLOCK_TXS = 1000;
const SEND_CONNECTIONS = 4;
const LATENCY_CALLS = 5000;
const THROUGHPUT_CONNECTIONS = 8;
const THROUGHPUT_CALLS = 20_000;

interface Node {
  readonly daemon: Daemon;
  readonly rpc: BenchRpcClient;
  readonly datadir: string;
}

async function startNode(): Promise<Node> {
  const datadir = mkdtempSync(join(tmpdir(), 'ocean-bench-'));
  const port = await freePort();
  // Regtest turns the consistency checks on by default (-checkmempool=1, -checkblockindex=1); they
  // are off here, as they should be for the original node in a side-by-side run.
  const args = [
    '-regtest',
    `-datadir=${datadir}`,
    '-initialfreecoins=2100000000000000',
    '-listen=0',
    '-printtoconsole=0',
    '-checkmempool=0',
    '-checkblockindex=0',
  ];
  const daemon = PROFILE_DIR === undefined ? startDaemon(port, args) : startProfiledDaemon(port, args, PROFILE_DIR);
  await waitUntilUp(daemon);
  return { daemon, rpc: new BenchRpcClient(port), datadir };
}

/**
 * `BENCH_NODE_PROFILE=<dir>`: the daemons run under `node --cpu-prof`, writing their CPU profiles
 * to `<dir>` when they stop (for finding where the time goes; the figures are then not comparable).
 */
const PROFILE_DIR = process.env['BENCH_NODE_PROFILE'];

function startProfiledDaemon(port: number, args: readonly string[], dir: string): Daemon {
  const proc = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, OCEAND, `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const d: Daemon = { proc, port, stderr: '', exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))) };
  proc.stderr!.on('data', (b: Buffer) => (d.stderr += b.toString()));
  return d;
}

async function stopNode(n: Node): Promise<void> {
  try {
    await n.rpc.call('stop');
  } catch {
    // already gone
  }
  n.rpc.close();
  const done = await Promise.race([n.daemon.exited.then(() => true), sleep(20_000, false, { ref: false })]);
  if (!done) {
    kill(n.daemon);
    await n.daemon.exited;
  }
  rmSync(n.datadir, { recursive: true, force: true });
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Calls `work(i)` for i in [0, count) over `connections` parallel workers; returns seconds. */
async function parallel(count: number, connections: number, work: (i: number, worker: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      for (let i = next++; i < count; i = next++) await work(i, w);
    }),
  );
  return (performance.now() - start) / 1000;
}

interface LatencyResult {
  p50: number;
  p99: number;
  perSec: number;
}

/** p50/p99 (µs) over sequential calls on one connection, then calls/s with 8 connections. */
async function latency(port: number, body: string, check: (reply: string) => void): Promise<LatencyResult> {
  const one = new BenchRpcClient(port);
  for (let i = 0; i < 500; i++) check(await one.post(body));
  const times: number[] = [];
  for (let i = 0; i < LATENCY_CALLS; i++) {
    const t0 = process.hrtime.bigint();
    const reply = await one.post(body);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    check(reply);
  }
  one.close();
  times.sort((a, b) => a - b);
  const clients = Array.from({ length: THROUGHPUT_CONNECTIONS }, () => new BenchRpcClient(port));
  const secs = await parallel(THROUGHPUT_CALLS, THROUGHPUT_CONNECTIONS, async (_, w) => check(await clients[w]!.post(body)));
  for (const c of clients) c.close();
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), perSec: THROUGHPUT_CALLS / secs };
}

function line(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(52)} ${value.padStart(14)}${note ? `  ${note}` : ''}`);
}

export async function benchNodeRpc(): Promise<void> {
  const secp = loadNativeSecp256k1();
  const a = await startNode();
  let b: Node | undefined;
  try {
    // --- setup: fund TX_COUNT P2PKH outputs with a fan-out chain mined in one block
    const genesisHash = (await a.rpc.call('getblockhash', [0])) as string;
    const genesis = Block.decode(fromHex((await a.rpc.call('getblock', [genesisHash, false])) as string));
    const source = genesisOpTrueCoins(genesis).sort((x, y) => (x.out.value.amount < y.out.value.amount ? 1 : -1))[0]!;
    const keys = benchKeys(secp, 16);
    const funding = fanOut(source, keys, TX_COUNT, 400, 100_000_000n);
    // one block per fan-out transaction (a chain of them would exceed the mempool's ancestor size limit)
    const fundingBlocks: Block[] = [];
    for (const tx of funding.txs) {
      await a.rpc.call('sendrawtransaction', [toHex(tx.toBytes())]);
      const [hash] = (await a.rpc.call('generate', [1])) as string[];
      const block = Block.decode(fromHex((await a.rpc.call('getblock', [hash, false])) as string));
      if (block.transactions.length !== 2) throw new Error('bench: funding block does not hold the fan-out transaction');
      fundingBlocks.push(block);
    }

    const signStart = performance.now();
    const spends: Transaction[] = funding.coins.map((c: Coin, i) => signedSpend(secp, c, keys[(i + 1) % keys.length]!));
    const signSecs = (performance.now() - signStart) / 1000;
    const hexes = spends.map((tx) => toHex(tx.toBytes()));
    const avgSize = hexes.reduce((n, h) => n + h.length / 2, 0) / hexes.length;

    // in-process reference: verification of one P2PKH input (native secp256k1)
    const ref = spends[0]!;
    const spent = funding.coins[0]!.out;
    const verifyRate = measure('P2PKH input verify (in-process, native)', () => {
      const checker = new TransactionSignatureChecker(secp, ref, 0, spent.value, new PrecomputedTransactionData(ref));
      if (!verifyScript(ref.inputs[0]!.scriptSig, spent.scriptPubKey, ref.inWitness[0]!.scriptWitness, BLOCK_SCRIPT_VERIFY_FLAGS, checker).ok) throw new Error('bench: reference input does not verify');
    }).opsPerSec;

    // --- (a) sendrawtransaction over keep-alive connections
    const senders = Array.from({ length: SEND_CONNECTIONS }, () => new BenchRpcClient(a.daemon.port));
    const half = Math.floor(hexes.length / 2);
    const sendHalf = (from: number, to: number): Promise<number> =>
      parallel(to - from, SEND_CONNECTIONS, async (k, w) => {
        const i = from + k;
        const txid = await senders[w]!.call('sendrawtransaction', [hexes[i]]);
        if (txid !== spends[i]!.txidHex) throw new Error(`bench: sendrawtransaction returned ${String(txid)}`);
      });
    const sendRates = [half / (await sendHalf(0, half)), (hexes.length - half) / (await sendHalf(half, hexes.length))];
    for (const s of senders) s.close();
    const pool = (await a.rpc.call('getmempoolinfo')) as { size: number };
    if (pool.size !== spends.length) throw new Error(`bench: mempool holds ${pool.size} of ${spends.length}`);

    console.log(`(${hexes.length} pre-signed P2PKH 1-in-2-out transactions, ${avgSize.toFixed(0)} bytes each, signed in ${(signSecs * 1000).toFixed(0)} ms)`);
    line('P2PKH input verify (in-process, native)', `${Math.round(verifyRate)} ops/s`);
    line(`sendrawtransaction (${SEND_CONNECTIONS} keep-alive connections), first ${half}`, `${Math.round(sendRates[0]!)} tx/s`, `ratio vs in-process verify: ${(sendRates[0]! / verifyRate).toFixed(3)}`);
    line(`  the next ${hexes.length - half} (warm daemon)`, `${Math.round(sendRates[1]!)} tx/s`, `ratio vs in-process verify: ${(sendRates[1]! / verifyRate).toFixed(3)}`);

    // --- (b) submitblock of blocks of 1,000 such transactions on a second, fresh node
    b = await startNode();
    for (const block of fundingBlocks) {
      if ((await b.rpc.call('submitblock', [toHex(block.toBytes())])) !== null) throw new Error('bench: node B refused a funding block');
    }
    let prev = fundingBlocks[fundingBlocks.length - 1]!;
    const blocks: Block[] = [];
    for (let i = 0; i + BLOCK_TXS <= spends.length; i += BLOCK_TXS) {
      prev = assembleBlock(prev, spends.slice(i, i + BLOCK_TXS), source.out.asset.id, Math.floor(Date.now() / 1000));
      blocks.push(prev);
    }
    const connectSecs: number[] = [];
    for (const block of blocks) {
      const hex = toHex(block.toBytes());
      const t0 = performance.now();
      const r = await b.rpc.call('submitblock', [hex]);
      connectSecs.push((performance.now() - t0) / 1000);
      if (r !== null) throw new Error(`bench: submitblock: ${JSON.stringify(r)}`);
    }
    const best = (await b.rpc.call('getbestblockhash')) as string;
    if (blocks.length && best !== toDisplayHex(blocks[blocks.length - 1]!.hash)) throw new Error('bench: last block is not the tip');
    const firstBlocks = Math.ceil(blocks.length / 2);
    const blockLines = (label: string, secs: readonly number[]): void => {
      if (secs.length === 0) return;
      const total = secs.reduce((x, y) => x + y, 0);
      const txRate = (secs.length * BLOCK_TXS) / total;
      line(label, `${(secs.length / total).toFixed(2)} blocks/s`, `${((total * 1000) / secs.length).toFixed(0)} ms per block (${secs.map((x) => (x * 1000).toFixed(0)).join(', ')})`);
      line('  transactions connected', `${Math.round(txRate)} tx/s`, `ratio vs in-process verify: ${(txRate / verifyRate).toFixed(3)}`);
    };
    blockLines(`submitblock, ${BLOCK_TXS}-tx blocks (${firstBlocks}, fresh node)`, connectSecs.slice(0, firstBlocks));
    blockLines(`  the next ${blocks.length - firstBlocks} blocks (warm node)`, connectSecs.slice(firstBlocks));

    // --- (c) getblockcount latency and throughput, against a bare node:http server
    const height = (await a.rpc.call('getblockcount')) as number;
    const node = await latency(a.daemon.port, JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }), (reply) => {
      if (!reply.startsWith(`{"result":${height},`)) throw new Error(`bench: getblockcount reply ${reply}`);
    });
    const echo = await startEchoServer();
    let floor: LatencyResult;
    try {
      floor = await latency(echo.port, JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }), (reply) => {
        if (!reply.startsWith('{"result":1,')) throw new Error(`bench: echo reply ${reply}`);
      });
    } finally {
      await echo.stop();
    }
    line(`getblockcount p50 / p99 (1 connection, ${LATENCY_CALLS} calls)`, `${node.p50.toFixed(0)} / ${node.p99.toFixed(0)} µs`, `ratio vs node:http floor: ${(node.p50 / floor.p50).toFixed(2)} / ${(node.p99 / floor.p99).toFixed(2)}`);
    line(`getblockcount (${THROUGHPUT_CONNECTIONS} connections)`, `${Math.round(node.perSec)} calls/s`, `ratio vs node:http floor: ${(node.perSec / floor.perSec).toFixed(3)}`);
    line('node:http floor p50 / p99', `${floor.p50.toFixed(0)} / ${floor.p99.toFixed(0)} µs`);
    line(`node:http floor (${THROUGHPUT_CONNECTIONS} connections)`, `${Math.round(floor.perSec)} calls/s`);
  } finally {
    await stopNode(a);
    if (b) await stopNode(b);
  }
}

// `node --import tsx bench/node-rpc.bench.ts` runs this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchNodeRpc();
