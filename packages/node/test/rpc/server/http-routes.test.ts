// The path-handler hook of HttpRpcServer (Core's RegisterHTTPHandler model), as REST uses it.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { matchRoute, type HttpRoute, type HttpRouteRequest } from '../../../src/rpc/server/http-route.js';
import { call, post, resultBody, startServer, waitFor } from './support.js';

const noop = () => ({ status: 200 });

test('matchRoute: exact vs prefix, first registered wins, the rest of the URI is the path', () => {
  const routes: HttpRoute[] = [
    { prefix: '/', exactMatch: true, handler: noop },
    { prefix: '/rest/block/notxdetails/', exactMatch: false, handler: noop },
    { prefix: '/rest/block/', exactMatch: false, handler: noop },
    { prefix: '/rest/chaininfo', exactMatch: false, handler: noop },
  ];
  assert.equal(matchRoute(routes, '/')?.route, routes[0]);
  assert.equal(matchRoute(routes, '/')?.path, '');
  assert.equal(matchRoute(routes, '/?a=1'), undefined);
  assert.equal(matchRoute(routes, '//'), undefined);
  assert.equal(matchRoute(routes, '/wallet/w1'), undefined);
  const nd = matchRoute(routes, '/rest/block/notxdetails/ab.json');
  assert.deepEqual([nd?.route, nd?.path], [routes[1], 'ab.json']);
  const b = matchRoute(routes, '/rest/block/cd.hex');
  assert.deepEqual([b?.route, b?.path], [routes[2], 'cd.hex']);
  assert.equal(matchRoute(routes, '/rest/chaininfo.json')?.path, '.json');
  assert.equal(matchRoute(routes, '/rest/chaininfoXYZ')?.path, 'XYZ');
  assert.equal(matchRoute(routes, '/rest/blo'), undefined);
  assert.equal(matchRoute(routes, '/REST/block/x'), undefined);
  // registration order decides, not the longest prefix
  const reversed = [routes[2]!, routes[1]!];
  assert.equal(matchRoute(reversed, '/rest/block/notxdetails/ab.json')?.route, routes[2]);
});

test('a registered prefix is served without RPC auth; JSON-RPC on "/" still needs it', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  const seen: HttpRouteRequest[] = [];
  srv.server.registerHandler('/rest/', false, (req) => {
    seen.push(req);
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: `{"path":${JSON.stringify(req.path)}}\n` };
  });
  const r = await post(srv.port, '', { method: 'GET', path: '/rest/chaininfo.json', auth: null });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body, '{"path":"chaininfo.json"}\n');
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.method, 'GET');
  assert.equal(seen[0]!.uri, '/rest/chaininfo.json');
  assert.equal(seen[0]!.peer, '127.0.0.1');
  assert.equal(seen[0]!.headers.authorization, undefined);
  // JSON-RPC: no credentials → 401, good credentials → the reply
  const noAuth = await post(srv.port, call('getblockcount'), { auth: null });
  assert.equal(noAuth.status, 401);
  assert.equal(noAuth.headers['www-authenticate'], 'Basic realm="jsonrpc"');
  assert.equal((await post(srv.port, call('getblockcount'))).body, resultBody('101'));
  // a route does not widen "/": other paths are still 404, with an empty body
  for (const path of ['/rest', '/x', '/?a', '/wallet/w']) {
    const nf = await post(srv.port, call('getblockcount'), { path });
    assert.deepEqual([nf.status, nf.body], [404, ''], path);
  }
});

test('a route gets the method, the body (binary) and its headers back; HEAD has no body', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  srv.server.registerHandler('/echo/', false, (req) => ({
    status: 202,
    headers: { 'Content-Type': 'application/octet-stream', 'X-Method': req.method },
    body: Uint8Array.from([...req.body, 0xff]),
  }));
  for (const method of ['POST', 'PUT']) {
    const r = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const q = request({ host: '127.0.0.1', port: srv.port, method, path: '/echo/x', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      q.on('error', reject);
      q.end(Buffer.from([0, 1, 2, 0x80]));
    });
    assert.equal(r.status, 202);
    assert.equal(r.headers['x-method'], method);
    assert.equal(r.headers['content-length'], '5');
    assert.deepEqual([...r.body], [0, 1, 2, 0x80, 0xff]);
  }
  const head = await post(srv.port, '', { method: 'HEAD', path: '/echo/y', auth: null });
  assert.equal(head.status, 202);
  assert.equal(head.headers['content-length'], '1');
  assert.equal(head.body, '');
});

test('allow-ip (403) and unknown HTTP methods (405) apply to routes before the handler runs', async (t) => {
  let allowed = false;
  const srv = await startServer({ server: { isClientAllowed: () => allowed } });
  t.after(() => srv.close());
  let calls = 0;
  srv.server.registerHandler('/rest/', false, () => (calls++, { status: 200, body: 'ok' }));
  const refused = await post(srv.port, '', { method: 'GET', path: '/rest/x', auth: null });
  assert.deepEqual([refused.status, refused.body], [403, '']);
  allowed = true;
  const del = await post(srv.port, '', { method: 'DELETE', path: '/rest/x', auth: null });
  assert.deepEqual([del.status, del.body], [405, '']);
  assert.equal(calls, 0);
  assert.equal((await post(srv.port, '', { method: 'GET', path: '/rest/x', auth: null })).body, 'ok');
  assert.equal(calls, 1);
});

test('routes share the work queue with JSON-RPC: a full queue refuses them with "Work queue depth exceeded"', async (t) => {
  const srv = await startServer({ server: { rpcThreads: 1, workQueueDepth: 1 } });
  t.after(async () => {
    srv.gate.open();
    await srv.close();
  });
  srv.server.registerHandler('/rest/', false, () => ({ status: 200, body: 'served' }));
  const running = post(srv.port, call('block', '["a"]'));
  await waitFor(() => srv.gate.entered === 1);
  const queued = post(srv.port, '', { method: 'GET', path: '/rest/q', auth: null });
  await new Promise((r) => setTimeout(r, 50));
  const refused = await post(srv.port, '', { method: 'GET', path: '/rest/r', auth: null });
  assert.deepEqual([refused.status, refused.body], [500, 'Work queue depth exceeded']);
  srv.gate.open();
  assert.equal((await running).body, resultBody('"a"'));
  assert.equal((await queued).body, 'served');
});

test('one keep-alive connection can mix JSON-RPC and route requests in any order', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  srv.server.registerHandler('/rest/', false, (req) => ({ status: 200, body: `rest:${req.path}` }));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const ports = new Set<number>();
  const send = (method: string, path: string, body: string, auth: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (auth) headers['Authorization'] = 'Basic ' + Buffer.from('rpcuser💻0:rpcpass🔑0', 'utf8').toString('base64');
      const q = request({ host: '127.0.0.1', port: srv.port, method, path, agent, headers }, (res) => {
        ports.add(res.socket.localPort ?? -1);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      q.on('error', reject);
      q.end(body);
    });
  assert.equal((await send('POST', '/', call('getblockcount'), true)).body, resultBody('101'));
  assert.equal((await send('GET', '/rest/a.json', '', false)).body, 'rest:a.json');
  assert.equal((await send('POST', '/', call('getblockcount'), true)).body, resultBody('101'));
  assert.equal((await send('GET', '/rest/b.hex', '', false)).body, 'rest:b.hex');
  assert.equal((await send('GET', '/nothing', '', false)).status, 404);
  assert.equal((await send('GET', '/rest/c', '', false)).body, 'rest:c');
  assert.equal(ports.size, 1, 'every request used the same connection');
});

test('a pipelined request line split across packets is routed by the full URI', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  srv.server.registerHandler('/rest/', false, (req) => ({ status: 200, body: `rest:${req.path}` }));
  const reply = await new Promise<string>((resolve, reject) => {
    const s = connect(srv.port, '127.0.0.1');
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
    s.write('GET /re');
    setTimeout(() => s.write('st/split HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 30);
  });
  assert.match(reply, /^HTTP\/1\.1 200 /);
  assert.match(reply, /rest:split$/);
});

test('a throwing route gets a 500 and the server keeps serving; unregisterHandler removes a route', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  srv.server.registerHandler('/boom', true, () => {
    throw new Error('kaput');
  });
  srv.server.registerHandler('/async-boom', true, async () => {
    await Promise.resolve();
    throw new Error('kaput');
  });
  for (const path of ['/boom', '/async-boom']) {
    const r = await post(srv.port, '', { method: 'GET', path, auth: null });
    assert.equal(r.status, 500, path);
  }
  assert.equal((await post(srv.port, '', { method: 'GET', path: '/boom/x', auth: null })).status, 404, 'exact match only');
  assert.equal(srv.server.unregisterHandler('/boom', false), false);
  assert.equal(srv.server.unregisterHandler('/boom', true), true);
  assert.equal((await post(srv.port, '', { method: 'GET', path: '/boom', auth: null })).status, 404);
  assert.equal((await post(srv.port, call('getblockcount'))).body, resultBody('101'));
});

test('the JSON-RPC handler itself is a route: unregistering "/" makes it 404', async (t) => {
  const srv = await startServer();
  t.after(() => srv.close());
  assert.equal(srv.server.unregisterHandler('/', true), true);
  const r = await post(srv.port, call('getblockcount'));
  assert.deepEqual([r.status, r.body], [404, '']);
});

test('a route sees the shutdown signal; close() waits for it', async (t) => {
  const srv = await startServer();
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let sawAbort = false;
  srv.server.registerHandler('/slow', true, async (req) => {
    req.signal.addEventListener('abort', () => {
      sawAbort = true;
      release();
    });
    await released;
    return { status: 200, body: 'late' };
  });
  t.after(() => srv.close());
  const pending = post(srv.port, '', { method: 'GET', path: '/slow', auth: null });
  await new Promise((r) => setTimeout(r, 50));
  const closed = srv.close();
  const r = await pending;
  await closed;
  assert.equal(sawAbort, true);
  assert.deepEqual([r.status, r.body], [200, 'late']);
});
