import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { SchemaVersionError } from '../../src/store/sql-rows.js';
import { runStoreContract } from './store-contract.js';
import { hx, record } from './sample-data.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('../support/sqlite-child.ts', import.meta.url));
/** Leaves per attestation written by the child (its WRITE_LEAVES). */
const KILL_LEAVES = 40;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mainstay-sqlite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

runStoreContract('SqliteMainstayStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mainstay-sqlite-'));
  const path = join(dir, 'mainstay.db');
  return {
    persistent: true,
    open: async () => SqliteMainstayStore.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

test('SQLite: the file is in WAL mode and records the schema version', async (t) => {
  const path = join(tempDir(t), 'm.db');
  const store = SqliteMainstayStore.open(path);
  await store.close();
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT id, version FROM mainstay_schema').all(), [{ id: 1, version: 1 }]);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    assert.deepEqual(tables, ['attestation', 'attestation_info', 'client_commitment', 'client_details', 'mainstay_schema', 'merkle_commitment', 'merkle_proof']);
    // Every lookup the port has is served by an index (no full scans).
    const plans: [string, unknown[]][] = [
      ['SELECT * FROM merkle_proof WHERE merkle_root = ? AND client_position = ?', [hx('r'), 0]],
      ['SELECT * FROM merkle_proof WHERE commitment = ? ORDER BY id LIMIT 1', [hx('c')]],
      ['SELECT * FROM merkle_proof WHERE client_position = ? ORDER BY id DESC LIMIT 10', [1]],
      ['SELECT * FROM merkle_commitment WHERE client_position = ? AND commitment = ? ORDER BY id', [1, hx('c')]],
      ['SELECT * FROM merkle_commitment WHERE merkle_root = ? ORDER BY client_position', [hx('r')]],
      ['SELECT * FROM attestation_info WHERE blockhash = ? ORDER BY id', [hx('b')]],
      ['SELECT * FROM attestation WHERE merkle_root = ? ORDER BY id', [hx('r')]],
      ['SELECT * FROM attestation WHERE txid = ? ORDER BY id', [hx('t')]],
      ['SELECT * FROM attestation WHERE confirmed = 1 ORDER BY inserted_at DESC, write_seq DESC LIMIT 1', []],
    ];
    for (const [sql, params] of plans) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
      assert.match(plan, /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/, `${sql}: ${plan}`);
      assert.doesNotMatch(plan, /TEMP B-TREE/, `${sql}: ${plan}`);
    }
  } finally {
    db.close();
  }
});

test('SQLite: opening is idempotent and a newer schema version is refused with a clear error', async (t) => {
  const path = join(tempDir(t), 'm.db');
  const s1 = SqliteMainstayStore.open(path);
  await s1.saveAttestation(record(hx('v-tx'), hx('v-root')));
  await s1.close();
  const s2 = SqliteMainstayStore.open(path);
  assert.equal((await s2.attestationsByTxid(hx('v-tx'))).length, 1);
  await s2.close();

  const db = new Database(path);
  db.prepare('UPDATE mainstay_schema SET version = 2').run();
  db.close();
  assert.throws(
    () => SqliteMainstayStore.open(path),
    (e: unknown) => e instanceof SchemaVersionError && e.found === 2 && /schema version 2 is newer than this program supports \(1\)/.test(e.message) && e.message.includes(path),
  );
});

test('SQLite: a file that is not a database gives an error naming it', async (t) => {
  const path = join(tempDir(t), 'not-a-db');
  writeFileSync(path, 'this is not an SQLite database, just some text that is long enough to have a header......');
  assert.throws(() => SqliteMainstayStore.open(path), (e: unknown) => e instanceof Error && e.message.startsWith(`cannot open the SQLite database ${path}`));
});

test('SQLite: the schema itself rejects bad rows (CHECK constraints)', async (t) => {
  const path = join(tempDir(t), 'm.db');
  await SqliteMainstayStore.open(path).close();
  const db = new Database(path);
  try {
    const bad: [string, unknown[]][] = [
      ['INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES (?, ?, ?)', [hx('r').toUpperCase(), 0, hx('c')]],
      ['INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES (?, ?, ?)', [hx('r'), -1, hx('c')]],
      ['INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES (?, ?, ?)', [hx('r'), 1.5, hx('c')]],
      ['INSERT INTO attestation_info (txid, blockhash, amount, time) VALUES (?, ?, ?, ?)', [hx('t'), hx('b'), 0.5, 1]],
      ['INSERT INTO merkle_proof (merkle_root, client_position, commitment, ops) VALUES (?, ?, ?, ?)', [hx('r'), 0, hx('c'), '{']],
      ['INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level) VALUES (?, ?, ?, ?, ?)', [0, 't', '', 'n', 'gold']],
    ];
    for (const [sql, params] of bad) assert.throws(() => db.prepare(sql).run(...params), /CHECK constraint failed/, sql);
  } finally {
    db.close();
  }
});

/** Run the child; resolve with its stdout lines once it exits. */
function runChild(args: string[]): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, lines: out.split('\n').filter(Boolean), stderr: err }));
  });
}

test('SQLite: two processes allocating at once never get the same slot', async (t) => {
  const path = join(tempDir(t), 'm.db');
  await SqliteMainstayStore.open(path).close();
  const [a, b] = await Promise.all([runChild(['allocate', path, '25']), runChild(['allocate', path, '25'])]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const all = [...(JSON.parse(a.lines[0]!) as number[]), ...(JSON.parse(b.lines[0]!) as number[])].sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: 50 }, (_, i) => i));
  const store = SqliteMainstayStore.open(path);
  t.after(() => store.close());
  assert.equal((await store.allClientDetails()).length, 50);
  assert.equal((await store.clientCommitments()).length, 50);
});

test('SQLite: kill -9 while writing leaves a consistent database (3 rounds)', { timeout: 120_000 }, async (t) => {
  const path = join(tempDir(t), 'm.db');
  await SqliteMainstayStore.open(path).close();
  let next = 0;
  for (let round = 0; round < 3; round++) {
    const committed = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'write', path, String(next)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      t.after(() => child.kill('SIGKILL'));
      let last = -1;
      let buf = '';
      let err = '';
      const target = next + 20 + round * 7;
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) last = Number(l);
        if (last >= target && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`child exited ${code}: ${err}`))));
    });

    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
    const store = SqliteMainstayStore.open(path);
    try {
      // Everything the child reported as committed is there, and whatever else is there is complete.
      const latest = await store.latestAttestation(true);
      assert.ok(latest && latest.insertedAt >= committed, `latest ${latest?.insertedAt} < committed ${committed}`);
      const n = latest.insertedAt + 1;
      for (let i = 0; i < n; i++) {
        const root = hx(`kill-root-${i}`);
        const atts = await store.attestationsByRoot(root);
        assert.equal(atts.length, 1, `attestation ${i}`);
        assert.equal((await store.merkleCommitments(root)).length, KILL_LEAVES, `commitments of ${i}`);
        const proof = await store.merkleProof(root, KILL_LEAVES - 1);
        assert.deepEqual(proof, record(hx(`kill-tx-${i}`), root, { n: KILL_LEAVES }).proofs[KILL_LEAVES - 1]);
        assert.ok(await store.attestationInfo(hx(`kill-tx-${i}`)), `info of ${i}`);
      }
      assert.equal(await store.attestationsByRoot(hx(`kill-root-${n}`)).then((a) => a.length), 0);
      assert.equal((await store.proofsForPosition(0, 0, 1)).total, n);
      next = n;
    } finally {
      await store.close();
    }
  }
});

test('SQLite: a failing statement inside saveAttestation rolls back the earlier ones', async (t) => {
  const path = join(tempDir(t), 'm.db');
  await SqliteMainstayStore.open(path).close();
  // A trigger makes the database itself fail on the 3rd proof: the documents are valid, the write is not.
  const db = new Database(path);
  db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON merkle_proof WHEN NEW.client_position = 2
           BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
  db.close();
  const store = SqliteMainstayStore.open(path);
  t.after(() => store.close());
  await assert.rejects(store.saveAttestation(record(hx('trig-tx'), hx('trig-root'), { n: 4, confirmed: true, info: true })), /injected failure/);
  assert.deepEqual(await store.attestationsByTxid(hx('trig-tx')), []);
  assert.deepEqual(await store.merkleCommitments(hx('trig-root')), []);
  assert.equal(await store.merkleProof(hx('trig-root'), 0), undefined);
  assert.equal(await store.attestationInfo(hx('trig-tx')), undefined);
  await store.saveAttestation(record(hx('ok-tx'), hx('ok-root'), { n: 2 }));
  assert.equal((await store.merkleCommitments(hx('ok-root'))).length, 2);
});
