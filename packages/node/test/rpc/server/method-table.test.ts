import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MethodTable } from '../../../src/rpc/server/method-table.js';
import type { RpcMethod } from '../../../src/rpc/server/rpc-method.js';

function m(name: string, category: string, help: string): RpcMethod {
  return { name, category, argNames: [], okSafeMode: true, help, handler: () => null };
}

function table(): MethodTable {
  return new MethodTable().registerAll([
    m('stop', 'control', 'stop\n\nStops.'),
    m('getblockcount', 'blockchain', 'getblockcount\n\nHeight.'),
    m('help', 'control', 'help ( "command" )\n\nHelp.'),
    m('getbestblockhash', 'blockchain', 'getbestblockhash\n\nTip.'),
    m('echo', 'hidden', 'echo ...\n\nEchoes.'),
    m('validateaddress', 'util', 'validateaddress "address"\n\nChecks.'),
  ]);
}

test('register refuses a duplicate name; get is exact and prototype-safe', () => {
  const t = table();
  assert.throws(() => t.register(m('stop', 'control', 'x')), /already registered/);
  assert.equal(t.get('stop')?.name, 'stop');
  assert.equal(t.get('Stop'), undefined);
  assert.equal(t.get('constructor'), undefined);
  assert.equal(t.get('__proto__'), undefined);
  assert.throws(() => new MethodTable().register({ ...m('x', 'util', 'x'), minArgs: 2, maxArgs: 1 }), /minArgs/);
});

test('list is sorted by category + name', () => {
  assert.deepEqual(
    table().list().map((x) => x.name),
    ['getbestblockhash', 'getblockcount', 'help', 'stop', 'echo', 'validateaddress'],
  );
});

test('help(""): first lines under capitalised category headings, hidden left out, no final newline', () => {
  assert.equal(
    table().help(''),
    [
      '== Blockchain ==',
      'getbestblockhash',
      'getblockcount',
      '',
      '== Control ==',
      'help ( "command" )',
      'stop',
      '',
      '== Util ==',
      'validateaddress "address"',
    ].join('\n'),
  );
});

test('help(name): the whole text, hidden commands included; unknown command', () => {
  const t = table();
  assert.equal(t.help('stop'), 'stop\n\nStops.');
  assert.equal(t.help('echo'), 'echo ...\n\nEchoes.');
  assert.equal(t.help('nosuch'), 'help: unknown command: nosuch');
});

test('help on an empty table', () => {
  assert.equal(new MethodTable().help(''), 'help: unknown command: ');
});
