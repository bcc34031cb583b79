import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { RpcAuthEntry, RpcCredentials, timingResistantEqual } from '../../src/config/rpcauth.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('RpcAuthEntry', () => {
  it('verifies an entry computed here with node:crypto (HMAC-SHA256 keyed with the salt text)', () => {
    const salt = 'c0ffee';
    const hash = createHmac('sha256', salt).update('s3cret🔑', 'utf8').digest('hex');
    const entry = RpcAuthEntry.parse(`alice:${salt}$${hash}`);
    assert.equal(entry.matches('alice', 's3cret🔑'), true);
    assert.equal(entry.matches('alice', 's3cret'), false);
    assert.equal(entry.matches('bob', 's3cret🔑'), false);
    assert.equal(entry.toString(), `alice:${salt}$${hash}`);
  });

  it("verifies Bitcoin Core's multi_rpc.py vectors", () => {
    const rt = RpcAuthEntry.parse('rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144');
    assert.equal(rt.matches('rt', 'cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM='), true);
    assert.equal(rt.matches('rt', 'cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcN='), false);
    const rt2 = RpcAuthEntry.parse('rt2:f8607b1a88861fac29dfccf9b52ff9f$ff36a0c23c8c62b4846112e50fa888416e94c17bfd4c42f88fd8f55ec6a3137e');
    assert.equal(rt2.matches('rt2', '8/F3uMDw4KSEbw96U3CA1C4X05dkHDN2BPFjTgZW4KI='), true);
    assert.equal(rt2.matches('rt', '8/F3uMDw4KSEbw96U3CA1C4X05dkHDN2BPFjTgZW4KI='), false);
  });

  it('creates entries that verify', () => {
    const e = RpcAuthEntry.create('carol', 'pw', 'abcd');
    assert.equal(RpcAuthEntry.parse(e.toString()).matches('carol', 'pw'), true);
    assert.match(RpcAuthEntry.create('dave', 'x').toString(), /^dave:[0-9a-f]{32}\$[0-9a-f]{64}$/);
  });

  it('rejects malformed entries (the original silently ignores them)', () => {
    for (const bad of ['alice', 'alice:salt', 'alice:salt$', 'alice:salt$xyz', 'a:b:c$' + '0'.repeat(64), 'a:s$' + '0'.repeat(63)]) {
      assert.throws(() => RpcAuthEntry.parse(bad), (e: unknown) => e instanceof ConfigError && e.option === 'rpcauth', bad);
    }
  });
});

describe('RpcCredentials', () => {
  const rt = RpcAuthEntry.parse('rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144');

  it('accepts the rpcuser/rpcpassword pair compared as UTF-8 bytes, and rpcauth users', () => {
    const creds = RpcCredentials.fromSettings({ user: 'rpcuser💻0', password: 'rpcpass🔑0', auth: [rt] });
    assert.equal(creds.check('rpcuser💻0', 'rpcpass🔑0'), true);
    assert.equal(creds.verify(Buffer.from('rpcuser💻0'), Buffer.from('rpcpass🔑0')), true);
    assert.equal(creds.check('rpcuser💻0', 'rpcpass🔑1'), false);
    assert.equal(creds.check('rpcuser', 'rpcpass🔑0'), false);
    assert.equal(creds.check('rt', 'cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM='), true);
  });

  it('checks HTTP Basic headers like the original (case-sensitive scheme, first colon splits)', () => {
    const creds = new RpcCredentials('u:p:with:colons', [rt]);
    assert.deepEqual(creds.checkAuthorization(basic('u', 'p:with:colons')), { authorized: true, user: 'u' });
    assert.deepEqual(creds.checkAuthorization(basic('u', 'wrong')), { authorized: false, user: 'u' });
    assert.deepEqual(creds.checkAuthorization(basic('rt', 'cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=')), { authorized: true, user: 'rt' });
    assert.equal(creds.checkAuthorization(basic('u', 'p:with:colons').replace('Basic', 'basic')).authorized, false);
    assert.equal(creds.checkAuthorization(undefined).authorized, false);
    assert.equal(creds.checkAuthorization(`Basic ${Buffer.from('nocolon').toString('base64')}`).authorized, false);
    assert.equal(creds.checkAuthorization(`Basic   ${Buffer.from('u:p:with:colons').toString('base64')}  `).authorized, true);
  });

  it('uses the cookie when no password is configured', () => {
    const creds = RpcCredentials.fromSettings({ user: 'ignored', password: undefined, auth: [] }, { credential: '__cookie__:abcd' });
    assert.equal(creds.check('__cookie__', 'abcd'), true);
    assert.equal(creds.check('ignored', ''), false);
    assert.throws(() => RpcCredentials.fromSettings({ user: '', password: undefined, auth: [] }));
  });

  it('timingResistantEqual compares bytes', () => {
    assert.equal(timingResistantEqual('a', 'a'), true);
    assert.equal(timingResistantEqual('a', 'ab'), false);
    assert.equal(timingResistantEqual(Buffer.from('é'), 'é'), true);
  });
});
