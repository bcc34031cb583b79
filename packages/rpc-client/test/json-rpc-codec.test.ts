import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, JsonObject, parseJson, writeJson } from '@ocean-ts/core';
import {
  RpcCallError,
  RpcHttpError,
  RpcReplyError,
  callError,
  decodeBatchReply,
  decodeHttpReply,
  decodeReply,
  encodeBatch,
  encodeRequest,
  replyResult,
} from '../src/index.js';

test('encodeRequest: bitcoin-cli body (method, params, id; compact; newline)', () => {
  assert.equal(encodeRequest({ method: 'getblockcount', params: [], id: 1 }), '{"method":"getblockcount","params":[],"id":1}\n');
  const named = new JsonObject([['height', JsonNumber.of(5)]]);
  assert.equal(encodeRequest({ method: 'getblockhash', params: named, id: 7 }), '{"method":"getblockhash","params":{"height":5},"id":7}\n');
  assert.equal(
    encodeRequest({ method: 'echo', params: ['a"b', JsonNumber.parse('0.00000001'), true, null], id: 2 }),
    '{"method":"echo","params":["a\\"b",0.00000001,true,null],"id":2}\n',
  );
  assert.equal(
    encodeBatch([
      { method: 'a', params: [], id: 1 },
      { method: 'b', params: ['x'], id: 2 },
    ]),
    '[{"method":"a","params":[],"id":1},{"method":"b","params":["x"],"id":2}]\n',
  );
});

test('decodeHttpReply: status rules of bitcoin-cli', () => {
  assert.throws(() => decodeHttpReply(401, ''), (e: unknown) => e instanceof RpcHttpError && e.status === 401 && e.message === 'incorrect rpcuser or rpcpassword (authorization failed)');
  assert.throws(() => decodeHttpReply(403, ''), (e: unknown) => e instanceof RpcHttpError && e.message === 'server returned HTTP error 403');
  assert.throws(() => decodeHttpReply(503, '{"result":1}'), { message: 'server returned HTTP error 503' });
  // 400, 404 and 500 carry JSON-RPC bodies
  for (const status of [400, 404, 500]) {
    const v = decodeHttpReply(status, '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}');
    assert.ok(v instanceof JsonObject);
  }
  assert.throws(() => decodeHttpReply(200, ''), (e: unknown) => e instanceof RpcReplyError && e.message === 'no response from server');
  assert.throws(() => decodeHttpReply(500, '<html>'), { message: "couldn't parse reply from server" });
  assert.throws(() => decodeHttpReply(200, '{"a":1} x'), { message: "couldn't parse reply from server" });
});

test('decodeReply: must be a non-empty object', () => {
  assert.throws(() => decodeReply(200, '[1]'), { message: 'JSON value is not an object as expected' });
  assert.throws(() => decodeReply(200, '"x"'), { message: 'JSON value is not an object as expected' });
  assert.throws(() => decodeReply(200, '{}'), { message: 'expected reply to have result, error and id properties' });
  const r = decodeReply(200, '{"result":21000000.00000000,"error":null,"id":1}');
  assert.equal((replyResult(r) as JsonNumber).raw, '21000000.00000000');
});

test('replyResult / callError: exact numbers, error objects', () => {
  const ok = decodeReply(200, '{"result":{"b":1e-8,"a":[0.10]},"error":null,"id":1}');
  assert.equal(writeJson(replyResult(ok)), '{"b":1e-8,"a":[0.10]}');
  assert.equal(replyResult(decodeReply(200, '{"id":1}')), null);
  const bad = decodeReply(500, '{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":1}');
  assert.throws(
    () => replyResult(bad),
    (e: unknown) => e instanceof RpcCallError && e.code === -8 && e.message === 'Block height out of range' && e.error instanceof JsonObject,
  );
  assert.equal(callError(parseJson('"boom"')).code, -1);
  assert.equal(callError(parseJson('{"code":"x","message":"m"}')).message, 'm');
  assert.equal(callError(parseJson('{"code":-28,"message":"Loading block index..."}')).code, -28);
});

test('decodeBatchReply: matches ids in any order, reports per-entry errors', () => {
  const body = '[{"result":null,"error":{"code":-1,"message":"x"},"id":4},{"result":3,"error":null,"id":3}]';
  const entries = decodeBatchReply(200, body, [3, 4]);
  assert.equal(entries.length, 2);
  assert.ok(entries[0]!.ok && (entries[0]!.result as JsonNumber).raw === '3');
  assert.ok(!entries[1]!.ok && entries[1]!.error.code === -1);
  assert.throws(() => decodeBatchReply(200, '[{"result":1,"id":3}]', [3, 4]), { message: 'batch reply has no entry for id 4' });
  assert.throws(() => decodeBatchReply(200, '[{"result":1}]', [1]), { message: 'batch reply entry without a numeric id' });
  assert.throws(() => decodeBatchReply(200, '{"result":1}', [1]), { message: 'batch reply is not an array' });
  assert.throws(() => decodeBatchReply(500, '{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}', [1]), RpcCallError);
});
