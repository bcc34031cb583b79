import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STOP_MESSAGE } from '../../../src/rpc/server/control-methods.js';
import { call, errorBody, post, resultBody, startServer } from './support.js';

test('help: every visible command grouped by category (hidden ones left out)', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const r = await post(srv.port, call('help'));
  assert.equal(r.status, 200);
  const text = JSON.parse(r.body).result as string;
  assert.equal(
    text,
    [
      '== Blockchain ==',
      'getblockcount',
      '',
      '== Control ==',
      'help ( "command" )',
      'stop',
      'uptime',
      '',
      '== Util ==',
      'block ( tag )',
      'throwplain "message"',
      'throwrpc',
      '',
      '== Wallet ==',
      'getbalance',
    ].join('\n'),
  );
  assert.equal(JSON.parse((await post(srv.port, call('help', '[""]'))).body).result, text);
});

test('help <command>: the full usage, hidden commands too; unknown command; bad argument', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const stop = JSON.parse((await post(srv.port, call('help', '["stop"]'))).body).result as string;
  assert.equal(stop, srv.table.get('stop')!.help);
  assert.match(stop, /^stop\n/);
  assert.equal(JSON.parse((await post(srv.port, call('help', '{"command":"echo"}'))).body).result, srv.table.get('echo')!.help);
  assert.equal((await post(srv.port, call('help', '["nosuch"]'))).body, resultBody('"help: unknown command: nosuch"'));
  assert.equal((await post(srv.port, call('help', '[1]'))).body, errorBody(-1, 'JSON value is not a string as expected', '1'));
  assert.equal((await post(srv.port, call('help', '[null]'))).body, errorBody(-1, 'JSON value is not a string as expected', '1'));
  // too many arguments: the usage text as error -1
  const many = await post(srv.port, call('help', '["a","b"]'));
  assert.equal(many.status, 500);
  assert.equal(many.body, errorBody(-1, srv.table.get('help')!.help, '1'));
});

test('stop: calls the shutdown callback once and answers "Ocean server stopping"', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  assert.equal(STOP_MESSAGE, 'Ocean server stopping');
  const r = await post(srv.port, call('stop'));
  assert.equal(r.status, 200);
  assert.equal(r.body, resultBody('"Ocean server stopping"'));
  assert.equal(srv.shutdowns, 1);
  // the ignored legacy `detach` argument is accepted; more is a usage error; no named arguments
  assert.equal((await post(srv.port, call('stop', '[true]'))).status, 200);
  assert.equal((await post(srv.port, call('stop', '[true,1]'))).body, errorBody(-1, srv.table.get('stop')!.help, '1'));
  assert.equal((await post(srv.port, call('stop', '{"detach":true}'))).body, errorBody(-8, 'Unknown named parameter detach', '1'));
  assert.equal(srv.shutdowns, 2);
});

test('stop during warm-up is refused with -28 like every other call', async (t) => {
  const srv = await startServer({ handler: { warmupStatus: 'Verifying blocks...' } });
  t.after(() => srv.close());
  assert.equal((await post(srv.port, call('stop'))).body, errorBody(-28, 'Verifying blocks...', '1'));
  assert.equal(srv.shutdowns, 0);
});

test('stop then close(): the stop reply is delivered and close resolves', async (t) => {
  let closing: Promise<void> | undefined;
  const srv = await startServer();
  t.after(() => srv.close());
  srv.table.register({
    name: 'stopandclose',
    category: 'hidden',
    argNames: [],
    okSafeMode: true,
    help: 'stopandclose',
    handler: () => {
      closing = srv.close();
      return 'Ocean server stopping';
    },
  });
  const r = await post(srv.port, call('stopandclose'));
  assert.equal(r.body, resultBody('"Ocean server stopping"'));
  await closing;
});

test('uptime: whole seconds since start from the injected clock; no arguments', async (t) => {
  let now = 1_700_000_000_500;
  const srv = await startServer({ clock: () => now });
  t.after(() => srv.close());
  assert.equal((await post(srv.port, call('uptime'))).body, resultBody('0'));
  now += 61_700;
  assert.equal((await post(srv.port, call('uptime'))).body, resultBody('62'));
  assert.equal((await post(srv.port, call('uptime', '[1]'))).body, errorBody(-1, srv.table.get('uptime')!.help, '1'));
});
