/** The real executable: bin/ocean-cli (built with `npm run build`), against a fake node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOceanNode, unusedPort, withFakeNode } from './support/fake-ocean-node.js';
import { REPO } from './support/shared.js';

const BIN = join(REPO, 'bin', 'ocean-cli');
const built = existsSync(join(REPO, 'packages', 'cli', 'dist', 'ocean-cli-bin.js'));

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Spawn asynchronously (the fake node runs in this process and must keep answering). */
function run(args: string[], input = '', env: NodeJS.ProcessEnv = { ...process.env, HOME: '/nonexistent-home' }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

const opts = (node: FakeOceanNode) => [`-rpcport=${node.port}`, '-rpcuser=u', '-rpcpassword=p'];

test('bin/ocean-cli: results, -stdin, RPC errors and their exit status', async () => {
  assert.ok(built, 'bin/ocean-cli needs `npm run build` first (npm test does it)');
  await withFakeNode({}, async (node) => {
    assert.deepEqual(await run([...opts(node), 'getblockcount']), { stdout: '101\n', stderr: '', status: 0 });
    assert.deepEqual(await run([...opts(node), 'getinfo']), {
      stdout: '{\n  "version": 140201,\n  "balance": {\n    "CBT": 21000000.00000000\n  },\n  "paytxfee": 0.00000000,\n  "errors": ""\n}\n',
      stderr: '',
      status: 0,
    });
    assert.deepEqual(await run([...opts(node), '-stdin', 'echojson'], '1\n"two"\n'), { stdout: '[\n  1, \n  "two"\n]\n', stderr: '', status: 0 });
    assert.deepEqual(await run([...opts(node), 'ping']), { stdout: '', stderr: '', status: 0 });
    assert.deepEqual(await run([...opts(node), 'fail']), {
      stdout: '',
      stderr: 'error code: -8\nerror message:\nBlock height out of range\n',
      status: 8,
    });
    // abs(-32601) = 32601; the operating system keeps the low 8 bits (89), as for the original
    assert.deepEqual(await run([...opts(node), 'nosuchmethod']), {
      stdout: '',
      stderr: 'error code: -32601\nerror message:\nMethod not found\n',
      status: 32601 & 0xff,
    });
    assert.deepEqual(await run([`-rpcport=${node.port}`, '-rpcuser=u', '-rpcpassword=x', 'getblockcount']), {
      stdout: '',
      stderr: 'error: incorrect rpcuser or rpcpassword (authorization failed)\n',
      status: 1,
    });
  });
});

test('bin/ocean-cli: datadir with ocean.conf and cookie; connection refused; bad input without stack traces', async () => {
  assert.ok(built, 'bin/ocean-cli needs `npm run build` first (npm test does it)');
  const dir = mkdtempSync(join(tmpdir(), 'ocean-cli-bin-'));
  try {
    await withFakeNode({ auth: `__cookie__:${'ab'.repeat(32)}` }, async (node) => {
      writeFileSync(join(dir, 'ocean.conf'), `regtest=1\nrpcport=${node.port}\n`);
      mkdirSync(join(dir, 'elementsregtest'));
      writeFileSync(join(dir, 'elementsregtest', '.cookie'), `__cookie__:${'ab'.repeat(32)}`);
      assert.deepEqual(await run([`-datadir=${dir}`, 'getbestblockhash']), {
        stdout: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\n',
        stderr: '',
        status: 0,
      });
    });
    const port = await unusedPort();
    assert.deepEqual(await run([`-rpcport=${port}`, '-rpcpassword=p', 'getblockcount']), {
      stdout: '',
      stderr:
        "error: couldn't connect to server: unknown (code -1)\n(make sure server is running and you are connecting to the correct RPC port)\n",
      status: 1,
    });
    assert.deepEqual(await run(['-rpcpassword=p', 'getblockhash', '{']), { stdout: '', stderr: 'error: Error parsing JSON:{\n', status: 1 });
    assert.deepEqual(await run(['-nosuchoption']), { stdout: '', stderr: 'Error: Argument -suchoption not recognised.\n', status: 1 });
    const none = await run([]);
    assert.equal(none.status, 1);
    assert.match(none.stdout, /^Ocean RPC client version/);
    assert.equal(none.stderr, 'Error: too few parameters\n');
    assert.equal((await run(['-help'])).status, 0);
    assert.deepEqual(await run(['-version']), { stdout: none.stdout.split('\n')[0] + '\n', stderr: '', status: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
