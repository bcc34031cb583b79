import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DataDirLock, DataDirLockError } from '../src/datadir-lock.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'lock-test-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function freshDir(name: string): string {
  const d = join(root, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

/** Start a child that takes the lock and holds it; resolves once it printed "locked". */
function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir, 'hold'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const MESSAGE = (dir: string) => `Error: Cannot obtain a lock on data directory ${dir}. Ocean Core is probably already running.`;

describe('DataDirLock', () => {
  it('creates .lock holding the pid and removes it on release', () => {
    const dir = freshDir('basic');
    const lock = DataDirLock.acquire(dir);
    const text = readFileSync(join(dir, '.lock'), 'utf8');
    assert.equal(text.split('\n')[0], String(process.pid));
    assert.equal(lock.held, true);
    lock.release();
    lock.release();
    assert.equal(lock.held, false);
    assert.equal(existsSync(join(dir, '.lock')), false);
    DataDirLock.acquire(dir).release(); // free again
  });

  it('refuses a second lock on the same directory in the same process', () => {
    const dir = freshDir('same-process');
    const lock = DataDirLock.acquire(dir);
    try {
      assert.throws(() => DataDirLock.acquire(dir), (e: unknown) => e instanceof DataDirLockError && e.message === MESSAGE(dir));
    } finally {
      lock.release();
    }
  });

  it('a second process cannot lock a directory held by a live process', async () => {
    const dir = freshDir('two-processes');
    const child = await holdInChild(dir);
    try {
      assert.throws(
        () => DataDirLock.acquire(dir),
        (e: unknown) => e instanceof DataDirLockError && e.message === MESSAGE(dir) && e.holderPid === child.pid,
      );
    } finally {
      child.stdin!.end();
      await exited(child);
    }
    assert.equal(existsSync(join(dir, '.lock')), false, 'the child released its lock');
    DataDirLock.acquire(dir).release();
  });

  it('a second process gets the error message and a non-zero exit while we hold the lock', () => {
    const dir = freshDir('child-fails');
    const lock = DataDirLock.acquire(dir);
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, dir, 'try'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stderr.trim(), MESSAGE(dir));
    } finally {
      lock.release();
    }
    const r = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, dir, 'try'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('takes over the lock of a process killed with SIGKILL', async () => {
    const dir = freshDir('stale');
    const child = await holdInChild(dir);
    child.kill('SIGKILL');
    await exited(child);
    assert.equal(existsSync(join(dir, '.lock')), true, 'kill -9 leaves the lock file behind');
    const lock = DataDirLock.acquire(dir);
    assert.equal(readFileSync(join(dir, '.lock'), 'utf8').split('\n')[0], String(process.pid));
    lock.release();
  });

  it('treats a lock naming our own pid (not held here) as stale: pid reuse after a restart', () => {
    const dir = freshDir('own-pid');
    writeFileSync(join(dir, '.lock'), `${process.pid}\nsometoken\n\n`);
    DataDirLock.acquire(dir).release();
  });

  it('treats a live pid whose start time differs from the recorded one as stale (pid reused)', () => {
    const dir = freshDir('reused');
    writeFileSync(join(dir, '.lock'), `4242\ntok\n100\n`);
    const opts = { isProcessAlive: () => true, processStartTime: (pid: number) => (pid === 4242 ? '999' : undefined) };
    DataDirLock.acquire(dir, opts).release();
    writeFileSync(join(dir, '.lock'), `4242\ntok\n999\n`);
    assert.throws(() => DataDirLock.acquire(dir, opts), DataDirLockError);
    rmSync(join(dir, '.lock'));
  });

  it('waits out a lock file being written, then takes over an abandoned empty one', () => {
    const dir = freshDir('empty');
    const path = join(dir, '.lock');
    writeFileSync(path, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    DataDirLock.acquire(dir).release();
  });

  it('uses the given file and product names', () => {
    const dir = freshDir('names');
    const a = DataDirLock.acquire(dir, { fileName: 'svc.lock', productName: 'Mainstay' });
    assert.ok(existsSync(join(dir, 'svc.lock')));
    assert.throws(() => DataDirLock.acquire(dir, { fileName: 'svc.lock', productName: 'Mainstay' }), /Mainstay is probably already running\.$/);
    a.release();
  });

  it('release never deletes a lock that is no longer ours', () => {
    const dir = freshDir('not-ours');
    const lock = DataDirLock.acquire(dir);
    writeFileSync(join(dir, '.lock'), `1\nother\n\n`);
    lock.release();
    assert.equal(existsSync(join(dir, '.lock')), true);
  });
});
