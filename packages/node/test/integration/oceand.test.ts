// End-to-end: the real `bin/oceand` process on a temporary data directory and a free loopback
// port, driven over JSON-RPC (fetch) and with the real `bin/ocean-cli`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { Block, OutPoint, TransactionBuilder, TxIn, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, OCEAND, freePort, kill, spendGenesisCoin } from '../support/daemon.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const OCEAN_CLI = join(ROOT, 'bin', 'ocean-cli');
const LOCK_MESSAGE = /^Error: Cannot obtain a lock on data directory .*elementsregtest\. Ocean Core is probably already running\.$/m;

interface Daemon {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr: string;
}

function startDaemon(args: readonly string[]): Daemon {
  const proc = spawn(process.execPath, [OCEAND, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const d: Daemon = {
    proc,
    stderr: '',
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
  proc.stderr!.on('data', (b: Buffer) => (d.stderr += b.toString()));
  return d;
}

interface RpcReply {
  result: unknown;
  error: { code: number; message: string } | null;
}

let auth = 'u:p';

async function rpc(port: number, method: string, params: unknown[] = []): Promise<RpcReply> {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
    body: JSON.stringify({ version: '1.1', method, params, id: 1 }),
  });
  assert.equal(res.headers.get('content-type'), 'application/json');
  return (await res.json()) as RpcReply;
}

async function call(port: number, method: string, params: unknown[] = []): Promise<unknown> {
  const r = await rpc(port, method, params);
  if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result;
}

/** The harness's wait: only "connection refused" and -28 are tolerated; the process must not exit. */
async function waitUntilUp(d: Daemon, port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (d.proc.exitCode !== null) throw new Error(`oceand exited with ${d.proc.exitCode}: ${d.stderr}`);
    try {
      const r = await rpc(port, 'getblockcount');
      if (r.error === null) return;
      assert.equal(r.error.code, -28, `unexpected error while warming up: ${JSON.stringify(r.error)}`);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      if (cause?.code !== 'ECONNREFUSED') throw e;
    }
    if (Date.now() > deadline) throw new Error('oceand did not come up within 30 s');
    await sleep(100);
  }
}

function daemonArgs(datadir: string, port: number): string[] {
  return ['-regtest', `-datadir=${datadir}`, `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', '-initialfreecoins=2100000000000000'];
}

test('oceand: genesis, generate, restart keeps the chain, ocean-cli, datadir lock, stop exits 0', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-'));
  const port = await freePort();
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const d of daemons) kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });

  let d = startDaemon(daemonArgs(datadir, port));
  daemons.push(d);
  await waitUntilUp(d, port);

  await t.test('getblockhash 0 is the functional-test genesis', async () => {
    assert.equal(await call(port, 'getblockcount'), 0);
    assert.equal(await call(port, 'getblockhash', [0]), GENESIS);
    assert.equal(await call(port, 'getbestblockhash'), GENESIS);
    const r = await rpc(port, 'getblockhash', [1]);
    assert.deepEqual(r.error, { code: -8, message: 'Block height out of range' });
  });

  await t.test('generate 3 → height 3, blocks chained, getblock / getblockheader / getchaintips', async () => {
    const hashes = (await call(port, 'generate', [3])) as string[];
    assert.equal(hashes.length, 3);
    assert.equal(await call(port, 'getblockcount'), 3);
    assert.equal(await call(port, 'getbestblockhash'), hashes[2]);
    const b = (await call(port, 'getblock', [hashes[0]])) as Record<string, unknown>;
    assert.equal(b.height, 1);
    assert.equal(b.previousblockhash, GENESIS);
    assert.equal(b.nextblockhash, hashes[1]);
    assert.equal(b.confirmations, 3);
    assert.equal(b.bits, '1');
    const hex = (await call(port, 'getblock', [hashes[0], 0])) as string;
    assert.match(hex, /^[0-9a-f]+$/);
    const h = (await call(port, 'getblockheader', [hashes[2]])) as Record<string, unknown>;
    assert.equal(h.height, 3);
    assert.equal(h.nextblockhash, undefined);
    assert.deepEqual(await call(port, 'getchaintips'), [{ height: 3, hash: hashes[2], branchlen: 0, status: 'active' }]);
    const info = (await call(port, 'getblockchaininfo')) as Record<string, unknown>;
    assert.equal(info.chain, 'elementsregtest');
    assert.equal(info.blocks, 3);
    assert.equal(await call(port, 'getconnectioncount'), 0);
    assert.deepEqual(await call(port, 'getpeerinfo'), []);
  });

  await t.test('invalidateblock / reconsiderblock move the tip', async () => {
    const h2 = (await call(port, 'getblockhash', [2])) as string;
    const h3 = (await call(port, 'getblockhash', [3])) as string;
    assert.equal(await call(port, 'invalidateblock', [h2]), null);
    assert.equal(await call(port, 'getblockcount'), 1);
    assert.equal(await call(port, 'reconsiderblock', [h2]), null);
    assert.equal(await call(port, 'getblockcount'), 3);
    assert.equal(await call(port, 'getbestblockhash'), h3);
  });

  await t.test('ocean-cli reads getblockcount from the running oceand', () => {
    const r = spawnSync(process.execPath, [OCEAN_CLI, `-datadir=${datadir}`, '-regtest', `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', 'getblockcount'], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), '3');
  });

  await t.test('a second oceand on the same datadir refuses to start with the lock message', async () => {
    const second = startDaemon(daemonArgs(datadir, await freePort()));
    daemons.push(second);
    assert.equal(await second.exited, 1);
    assert.match(second.stderr, LOCK_MESSAGE);
    // The first node is unaffected.
    assert.equal(await call(port, 'getblockcount'), 3);
  });

  await t.test('stop RPC → exit 0; restart keeps height 3', async () => {
    assert.equal(await call(port, 'stop'), 'Ocean server stopping');
    assert.equal(await d.exited, 0);
    assert.equal(existsSync(join(datadir, 'elementsregtest', '.lock')), false, 'lock released');
    d = startDaemon(daemonArgs(datadir, port));
    daemons.push(d);
    await waitUntilUp(d, port);
    assert.equal(await call(port, 'getblockcount'), 3);
    assert.equal(await call(port, 'getblockhash', [0]), GENESIS);
    d.proc.kill('SIGTERM');
    assert.equal(await d.exited, 0);
  });
});

test('oceand: cookie auth, -txindex, mempool accept / reject, mined transactions, getnewblockhex + submitblock', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-'));
  const port = await freePort();
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const dd of daemons) kill(dd);
    rmSync(datadir, { recursive: true, force: true });
    auth = 'u:p';
  });
  const d = startDaemon(['-regtest', `-datadir=${datadir}`, `-rpcport=${port}`, '-txindex=1', '-initialfreecoins=2100000000000000']);
  daemons.push(d);
  const cookiePath = join(datadir, 'elementsregtest', '.cookie');
  for (let i = 0; i < 300 && !existsSync(cookiePath); i++) {
    if (d.proc.exitCode !== null) throw new Error(`oceand exited: ${d.stderr}`);
    await sleep(50);
  }
  auth = readFileSync(cookiePath, 'utf8').trim();
  assert.match(auth, /^__cookie__:[0-9a-f]{64}$/);
  await waitUntilUp(d, port);

  const genesis = Block.decode(fromHex((await call(port, 'getblock', [GENESIS, 0])) as string));
  const tx = spendGenesisCoin(genesis, 0, 10_000n);
  const hex = toHex(tx.toBytes());

  await t.test('decoderawtransaction / testmempoolaccept / sendrawtransaction / getrawmempool', async () => {
    const decoded = (await call(port, 'decoderawtransaction', [hex])) as Record<string, unknown>;
    assert.equal(decoded.txid, tx.txidHex);
    assert.deepEqual((await rpc(port, 'decoderawtransaction', ['zz'])).error, { code: -22, message: 'TX decode failed' });
    assert.deepEqual(await call(port, 'testmempoolaccept', [hex]), { txid: tx.txidHex, allowed: true });
    assert.equal(await call(port, 'sendrawtransaction', [hex]), tx.txidHex);
    assert.equal(await call(port, 'sendrawtransaction', [hex]), tx.txidHex, 'already in the mempool: txid again');
    assert.deepEqual(await call(port, 'getrawmempool'), [tx.txidHex]);
    const info = (await call(port, 'getmempoolinfo')) as Record<string, unknown>;
    assert.equal(info.size, 1);
    const conflict = spendGenesisCoin(genesis, 0, 20_000n, 1);
    const tr = (await call(port, 'testmempoolaccept', [toHex(conflict.toBytes())])) as Record<string, unknown>;
    assert.equal(tr.allowed, false);
    const r = await rpc(port, 'sendrawtransaction', [toHex(conflict.toBytes())]);
    assert.equal(r.error?.code, -26);
    assert.match(r.error!.message, /^\d+: \S+/);
    // An input that does not exist.
    const b = new TransactionBuilder();
    b.version = 2;
    b.addInput(new TxIn(new OutPoint(new Uint8Array(32).fill(7), 0), new Uint8Array(0), 0xffffffff));
    b.addOutput(tx.outputs[0]!);
    assert.deepEqual((await rpc(port, 'sendrawtransaction', [toHex(b.build().toBytes())])).error, { code: -25, message: 'Missing inputs' });
    const raw = await call(port, 'getrawtransaction', [tx.txidHex]);
    assert.equal(raw, hex);
  });

  await t.test('generate mines the mempool; getrawtransaction finds it through -txindex; resend is -27', async () => {
    const [h1] = (await call(port, 'generate', [1])) as string[];
    assert.deepEqual(await call(port, 'getrawmempool'), []);
    const v = (await call(port, 'getrawtransaction', [tx.txidHex, true])) as Record<string, unknown>;
    assert.equal(v.hex, hex);
    assert.equal(v.blockhash, h1);
    assert.equal(v.confirmations, 1);
    const block = (await call(port, 'getblock', [h1])) as { tx: string[] };
    assert.deepEqual(block.tx.slice(1), [tx.txidHex]);
    assert.deepEqual((await rpc(port, 'sendrawtransaction', [hex])).error, { code: -27, message: 'transaction already in block chain' });
    // The genesis transactions are retrievable with -txindex.
    const gtx = genesis.transactions[0]!.txidHex;
    assert.equal(((await call(port, 'getrawtransaction', [gtx, 1])) as Record<string, unknown>).txid, gtx);
  });

  await t.test('invalidateblock returns the mined transaction to the mempool', async () => {
    const h1 = (await call(port, 'getblockhash', [1])) as string;
    await call(port, 'invalidateblock', [h1]);
    assert.deepEqual(await call(port, 'getrawmempool'), [tx.txidHex]);
    await call(port, 'reconsiderblock', [h1]);
    assert.equal(await call(port, 'getblockcount'), 1);
    assert.deepEqual(await call(port, 'getrawmempool'), []);
  });

  await t.test('getnewblockhex → combineblocksigs → submitblock', async () => {
    const proposal = (await call(port, 'getnewblockhex')) as string;
    assert.deepEqual((await rpc(port, 'getnewblockhex', [-1])).error, { code: -32602, message: 'required_wait must be non-negative.' });
    const combined = (await call(port, 'combineblocksigs', [proposal, []])) as { hex: string; complete: boolean };
    assert.equal(combined.hex, proposal);
    assert.equal(combined.complete, false);
    assert.equal(await call(port, 'submitblock', [proposal]), null);
    assert.equal(await call(port, 'getblockcount'), 2);
    assert.equal(await call(port, 'submitblock', [proposal]), 'duplicate');
    assert.deepEqual((await rpc(port, 'submitblock', ['00'])).error, { code: -22, message: 'Block decode failed' });
  });

  await t.test('stop removes the cookie and exits 0', async () => {
    assert.equal(await call(port, 'stop'), 'Ocean server stopping');
    assert.equal(await d.exited, 0);
    assert.equal(existsSync(cookiePath), false);
  });
});

test('oceand: -version / -help print and exit 0; a configuration error goes to stderr with exit 1', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [OCEAND, ...args], { encoding: 'utf8' });
  const v = run('-version');
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^Ocean Core Daemon version v/);
  const h = run('-help');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage:/);
  const bad = run('-bogus');
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr, 'Argument -bogus not recognised.\n');
  assert.equal(bad.stdout, '');
});
