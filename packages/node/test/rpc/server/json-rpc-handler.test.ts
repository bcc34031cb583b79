import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonObject } from '@ocean-ts/core';
import { JsonRpcHandler, type RpcRequestMeta } from '../../../src/rpc/server/json-rpc-handler.js';
import { MethodTable } from '../../../src/rpc/server/method-table.js';
import { RpcError } from '../../../src/rpc/server/rpc-error.js';
import type { RpcCallContext } from '../../../src/rpc/server/rpc-method.js';
import { Gate, errorBody, resultBody, testMethods } from './support.js';

const meta: RpcRequestMeta = { authUser: 'alice', uri: '/', peer: '127.0.0.1', signal: new AbortController().signal };

function handler(options: ConstructorParameters<typeof JsonRpcHandler>[1] = { warmupStatus: null }): JsonRpcHandler {
  return new JsonRpcHandler(new MethodTable().registerAll(testMethods(new Gate())), options);
}

async function run(h: JsonRpcHandler, body: string | Uint8Array): Promise<{ status: number; body: string }> {
  return h.handleBody(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, meta);
}

test('a single call: result, Core key order, id echoed, trailing newline, amounts verbatim', async () => {
  const h = handler();
  assert.deepEqual(await run(h, '{"method":"getbalance","id":"x"}'), { status: 200, body: resultBody('5000.00000000', '"x"') });
  assert.deepEqual(await run(h, '{"id":{"a":[1,2.50]},"method":"echo","params":[1e3,"ü"]}'), {
    status: 200,
    body: resultBody('[1e3,"ü"]', '{"a":[1,2.50]}'),
  });
});

test('id: absent → null, null echoed; the first of duplicate keys is used', async () => {
  const h = handler();
  assert.equal((await run(h, '{"method":"getblockcount"}')).body, resultBody('101', 'null'));
  assert.equal((await run(h, '{"method":"getblockcount","id":null}')).body, resultBody('101', 'null'));
  assert.equal((await run(h, '{"method":"getblockcount","id":1,"id":2}')).body, resultBody('101', '1'));
});

test('request validation: Missing method, Method must be a string, Params must be an array or object', async () => {
  const h = handler();
  assert.deepEqual(await run(h, '{"id":7}'), { status: 400, body: errorBody(-32600, 'Missing method', '7') });
  assert.deepEqual(await run(h, '{"method":null,"id":7}'), { status: 400, body: errorBody(-32600, 'Missing method', '7') });
  assert.deepEqual(await run(h, '{"method":5,"id":7}'), { status: 400, body: errorBody(-32600, 'Method must be a string', '7') });
  for (const p of ['"x"', '1', 'true']) {
    assert.deepEqual(await run(h, `{"method":"echo","params":${p},"id":7}`), { status: 400, body: errorBody(-32600, 'Params must be an array or object', '7') });
  }
  assert.equal((await run(h, '{"method":"echo","params":null,"id":7}')).body, resultBody('[]', '7'));
});

test('parse errors: malformed JSON, not UTF-8, a BOM, empty body; top level not object/array', async () => {
  const h = handler();
  const parseError = { status: 500, body: errorBody(-32700, 'Parse error') };
  assert.deepEqual(await run(h, '{"method":'), parseError);
  assert.deepEqual(await run(h, ''), parseError);
  assert.deepEqual(await run(h, new Uint8Array([0x7b, 0xff, 0x7d])), parseError);
  assert.deepEqual(await run(h, '\ufeff{"method":"getblockcount"}'), parseError);
  assert.deepEqual(await run(h, '{"method":"getblockcount"} x'), parseError);
  for (const top of ['1', '"getblockcount"', 'null', 'true']) {
    assert.deepEqual(await run(h, top), { status: 500, body: errorBody(-32700, 'Top-level object parse error') });
  }
});

test('method not found → 404 / -32601; handler errors: RpcError keeps its code, Error → -1', async () => {
  const h = handler();
  assert.deepEqual(await run(h, '{"method":"nosuch","id":1}'), { status: 404, body: errorBody(-32601, 'Method not found', '1') });
  assert.deepEqual(await run(h, '{"method":"throwrpc","id":1}'), { status: 500, body: errorBody(-5, 'Invalid Bitcoin address', '1') });
  assert.deepEqual(await run(h, '{"method":"throwplain","params":["disk on fire"],"id":1}'), { status: 500, body: errorBody(-1, 'disk on fire', '1') });
});

test('parameter count out of bounds → -1 with the usage text', async () => {
  const h = handler();
  const help = h.table.get('getblockcount')!.help;
  assert.deepEqual(await run(h, '{"method":"getblockcount","params":[1],"id":1}'), { status: 500, body: errorBody(-1, help, '1') });
});

test('named parameters; unknown name → -8; a method without names refuses them', async () => {
  const h = handler();
  assert.equal((await run(h, '{"method":"echo","params":{"arg2":"c","arg0":"a"},"id":1}')).body, resultBody('["a",null,"c"]'));
  assert.deepEqual(await run(h, '{"method":"echo","params":{"arg10":1},"id":1}'), { status: 500, body: errorBody(-8, 'Unknown named parameter arg10', '1') });
  assert.deepEqual(await run(h, '{"method":"getblockcount","params":{"x":1},"id":1}'), { status: 500, body: errorBody(-8, 'Unknown named parameter x', '1') });
  assert.equal((await run(h, '{"method":"getblockcount","params":{},"id":1}')).body, resultBody('101'));
});

test('batch: each element independent and in order, always 200; empty batch → []', async () => {
  const h = handler();
  const reply = await run(
    h,
    '[{"method":"getblockcount","id":1},{"method":"nosuch","id":2},5,{"method":3,"id":4},{"method":"throwplain","id":5},[],{"method":"getbalance","id":6}]',
  );
  assert.equal(reply.status, 200);
  assert.equal(
    reply.body,
    '[' +
      [
        '{"result":101,"error":null,"id":1}',
        '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":2}',
        '{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null}',
        '{"result":null,"error":{"code":-32600,"message":"Method must be a string"},"id":4}',
        '{"result":null,"error":{"code":-1,"message":"boom"},"id":5}',
        '{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null}',
        '{"result":5000.00000000,"error":null,"id":6}',
      ].join(',') +
      ']\n',
  );
  assert.deepEqual(await run(h, '[]'), { status: 200, body: '[]\n' });
});

test('warm-up: by default the handler starts in warm-up; every call (even unknown) gets -28 with the status', async () => {
  const h = handler({});
  assert.equal(h.warmupStatus, 'RPC server started');
  assert.deepEqual(await run(h, '{"method":"getblockcount","id":1}'), { status: 500, body: errorBody(-28, 'RPC server started', '1') });
  h.setWarmupStatus('Loading block index...');
  assert.deepEqual(await run(h, '{"method":"nosuch","id":1}'), { status: 500, body: errorBody(-28, 'Loading block index...', '1') });
  assert.equal((await run(h, '[{"method":"help","id":1}]')).body, '[{"result":null,"error":{"code":-28,"message":"Loading block index..."},"id":1}]\n');
  // request validation still comes first, as in Core
  assert.equal((await run(h, '{"method":1,"id":1}')).status, 400);
  h.setWarmupFinished();
  assert.equal(h.warmupStatus, null);
  assert.equal((await run(h, '{"method":"getblockcount","id":1}')).body, resultBody('101'));
});

test('safe mode: methods not marked okSafeMode get -2 "Safe mode: <warning>"; lookup comes first', async () => {
  let warning = 'Warning: chain fork detected';
  const h = handler({ warmupStatus: null, safeModeWarning: () => warning });
  assert.deepEqual(await run(h, '{"method":"getbalance","id":1}'), { status: 500, body: errorBody(-2, 'Safe mode: Warning: chain fork detected', '1') });
  assert.equal((await run(h, '{"method":"getblockcount","id":1}')).body, resultBody('101'));
  assert.equal((await run(h, '{"method":"nosuch","id":1}')).status, 404);
  warning = '';
  assert.equal((await run(h, '{"method":"getbalance","id":1}')).body, resultBody('5000.00000000'));
});

test('execute(): the in-process entry point; the handler sees the call context', async () => {
  let seen: RpcCallContext | undefined;
  const table = new MethodTable().register({
    name: 'whoami',
    category: 'util',
    argNames: ['a'],
    okSafeMode: true,
    help: 'whoami',
    handler: (_params, ctx) => {
      seen = ctx;
      return ctx.authUser;
    },
  });
  const h = new JsonRpcHandler(table, { warmupStatus: null });
  assert.equal(await h.execute('whoami', new JsonObject(), meta), 'alice');
  assert.equal(seen?.method, 'whoami');
  assert.equal(seen?.peer, '127.0.0.1');
  await assert.rejects(h.execute('nosuch', [], meta), (e: unknown) => e instanceof RpcError && e.code === -32601);
  // non-Error throws become -1 with their text
  table.register({ name: 'throwstring', category: 'util', argNames: [], okSafeMode: true, help: 'x', handler: () => { throw 'plain string'; } });
  await assert.rejects(h.execute('throwstring', [], meta), { code: -1, message: 'plain string' });
});
