/** The real executable: bin/ocean-tx (built with `npm run build`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonObject, parseJson } from '@ocean-ts/core';
import { REPO, readSharedJson } from './support/shared.js';

const BIN = join(REPO, 'bin', 'ocean-tx');
const built = existsSync(join(REPO, 'packages', 'cli', 'dist', 'ocean-tx-bin.js'));
const t0 = ((readSharedJson('vectors', 'ocean-corpus', 'transactions.json') as JsonObject).get('transactions') as JsonObject[]).find(
  (t) => (t.get('kinds') as string[]).includes('ct-wallet-send-blinded'),
)!;

function run(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test('bin/ocean-tx: hex, -txid, -json, stdin, errors and exit codes', () => {
  assert.ok(built, 'bin/ocean-tx needs `npm run build` first (npm test does it)');
  const blank = run(['-create', 'nversion=1']);
  assert.deepEqual(blank, { stdout: '0100000000000000000000\n', stderr: '', status: 0 });
  assert.equal(run(['-txid', '-create', 'nversion=1']).stdout, '31215b19260474d41c0627778e2ccf5a3974551ca396e2a9bb9dea5209251061\n');

  const hex = t0.get('hex') as string;
  const json = run(['-json', '-regtest', hex]);
  assert.equal(json.status, 0);
  assert.equal(json.stderr, '');
  const parsed = parseJson(json.stdout) as JsonObject;
  assert.equal(parsed.get('txid'), t0.get('txid'));
  assert.match(json.stdout, /^\{\n    "txid": "[0-9a-f]{64}",\n/);
  assert.match(json.stdout, /"ct-bits": \d+,/);

  const viaStdin = run(['-txid', '-'], `${hex}\n`);
  assert.deepEqual(viaStdin, { stdout: `${t0.get('txid') as string}\n`, stderr: '', status: 0 });

  assert.deepEqual(run(['nothex']), { stdout: '', stderr: 'error: invalid transaction encoding\n', status: 1 });
  assert.deepEqual(run(['-create', 'delin=31']), { stdout: '', stderr: "error: Invalid TX input index '31'\n", status: 1 });
  assert.deepEqual(run(['-create', 'outaddr=1']), { stdout: '', stderr: 'error: TX output missing or too many separators\n', status: 1 });
  assert.deepEqual(run(['-bogus', '-create']), { stdout: '', stderr: 'Error: Argument -bogus not recognised.\n', status: 1 });
  const none = run([]);
  assert.equal(none.status, 1);
  assert.match(none.stdout, /^Ocean ocean-tx utility version/);
  assert.equal(none.stderr, 'Error: too few parameters\n');
  assert.equal(run(['-help']).status, 0);

  // load= reads a real file
  const dir = mkdtempSync(join(tmpdir(), 'ocean-tx-'));
  try {
    writeFileSync(join(dir, 'keys.json'), '[]');
    writeFileSync(join(dir, 'prev.json'), '[]');
    const r = run(['-create', `load=privatekeys:${join(dir, 'keys.json')}`, `load=prevtxs:${join(dir, 'prev.json')}`, 'sign=ALL']);
    assert.deepEqual(r, { stdout: '0200000000000000000000\n', stderr: '', status: 0 });
    assert.deepEqual(run(['-create', `load=x:${join(dir, 'missing.json')}`]), {
      stdout: '',
      stderr: `error: Cannot open file ${join(dir, 'missing.json')}\n`,
      status: 1,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
