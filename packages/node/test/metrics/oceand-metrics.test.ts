// End-to-end: `bin/oceand -metrics=<port>` serves Prometheus metrics (ADR 0019).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Block, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, OCEAND, call, freePort, http, kill, rpc, spendGenesisCoin, startDaemon, waitUntilUp, type Daemon } from '../support/daemon.js';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the sample `name` whose labels include `labels`; undefined when there is none. */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value;
}

async function scrape(port: number): Promise<Sample[]> {
  const r = await http(port, 'GET', '/metrics');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(r.body.toString());
}

/** TCP ports the process `pid` listens on (Linux: its socket inodes in /proc/net/tcp{,6}). */
function listeningPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // fd closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

const rpcCount = (s: readonly Sample[], method: string, outcome: string, code = '') =>
  valueOf(s, 'ocean_rpc_request_duration_seconds_count', { method, outcome, code }) ?? 0;

test('oceand -metrics: chain, mempool, RPC and block metrics change as the node works', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-metrics-'));
  const port = await freePort();
  const metricsPort = await freePort();
  const p2pPort = await freePort();
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const d of daemons) kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`, `-metrics=${metricsPort}`, `-port=${p2pPort}`, '-initialfreecoins=2100000000000000']);
  daemons.push(d);
  await waitUntilUp(d);

  const listening = listeningPorts(d.proc.pid!);
  assert.ok(listening.has(metricsPort), `metrics port listening: ${[...listening].join(',')}`);
  assert.ok(listening.has(port));

  const s0 = await scrape(metricsPort);
  assert.equal(valueOf(s0, 'ocean_chain_height'), 0);
  assert.equal(valueOf(s0, 'ocean_header_height'), 0);
  assert.equal(valueOf(s0, 'ocean_mempool_transactions'), 0);
  assert.equal(valueOf(s0, 'ocean_mempool_bytes'), 0);
  assert.equal(valueOf(s0, 'ocean_peers'), 0);
  assert.equal(valueOf(s0, 'ocean_rpc_requests_in_flight'), 0);
  assert.ok((valueOf(s0, 'process_cpu_seconds_total') ?? -1) > 0, 'process default metrics');
  assert.ok((valueOf(s0, 'nodejs_heap_size_used_bytes') ?? -1) > 0, 'Node.js default metrics');
  assert.ok(rpcCount(s0, 'getblockcount', 'success') >= 1, 'waitUntilUp’s getblockcount was counted');

  // RPC calls are counted per method and outcome
  assert.equal(await call(port, 'getblockcount'), 0);
  assert.equal(await call(port, 'getblockcount'), 0);
  assert.equal((await rpc(port, 'no_such_method')).error?.code, -32601);
  assert.equal((await rpc(port, 'getblockhash', [99])).error?.code, -8);
  const hashes = (await call(port, 'generate', [3])) as string[];
  assert.equal(hashes.length, 3);

  const s1 = await scrape(metricsPort);
  assert.equal(valueOf(s1, 'ocean_chain_height'), 3);
  assert.equal(valueOf(s1, 'ocean_header_height'), 3);
  assert.equal(rpcCount(s1, 'getblockcount', 'success') - rpcCount(s0, 'getblockcount', 'success'), 2);
  assert.equal(rpcCount(s1, '(unknown)', 'error', '-32601'), 1);
  assert.equal(rpcCount(s1, 'getblockhash', 'error', '-8'), 1);
  assert.equal(rpcCount(s1, 'generate', 'success'), 1);
  assert.equal(valueOf(s1, 'ocean_rpc_request_duration_seconds_bucket', { method: 'generate', outcome: 'success', le: '+Inf' }), 1);
  assert.ok((valueOf(s1, 'ocean_rpc_request_duration_seconds_sum', { method: 'generate', outcome: 'success' }) ?? 0) > 0);
  assert.equal(valueOf(s1, 'ocean_block_process_duration_seconds_count', { result: 'accepted' }), 3);

  // a transaction enters the mempool
  const genesis = Block.decode(fromHex((await call(port, 'getblock', [GENESIS, 0])) as string));
  const tx = spendGenesisCoin(genesis, 0, 10_000n);
  assert.equal(await call(port, 'sendrawtransaction', [toHex(tx.toBytes())]), tx.txidHex);
  const info = (await call(port, 'getmempoolinfo')) as { size: number; bytes: number };
  const s2 = await scrape(metricsPort);
  assert.equal(valueOf(s2, 'ocean_mempool_transactions'), 1);
  assert.equal(valueOf(s2, 'ocean_mempool_bytes'), info.bytes);
  assert.ok(info.bytes > 0);
  assert.equal(rpcCount(s2, 'sendrawtransaction', 'success'), 1);

  // mining it empties the pool again
  await call(port, 'generate', [1]);
  const s3 = await scrape(metricsPort);
  assert.equal(valueOf(s3, 'ocean_chain_height'), 4);
  assert.equal(valueOf(s3, 'ocean_mempool_transactions'), 0);
  assert.equal(valueOf(s3, 'ocean_block_process_duration_seconds_count', { result: 'accepted' }), 4);

  // only GET /metrics; the RPC port does not serve metrics
  assert.equal((await http(metricsPort, 'GET', '/')).status, 404);
  assert.equal((await http(metricsPort, 'POST', '/metrics', '')).status, 405);
  assert.equal((await http(port, 'GET', '/metrics')).status, 404);

  assert.equal(await call(port, 'stop'), 'Ocean server stopping');
  assert.equal(await d.exited, 0);
  await assert.rejects(http(metricsPort, 'GET', '/metrics'), /ECONNREFUSED/);
});

test('oceand without -metrics has no metrics listener', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-metrics-'));
  const port = await freePort();
  const p2pPort = await freePort();
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`, `-port=${p2pPort}`]);
  t.after(() => {
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  await waitUntilUp(d);
  const listening = listeningPorts(d.proc.pid!);
  assert.ok(listening.has(port), 'the RPC port is found');
  const others = [...listening].filter((p) => p !== port && p !== p2pPort);
  assert.deepEqual(others, [], 'no listener besides RPC (and P2P)');
  assert.equal((await http(port, 'GET', '/metrics')).status, 404);
  assert.equal((await rpc(port, 'stop')).result, 'Ocean server stopping');
  assert.equal(await d.exited, 0);
});

/** Run oceand to completion; it must exit by itself. */
function runToExit(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [OCEAND, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`oceand did not exit: ${stderr}`));
    }, 30_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('oceand refuses to start with a bad -metrics value or an endpoint it cannot bind', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-metrics-'));
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    blocker.close();
    rmSync(datadir, { recursive: true, force: true });
  });
  const rpcPort = await freePort();
  const base = ['-regtest', `-datadir=${datadir}`, `-rpcport=${rpcPort}`, '-rpcuser=u', '-rpcpassword=p'];
  for (const value of ['abc', '70000', '127.0.0.1', 'example.com:9100']) {
    const r = await runToExit([...base, `-metrics=${value}`]);
    assert.equal(r.code, 1, value);
    assert.match(r.stderr, new RegExp(`^Error: Invalid -metrics=${value.replace(/\./g, '\\.')}: expected <port> or <host>:<port>`, 'm'), value);
  }
  const used = (blocker.address() as AddressInfo).port;
  const r = await runToExit([...base, `-metrics=${used}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^Error: Unable to bind the metrics endpoint on 127\\.0\\.0\\.1:${used}: .*EADDRINUSE`, 'm'));
  // and it released everything: a normal start with the same data directory works afterwards
  const ok = startDaemon(rpcPort, ['-regtest', `-datadir=${datadir}`]);
  t.after(() => kill(ok));
  await waitUntilUp(ok);
  assert.equal((await rpc(rpcPort, 'stop')).result, 'Ocean server stopping');
  assert.equal(await ok.exited, 0);
});
