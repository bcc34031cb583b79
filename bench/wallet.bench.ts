// The wallet through the real `bin/oceand` and JSON-RPC (issue 4's benchmark sizes):
//  (a) `getbalance` and `listunspent` with 100,000 wallet outputs;
//  (b) `sendtoaddress` latency with 10,000 outputs to choose from.
// The outputs are P2PKH payments to a key imported into the wallet (importprivkey without rescan,
// before the payments are made), funded from the genesis OP_TRUE coins with fan-out transactions.
// Same-run ratios: against `getblockcount` latency on the same node (the floor of an RPC round trip)
// and, for (b), against `sendrawtransaction` of a pre-signed transaction of the same shape.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Block, ChainParams, OptionValues, encodeWif, fromHex, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { freePort, kill, startDaemon, waitUntilUp, type Daemon } from '../packages/node/test/support/daemon.js';
import { BenchRpcClient } from './rpc-keepalive.js';
import { benchKeys, fanOut, genesisOpTrueCoins, signedSpend } from './p2pkh-fixture.js';

const BIG = Number(process.env['BENCH_WALLET_OUTPUTS'] ?? 100_000);
const SEND_POOL = Number(process.env['BENCH_WALLET_SEND_POOL'] ?? 10_000);
const PER_TX = 1000;
const SENDS = 60;

interface Node {
  readonly daemon: Daemon;
  readonly rpc: BenchRpcClient;
  readonly datadir: string;
}

export async function startNode(): Promise<Node> {
  const datadir = mkdtempSync(join(tmpdir(), 'ocean-bench-wallet-'));
  const port = await freePort();
  const daemon = startDaemon(port, ['-regtest', `-datadir=${datadir}`, '-initialfreecoins=2100000000000000', '-listen=0', '-printtoconsole=0', '-checkmempool=0', '-checkblockindex=0']);
  await waitUntilUp(daemon);
  return { daemon, rpc: new BenchRpcClient(port), datadir };
}

export async function stopNode(n: Node): Promise<void> {
  try {
    await n.rpc.call('stop');
  } catch {
    // already gone
  }
  n.rpc.close();
  const done = await Promise.race([n.daemon.exited.then(() => true), sleep(30_000, false, { ref: false })]);
  if (!done) {
    kill(n.daemon);
    await n.daemon.exited;
  }
  rmSync(n.datadir, { recursive: true, force: true });
}

function line(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(52)} ${value.padStart(14)}${note ? `  ${note}` : ''}`);
}

/** Median and p90 of `calls` sequential calls, ms. */
async function timeCalls(calls: number, fn: (i: number) => Promise<void>): Promise<{ p50: number; p90: number }> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, p90: times[Math.min(times.length - 1, Math.floor(times.length * 0.9))]! };
}

const fmt = (ms: number): string => (ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);

/**
 * Gives the node's wallet `count` P2PKH outputs of 0.01 CBT paying an imported key: fan-out
 * transactions of 1,000 outputs from separate genesis coins, mined as they come.
 */
export async function fund(n: Node, count: number): Promise<{ fundSecs: number }> {
  const secp = loadNativeSecp256k1();
  const params = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], []));
  const [key] = benchKeys(secp, 1);
  await n.rpc.call('importprivkey', [encodeWif(key!.priv, true, params.base58), '', false]);
  const genesis = Block.decode(fromHex((await n.rpc.call('getblock', [await n.rpc.call('getblockhash', [0]), false])) as string));
  const sources = genesisOpTrueCoins(genesis).sort((x, y) => (x.out.value.amount < y.out.value.amount ? 1 : -1));
  const txs = count / PER_TX;
  if (sources.length < txs) throw new Error(`bench: ${txs} fan-out transactions need as many genesis coins (have ${sources.length})`);
  const t0 = performance.now();
  for (let i = 0; i < txs; i++) {
    const { txs: [tx] } = fanOut(sources[i]!, [key!], PER_TX, PER_TX, 1_000_000n);
    await n.rpc.call('sendrawtransaction', [toHex(tx!.toBytes())]);
    // a block holds ~80 of these 45 kB transactions
    if ((i + 1) % 40 === 0 || i === txs - 1) await n.rpc.call('generate', [1]);
  }
  while (((await n.rpc.call('getmempoolinfo')) as { size: number }).size > 0) await n.rpc.call('generate', [1]);
  return { fundSecs: (performance.now() - t0) / 1000 };
}

export async function benchWallet(): Promise<void> {
  // --- (a) 100k outputs
  let n = await startNode();
  try {
    const { fundSecs } = await fund(n, BIG);
    const floor = await timeCalls(200, async () => void (await n.rpc.call('getblockcount')));
    const cbt = (): Promise<unknown> => n.rpc.call('getbalance', ['', 1, false, 'CBT']);
    const expected = await cbt();
    const bal = await timeCalls(50, async () => {
      if ((await cbt()) !== expected) throw new Error('bench: getbalance changed');
    });
    const balAll = await timeCalls(50, async () => void (await n.rpc.call('getbalance')));
    let listed = 0;
    const list = await timeCalls(5, async () => {
      listed = ((await n.rpc.call('listunspent')) as unknown[]).length;
    });
    if (listed < BIG) throw new Error(`bench: listunspent returned ${listed} < ${BIG}`);
    const listSmall = await timeCalls(20, async () => void (await n.rpc.call('listunspent', [1, 9999999, [], true, 'CBT'])));
    console.log(`(${listed} wallet outputs, funded and mined in ${fundSecs.toFixed(1)} s)`);
    line('getblockcount (floor)', fmt(floor.p50), `p90 ${fmt(floor.p90)}`);
    line('getbalance "" 1 false CBT', fmt(bal.p50), `p90 ${fmt(bal.p90)}; ratio vs floor ${(bal.p50 / floor.p50).toFixed(1)}`);
    line('getbalance (per-asset object)', fmt(balAll.p50), `p90 ${fmt(balAll.p90)}; ratio vs floor ${(balAll.p50 / floor.p50).toFixed(1)}`);
    line(`listunspent (all ${listed})`, fmt(list.p50), `${((listed / list.p50) * 1000).toFixed(0)} outputs/s`);
    line(`listunspent with the asset filter (CBT)`, fmt(listSmall.p50), `p90 ${fmt(listSmall.p90)}`);
  } finally {
    await stopNode(n);
  }

  // --- (b) sendtoaddress with 10k outputs to choose from
  n = await startNode();
  try {
    await fund(n, SEND_POOL);
    const floor = await timeCalls(200, async () => void (await n.rpc.call('getblockcount')));
    const to = (await n.rpc.call('getnewaddress')) as string;
    const send = await timeCalls(SENDS, async (i) => {
      await n.rpc.call('sendtoaddress', [to, 0.015]);
      // stay below the mempool's ancestor limit for the change chain
      if (i % 20 === 19) await n.rpc.call('generate', [1]);
    });
    // reference: sendrawtransaction of pre-signed 1-in-2-out P2PKH transactions (no coin selection, no signing)
    const secp = loadNativeSecp256k1();
    const [key] = benchKeys(secp, 1);
    const genesis = Block.decode(fromHex((await n.rpc.call('getblock', [await n.rpc.call('getblockhash', [0]), false])) as string));
    const source = genesisOpTrueCoins(genesis).sort((x, y) => (x.out.value.amount < y.out.value.amount ? 1 : -1))[SEND_POOL / PER_TX]!;
    const ref = fanOut(source, [key!], SENDS, SENDS, 1_000_000n);
    await n.rpc.call('sendrawtransaction', [toHex(ref.txs[0]!.toBytes())]);
    await n.rpc.call('generate', [1]);
    const hexes = ref.coins.map((c, i) => toHex(signedSpend(secp, c, benchKeys(secp, 2)[i % 2]!).toBytes()));
    const raw = await timeCalls(SENDS, async (i) => void (await n.rpc.call('sendrawtransaction', [hexes[i]])));
    console.log(`(${SEND_POOL} wallet outputs to choose from; ${SENDS} sends)`);
    line('getblockcount (floor)', fmt(floor.p50), `p90 ${fmt(floor.p90)}`);
    line('sendrawtransaction, pre-signed P2PKH', fmt(raw.p50), `p90 ${fmt(raw.p90)}`);
    line('sendtoaddress 0.015 CBT', fmt(send.p50), `p90 ${fmt(send.p90)}; ratio vs sendrawtransaction ${(send.p50 / raw.p50).toFixed(1)}, vs floor ${(send.p50 / floor.p50).toFixed(0)}`);
  } finally {
    await stopNode(n);
  }
}
