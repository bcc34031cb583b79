/** ocean-cli in-process: options, ocean.conf, cookie, chain → port, output and every error path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJson, type JsonObject } from '@ocean-ts/core';
import type { HttpTransportOptions, RpcTransport } from '@ocean-ts/rpc-client';
import { isKnownOption } from '@ocean-ts/core';
import { CHAIN_OPTIONS } from '../src/ocean-tx/options.js';
import { cli, type RunTrace } from './support/cli-run.js';
import { FakeOceanNode, unusedPort, withFakeNode } from './support/fake-ocean-node.js';
import { readSharedJson } from './support/shared.js';

const CONNECT_FAILED = '(make sure server is running and you are connecting to the correct RPC port)';

/** Credentials and port of a fake node as command-line options. */
const opts = (node: FakeOceanNode, user = 'u', password = 'p') => [`-rpcport=${node.port}`, `-rpcuser=${user}`, `-rpcpassword=${password}`];

/** A transport that records where it was sent and answers `result: null`. */
function capture(): { targets: HttpTransportOptions[]; auth: string[]; factory: (o: HttpTransportOptions) => RpcTransport } {
  const targets: HttpTransportOptions[] = [];
  const auth: string[] = [];
  return {
    targets,
    auth,
    factory: (o) => {
      targets.push(o);
      return {
        post: async (_body, headers) => {
          auth.push(headers['Authorization'] ?? '');
          return { status: 200, contentType: 'application/json', body: '{"result":null,"error":null,"id":1}' };
        },
      };
    },
  };
}
const basic = (userPass: string) => 'Basic ' + Buffer.from(userPass, 'utf8').toString('base64');

test('results: string raw, null nothing, numbers/objects/arrays as UniValue write(2)', async () => {
  await withFakeNode({}, async (node) => {
    assert.deepEqual(await cli([...opts(node), 'getblockcount']), { stdout: '101\n', stderr: '', code: 0 });
    assert.deepEqual(await cli([...opts(node), 'getbestblockhash']), {
      stdout: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\n',
      stderr: '',
      code: 0,
    });
    assert.deepEqual(await cli([...opts(node), 'stop']), { stdout: 'Ocean server stopping\n', stderr: '', code: 0 });
    assert.deepEqual(await cli([...opts(node), 'ping']), { stdout: '', stderr: '', code: 0 });
    assert.equal(
      (await cli([...opts(node), 'getinfo'])).stdout,
      '{\n  "version": 140201,\n  "balance": {\n    "CBT": 21000000.00000000\n  },\n  "paytxfee": 0.00000000,\n  "errors": ""\n}\n',
    );
    assert.equal(
      (await cli([...opts(node), 'listthings'])).stdout,
      '[\n  {\n    "a": 1,\n    "b": [\n    ]\n  }, \n  {\n  }\n]\n',
    );
    // the request: bitcoin-cli's body, Basic auth
    assert.equal(node.calls[0]!.body, '{"method":"getblockcount","params":[],"id":1}\n');
    assert.equal(node.calls[0]!.authorization, basic('u:p'));
  });
});

test('arguments: converted per the table, strings otherwise; -named; echoed back exactly', async () => {
  await withFakeNode({}, async (node) => {
    const r = await cli([...opts(node), 'echojson', '1', '{"a":0.10,"b":[true,null]}', '"s"']);
    assert.equal(r.stdout, '[\n  1, \n  {\n    "a": 0.10,\n    "b": [\n      true, \n      null\n    ]\n  }, \n  "s"\n]\n');
    assert.equal(writeJson(node.calls[0]!.params), '[1,{"a":0.10,"b":[true,null]},"s"]');
    await cli([...opts(node), 'echo', '1', 'true', '-5']);
    assert.equal(writeJson(node.calls[1]!.params), '["1","true","-5"]');
    await cli([...opts(node), '-named', 'echojson', 'arg0=5', 'arg3=[1]', 'x=7']);
    assert.equal(writeJson(node.calls[2]!.params), '{"arg0":5,"arg3":[1],"x":"7"}');
    await cli([...opts(node), '-named', 'getblockhash', 'height=7']);
    assert.equal(node.calls[3]!.body, '{"method":"getblockhash","params":{"height":7},"id":1}\n');
    await cli([...opts(node), '-named=0', 'echo', 'a=1']);
    assert.equal(writeJson(node.calls[4]!.params), '["a=1"]');
  });
});

test('-stdin: one argument per line, appended after the command-line ones', async () => {
  await withFakeNode({}, async (node) => {
    const trace: RunTrace = { sleeps: [], stdinReads: 0 };
    await cli([...opts(node), 'echo', 'a'], { stdin: 'ignored\n' }, trace);
    assert.equal(trace.stdinReads, 0, 'stdin is only read with -stdin');
    await cli([...opts(node), '-stdin', 'echo', 'a'], { stdin: 'b\nc d\n\ne\r\nlast' });
    assert.equal(writeJson(node.calls[1]!.params), '["a","b","c d","","e\\r","last"]');
    assert.deepEqual(await cli([...opts(node), '-stdin'], { stdin: 'getblockcount\n' }), { stdout: '101\n', stderr: '', code: 0 });
    await cli([...opts(node), '-stdin', 'echojson'], { stdin: '5\n{"k":1}\n' });
    assert.equal(writeJson(node.calls[3]!.params), '[5,{"k":1}]');
    assert.deepEqual(await cli([...opts(node), '-stdin'], { stdin: '' }), {
      stdout: '',
      stderr: 'error: too few parameters (need at least command)\n',
      code: 1,
    });
  });
});

test('RPC errors: "error code / error message" on stderr, exit abs(code)', async () => {
  await withFakeNode({}, async (node) => {
    assert.deepEqual(await cli([...opts(node), 'fail']), {
      stdout: '',
      stderr: 'error code: -8\nerror message:\nBlock height out of range\n',
      code: 8,
    });
    assert.deepEqual(await cli([...opts(node), 'nosuchmethod']), {
      stdout: '',
      stderr: 'error code: -32601\nerror message:\nMethod not found\n',
      code: 32601,
    });
    assert.deepEqual(await cli([...opts(node), 'failnomessage']), { stdout: '', stderr: 'error code: -5\n\n', code: 5 });
    assert.deepEqual(await cli([...opts(node), 'failbadcode']), {
      stdout: '',
      stderr: 'error: JSON value is not an integer as expected\n',
      code: 1,
    });
  });
});

test('HTTP-level errors: 401, other statuses, unusable replies', async () => {
  await withFakeNode({}, async (node) => {
    const run = async (method: string, password = 'p') => cli([...opts(node, 'u', password), method]);
    assert.deepEqual(await run('getblockcount', 'wrong'), {
      stdout: '',
      stderr: 'error: incorrect rpcuser or rpcpassword (authorization failed)\n',
      code: 1,
    });
    assert.deepEqual(await run('teapot'), { stdout: '', stderr: 'error: server returned HTTP error 418\n', code: 1 });
    assert.deepEqual(await run('html500'), { stdout: '', stderr: "error: couldn't parse reply from server\n", code: 1 });
    assert.deepEqual(await run('empty'), { stdout: '', stderr: 'error: no response from server\n', code: 1 });
    assert.deepEqual(await run('notobject'), { stdout: '', stderr: 'error: JSON value is not an object as expected\n', code: 1 });
    assert.deepEqual(await run('emptyobject'), {
      stdout: '',
      stderr: 'error: expected reply to have result, error and id properties\n',
      code: 1,
    });
  });
});

test('connection failures: refused, closed, -rpcclienttimeout', async () => {
  const port = await unusedPort();
  assert.deepEqual(await cli([`-rpcport=${port}`, '-rpcpassword=p', 'getblockcount']), {
    stdout: '',
    stderr: `error: couldn't connect to server: unknown (code -1)\n${CONNECT_FAILED}\n`,
    code: 1,
  });
  assert.deepEqual(await cli(['-rpcport=0', '-rpcpassword=p', 'getblockcount']), {
    stdout: '',
    stderr: `error: couldn't connect to server: unknown (code -1)\n${CONNECT_FAILED}\n`,
    code: 1,
  });
  await withFakeNode({}, async (node) => {
    assert.deepEqual(await cli([...opts(node), 'hangup']), {
      stdout: '',
      stderr: `error: couldn't connect to server: EOF reached (code 1)\n${CONNECT_FAILED}\n`,
      code: 1,
    });
    const started = Date.now();
    assert.deepEqual(await cli([...opts(node), '-rpcclienttimeout=1', 'slow']), {
      stdout: '',
      stderr: `error: couldn't connect to server: timeout reached (code 0)\n${CONNECT_FAILED}\n`,
      code: 1,
    });
    assert.ok(Date.now() - started < 2900, 'gave up after about one second');
  });
});

test('-rpcwait: retries warm-up (-28) and refused connections once a second', async () => {
  await withFakeNode({ warmupCalls: 2 }, async (node) => {
    const trace: RunTrace = { sleeps: [], stdinReads: 0 };
    assert.deepEqual(await cli([...opts(node), '-rpcwait', 'getblockcount'], {}, trace), { stdout: '101\n', stderr: '', code: 0 });
    assert.deepEqual(trace.sleeps, [1000, 1000]);
    assert.equal(node.calls.length, 3);
  });
  await withFakeNode({ warmupCalls: 1 }, async (node) => {
    assert.deepEqual(await cli([...opts(node), 'getblockcount']), {
      stdout: '',
      stderr: 'error code: -28\nerror message:\nLoading block index...\n',
      code: 28,
    });
  });
  // nothing listening at first; the node comes up during the second wait
  const port = await unusedPort();
  let late: FakeOceanNode | undefined;
  const trace: RunTrace = { sleeps: [], stdinReads: 0 };
  try {
    const onSleep = async (count: number) => {
      if (count === 2) late = await FakeOceanNode.start({ port });
    };
    const r = await cli([`-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', '-rpcwait', 'getblockcount'], { onSleep }, trace);
    assert.deepEqual(r, { stdout: '101\n', stderr: '', code: 0 });
    assert.deepEqual(trace.sleeps, [1000, 1000]);
  } finally {
    await late?.close();
  }
  // errors other than "no connection" and -28 are not retried
  await withFakeNode({}, async (node) => {
    const t: RunTrace = { sleeps: [], stdinReads: 0 };
    assert.equal((await cli([...opts(node, 'u', 'bad'), '-rpcwait', 'getblockcount'], {}, t)).code, 1);
    assert.equal((await cli([...opts(node), '-rpcwait', 'fail'], {}, t)).code, 8);
    assert.deepEqual(t.sleeps, []);
  });
});

test('ocean.conf and the cookie, read from a data directory on disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocean-cli-'));
  try {
    await withFakeNode({ auth: 'rpcuser💻0:rpcpass🔑0' }, async (node) => {
      // the harness's ocean.conf (A.2): UTF-8 credentials, regtest=1 and chain= both present
      writeFileSync(
        join(dir, 'ocean.conf'),
        ['regtest=1', 'rpcuser=rpcuser💻0', 'rpcpassword=rpcpass🔑0', 'port=11000', `rpcport=${node.port}`, 'listenonion=0', 'initialfreecoins=2100000000000000', 'chain=ocean_test', ''].join('\n'),
      );
      assert.deepEqual(await cli([`-datadir=${dir}`, 'getblockcount']), { stdout: '101\n', stderr: '', code: 0 });
      // the command line wins over the file
      assert.equal((await cli([`-datadir=${dir}`, '-rpcpassword=wrong', 'getblockcount'])).stderr, 'error: incorrect rpcuser or rpcpassword (authorization failed)\n');
      // -conf, relative to the datadir or absolute
      writeFileSync(join(dir, 'other.conf'), `rpcport=${node.port}\nrpcuser=rpcuser💻0\nrpcpassword=rpcpass🔑0\n`);
      assert.equal((await cli([`-datadir=${dir}`, '-conf=other.conf', 'getblockcount'])).stdout, '101\n');
      assert.equal((await cli([`-conf=${join(dir, 'other.conf')}`, 'getblockcount'])).stdout, '101\n');
    });

    await withFakeNode({ auth: `__cookie__:${'7f'.repeat(32)}` }, async (node) => {
      // no rpcpassword: the cookie of the selected chain (regtest=1 in the file → elementsregtest)
      writeFileSync(join(dir, 'ocean.conf'), `regtest=1\nrpcport=${node.port}\n# a comment\n\n`);
      const missing = await cli([`-datadir=${dir}`, 'getblockcount']);
      assert.deepEqual(missing, {
        stdout: '',
        stderr:
          'error: Could not locate RPC credentials. No authentication cookie could be found, and no rpcpassword is set in the configuration file ' +
          `(${join(dir, 'ocean.conf')})\n`,
        code: 1,
      });
      mkdirSync(join(dir, 'elementsregtest'));
      writeFileSync(join(dir, 'elementsregtest', '.cookie'), `__cookie__:${'7f'.repeat(32)}`);
      assert.deepEqual(await cli([`-datadir=${dir}`, 'getblockcount']), { stdout: '101\n', stderr: '', code: 0 });
      // -regtest=0 on the command line selects ocean_test, which has no cookie
      assert.match((await cli([`-datadir=${dir}`, '-regtest=0', 'getblockcount'])).stderr, /^error: Could not locate RPC credentials/);
      mkdirSync(join(dir, 'ocean_test'));
      writeFileSync(join(dir, 'ocean_test', 'mycookie'), `__cookie__:${'7f'.repeat(32)}\n`);
      assert.equal((await cli([`-datadir=${dir}`, '-regtest=0', '-rpccookiefile=mycookie', 'getblockcount'])).stdout, '101\n');
      assert.equal((await cli([`-datadir=${dir}`, `-rpccookiefile=${join(dir, 'ocean_test', 'mycookie')}`, 'getblockcount'])).stdout, '101\n');
      // a cookie without ':' is no credential
      writeFileSync(join(dir, 'elementsregtest', '.cookie'), 'garbage');
      assert.match((await cli([`-datadir=${dir}`, 'getblockcount'])).stderr, /^error: Could not locate RPC credentials/);
      // with -rpcwait a missing cookie is waited for (the node writes it while starting)
      rmSync(join(dir, 'elementsregtest', '.cookie'));
      const trace: RunTrace = { sleeps: [], stdinReads: 0 };
      const onSleep = () => writeFileSync(join(dir, 'elementsregtest', '.cookie'), `__cookie__:${'7f'.repeat(32)}`);
      assert.equal((await cli([`-datadir=${dir}`, '-rpcwait', 'getblockcount'], { onSleep }, trace)).stdout, '101\n');
      assert.deepEqual(trace.sleeps, [1000]);
    });

    // config-file errors
    writeFileSync(join(dir, 'ocean.conf'), 'regtest=1\nbogus=1\n');
    assert.deepEqual(await cli([`-datadir=${dir}`, 'getblockcount']), {
      stdout: '',
      stderr: 'Error reading configuration file: Config parameter bogus not recognised.\n',
      code: 1,
    });
    writeFileSync(join(dir, 'ocean.conf'), 'regtest=1\nnoequals\n');
    const badLine = await cli([`-datadir=${dir}`, 'getblockcount']);
    assert.equal(badLine.code, 1);
    assert.equal(badLine.stderr, "Error reading configuration file: the options configuration file contains an invalid line 'noequals'\n");
    writeFileSync(join(dir, 'ocean.conf'), 'noprivdb=1\n');
    assert.equal((await cli([`-datadir=${dir}`, 'getblockcount'])).stderr, 'Error reading configuration file: Config parameter privdb not recognised.\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chain selection → default RPC port, host, timeout and cookie directory', async () => {
  const files: Record<string, string> = {
    '/d/ocean_test/.cookie': '__cookie__:aa',
    '/d/elementsregtest/.cookie': '__cookie__:bb',
    '/d/ocean_main/.cookie': '__cookie__:cc',
    '/d/gold_main/.cookie': '__cookie__:dd',
    '/d/custom/.cookie': '__cookie__:ee',
  };
  const cases: [string[], number, string][] = [
    [[], 7041, 'aa'],
    [['-regtest'], 7041, 'bb'],
    [['-chain=ocean_main'], 8332, 'cc'],
    [['-chain=gold_main'], 8443, 'dd'],
    [['-chain=custom'], 7041, 'ee'],
    [['-chain=gold_main', '-regtest'], 7041, 'bb'],
    [['-chain=ocean_main', '-rpcport=1234'], 1234, 'cc'],
    [['-rpcport=70000'], 4464, 'aa'],
  ];
  for (const [extra, port, cookie] of cases) {
    const c = capture();
    const r = await cli(['-datadir=/d', ...extra, 'getblockcount'], { files, dirs: ['/d'], transport: c.factory });
    assert.deepEqual(r, { stdout: '', stderr: '', code: 0 }, extra.join(' '));
    assert.equal(c.targets[0]!.port, port, extra.join(' '));
    assert.equal(c.targets[0]!.host, '127.0.0.1');
    assert.equal(c.targets[0]!.timeoutMs, 900_000);
    assert.equal(c.auth[0], basic(`__cookie__:${cookie}`), extra.join(' '));
  }
  // chain= from the config file; -rpcconnect, -rpcclienttimeout, -rpcuser/-rpcpassword
  const c = capture();
  const withConf = { ...files, '/d/ocean.conf': 'chain=gold_main\nrpcconnect=10.1.2.3\nrpcclienttimeout=5\n' };
  await cli(['-datadir=/d', 'getblockcount'], { files: withConf, dirs: ['/d'], transport: c.factory });
  await cli(['-datadir=/d', '-rpcclienttimeout=0', '-rpcuser=me', '-rpcpassword=pw', 'getblockcount'], { files: withConf, dirs: ['/d'], transport: c.factory });
  assert.deepEqual(
    c.targets.map((t) => [t.host, t.port, t.timeoutMs]),
    [
      ['10.1.2.3', 8443, 5000],
      ['10.1.2.3', 8443, 0],
    ],
  );
  assert.deepEqual(c.auth, [basic('__cookie__:dd'), basic('me:pw')]);
  // datadir= in the config file moves the cookie, unless -datadir is on the command line
  const moved = capture();
  const movedFiles = { '/d/ocean.conf': 'datadir=/e\n', '/e/ocean_test/.cookie': '__cookie__:ff', ...files };
  await cli(['-conf=/d/ocean.conf', 'getblockcount'], { files: movedFiles, dirs: ['/d'], transport: moved.factory });
  await cli(['-datadir=/d', 'getblockcount'], { files: movedFiles, dirs: ['/d'], transport: moved.factory });
  assert.deepEqual(moved.auth, [basic('__cookie__:ff'), basic('__cookie__:aa')]);
  // the default data directory is $HOME/.bitcoin
  const h = capture();
  await cli(['getblockcount'], { files: { '/home/x/.bitcoin/ocean.conf': 'rpcpassword=pw\nrpcport=9\n' }, home: '/home/x', transport: h.factory });
  assert.equal(h.targets[0]!.port, 9);
  // a bad chain name / -testnet are start-up errors
  assert.deepEqual(await cli(['-testnet', 'getblockcount']), {
    stdout: '',
    stderr: 'Error: Invalid option -testnet: try -chain=elementsregtest instead.\n',
    code: 1,
  });
  assert.equal((await cli(['-chain=../x', 'getblockcount'])).code, 1);
});

test('start-up errors, help and version', async () => {
  const none = await cli([]);
  assert.equal(none.code, 1);
  assert.match(none.stdout, /^Ocean RPC client version v\S+ \(ocean-ts\)\n\nUsage:\n/);
  assert.equal(none.stderr, 'Error: too few parameters\n');
  for (const flag of ['-help', '-?', '-h', '--help']) {
    const r = await cli([flag, 'getblockcount']);
    assert.equal(r.code, 0, flag);
    assert.equal(r.stdout, none.stdout, flag);
    assert.equal(r.stderr, '');
  }
  assert.deepEqual(await cli(['-version']), { stdout: none.stdout.split('\n')[0] + '\n', stderr: '', code: 0 });
  assert.deepEqual(await cli(['-bogus', 'getblockcount']), { stdout: '', stderr: 'Error: Argument -bogus not recognised.\n', code: 1 });
  assert.deepEqual(await cli(['-nobogus']), { stdout: '', stderr: 'Error: Argument -bogus not recognised.\n', code: 1 });
  assert.deepEqual(await cli(['-privdb', 'x']), { stdout: '', stderr: 'Error: Argument -privdb not recognised.\n', code: 1 });
  assert.deepEqual(await cli(['-datadir=/no/such/dir', 'getblockcount']), {
    stdout: '',
    stderr: 'Error: Specified data directory "/no/such/dir" does not exist.\n',
    code: 1,
  });
  assert.deepEqual(await cli(['-rpcpassword=p']), { stdout: '', stderr: 'error: too few parameters (need at least command)\n', code: 1 });
  // conversion errors come before any connection attempt (port 1: nothing listens)
  assert.deepEqual(await cli(['-rpcport=1', '-rpcpassword=p', 'getblockhash', 'abc']), { stdout: '', stderr: 'error: Error parsing JSON:abc\n', code: 1 });
  assert.deepEqual(await cli(['-rpcport=1', '-rpcpassword=p', 'sendtoaddress', 'x', '1.0.0']), { stdout: '', stderr: 'error: Error parsing JSON:1.0.0\n', code: 1 });
  assert.deepEqual(await cli(['-rpcport=1', '-rpcpassword=p', '-named', 'getblockhash', '5']), {
    stdout: '',
    stderr: "error: No '=' in named argument '5', this needs to be present for every argument (even if it is empty)\n",
    code: 1,
  });
  // node options and negations are accepted on the command line (shared option list)
  const c = capture();
  assert.equal((await cli(['-rpcpassword=p', '-txindex', '-nolisten', '-con_bip34height=5', '-pkhwhitelist-encrypt=0', 'x'], { transport: c.factory })).code, 0);
});

test('the known-option list accepts every ocean.conf key and oceand option of the original corpus, and ocean-tx chain options', () => {
  const chains = (readSharedJson('vectors', 'ocean-corpus', 'chains.json') as JsonObject).get('chains') as JsonObject[];
  const names = new Set<string>();
  for (const chain of chains) {
    for (const node of chain.get('nodes') as JsonObject[]) {
      for (const line of node.get('ocean_conf') as string[]) names.add(line.slice(0, line.indexOf('=')));
      for (const arg of (node.get('argv') as string[]).slice(1)) names.add(arg.replace(/^-+/, '').split('=')[0]!);
    }
  }
  assert.ok(names.size > 30);
  for (const n of [...names, ...CHAIN_OPTIONS]) assert.ok(isKnownOption(n), n);
});
