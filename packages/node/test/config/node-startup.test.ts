import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataDirLockError, Lifecycle } from '@ocean-ts/service-kit';
import { claimDataDir } from '../../src/config/data-dir-claim.js';
import { loadNodeConfig, type NodeConfig } from '../../src/config/node-config.js';
import { createNodeLogger } from '../../src/config/node-logger.js';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'node-startup-test-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function config(name: string, argv: string[] = []): NodeConfig {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const r = loadNodeConfig({ argv: [`-datadir=${dir}`, '-regtest', ...argv], homeDir: root });
  assert.equal(r.kind, 'run');
  return (r as { config: NodeConfig }).config;
}

describe('createNodeLogger', () => {
  it('writes timestamped lines to <chain dir>/debug.log', async () => {
    const c = config('log-file');
    const log = createNodeLogger(c.logging);
    log.info('Ocean version test');
    log.debug('hidden without -debug');
    await log.close();
    const text = readFileSync(join(root, 'log-file', 'elementsregtest', 'debug.log'), 'utf8');
    assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Ocean version test\n$/);
  });

  it('-printtoconsole: lines go to the console only, debug.log is still created', async () => {
    const c = config('log-console', ['-printtoconsole', '-debug=net', '-logtimestamps=0']);
    const lines: string[] = [];
    const log = createNodeLogger(c.logging, { write: (s) => lines.push(s) });
    log.child({ category: 'net' }).debug('peer connected');
    log.debug('mempool line', { category: 'mempool' });
    log.info('hello');
    await log.close();
    assert.deepEqual(lines, ['peer connected category=net\n', 'hello\n']);
    assert.equal(readFileSync(c.logging.debugLogFile, 'utf8'), '');
  });

  it('-printtoall writes both', async () => {
    const c = config('log-all', ['-printtoall', '-logtimestamps=0']);
    const lines: string[] = [];
    const log = createNodeLogger(c.logging, { write: (s) => lines.push(s) });
    log.info('both');
    await log.close();
    assert.deepEqual(lines, ['both\n']);
    assert.equal(readFileSync(c.logging.debugLogFile, 'utf8'), 'both\n');
  });

  it('shrinks a large debug.log at start-up unless -shrinkdebugfile=0', async () => {
    const c = config('log-shrink');
    writeFileSync(c.logging.debugLogFile, 'x'.repeat(11_000_001));
    const log = createNodeLogger(c.logging);
    await log.close();
    assert.equal(readFileSync(c.logging.debugLogFile).length, 10_000_000);
  });
});

describe('claimDataDir', () => {
  it('locks the chain directory, writes the pid file, and releases both at shutdown', async () => {
    const c = config('claim');
    const lifecycle = new Lifecycle();
    claimDataDir(c, lifecycle, process.pid);
    assert.ok(existsSync(join(c.chainDataDir, '.lock')));
    assert.equal(readFileSync(c.pidFile, 'utf8'), `${process.pid}\n`);
    assert.throws(
      () => claimDataDir(c, new Lifecycle(), process.pid),
      (e: unknown) =>
        e instanceof DataDirLockError &&
        e.message === `Error: Cannot obtain a lock on data directory ${c.chainDataDir}. Ocean Core is probably already running.`,
    );
    await lifecycle.shutdown('test');
    assert.equal(existsSync(join(c.chainDataDir, '.lock')), false);
    assert.equal(existsSync(c.pidFile), false);
  });
});
