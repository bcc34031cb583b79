import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DebugCategories } from '../../src/config/debug-categories.js';
import { splitHostPort } from '../../src/config/host-port.js';
import { formatMoney, parseMoney } from '../../src/config/money.js';
import { addressInSubnets, parseConfigSubnet } from '../../src/config/subnet.js';

describe('parseMoney (ParseMoney)', () => {
  it('accepts plain decimal amounts', () => {
    assert.equal(parseMoney('0.00001'), 1000n);
    assert.equal(parseMoney(' 1.5 '), 150_000_000n);
    assert.equal(parseMoney('21000000'), 2_100_000_000_000_000n);
    assert.equal(parseMoney('.1'), 10_000_000n);
    assert.equal(parseMoney(''), 0n);
    assert.equal(parseMoney('0.12345678'), 12_345_678n);
  });
  it('rejects anything else', () => {
    for (const s of ['-1', '1e5', 'abc', '1.2.3', '0.000000001', '12345678901', '1 2', '0.1 -x=1', '+1']) assert.equal(parseMoney(s), undefined, s);
  });
  it('formats with 8 decimals', () => {
    assert.equal(formatMoney(1000n), '0.00001000');
    assert.equal(formatMoney(150_000_000n), '1.50000000');
  });
});

describe('splitHostPort', () => {
  it('splits like the original', () => {
    assert.deepEqual(splitHostPort('127.0.0.1:9000', 1), { host: '127.0.0.1', port: 9000 });
    assert.deepEqual(splitHostPort('127.0.0.1', 1), { host: '127.0.0.1', port: 1 });
    assert.deepEqual(splitHostPort('[::1]:9000', 1), { host: '::1', port: 9000 });
    assert.deepEqual(splitHostPort('[::1]', 1), { host: '::1', port: 1 });
    assert.deepEqual(splitHostPort('::1', 1), { host: '::1', port: 1 });
    assert.deepEqual(splitHostPort('host:0', 5), { host: 'host:0', port: 5 });
    assert.deepEqual(splitHostPort('host:70000', 5), { host: 'host:70000', port: 5 });
  });
});

describe('parseConfigSubnet (-rpcallowip, -whitelist)', () => {
  it('parses single addresses, CIDR and netmask forms', () => {
    const cases: [string, string][] = [
      ['1.2.3.4', '1.2.3.4/32'],
      ['1.2.3.4/24', '1.2.3.0/24'],
      ['1.2.3.4/255.255.0.0', '1.2.0.0/16'],
      ['1.2.3.4/255.0.255.0', '1.0.3.0/255.0.255.0'],
      ['0.0.0.0/0', '0.0.0.0/0'],
      ['::1', '::1/128'],
      ['[::1]', '::1/128'],
      ['fe80::1/64', 'fe80::/64'],
      ['2001:db8::/ffff:ffff::', '2001:db8::/32'],
      ['::ffff:10.1.2.3/24', '10.1.2.0/24'],
    ];
    for (const [text, shown] of cases) assert.equal(parseConfigSubnet(text)?.toString(), shown, text);
  });
  it('rejects invalid specifications', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4/33', '1.2.3.4/-1', '::1/129', 'example.com', '1.2.3.4/ffff::', '::1/255.0.0.0', '1.2.3.4/', '1.2.3.4/x', 'fe80::1%eth0', '::ffff:10.1.2.3/120']) {
      assert.equal(parseConfigSubnet(bad), undefined, bad);
    }
  });
  it("rejects a single address Core's CNetAddr::IsValid refuses (LookupSubNet + IsValid)", () => {
    for (const bad of ['0.0.0.0', '255.255.255.255', '::', '2001:db8::1']) assert.equal(parseConfigSubnet(bad), undefined, bad);
  });
  it('matches addresses, treating IPv4-mapped IPv6 as IPv4', () => {
    const contains = (net: string, address: string) => addressInSubnets([parseConfigSubnet(net)!], address);
    assert.equal(contains('192.168.1.0/24', '192.168.1.77'), true);
    assert.equal(contains('192.168.1.0/24', '::ffff:192.168.1.77'), true);
    assert.equal(contains('192.168.1.0/24', '192.168.2.1'), false);
    assert.equal(contains('192.168.1.0/24', 'garbage'), false);
    assert.equal(contains('127.0.0.0/8', '127.1.2.3'), true);
    assert.equal(contains('::1', '::1'), true);
    assert.equal(contains('::1', '0:0:0:0:0:0:0:1'), true);
    assert.equal(contains('::1', '127.0.0.1'), false);
    assert.equal(contains('0.0.0.0/0', '8.8.8.8'), true);
    assert.equal(contains('0.0.0.0/0', '::2'), false);
    assert.equal(contains('0.0.0.0/0', '0.0.0.0'), false, 'CSubNet::Match refuses invalid addresses');
    assert.equal(addressInSubnets([parseConfigSubnet('10.0.0.0/8')!, parseConfigSubnet('::1')!], '::1'), true);
    assert.equal(addressInSubnets([], '127.0.0.1'), false);
  });
});

describe('DebugCategories', () => {
  it('follows -debug / -debug=<cat> / -debug=0', () => {
    assert.equal(DebugCategories.fromValues([]).enabled, false);
    assert.equal(DebugCategories.fromValues(['']).all, true);
    assert.equal(DebugCategories.fromValues(['1']).accepts('net'), true);
    assert.equal(DebugCategories.fromValues(['net', '0']).enabled, false);
    const some = DebugCategories.fromValues(['net', 'zmq']);
    assert.equal(some.accepts('zmq'), true);
    assert.equal(some.accepts('rpc'), false);
    assert.equal(some.accepts(undefined), true);
  });
});
