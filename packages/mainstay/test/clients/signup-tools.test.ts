import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { encodeCommitmentEnvelope } from '../../src/clients/commitment-envelope.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PUBKEY = '021805882d0939594b34f1c31e8d6d9cc19700c6e08cc9d83c267ae318ec52b796';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `bin/<name>` (the built dist) to completion, feeding `stdin`. */
function runBin(name: string, args: string[], stdin = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', name), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The value of the LAST `name: value` line (the summary after any listing). */
const field = (out: string, name: string): string => {
  const all = [...out.matchAll(new RegExp(`^${name}: (.*)$`, 'gm'))];
  assert.ok(all.length > 0, `no ${name} in ${out}`);
  return all[all.length - 1]![1]!;
};

describe('tokengeneratortool', () => {
  it('prints one fresh UUID v4 and nothing else', async () => {
    const a = await runBin('tokengeneratortool', []);
    const b = await runBin('tokengeneratortool', []);
    assert.equal(a.code, 0);
    assert.match(a.stdout, /^[^\n]+\n$/);
    assert.match(a.stdout.trim(), UUID_V4);
    assert.match(b.stdout.trim(), UUID_V4);
    assert.notEqual(a.stdout, b.stdout);
  });
});

describe('clientsignuptool and mainstay-api as real processes on one SQLite file', () => {
  let dir: string;
  let db: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mainstay-signup-'));
    db = join(dir, 'mainstay.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two scripted signups get slots 0 and 1 with UUID v4 tokens', async () => {
    const first = await runBin('clientsignuptool', ['-db', `sqlite:${db}`, '-name', 'first']);
    assert.equal(first.code, 0, first.stderr);
    const second = await runBin('clientsignuptool', [`--db=sqlite:${db}`, '-name=second client', '-pubkey', PUBKEY.toUpperCase()]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(field(first.stdout, 'client_position'), '0');
    assert.equal(field(second.stdout, 'client_position'), '1');
    const t0 = field(first.stdout, 'auth_token');
    const t1 = field(second.stdout, 'auth_token');
    assert.match(t0, UUID_V4);
    assert.match(t1, UUID_V4);
    assert.notEqual(t0, t1);
    const store = SqliteMainstayStore.open(db);
    try {
      assert.deepEqual(await store.allClientDetails(), [
        { clientPosition: 0, authToken: t0, pubkey: '', clientName: 'first' },
        { clientPosition: 1, authToken: t1, pubkey: PUBKEY, clientName: 'second client' },
      ]);
      // like the Go tool: no ClientCommitment yet
      assert.equal(await store.clientCommitment(0), undefined);
    } finally {
      await store.close();
    }
  });

  it('interactive prompts read pubkey and name from stdin; the lowest free slot is taken', async () => {
    const store = SqliteMainstayStore.open(db);
    await store.upsertClientDetails({ clientPosition: 3, authToken: 'x', pubkey: '', clientName: 'manual' });
    await store.close();
    const r = await runBin('clientsignuptool', ['-db', `sqlite:${db}`], `${PUBKEY}\nCarol Ltd\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Insert pubkey \(optional\): /);
    assert.match(r.stdout, /Insert client name: /);
    assert.match(r.stdout, /client_position: 0 pubkey:  name: first/);
    assert.equal(field(r.stdout, 'client_position'), '2');
    assert.equal(field(r.stdout, 'client_name'), 'Carol Ltd');
    assert.equal(field(r.stdout, 'pubkey'), PUBKEY);
    const next = await runBin('clientsignuptool', ['-db', `sqlite:${db}`], '\nDave\n');
    assert.equal(field(next.stdout, 'client_position'), '4');
    assert.match(next.stdout, /no pubkey provided/);
  });

  it('rejects a pubkey that is not a secp256k1 point, storing nothing', async () => {
    for (const bad of ['02ffff', `04${'00'.repeat(64)}`, `02${'ff'.repeat(32)}`, 'zz'.repeat(33)]) {
      const r = await runBin('clientsignuptool', ['-db', `sqlite:${db}`, '-name', 'bad', '-pubkey', bad]);
      assert.equal(r.code, 1, bad);
      assert.match(r.stderr, /invalid pubkey/);
    }
    const r = await runBin('clientsignuptool', ['-db', `sqlite:${db}`, '-bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /flag provided but not defined: -bogus/);
    const store = SqliteMainstayStore.open(db);
    try {
      assert.equal((await store.allClientDetails()).length, 5);
    } finally {
      await store.close();
    }
  });

  it('bin/mainstay-api serves the same database and stops cleanly on SIGTERM', async () => {
    const store = SqliteMainstayStore.open(db);
    const token = (await store.clientDetails(0))!.authToken;
    await store.close();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'mainstay-api'), '-db', `sqlite:${db}`, '-port', '0', '-host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`mainstay-api exited: ${out}`)));
      });
      const clients = (await (await fetch(`${base}/clients`)).json()) as unknown[];
      assert.deepEqual(
        clients.map((c) => (c as { position: number }).position),
        [0, 1, 3, 2, 4],
      );
      const c = 'ab'.repeat(32);
      const sent = (await (
        await fetch(`${base}/commitment/send`, { method: 'POST', body: encodeCommitmentEnvelope({ commitment: c, position: 0, token }) })
      ).json()) as Record<string, unknown>;
      assert.equal(sent['response'], 'Commitment added');
      const unsignedOnSigned = (await (
        await fetch(`${base}/commitment/send`, { method: 'POST', body: JSON.stringify({ commitment: c, position: 1, token: 'x' }) })
      ).json()) as Record<string, unknown>;
      assert.equal(unsignedOnSigned['error'], 'your token is wrong');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    const after = SqliteMainstayStore.open(db);
    try {
      assert.equal((await after.clientCommitment(0))?.commitment, 'ab'.repeat(32));
    } finally {
      await after.close();
    }
  });

  it('-conf: the db section of conf.json, with environment substitution', async () => {
    const conf = join(dir, 'conf.json');
    writeFileSync(
      conf,
      JSON.stringify({
        main: { rpcurl: 'MAINSTAY_MAIN_URL', rpcuser: 'user', rpcpass: 'pass', chain: 'regtest' },
        db: { type: 'sqlite', path: 'MAINSTAY_TEST_DB_PATH' },
        api: { host: '127.0.0.1', port: '1' },
      }),
    );
    const r = await runBin('clientsignuptool', ['-conf', conf, '-name', 'from conf'], '', { MAINSTAY_TEST_DB_PATH: db, MAINSTAY_MAIN_URL: 'localhost:1' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, 'client_position'), '5');
    const missing = await runBin('clientsignuptool', ['-name', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no store given/);
    const store = SqliteMainstayStore.open(db);
    try {
      assert.equal((await store.clientDetails(5))?.clientName, 'from conf');
    } finally {
      await store.close();
    }
  });
});
