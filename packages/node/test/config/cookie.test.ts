import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthCookie, COOKIE_USER } from '../../src/config/cookie.js';
import { RpcCredentials } from '../../src/config/rpcauth.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cookie-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('AuthCookie', () => {
  it('writes __cookie__:<64 hex> owner-only, and deletes it', () => {
    const path = join(dir, '.cookie');
    const cookie = AuthCookie.create(path);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^__cookie__:[0-9a-f]{64}$/);
    assert.equal(text, cookie.credential);
    assert.equal(cookie.user, COOKIE_USER);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['.cookie'], 'no temporary file left behind');
    assert.deepEqual(AuthCookie.read(path), { user: '__cookie__', password: cookie.password });
    const creds = RpcCredentials.fromSettings({ user: '', password: undefined, auth: [] }, cookie);
    assert.equal(creds.check('__cookie__', cookie.password), true);
    cookie.remove();
    cookie.remove();
    assert.equal(existsSync(path), false);
    assert.equal(AuthCookie.read(path), undefined);
  });

  it('uses the injected randomness and replaces an old cookie', () => {
    const path = join(dir, 'c2');
    AuthCookie.create(path, (n) => new Uint8Array(n).fill(1));
    const c = AuthCookie.create(path, (n) => new Uint8Array(n).fill(0xab));
    assert.equal(readFileSync(path, 'utf8'), `__cookie__:${'ab'.repeat(32)}`);
    c.remove();
  });

  it('a fresh cookie differs each start', () => {
    const a = AuthCookie.create(join(dir, 'a'));
    const b = AuthCookie.create(join(dir, 'b'));
    assert.notEqual(a.password, b.password);
    a.remove();
    b.remove();
  });
});
