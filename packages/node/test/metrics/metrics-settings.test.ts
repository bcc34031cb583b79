// `-metrics=<[host:]port>` (ADR 0019): parsing, defaults, errors, help.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { helpText } from '../../src/config/help-text.js';
import { DEFAULT_METRICS_HOST, parseMetricsEndpoint } from '../../src/config/metrics-settings.js';
import { loadNodeConfig, type NodeConfig } from '../../src/config/node-config.js';

let root: string;
let seq = 0;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'metrics-settings-test-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function load(args: string[], conf?: string): NodeConfig {
  const dir = join(root, `d${seq++}`);
  mkdirSync(dir);
  if (conf !== undefined) writeFileSync(join(dir, 'ocean.conf'), conf);
  const r = loadNodeConfig({ argv: ['-regtest', `-datadir=${dir}`, ...args], homeDir: join(root, 'home'), cwd: root });
  assert.equal(r.kind, 'run');
  return (r as { config: NodeConfig }).config;
}

function refused(value: string): void {
  assert.throws(
    () => load([`-metrics=${value}`]),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.option, 'metrics');
      assert.ok(e.message.startsWith(`Error: Invalid -metrics=${value}: expected <port> or <host>:<port>`), e.message);
      return true;
    },
    value,
  );
}

describe('-metrics', () => {
  it('is off by default, with -nometrics and with -metrics=0', () => {
    assert.equal(load([]).metrics.endpoint, undefined);
    assert.equal(load(['-nometrics']).metrics.endpoint, undefined);
    assert.equal(load(['-metrics=0']).metrics.endpoint, undefined);
    assert.equal(load(['-metrics=9441', '-nometrics']).metrics.endpoint, undefined, 'the last one wins');
  });

  it('a port alone binds 127.0.0.1; a host binds that address', () => {
    assert.equal(DEFAULT_METRICS_HOST, '127.0.0.1');
    assert.deepEqual(load(['-metrics=9441']).metrics.endpoint, { host: '127.0.0.1', port: 9441 });
    assert.deepEqual(load(['-metrics=:9442']).metrics.endpoint, { host: '127.0.0.1', port: 9442 });
    assert.deepEqual(load(['-metrics=0.0.0.0:9443']).metrics.endpoint, { host: '0.0.0.0', port: 9443 });
    assert.deepEqual(load(['-metrics=[::1]:9444']).metrics.endpoint, { host: '::1', port: 9444 });
    assert.deepEqual(load(['-metrics=[::]:9445']).metrics.endpoint, { host: '::', port: 9445 });
    assert.deepEqual(load(['-metrics=localhost:9446']).metrics.endpoint, { host: 'localhost', port: 9446 });
    assert.deepEqual(parseMetricsEndpoint('65535'), { host: '127.0.0.1', port: 65535 });
  });

  it('is read from ocean.conf; the command line wins', () => {
    assert.deepEqual(load([], 'metrics=10.1.2.3:9100\n').metrics.endpoint, { host: '10.1.2.3', port: 9100 });
    assert.deepEqual(load(['-metrics=9200'], 'metrics=9100\n').metrics.endpoint, { host: '127.0.0.1', port: 9200 });
  });

  it('refuses malformed values with a message naming the accepted forms', () => {
    for (const v of ['', 'abc', '65536', '99999999999999999999', '-5', '1.5', '127.0.0.1', '127.0.0.1:', '127.0.0.1:0', '127.0.0.1:70000', '::1:9441', '[::1]', '[127.0.0.1]:9441', '[::1]:x', 'example.com:9441', '999.1.1.1:9441', 'tcp://127.0.0.1:9441', ' 9441', '9441 ']) {
      refused(v);
    }
  });

  it('is a known option (no "not recognised") and is described by -help as an extension', () => {
    const help = helpText({ version: '0.1.0' });
    assert.match(help, /^ {2}-metrics=<\[host:\]port>\n {7}ocean-ts extension \(not in the original\): serve Prometheus metrics at\n {7}GET \/metrics/m);
    assert.doesNotThrow(() => load(['-metrics=9441']));
  });
});
