// Bad input at the process level: malformed and hostile HTTP / JSON-RPC requests against the real
// oceand (which must answer as Core 0.14 does and keep serving everyone else), unusable data
// directories and configuration (a clear message, exit status 1, no stack trace), and the start-up
// and decoding crashes of the original (original-defects.md, "Node crashes and stalls").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssetIssuance, Block, ConfidentialValue, TransactionBuilder, TxIn, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, OCEAND, freePort, http, spendGenesisCoin, type HttpReply } from '../support/daemon.js';
import { openSocket, peakRssKb, statusOf, untilClosed, upload } from '../support/raw-http.js';
import { TestNode } from '../support/test-node.js';

const AUTH = `Basic ${Buffer.from('u:p').toString('base64')}`;
const BAD_AUTH = `Basic ${Buffer.from('u:wrong').toString('base64')}`;
const JSON_HEADERS = { 'Content-Type': 'application/json', Authorization: AUTH };
const MAX_BODY = 0x02000000;

interface Reply {
  result: unknown;
  error: { code: number; message: string } | null;
  id: unknown;
}

function post(port: number, body: string | Uint8Array, headers: Record<string, string> = JSON_HEADERS): Promise<HttpReply> {
  return http(port, 'POST', '/', body, headers);
}

/** A JSON-RPC reply: status, exact `application/json` content type, parsed body. */
function jsonReply(r: HttpReply, status: number): Reply | Reply[] {
  assert.equal(r.status, status, r.body.toString());
  assert.equal(r.headers['content-type'], 'application/json');
  return JSON.parse(r.body.toString()) as Reply | Reply[];
}

async function rpcError(port: number, method: string, params: unknown): Promise<{ code: number; message: string } | null> {
  const r = await post(port, JSON.stringify({ method, params, id: 7 }));
  return (jsonReply(r, r.status) as Reply).error;
}

/** No stack trace, no Node internals, one clear line. */
function assertCleanFailure(r: { status: number | null; stderr: string; stdout?: string }, message: RegExp): void {
  assert.equal(r.status, 1, `exit status (stderr: ${r.stderr})`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(r.stderr, /node:internal|TypeError|ReferenceError|SIGABRT|Aborted/);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
}

function runOceand(args: readonly string[], opts: { uid?: number; gid?: number } = {}): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [OCEAND, ...args], { encoding: 'utf8', timeout: 30_000, ...opts });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('hostile and malformed RPC requests: Core 0.14 answers, the node keeps serving everyone', async (t) => {
  const node = await TestNode.start({ args: ['-regtest', '-rest', '-initialfreecoins=2100000000000000', '-rpcservertimeout=2'] });
  t.after(() => node.cleanup());
  const port = node.port;
  const alive = async (): Promise<void> => {
    assert.ok(node.running, 'oceand is still running');
    assert.equal(await node.call('getblockcount'), 0);
  };

  await t.test('a body that is not JSON: 500, -32700 Parse error', async () => {
    for (const body of ['{"method":', 'not json at all', '', '{"method":"getblockcount"} trailing', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
      const r = jsonReply(await post(port, body), 500) as Reply;
      assert.deepEqual(r, { result: null, error: { code: -32700, message: 'Parse error' }, id: null });
    }
    await alive();
  });

  await t.test('JSON that is neither an object nor an array: 500, -32700', async () => {
    for (const body of ['42', '"getblockcount"', 'null', 'true']) {
      const r = jsonReply(await post(port, body), 500) as Reply;
      assert.deepEqual(r, { result: null, error: { code: -32700, message: 'Top-level object parse error' }, id: null });
    }
    await alive();
  });

  await t.test('invalid request objects: 400, -32600', async () => {
    const cases: [unknown, string][] = [
      [{ params: [], id: 1 }, 'Missing method'],
      [{ method: 5, id: 1 }, 'Method must be a string'],
      [{ method: 'getblockcount', params: 'x', id: 1 }, 'Params must be an array or object'],
    ];
    for (const [body, message] of cases) {
      assert.deepEqual(jsonReply(await post(port, JSON.stringify(body)), 400), { result: null, error: { code: -32600, message }, id: 1 });
    }
    await alive();
  });

  await t.test('unknown method: 404, -32601 Method not found', async () => {
    assert.deepEqual(jsonReply(await post(port, JSON.stringify({ method: 'nosuchmethod', params: [], id: 'x' })), 404), {
      result: null,
      error: { code: -32601, message: 'Method not found' },
      id: 'x',
    });
    await alive();
  });

  await t.test('wrong parameter types and counts: Core’s -1 / -3 / -5 / -8 messages', async () => {
    const hash = await node.call<string>('getblockhash', [0]);
    const cases: [string, unknown, number, string | RegExp][] = [
      ['getblockhash', ['1'], -1, 'JSON value is not an integer as expected'],
      ['getblockhash', [1.5], -1, 'JSON integer out of range'],
      ['getblockhash', [2147483648], -1, 'JSON integer out of range'],
      ['getblockhash', [null], -1, 'JSON value is not an integer as expected'],
      ['getblockhash', [5], -8, 'Block height out of range'],
      ['getblock', [1], -1, 'JSON value is not a string as expected'],
      ['getblock', ['11'.repeat(32)], -5, 'Block not found'],
      ['getblock', ['00'], -5, 'Block not found'], // 0.14 reads the hash with uint256S, no ParseHashV
      ['getblockheader', [hash, 'yes'], -1, 'JSON value is not a boolean as expected'],
      ['decoderawtransaction', [1], -3, 'Expected type string, got number'],
      ['sendrawtransaction', [{}], -3, 'Expected type string, got object'],
      ['sendrawtransaction', ['zz'], -22, 'TX decode failed'],
      ['getrawtransaction', [hash, 'x'], -3, 'Invalid type provided. Verbose parameter must be a boolean.'],
      ['getrawtransaction', ['xyz'], -8, "parameter 1 must be hexadecimal string (not 'xyz')"],
      ['getblockcount', [1], -1, /^getblockcount\n/],
      ['getblockhash', [], -1, /^getblockhash height\n/],
      ['getblockhash', { bogus: 1 }, -8, 'Unknown named parameter bogus'],
    ];
    for (const [method, params, code, message] of cases) {
      const e = await rpcError(port, method, params);
      assert.ok(e, `${method} ${JSON.stringify(params)} must fail`);
      assert.equal(e.code, code, `${method} ${JSON.stringify(params)}: ${e.message}`);
      if (typeof message === 'string') assert.equal(e.message, message, `${method} ${JSON.stringify(params)}`);
      else assert.match(e.message, message);
    }
    assert.equal(await rpcError(port, 'getblockhash', { height: 0 }), null, 'named arguments work');
    await alive();
  });

  await t.test('a batch mixing good and bad calls: 200, one reply per element, in order, with their ids', async () => {
    const batch = [
      { method: 'getblockcount', params: [], id: 1 },
      { method: 'nosuchmethod', params: [], id: 2 },
      { method: 'getblockhash', params: ['x'], id: 3 },
      5,
      { params: [], id: 4 },
      { method: 'getbestblockhash', id: 5 },
    ];
    const r = jsonReply(await post(port, JSON.stringify(batch)), 200) as Reply[];
    assert.deepEqual(r, [
      { result: 0, error: null, id: 1 },
      { result: null, error: { code: -32601, message: 'Method not found' }, id: 2 },
      { result: null, error: { code: -1, message: 'JSON value is not an integer as expected' }, id: 3 },
      { result: null, error: { code: -32600, message: 'Invalid Request object' }, id: null },
      { result: null, error: { code: -32600, message: 'Missing method' }, id: 4 },
      { result: GENESIS, error: null, id: 5 },
    ]);
    assert.deepEqual(jsonReply(await post(port, '[]'), 200), []);
    await alive();
  });

  await t.test('HTTP: no credentials → 401 at once; GET → 405; unknown HTTP method → 405; another path → 404', async () => {
    const started = Date.now();
    const noAuth = await post(port, '{"method":"getblockcount"}', { 'Content-Type': 'application/json' });
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.headers['www-authenticate'], 'Basic realm="jsonrpc"');
    assert.equal(noAuth.body.length, 0);
    assert.ok(Date.now() - started < 250, 'no delay without credentials');
    const get = await http(port, 'GET', '/', undefined, { Authorization: AUTH });
    assert.equal(get.status, 405);
    assert.equal(get.body.toString(), 'JSONRPC server handles only POST requests');
    assert.equal((await http(port, 'DELETE', '/', undefined, { Authorization: AUTH })).status, 405);
    assert.equal((await http(port, 'PATCH', '/', '{"method":"getblockcount"}', JSON_HEADERS)).status, 405);
    assert.equal((await http(port, 'POST', '/nowhere', '{"method":"getblockcount"}', JSON_HEADERS)).status, 404);
    await alive();
  });

  await t.test('wrong credentials → 401 after Core’s pause, which does not hold up other clients', async () => {
    const started = Date.now();
    const bad = () => post(port, '{"method":"getblockcount"}', { 'Content-Type': 'application/json', Authorization: BAD_AUTH }).then((r) => ({ r, ms: Date.now() - started }));
    const single = await bad();
    assert.equal(single.r.status, 401);
    assert.equal(single.r.headers['www-authenticate'], 'Basic realm="jsonrpc"');
    assert.ok(single.ms >= 240, `wrong password answered after ${single.ms} ms`);
    // more guessers than -rpcthreads (4) and than the work queue (16) at once
    const t0 = Date.now();
    const guesses = Array.from({ length: 24 }, () => post(port, '{"method":"getblockcount"}', { 'Content-Type': 'application/json', Authorization: BAD_AUTH }).then((r) => ({ status: r.status, ms: Date.now() - t0 })));
    await sleep(30);
    const good = await node.call('getblockcount').then((v) => ({ v, ms: Date.now() - t0 }));
    const results = await Promise.all(guesses);
    assert.ok(results.every((g) => g.status === 401), JSON.stringify(results));
    assert.equal(good.v, 0);
    const firstGuess = Math.min(...results.map((g) => g.ms));
    assert.ok(good.ms < firstGuess, `the good call (${good.ms} ms) waited for the guessers (first answered after ${firstGuess} ms)`);
    await alive();
  });

  await t.test('slowloris: connections that never finish their headers or body do not block anyone and are dropped after -rpcservertimeout', async () => {
    const stalled = [];
    for (let i = 0; i < 30; i++) {
      const s = await openSocket(port);
      if (i % 2 === 0) s.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl');
      else s.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH}\r\nContent-Length: 1000\r\n\r\n{"method":"getb`);
      stalled.push({ s, closed: untilClosed(s), at: Date.now() });
    }
    // everyone else is served meanwhile, also many at once
    const t0 = Date.now();
    const counts = await Promise.all(Array.from({ length: 12 }, () => node.call('getblockcount')));
    assert.deepEqual(counts, Array(12).fill(0));
    assert.ok(Date.now() - t0 < 1500, `served in ${Date.now() - t0} ms`);
    // the server gives up on them (Core: evhttp timeout), with at most a 408
    const ends = await Promise.race([Promise.all(stalled.map(async (x) => ({ bytes: await x.closed, after: Date.now() - x.at }))), sleep(15_000).then(() => undefined)]);
    assert.ok(ends, 'stalled connections were closed by the server within 15 s');
    for (const e of ends) {
      assert.ok([0, 408].includes(statusOf(e.bytes)), e.bytes.toString());
      assert.ok(e.after >= 1000, `dropped after ${e.after} ms`);
    }
    await alive();
  });

  await t.test('huge bodies: 413 without buffering them (bounded memory), the connection is closed, the node keeps serving', async () => {
    const pid = node.daemon.proc.pid!;
    const before = peakRssKb(pid);
    // declared too large: refused before the body is read
    const declared = await upload(port, `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Length: ${MAX_BODY + 1}\r\n\r\n`, { chunked: false, chunkSize: 1 << 16, maxBytes: 4 << 20 });
    assert.equal(statusOf(declared.reply), 413);
    // chunked, no length: 256 MiB offered, refused once past the 32 MiB limit
    const streamed = await upload(port, `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n`, { chunked: true, chunkSize: 1 << 20, maxBytes: 256 << 20 });
    assert.equal(statusOf(streamed.reply), 413);
    assert.ok(streamed.sent < 256 << 20, `the server stopped the upload (client wrote ${streamed.sent} bytes)`);
    const after = peakRssKb(pid);
    if (before !== undefined && after !== undefined) {
      assert.ok(after - before < 128 * 1024, `peak RSS grew by ${after - before} kB`);
    }
    // a large but allowed body is read and answered
    const padded = JSON.stringify({ method: 'getblockcount', params: [], id: 'x'.repeat(4 << 20) });
    const big = jsonReply(await post(port, padded), 200) as Reply;
    assert.equal(big.result, 0);
    assert.equal((big.id as string).length, 4 << 20);
    await alive();
  });

  await t.test('stop still exits 0 after all that', async () => {
    await node.stop();
  });
});

test('unusable data directories: one clear "Error: …" line on stderr, exit status 1, no stack trace', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'oceand-bad-datadir-'));
  t.after(() => {
    chmodSync(base, 0o755);
    rmSync(base, { recursive: true, force: true });
  });
  const port = await freePort();
  const args = (dir: string) => ['-regtest', `-datadir=${dir}`, `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p'];
  const fresh = (name: string): string => {
    const dir = join(base, name);
    mkdirSync(join(dir, 'elementsregtest'), { recursive: true });
    return dir;
  };

  // a real chain state to corrupt
  const good = await TestNode.create({ datadir: fresh('good'), args: ['-regtest'] });
  await good.start();
  await good.call('generate', [3]);
  await good.stop();
  const mdb = (dir: string) => join(dir, 'elementsregtest', 'chainstate', 'data.mdb');
  const size = statSync(mdb(good.datadir)).size;

  await t.test('garbage chainstate/data.mdb', () => {
    const dir = fresh('garbage');
    mkdirSync(join(dir, 'elementsregtest', 'chainstate'));
    writeFileSync(mdb(dir), Buffer.alloc(65536, 0x5a));
    assertCleanFailure(runOceand(args(dir)), /^Error: .*chainstate\/data\.mdb is not a valid lmdb data file/);
  });

  await t.test('truncated chainstate/data.mdb', () => {
    const dir = fresh('truncated');
    mkdirSync(join(dir, 'elementsregtest', 'chainstate'));
    writeFileSync(mdb(dir), Buffer.alloc(0));
    spawnSync('cp', [mdb(good.datadir), mdb(dir)]);
    truncateSync(mdb(dir), Math.floor(size / 2 / 4096) * 4096);
    assertCleanFailure(runOceand(args(dir)), /^Error: .*chainstate\/data\.mdb is truncated/);
  });

  await t.test('directories where files are expected, a file where a directory is expected', () => {
    const a = fresh('mdb-dir');
    mkdirSync(mdb(a), { recursive: true });
    assertCleanFailure(runOceand(args(a)), /^Error: .*data\.mdb is not a regular file/);
    const b = fresh('chainstate-file');
    writeFileSync(join(b, 'elementsregtest', 'chainstate'), 'x');
    assertCleanFailure(runOceand(args(b)), /^Error: database path .*chainstate is not a directory/);
    const c = fresh('lock-dir');
    mkdirSync(join(c, 'elementsregtest', '.lock'));
    assertCleanFailure(runOceand(args(c)), /^Error: Cannot obtain a lock on data directory .*elementsregtest\. Ocean Core is probably already running\. .+\.\n$/);
    const d = fresh('debuglog-dir');
    mkdirSync(join(d, 'elementsregtest', 'debug.log'));
    assertCleanFailure(runOceand(args(d)), /^Error: .*debug\.log/);
    const e = join(base, 'datadir-is-a-file');
    writeFileSync(e, 'x');
    assertCleanFailure(runOceand(args(e)), /^Error: Specified data directory ".*datadir-is-a-file" does not exist\.\n$/);
  });

  await t.test('a data directory the node may not write to', () => {
    const dir = join(base, 'readonly');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(base, 0o755); // mkdtemp's 0700 would hide it from another user altogether
    const asRoot = process.getuid?.() === 0;
    // root writes anywhere: run the node as "nobody" on a directory owned by root instead
    if (!asRoot) chmodSync(dir, 0o555);
    const r = runOceand(args(dir), asRoot ? { uid: 65534, gid: 65534 } : {});
    assertCleanFailure(r, /^Error: .*(EACCES|permission denied).*readonly/i);
  });
});

test('configuration errors refuse to start with the original’s messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oceand-bad-conf-'));
  try {
    const conf = (text: string) => writeFileSync(join(dir, 'ocean.conf'), text);
    const run = (...extra: string[]) => runOceand([`-datadir=${dir}`, '-rpcuser=u', '-rpcpassword=p', ...extra]);
    conf('regtest=1\nthis is not an option line\n');
    assertCleanFailure(run(), /^Error reading configuration file: the options configuration file contains an invalid line 'this is not an option line'\n$/);
    conf('regtest=1\nbogus=1\n');
    assertCleanFailure(run(), /^Error reading configuration file: Config parameter bogus not recognised\.\n$/);
    conf('regtest=1\n');
    assertCleanFailure(run('-bogus'), /^Argument -bogus not recognised\.\n$/);
    assertCleanFailure(run('-nobogus=1'), /^Argument -bogus not recognised\.\n$/);
    assertCleanFailure(run('-testnet'), /^Error: Invalid option -testnet: try -chain=elementsregtest instead\.\n$/);
    assertCleanFailure(runOceand(['-datadir=/nonexistent/oceand-dir']), /^Error: Specified data directory "\/nonexistent\/oceand-dir" does not exist\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start-up and decoding crashes of the original: -help, -anyonecanspendaremine=0 with OP_TRUE free coins, a confidential issuance without witness', async (t) => {
  await t.test('oceand -help prints the usage and exits 0 (the original aborted reading terms files)', () => {
    for (const extra of [[], ['-regtest=0'], ['-chain=ocean_test']]) {
      const r = runOceand(['-help', ...extra]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Usage:/);
      assert.match(r.stdout, /-signblockscript=/);
      assert.equal(r.stderr, '');
    }
  });

  const node = await TestNode.start({ args: ['-regtest', '-initialfreecoins=2100000000000000', '-anyonecanspendaremine=0'] });
  t.after(() => node.cleanup());

  await t.test('-anyonecanspendaremine=0 with free coins to OP_TRUE starts normally and works', async () => {
    assert.equal(await node.call('getblockcount'), 0);
    assert.equal((await node.call<string[]>('generate', [1])).length, 1);
  });

  await t.test('a confidential issuance amount without witness data is refused, not a crash', async () => {
    const genesis = Block.decode(fromHex(await node.call<string>('getblock', [GENESIS, 0])));
    const base = spendGenesisCoin(genesis, 0, 10_000n);
    const commitment = new Uint8Array(33);
    commitment[0] = 0x08;
    commitment[32] = 1;
    const b = new TransactionBuilder();
    b.addInput(new TxIn(base.inputs[0]!.prevout, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), new Uint8Array(32), ConfidentialValue.fromBytes(commitment), ConfidentialValue.NULL)));
    for (const o of base.outputs) b.addOutput(o);
    const tx = b.build();
    assert.equal(tx.hasWitness, false);
    const hex = toHex(tx.toBytes());
    const e = (await node.rpc('sendrawtransaction', [hex])).error;
    assert.ok(e, 'must be refused');
    // A decode error or the amount check's rejection (Elements' VerifyAmounts needs the issuance range proof).
    assert.ok(
      (e.code === -22 && e.message === 'TX decode failed') || (e.code === -26 && e.message === '16: bad-txns-in-ne-out'),
      JSON.stringify(e),
    );
    assert.deepEqual(await node.call('getrawmempool'), []);
    const r = (await node.call<{ hex?: string }>('combineblocksigs', [await node.call<string>('getnewblockhex'), []])) as { hex: string };
    assert.equal(await node.call('submitblock', [r.hex]), null);
    assert.equal(await node.call('getblockcount'), 2);
  });

  await t.test('stop exits 0', async () => {
    await node.stop();
  });
});
