// Listening: explicit -bind failures are fatal as in Core; the implicit wildcard binds on the chain's
// default port are not (ADR 0039).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { OptionValues } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { OCEAN_MAGIC } from '@ocean-ts/wire';
import { ConfigError } from '../../src/config/config-error.js';
import { OptionReader } from '../../src/config/option-reader.js';
import { readNetSettings } from '../../src/config/net-settings.js';
import { ConnectionManager } from '../../src/net/connection-manager.js';

async function occupiedPort(): Promise<{ port: number; close: () => void }> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ port: 0, host: '::' }, () => r()));
  return { port: (s.address() as { port: number }).port, close: () => s.close() };
}

function manager(args: string[], port: number, defaultPort: number, logger = new RecordingLogger()): ConnectionManager {
  const settings = readNetSettings(new OptionReader(OptionValues.fromSources(['-discover=0', ...args], [])), defaultPort);
  return new ConnectionManager({ settings: { ...settings, port }, magic: OCEAN_MAGIC, defaultPort, clock: () => 0, bestHeight: () => 0, isInitialBlockDownload: () => false, logger });
}

test('the default port taken: the node runs without listening and says so', async (t) => {
  const busy = await occupiedPort();
  t.after(busy.close);
  const logger = new RecordingLogger();
  const m = manager([], busy.port, busy.port, logger);
  await m.start();
  t.after(() => m.stop());
  assert.equal(m.listening, false);
  assert.ok(logger.messages('warn').includes(`Warning: not listening for peers: port ${busy.port} is in use (set -port, -bind or -listen=0)`));
  assert.ok(logger.messages().includes(`Unable to bind to 0.0.0.0:${busy.port} on this computer. Ocean Core is probably already running.`));
});

test('another -port taken, or an explicit -bind taken: start-up fails with the original message', async (t) => {
  const busy = await occupiedPort();
  t.after(busy.close);
  const m = manager([], busy.port, 7042);
  await assert.rejects(m.start(), (e) => e instanceof ConfigError && e.message === `Error: Unable to bind to 0.0.0.0:${busy.port} on this computer. Ocean Core is probably already running.`);
  await m.stop();
  const m2 = manager([`-bind=127.0.0.1:${busy.port}`], busy.port, busy.port);
  await assert.rejects(m2.start(), (e) => e instanceof ConfigError && e.message === `Error: Unable to bind to 127.0.0.1:${busy.port} on this computer. Ocean Core is probably already running.`);
  await m2.stop();
});

test('-listen=0 binds nothing; getnetworkinfo-visible state still works', async (t) => {
  const m = manager(['-listen=0'], 7042, 7042);
  await m.start();
  t.after(() => m.stop());
  assert.equal(m.listening, false);
  assert.deepEqual(m.listenAddresses, []);
  assert.equal(m.connectionCount, 0);
  assert.equal(m.localServices, 9n);
});
