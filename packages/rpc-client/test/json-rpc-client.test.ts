import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, JsonObject, parseJson, writeJson } from '@ocean-ts/core';
import {
  HttpTransport,
  JsonRpcClient,
  RpcCallError,
  RpcConnectionError,
  RpcHttpError,
  RpcReplyError,
} from '../src/index.js';
import { closedPort, reply, withServer, type Handler } from './support/http-server.js';

const creds = { user: 'rpcuser💻0', password: 'rpcpass🔑0' };
const expectedAuth = 'Basic ' + Buffer.from('rpcuser💻0:rpcpass🔑0', 'utf8').toString('base64');

/** A minimal JSON-RPC node: getblockcount, echo, a failing method, batches; checks auth. */
const node: Handler = (req, res) => {
  if (req.headers.authorization !== expectedAuth) return reply(res, 401, '', 'text/html');
  const body = parseJson(req.body);
  const one = (r: JsonObject): [number, string] => {
    const id = writeJson(r.get('id') ?? null);
    const method = r.get('method');
    if (method === 'getblockcount') return [200, `{"result":101,"error":null,"id":${id}}`];
    if (method === 'echo') return [200, `{"result":${writeJson(r.get('params') ?? null)},"error":null,"id":${id}}`];
    if (method === 'fail') return [500, `{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":${id}}`];
    return [404, `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":${id}}`];
  };
  if (Array.isArray(body)) {
    const parts = (body as JsonObject[]).map((r) => one(r)[1]).reverse();
    return reply(res, 200, `[${parts.join(',')}]`);
  }
  const [status, text] = one(body as JsonObject);
  reply(res, status, text);
};

test('JsonRpcClient: call, exact numbers, Basic auth with UTF-8, request shape', async () => {
  await withServer(node, async (s) => {
    const client = new JsonRpcClient({ port: s.port, credentials: creds });
    assert.equal(((await client.call('getblockcount')) as JsonNumber).raw, '101');
    const echoed = await client.call('echo', ['x', 1.5, { a: 10n }]);
    assert.equal(writeJson(echoed), '["x",1.5,{"a":10}]');
    const named = await client.call('echo', new JsonObject([['arg0', JsonNumber.parse('0.00000001')]]));
    assert.equal(writeJson(named), '{"arg0":0.00000001}');
    assert.equal(s.seen[0]!.method, 'POST');
    assert.equal(s.seen[0]!.url, '/');
    assert.equal(s.seen[0]!.headers['content-type'], 'application/json');
    assert.equal(s.seen[0]!.body, '{"method":"getblockcount","params":[],"id":1}\n');
    assert.equal(s.seen[1]!.body, '{"method":"echo","params":["x",1.5,{"a":10}],"id":2}\n');
  });
});

test('JsonRpcClient: RPC errors (500 / 404 with JSON bodies) become RpcCallError; request() returns them', async () => {
  await withServer(node, async (s) => {
    const client = new JsonRpcClient({ port: s.port, credentials: creds });
    await assert.rejects(client.call('fail'), (e: unknown) => e instanceof RpcCallError && e.code === -8 && e.message === 'Block height out of range');
    await assert.rejects(client.call('nosuch'), (e: unknown) => e instanceof RpcCallError && e.code === -32601 && e.message === 'Method not found');
    const raw = await client.request('fail');
    assert.equal(writeJson(raw.get('error') ?? null), '{"code":-8,"message":"Block height out of range"}');
  });
});

test('JsonRpcClient: batch in call order even when the server reorders', async () => {
  await withServer(node, async (s) => {
    const client = new JsonRpcClient({ port: s.port, credentials: creds });
    const entries = await client.batch([{ method: 'getblockcount' }, { method: 'fail' }, { method: 'echo', params: [7] }]);
    assert.equal(entries.length, 3);
    assert.ok(entries[0]!.ok && writeJson(entries[0]!.result) === '101');
    assert.ok(!entries[1]!.ok && entries[1]!.error.code === -8);
    assert.ok(entries[2]!.ok && writeJson(entries[2]!.result) === '[7]');
    assert.deepEqual(await client.batch([]), []);
  });
});

test('JsonRpcClient: 401, other HTTP errors, unparsable replies', async () => {
  await withServer(node, async (s) => {
    const wrong = new JsonRpcClient({ port: s.port, credentials: { user: 'u', password: 'bad' } });
    await assert.rejects(wrong.call('getblockcount'), (e: unknown) => e instanceof RpcHttpError && e.status === 401 && e.body === '');
  });
  await withServer(
    (req, res) => (req.body.includes('teapot') ? reply(res, 418, 'no', 'text/plain') : reply(res, 500, 'Internal Server Error', 'text/plain')),
    async (s) => {
      const client = new JsonRpcClient({ port: s.port, credentials: creds });
      await assert.rejects(client.call('teapot'), (e: unknown) => e instanceof RpcHttpError && e.message === 'server returned HTTP error 418');
      await assert.rejects(client.call('x'), (e: unknown) => e instanceof RpcReplyError && e.message === "couldn't parse reply from server" && e.status === 500);
    },
  );
});

test('JsonRpcClient: connection refused, timeout and a dropped connection are RpcConnectionError', async () => {
  const port = await closedPort();
  const refused = new JsonRpcClient({ port, credentials: creds });
  await assert.rejects(
    refused.call('getblockcount'),
    (e: unknown) => e instanceof RpcConnectionError && e.failure === 'refused' && e.systemCode === 'ECONNREFUSED' && e.eventCode === -1,
  );
  await withServer(
    () => {
      /* never answers */
    },
    async (s) => {
      const slow = new JsonRpcClient({ port: s.port, credentials: creds, timeoutMs: 100 });
      await assert.rejects(slow.call('getblockcount'), (e: unknown) => e instanceof RpcConnectionError && e.failure === 'timeout' && e.eventCode === 0);
    },
  );
  await withServer(
    (_req, res) => res.socket?.destroy(),
    async (s) => {
      const dropped = new JsonRpcClient({ port: s.port, credentials: creds });
      await assert.rejects(dropped.call('getblockcount'), (e: unknown) => e instanceof RpcConnectionError && e.failure === 'eof');
    },
  );
});

test('HttpTransport: keep-alive reuses the connection; custom path; IPv6 brackets stripped', async () => {
  await withServer(
    (req, res) => reply(res, 200, `{"result":"${req.url}","error":null,"id":1}`),
    async (s) => {
      const transport = new HttpTransport({ host: '[127.0.0.1]', port: s.port, path: '/wallet/x', keepAlive: true });
      const client = new JsonRpcClient({ port: 0, credentials: creds, transport });
      try {
        assert.equal(await client.call('a'), '/wallet/x');
        assert.equal(await client.call('b'), '/wallet/x');
        assert.equal(s.seen[0]!.headers.connection, 'keep-alive');
      } finally {
        transport.close();
      }
    },
  );
});
