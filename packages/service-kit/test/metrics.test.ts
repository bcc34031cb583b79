import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { MetricsHttpServer } from '../src/metrics/metrics-http-server.js';
import { MetricsRegistry } from '../src/metrics/metrics-registry.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function http(port: number, method: string, path: string, host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const q = request({ host, port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    q.on('error', reject);
    q.end();
  });
}

/** The value of an unlabelled sample in a text exposition. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('MetricsRegistry', () => {
  it('gauges read their source at each scrape and keep the last value when it has none', async () => {
    const r = new MetricsRegistry();
    let v: number | undefined = 3;
    r.gauge({ name: 'test_height', help: 'h', read: () => v });
    assert.equal(sample(await r.metrics(), 'test_height'), 3);
    v = 7;
    assert.equal(sample(await r.metrics(), 'test_height'), 7);
    v = undefined;
    assert.equal(sample(await r.metrics(), 'test_height'), 7);
    const text = await r.metrics();
    assert.match(text, /^# HELP test_height h$/m);
    assert.match(text, /^# TYPE test_height gauge$/m);
  });

  it('set/inc/dec gauges, counters and histograms with labels', async () => {
    const r = new MetricsRegistry();
    const g = r.gauge({ name: 'test_inflight', help: 'g' });
    g.inc();
    g.inc();
    g.dec();
    const c = r.counter({ name: 'test_total', help: 'c', labelNames: ['kind'] });
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' }, 2);
    const h = r.histogram({ name: 'test_seconds', help: 'h', labelNames: ['m'], buckets: [0.1, 1] });
    h.observe(0.05, { m: 'x' });
    h.observe(0.5, { m: 'x' });
    h.observe(5, { m: 'x' });
    const text = await r.metrics();
    assert.equal(sample(text, 'test_inflight'), 1);
    assert.match(text, /^test_total\{kind="a"\} 3$/m);
    assert.match(text, /^test_seconds_bucket\{le="0.1",m="x"\} 1$/m);
    assert.match(text, /^test_seconds_bucket\{le="1",m="x"\} 2$/m);
    assert.match(text, /^test_seconds_bucket\{le="\+Inf",m="x"\} 3$/m);
    assert.match(text, /^test_seconds_count\{m="x"\} 3$/m);
    assert.match(text, /^test_seconds_sum\{m="x"\} 5.55$/m);
  });

  it('registries are independent; default metrics are opt-in and added once', async () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    a.gauge({ name: 'same_name', help: 'a' });
    b.gauge({ name: 'same_name', help: 'b' });
    assert.throws(() => a.gauge({ name: 'same_name', help: 'again' }));
    assert.doesNotMatch(await a.metrics(), /process_cpu_seconds_total/);
    a.collectDefaultMetrics();
    a.collectDefaultMetrics();
    const text = await a.metrics();
    assert.match(text, /^process_cpu_seconds_total \d/m);
    assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
    assert.doesNotMatch(await b.metrics(), /process_cpu_seconds_total/);
    assert.equal(a.contentType, 'text/plain; version=0.0.4; charset=utf-8');
  });
});

describe('MetricsHttpServer', () => {
  async function start(): Promise<{ server: MetricsHttpServer; port: number; registry: MetricsRegistry; value: { v: number } }> {
    const registry = new MetricsRegistry();
    const value = { v: 42 };
    registry.gauge({ name: 'test_value', help: 'v', read: () => value.v });
    const server = new MetricsHttpServer({ registry });
    const a = await server.listen({ host: '127.0.0.1', port: 0 });
    return { server, port: a.port, registry, value };
  }

  it('GET /metrics answers the exposition with prom-client\'s content type; values are current', async (t) => {
    const { server, port, value } = await start();
    t.after(() => server.close());
    const r = await http(port, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(sample(r.body, 'test_value'), 42);
    value.v = 43;
    assert.equal(sample((await http(port, 'GET', '/metrics?x=1')).body, 'test_value'), 43);
    const head = await http(port, 'HEAD', '/metrics');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);
  });

  it('other paths are 404, other methods on /metrics 405 with Allow', async (t) => {
    const { server, port } = await start();
    t.after(() => server.close());
    for (const path of ['/', '/metrics/', '/metricsx', '/Metrics', '/rest/chaininfo.json']) {
      assert.equal((await http(port, 'GET', path)).status, 404, path);
    }
    assert.equal((await http(port, 'POST', '/other')).status, 404);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const r = await http(port, method, '/metrics');
      assert.equal(r.status, 405, method);
      assert.equal(r.headers['allow'], 'GET, HEAD');
    }
  });

  it('a failing collector gives 500 and the server keeps serving', async (t) => {
    const registry = new MetricsRegistry();
    let fail = true;
    registry.gauge({
      name: 'test_flaky',
      help: 'f',
      read: () => {
        if (fail) throw new Error('source broke');
        return 1;
      },
    });
    const warnings: string[] = [];
    const server = new MetricsHttpServer({ registry, logger: { warn: (m) => warnings.push(m) } });
    t.after(() => server.close());
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const r = await http(port, 'GET', '/metrics');
    assert.equal(r.status, 500);
    assert.match(r.body, /source broke/);
    assert.equal(warnings.length, 1);
    fail = false;
    assert.equal(sample((await http(port, 'GET', '/metrics')).body, 'test_flaky'), 1);
  });

  it('a port in use is refused with a message naming the endpoint; close() is idempotent', async (t) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.after(() => blocker.close());
    const port = (blocker.address() as AddressInfo).port;
    const server = new MetricsHttpServer({ registry: new MetricsRegistry() });
    await assert.rejects(server.listen({ host: '127.0.0.1', port }), new RegExp(`^Error: Unable to bind the metrics endpoint on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    await server.close();
    await server.close();
    const v6 = new MetricsHttpServer({ registry: new MetricsRegistry() });
    await assert.rejects(v6.listen({ host: '::ffff:1.2.3.4', port: 1 }), /on \[::ffff:1\.2\.3\.4\]:1: /);
  });

  it('after close() the port no longer answers', async () => {
    const { server, port } = await start();
    assert.equal((await http(port, 'GET', '/metrics')).status, 200);
    await server.close();
    await assert.rejects(http(port, 'GET', '/metrics'), /ECONNREFUSED/);
    assert.equal(server.address, undefined);
  });
});
