import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../src/atomic-file.js';
import { PidFile } from '../src/pid-file.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pid-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('PidFile', () => {
  it('writes "<pid>\\n" and removes it', () => {
    const path = join(dir, 'ocean-daemon.pid');
    const f = PidFile.create(path, 1234);
    assert.equal(readFileSync(path, 'utf8'), '1234\n');
    assert.equal(PidFile.read(path), 1234);
    f.remove();
    f.remove();
    assert.equal(existsSync(path), false);
    assert.equal(PidFile.read(path), undefined);
  });
  it('does not remove a pid file another process rewrote', () => {
    const path = join(dir, 'other.pid');
    const f = PidFile.create(path, 1);
    writeFileSync(path, '2\n');
    f.remove();
    assert.equal(PidFile.read(path), 2);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file with the given mode and leaves no temporary file', () => {
    const path = join(dir, 'secret');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new', 0o600);
    assert.equal(readFileSync(path, 'utf8'), 'new');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.tmp-')), []);
  });
  it('cleans up and throws when the target cannot be written', () => {
    assert.throws(() => writeFileAtomic(join(dir, 'no-such-dir', 'x'), 'y'));
  });
});
