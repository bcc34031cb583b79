import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { HttpRpcServer } from '../../../src/rpc/server/http-rpc-server.js';
import { isLoopbackAddress, normaliseClientAddress } from '../../../src/rpc/server/client-address.js';
import { parseBasicAuthorization } from '../../../src/rpc/server/authenticator.js';
import { JsonRpcHandler } from '../../../src/rpc/server/json-rpc-handler.js';
import { MethodTable } from '../../../src/rpc/server/method-table.js';
import { GOOD_AUTH, PASSWORD, USER, basicAuth, call, errorBody, post, resultBody, startServer, waitFor } from './support.js';

/** Raw TCP client: send bytes, collect everything the server sends until it closes. */
function rawConnection(port: number, allowHalfOpen = false): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => Buffer.concat(chunks).toString('utf8'), closed };
}

function httpRequestText(body: string, extra = ''): string {
  return `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${GOOD_AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

test('success: 200, Content-Type exactly application/json, Core reply shape, exact amounts', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const r = await post(srv.port, call('getbalance'));
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body, resultBody('5000.00000000'));
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  const echo = await post(srv.port, call('echo', '["💻",1.10,{"b":1,"a":2}]', '"id-ü"'));
  assert.equal(echo.body, resultBody('["💻",1.10,{"b":1,"a":2}]', '"id-ü"'));
});

test('HTTP status per JSON-RPC error of a single request: 400, 404, 500', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const cases: [string, number, string][] = [
    ['{"method":1,"id":3}', 400, errorBody(-32600, 'Method must be a string', '3')],
    ['{"id":3}', 400, errorBody(-32600, 'Missing method', '3')],
    ['{"method":"echo","params":"x","id":3}', 400, errorBody(-32600, 'Params must be an array or object', '3')],
    [call('nosuch', '[]', '3'), 404, errorBody(-32601, 'Method not found', '3')],
    [call('throwplain', '["bad thing"]', '3'), 500, errorBody(-1, 'bad thing', '3')],
    [call('throwrpc', '[]', '3'), 500, errorBody(-5, 'Invalid Bitcoin address', '3')],
    [call('echo', '{"nope":1}', '3'), 500, errorBody(-8, 'Unknown named parameter nope', '3')],
    ['{"method":', 500, errorBody(-32700, 'Parse error')],
    ['not json at all', 500, errorBody(-32700, 'Parse error')],
    ['', 500, errorBody(-32700, 'Parse error')],
    ['42', 500, errorBody(-32700, 'Top-level object parse error')],
    ['"getblockcount"', 500, errorBody(-32700, 'Top-level object parse error')],
  ];
  for (const [body, status, reply] of cases) {
    const r = await post(srv.port, body);
    assert.equal(r.status, status, body);
    assert.equal(r.headers['content-type'], 'application/json', body);
    assert.equal(r.body, reply, body);
  }
  const notUtf8 = await post(srv.port, new Uint8Array([0x7b, 0x22, 0x6d, 0xc3, 0x28, 0x22, 0x7d]));
  assert.equal(notUtf8.status, 500);
  assert.equal(notUtf8.body, errorBody(-32700, 'Parse error'));
});

test('batch over HTTP: good and bad requests mixed, results in order, always 200', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const r = await post(srv.port, `[${call('getblockcount', '[]', '1')},${call('nosuch', '[]', '2')},"junk",{"method":[],"id":4},${call('echo', '{"arg1":"b"}', '5')}]`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(
    r.body,
    '[{"result":101,"error":null,"id":1},' +
      '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":2},' +
      '{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null},' +
      '{"result":null,"error":{"code":-32600,"message":"Method must be a string"},"id":4},' +
      '{"result":[null,"b"],"error":null,"id":5}]\n',
  );
  const empty = await post(srv.port, '[]');
  assert.deepEqual([empty.status, empty.body], [200, '[]\n']);
  const allBad = await post(srv.port, `[${call('nosuch')}]`);
  assert.equal(allBad.status, 200);
});

test('named parameters over HTTP (the Python client sends params as an object)', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  assert.equal((await post(srv.port, call('echo', '{"arg3":true,"arg0":"x"}'))).body, resultBody('["x",null,null,true]'));
  assert.equal((await post(srv.port, call('help', '{"command":"stop"}'))).status, 200);
  assert.equal((await post(srv.port, call('uptime', '{"x":1}'))).body, errorBody(-8, 'Unknown named parameter x', '1'));
});

test('auth: missing or wrong credentials → 401 with WWW-Authenticate and an empty body', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const bad = [
    null,
    basicAuth(USER, 'wrong'),
    basicAuth('rpcuser', PASSWORD),
    basicAuth(USER, PASSWORD + ' '),
    `basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
    `Bearer ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
    `Basic ${Buffer.from(`${USER}${PASSWORD}`).toString('base64')}`,
    // the same characters sent as Latin-1 / UTF-16 bytes are not the UTF-8 credentials
    `Basic ${Buffer.from(`${USER}:${PASSWORD}`, 'latin1').toString('base64')}`,
    `Basic ${Buffer.from(`${USER}:${PASSWORD}`, 'utf16le').toString('base64')}`,
    'Basic',
    '',
  ];
  for (const auth of bad) {
    const r = await post(srv.port, call('getblockcount'), { auth });
    assert.equal(r.status, 401, String(auth));
    assert.equal(r.headers['www-authenticate'], 'Basic realm="jsonrpc"');
    assert.equal(r.body, '');
  }
});

test('auth: non-ASCII UTF-8 credentials succeed; the password may contain ":"; surrounding whitespace is trimmed', async (t) => {
  const srv = await startServer({
    server: { authenticator: { check: (u, p) => (u === USER && p === PASSWORD) || (u === 'ü' && p === 'a:b:🔑') } },
  });
  t.after(() => srv.close());
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
  assert.equal((await post(srv.port, call('getblockcount'), { auth: basicAuth('ü', 'a:b:🔑') })).status, 200);
  assert.equal((await post(srv.port, call('getblockcount'), { auth: `Basic   ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}  ` })).status, 200);
  assert.deepEqual(parseBasicAuthorization(basicAuth('a', 'b:c')), { user: 'a', password: 'b:c' });
  assert.equal(parseBasicAuthorization('Basic ' + Buffer.from([0x61, 0x3a, 0xff]).toString('base64')), null);
});

test('auth: a wrong password is answered only after the brute-force delay; a throwing authenticator refuses', async (t) => {
  const srv = await startServer({
    server: {
      authFailureDelayMs: 150,
      authenticator: {
        check: (u) => {
          if (u === 'crash') throw new Error('authenticator bug');
          return false;
        },
      },
    },
  });
  t.after(() => srv.close());
  const start = performance.now();
  const r = await post(srv.port, call('getblockcount'), { auth: basicAuth(USER, 'nope') });
  assert.equal(r.status, 401);
  assert.ok(performance.now() - start >= 140, 'delayed');
  assert.equal((await post(srv.port, call('getblockcount'), { auth: basicAuth('crash', 'x') })).status, 401);
});

test('the authenticated user reaches the handler context', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  srv.table.register({ name: 'whoami', category: 'util', argNames: [], okSafeMode: true, help: 'whoami', handler: (_p, ctx) => `${ctx.authUser}@${ctx.peer}${ctx.uri}` });
  assert.equal((await post(srv.port, call('whoami'))).body, resultBody(JSON.stringify(`${USER}@127.0.0.1/`)));
});

test('-rpcallowip: a refused client gets 403 (before auth); the predicate sees the normalised address', async (t) => {
  const seen: string[] = [];
  const srv = await startServer({ server: { isClientAllowed: (a) => (seen.push(a), false) } });
  t.after(() => srv.close());
  const r = await post(srv.port, call('getblockcount'), { auth: null });
  assert.equal(r.status, 403);
  assert.equal(r.body, '');
  assert.deepEqual(seen, ['127.0.0.1']);
  assert.equal(normaliseClientAddress('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(normaliseClientAddress('::1'), '::1');
  assert.equal(normaliseClientAddress(undefined), '');
  assert.ok(isLoopbackAddress('127.0.0.1') && isLoopbackAddress('127.1.2.3') && isLoopbackAddress('::1'));
  assert.ok(!isLoopbackAddress('10.0.0.1') && !isLoopbackAddress('') && !isLoopbackAddress('::2'));
});

test('routing: only POST to exactly "/"; other methods 405, other paths 404', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const get = await post(srv.port, '', { method: 'GET' });
  assert.deepEqual([get.status, get.body], [405, 'JSONRPC server handles only POST requests']);
  assert.equal((await post(srv.port, call('getblockcount'), { method: 'PUT' })).status, 405);
  const del = await post(srv.port, '', { method: 'DELETE' });
  assert.deepEqual([del.status, del.body], [405, '']);
  assert.equal((await post(srv.port, '', { method: 'OPTIONS' })).status, 405);
  for (const path of ['/wallet/w1', '/?x=1', '//', '/rest/chaininfo.json', '/x']) {
    const r = await post(srv.port, call('getblockcount'), { path });
    assert.deepEqual([r.status, r.body], [404, ''], path);
  }
  assert.equal((await post(srv.port, '', { method: 'GET', path: '/x' })).status, 404);
  // 405 for non-POST comes before authentication, as in Core
  assert.equal((await post(srv.port, '', { method: 'GET', auth: null })).status, 405);
});

test('keep-alive: consecutive requests share one connection, also after a 401 or an error reply', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const sockets = new Set<unknown>();
  const once = (body: string, auth?: string | null) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (auth !== null) headers['Authorization'] = auth ?? GOOD_AUTH;
      const req = request({ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/', agent, headers }, (res) => {
        sockets.add(res.socket);
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  assert.equal(await once(call('getblockcount')), 200);
  assert.equal(await once(call('getblockcount'), basicAuth(USER, 'bad')), 401);
  assert.equal(await once(call('nosuch')), 404);
  assert.equal(await once('[1]'), 200);
  assert.equal(await once(call('getblockcount')), 200);
  assert.equal(sockets.size, 1);
});

test('keep-alive: -rpcallowip and the credentials are checked once per connection; another header is checked in full', async (t) => {
  const checks: string[] = [];
  const allowed: string[] = [];
  const srv = await startServer({
    server: {
      authenticator: { check: (u, p) => (checks.push(`${u}:${p}`), u === USER && p === PASSWORD) },
      isClientAllowed: (a) => (allowed.push(a), true),
    },
  });
  t.after(() => srv.close());
  srv.table.register({ name: 'whoami', category: 'util', argNames: [], okSafeMode: true, help: 'whoami', handler: (_p, ctx) => ctx.authUser });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const keepAlive = (auth: string) => post(srv.port, call('whoami'), { agent, auth });
  for (let i = 0; i < 3; i++) assert.equal((await keepAlive(GOOD_AUTH)).body, resultBody(JSON.stringify(USER)));
  assert.deepEqual(checks, [`${USER}:${PASSWORD}`], 'one check for three requests on one connection');
  assert.deepEqual(allowed, ['127.0.0.1'], 'the client address is checked once per connection');
  // a wrong password on the same connection is checked (and refused) in full
  assert.equal((await keepAlive(basicAuth(USER, 'bad'))).status, 401);
  assert.equal(checks.length, 2);
  // another user with valid-looking credentials is checked in full too, and refused
  assert.equal((await keepAlive(basicAuth('other', PASSWORD))).status, 401);
  assert.equal(checks.length, 3);
  // refused attempts do not replace the header that passed on this connection
  assert.equal((await keepAlive(GOOD_AUTH)).status, 200);
  assert.equal(checks.length, 3);
  // a new connection is checked again
  assert.equal((await post(srv.port, call('whoami'))).status, 200);
  assert.equal(checks.length, 4);
  assert.equal(allowed.length, 2);
});

test('body limit: exactly the limit is read, one byte more → 413 and the server keeps serving', async (t) => {
  const srv = await startServer({ server: { maxBodySize: 1024 } });
  t.after(() => srv.close());
  const base = call('getblockcount');
  const exact = base + ' '.repeat(1024 - base.length);
  assert.equal((await post(srv.port, exact)).status, 200);
  const over = await post(srv.port, exact + ' ');
  assert.equal(over.status, 413);
  assert.equal((await post(srv.port, base)).status, 200);
});

test('huge body (default 32 MiB limit): a declared 64 MiB body is refused with 413 at once, nothing buffered', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const conn = rawConnection(srv.port);
  conn.socket.write(`POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${GOOD_AUTH}\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
  conn.socket.write(Buffer.alloc(1024 * 1024, 0x20));
  await waitFor(() => conn.received().includes('\r\n\r\n'));
  assert.match(conn.received(), /^HTTP\/1\.1 413 /);
  await conn.closed; // the server ends the connection (it never reads the 64 MiB)
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});

test('huge body without Content-Length (chunked, 40 MiB streamed): 413 once past the limit, server still serves', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/', agent: false, headers: { Authorization: GOOD_AUTH, 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 40) {
        sent++;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
  assert.equal(status, 413);
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});

test('huge body sent in full before reading the reply (as Python\'s http.client does): the 413 still arrives', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  // a half-open client keeps writing after the server's FIN, like a blocking socket would
  const conn = rawConnection(srv.port, true);
  const size = 40 * 1024 * 1024;
  conn.socket.write(`POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${GOOD_AUTH}\r\nContent-Length: ${size}\r\n\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < size / chunk.length; i++) {
    if (!conn.socket.write(chunk)) await new Promise((r) => conn.socket.once('drain', r));
  }
  conn.socket.end();
  await conn.closed;
  assert.match(conn.received(), /^HTTP\/1\.1 413 Payload Too Large\r\n/);
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});

test('oversized request headers are refused and the server keeps serving', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const r = await post(srv.port, call('getblockcount'), { headers: { 'X-Big': 'a'.repeat(10_000) } }).catch(() => ({ status: 431 }));
  assert.equal(r.status, 431);
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});

test('-rpcworkqueue: with every handler busy and the queue full, the next request gets "Work queue depth exceeded"', async (t) => {
  const srv = await startServer({ server: { rpcThreads: 1, workQueueDepth: 1 } });
  t.after(() => srv.close());
  t.after(() => srv.gate.open());
  const first = post(srv.port, call('block', '["first"]'));
  await waitFor(() => srv.gate.entered === 1);
  const second = post(srv.port, call('block', '["second"]'));
  await new Promise((r) => setTimeout(r, 50));
  const third = await post(srv.port, call('getblockcount'));
  assert.equal(third.status, 500);
  assert.equal(third.body, 'Work queue depth exceeded');
  assert.notEqual(third.headers['content-type'], 'application/json');
  srv.gate.open();
  assert.equal((await first).body, resultBody('"first"'));
  assert.equal((await second).body, resultBody('"second"'));
  assert.equal(srv.gate.maxRunning, 1);
  assert.equal((await post(srv.port, call('getblockcount'))).status, 200);
});

test('-rpcthreads: at most that many handlers run at once; the rest wait and then complete', async (t) => {
  const srv = await startServer({ server: { rpcThreads: 3, workQueueDepth: 16 } });
  t.after(() => srv.close());
  t.after(() => srv.gate.open());
  const replies = Array.from({ length: 7 }, (_, i) => post(srv.port, call('block', `[${i}]`, String(i))));
  await waitFor(() => srv.gate.entered === 3);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(srv.gate.entered, 3);
  srv.gate.open();
  const done = await Promise.all(replies);
  done.forEach((r, i) => assert.equal(r.body, resultBody(String(i), String(i))));
  assert.equal(srv.gate.maxRunning, 3);
});

test('a client that goes away while its request runs or waits does not disturb the server', async (t) => {
  const srv = await startServer({ server: { rpcThreads: 1, workQueueDepth: 4 } });
  t.after(() => srv.close());
  t.after(() => srv.gate.open());
  const running = rawConnection(srv.port);
  running.socket.write(httpRequestText(call('block', '["gone"]')));
  await waitFor(() => srv.gate.entered === 1);
  const queued = rawConnection(srv.port);
  queued.socket.write(httpRequestText(call('getblockcount')));
  await new Promise((r) => setTimeout(r, 30));
  running.socket.destroy();
  queued.socket.destroy();
  await new Promise((r) => setTimeout(r, 30));
  srv.gate.open();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal((await post(srv.port, call('getblockcount'))).body, resultBody('101'));
});

test('-rpcservertimeout: a stalled request is cut off; an idle keep-alive connection is closed; a slow handler is not', async (t) => {
  const srv = await startServer({ server: { serverTimeoutSeconds: 1 } });
  t.after(() => srv.close());
  const stalled = rawConnection(srv.port);
  stalled.socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
  await stalled.closed;
  assert.match(stalled.received(), /^(HTTP\/1\.1 408 |$)/);

  const idle = rawConnection(srv.port);
  idle.socket.write(httpRequestText(call('getblockcount')));
  await idle.closed;
  assert.match(idle.received(), /^HTTP\/1\.1 200 /);

  const slow = post(srv.port, call('block', '["late"]'));
  await waitFor(() => srv.gate.entered === 1);
  await new Promise((r) => setTimeout(r, 2200));
  srv.gate.open();
  assert.equal((await slow).body, resultBody('"late"'));
});

test('close(): stops accepting, finishes the in-flight request, then resolves', async (t) => {
  const srv = await startServer();
  t.after(() => srv.gate.open());
  t.after(() => srv.close());
  const inflight = post(srv.port, call('block', '["done"]'));
  await waitFor(() => srv.gate.entered === 1);
  let closed = false;
  const closing = srv.close().then(() => (closed = true));
  assert.equal(srv.close(), srv.close(), 'idempotent');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, false);
  await assert.rejects(post(srv.port, call('getblockcount')), { code: 'ECONNREFUSED' });
  srv.gate.open();
  const r = await inflight;
  assert.equal(r.status, 200);
  assert.equal(r.body, resultBody('"done"'));
  assert.equal(r.headers['connection'], 'close');
  await closing;
  assert.equal(closed, true);
  await assert.rejects(srv.server.listen([{ host: '127.0.0.1', port: 0 }]), /closed/);
});

test('close(): a request completing on an open connection while closing gets 503; handlers see the shutdown signal', async (t) => {
  const srv = await startServer();
  t.after(() => srv.gate.open());
  t.after(() => srv.close());
  let aborted = false;
  srv.table.register({
    name: 'longpoll',
    category: 'hidden',
    argNames: [],
    okSafeMode: true,
    help: 'longpoll',
    handler: (_p, ctx) =>
      new Promise((resolve) =>
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve('interrupted');
        }),
      ),
  });
  const poll = post(srv.port, call('longpoll'));
  const inflight = post(srv.port, call('block', '[1]'));
  await waitFor(() => srv.gate.entered === 1);
  const body = call('getblockcount');
  const partial = rawConnection(srv.port);
  partial.socket.write(httpRequestText(body).slice(0, -5));
  await new Promise((r) => setTimeout(r, 50));
  const closing = srv.close();
  partial.socket.write(body.slice(-5));
  await waitFor(() => partial.received().includes('\r\n\r\n'));
  assert.match(partial.received(), /^HTTP\/1\.1 503 /);
  assert.equal((await poll).body, resultBody('"interrupted"'));
  assert.equal(aborted, true);
  srv.gate.open();
  assert.equal((await inflight).status, 200);
  await closing;
});

test('listen on several endpoints; a failed bind is skipped; no endpoint at all → error', async (t) => {
  const blocker = createTcpServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const busyPort = (blocker.address() as { port: number }).port;

  const handler = new JsonRpcHandler(new MethodTable().register({ name: 'getblockcount', category: 'blockchain', argNames: [], okSafeMode: true, help: 'x', handler: () => 'ok' }), { warmupStatus: null });
  const warnings: string[] = [];
  const server = new HttpRpcServer({ handler, authenticator: { check: () => true }, logger: { warn: (m) => warnings.push(m), debug: () => undefined } });
  t.after(() => server.close());
  const bound = await server.listen([
    { host: '127.0.0.1', port: 0 },
    { host: '127.0.0.1', port: busyPort },
    { host: '127.0.0.1', port: 0 },
  ]);
  assert.equal(bound.length, 2);
  assert.deepEqual(server.addresses, bound);
  assert.match(warnings[0] ?? '', new RegExp(`Binding RPC on address 127\\.0\\.0\\.1 port ${busyPort} failed`));
  for (const a of bound) assert.equal((await post(a.port, call('getblockcount'), { auth: basicAuth('a', 'b') })).body, resultBody('"ok"'));

  const other = new HttpRpcServer({ handler, authenticator: { check: () => true } });
  t.after(() => other.close());
  await assert.rejects(other.listen([{ host: '127.0.0.1', port: busyPort }]), /Unable to bind any endpoint for RPC server/);
});

test('warm-up over HTTP: -28 with the status message (HTTP 500), then normal service', async (t) => {
  const srv = await startServer({ handler: { warmupStatus: 'Loading block index...' } });
  t.after(() => srv.close());
  const r = await post(srv.port, call('getblockcount'));
  assert.equal(r.status, 500);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body, errorBody(-28, 'Loading block index...', '1'));
  srv.handler.setWarmupFinished();
  assert.equal((await post(srv.port, call('getblockcount'))).body, resultBody('101'));
});
