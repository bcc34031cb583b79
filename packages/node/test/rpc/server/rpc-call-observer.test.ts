// The JSON-RPC handler tells an RpcCallObserver about every request object (the metrics hook).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonRpcHandler, type RpcRequestMeta } from '../../../src/rpc/server/json-rpc-handler.js';
import { MethodTable } from '../../../src/rpc/server/method-table.js';
import { RPC_METRICS_INVALID_METHOD, RPC_METRICS_UNKNOWN_METHOD, type RpcCallObserver } from '../../../src/rpc/server/rpc-call-observer.js';
import { Gate, testMethods } from './support.js';

const meta: RpcRequestMeta = { authUser: 'alice', uri: '/', peer: '127.0.0.1', signal: new AbortController().signal };

class Recorder implements RpcCallObserver {
  readonly events: string[] = [];
  inFlight = 0;
  callStarted(method: string): (errorCode: number | null) => void {
    this.inFlight++;
    this.events.push(`start ${method}`);
    return (code) => {
      this.inFlight--;
      this.events.push(`end ${method} ${code === null ? 'ok' : code}`);
    };
  }
}

function setup(warmupStatus: string | null = null): { h: JsonRpcHandler; rec: Recorder; gate: Gate } {
  const rec = new Recorder();
  const gate = new Gate();
  const h = new JsonRpcHandler(new MethodTable().registerAll(testMethods(gate)), { warmupStatus, observer: rec });
  return { h, rec, gate };
}

const run = (h: JsonRpcHandler, body: string) => h.handleBody(Buffer.from(body, 'utf8'), meta);

test('success and handler errors: method name and outcome (error code)', async () => {
  const { h, rec } = setup();
  await run(h, '{"method":"getblockcount","id":1}');
  await run(h, '{"method":"throwrpc","id":1}');
  await run(h, '{"method":"throwplain","params":["x"],"id":1}');
  await run(h, '{"method":"getbalance","params":[1],"id":1}');
  assert.deepEqual(rec.events, [
    'start getblockcount',
    'end getblockcount ok',
    'start throwrpc',
    'end throwrpc -5',
    'start throwplain',
    'end throwplain -1',
    'start getbalance',
    'end getbalance -1',
  ]);
  assert.equal(rec.inFlight, 0);
});

test('labels stay bounded: unregistered names are "(unknown)", unusable requests "(invalid)"', async () => {
  const { h, rec } = setup();
  await run(h, '{"method":"no_such_method_a1b2","id":1}');
  await run(h, '{"id":1}');
  await run(h, '{"method":5,"id":1}');
  await run(h, 'not json');
  await run(h, '"top level string"');
  assert.deepEqual(rec.events, [
    `start ${RPC_METRICS_UNKNOWN_METHOD}`,
    `end ${RPC_METRICS_UNKNOWN_METHOD} -32601`,
    `start ${RPC_METRICS_INVALID_METHOD}`,
    `end ${RPC_METRICS_INVALID_METHOD} -32600`,
    `start ${RPC_METRICS_INVALID_METHOD}`,
    `end ${RPC_METRICS_INVALID_METHOD} -32600`,
    `start ${RPC_METRICS_INVALID_METHOD}`,
    `end ${RPC_METRICS_INVALID_METHOD} -32700`,
    `start ${RPC_METRICS_INVALID_METHOD}`,
    `end ${RPC_METRICS_INVALID_METHOD} -32700`,
  ]);
});

test('a batch counts each element; warm-up errors are observed with -28', async () => {
  const { h, rec } = setup();
  await run(h, '[{"method":"getblockcount","id":1},{"method":"nosuch","id":2},7,{"method":"echo","params":[1],"id":3}]');
  assert.deepEqual(rec.events, [
    'start getblockcount',
    'end getblockcount ok',
    `start ${RPC_METRICS_UNKNOWN_METHOD}`,
    `end ${RPC_METRICS_UNKNOWN_METHOD} -32601`,
    `start ${RPC_METRICS_INVALID_METHOD}`,
    `end ${RPC_METRICS_INVALID_METHOD} -32600`,
    'start echo',
    'end echo ok',
  ]);
  const warm = setup('Loading block index...');
  await run(warm.h, '{"method":"getblockcount","id":1}');
  assert.deepEqual(warm.rec.events, ['start getblockcount', 'end getblockcount -28']);
});

test('a call is in flight from start until its reply; replies are unchanged by the observer', async () => {
  const { h, rec, gate } = setup();
  const pending = run(h, '{"method":"block","params":["t"],"id":1}');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(rec.inFlight, 1);
  assert.deepEqual(rec.events, ['start block']);
  gate.open();
  assert.deepEqual(await pending, { status: 200, body: '{"result":"t","error":null,"id":1}\n' });
  assert.equal(rec.inFlight, 0);
  const plain = new JsonRpcHandler(new MethodTable().registerAll(testMethods(new Gate())), { warmupStatus: null });
  assert.deepEqual(await run(plain, '{"method":"nosuch","id":1}'), await run(h, '{"method":"nosuch","id":1}'));
});
