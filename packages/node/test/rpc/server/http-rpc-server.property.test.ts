import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import fc from 'fast-check';
import { parseJson, JsonObject } from '@ocean-ts/core';
import { call, post, startServer } from './support.js';

/**
 * Whatever bytes arrive as a body, the server answers (it never crashes or hangs) and the answer
 * is either a JSON-RPC reply — `application/json`, parseable, an error for single requests and
 * 200 only for a success or a batch — or a 4xx/5xx status.
 */
test('arbitrary request bodies always get a JSON error reply or a 4xx/5xx status', async (t) => {
  const srv = await startServer({ server: { maxBodySize: 4096 } });
  t.after(() => srv.close());
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  t.after(() => agent.destroy());

  const methods = fc.constantFrom('getblockcount', 'echo', 'help', 'uptime', 'nosuch', 'throwplain', 'throwrpc', '');
  const request = fc.record(
    { method: fc.oneof(methods, fc.jsonValue()), params: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()), id: fc.jsonValue() },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.uint8Array({ minLength: 4000, maxLength: 5000 }),
    fc.string({ unit: 'binary' }).map((s) => Buffer.from(s, 'utf8')),
    fc.json().map((s) => Buffer.from(s, 'utf8')),
    request.map((r) => Buffer.from(JSON.stringify(r), 'utf8')),
    fc.array(request, { maxLength: 4 }).map((r) => Buffer.from(JSON.stringify(r), 'utf8')),
  );

  await fc.assert(
    fc.asyncProperty(body, async (bytes) => {
      const r = await post(srv.port, bytes, { agent });
      if (r.headers['content-type'] !== 'application/json') {
        assert.ok(r.status >= 400 && r.status < 600, `status ${r.status}`);
        return;
      }
      assert.ok(r.body.endsWith('\n'));
      const reply = parseJson(r.body);
      if (reply instanceof JsonObject) {
        assert.deepEqual(reply.keys, ['result', 'error', 'id']);
        if (r.status === 200) assert.equal(reply.get('error'), null);
        else {
          assert.ok([400, 404, 500].includes(r.status));
          assert.ok(reply.get('error') instanceof JsonObject);
        }
      } else {
        assert.equal(r.status, 200);
        assert.ok(Array.isArray(reply));
        for (const element of reply as readonly unknown[]) {
          assert.ok(element instanceof JsonObject);
          assert.deepEqual(element.keys, ['result', 'error', 'id']);
        }
      }
    }),
    { numRuns: 300 },
  );
  // still serving
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});
