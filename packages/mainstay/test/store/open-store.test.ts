import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mainstayConfigFromJson } from '../../src/config/index.js';
import { openMainstayStore } from '../../src/store/open-store.js';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { hx, record } from './sample-data.js';

const MAIN = { rpcurl: 'x:1', rpcuser: 'u', rpcpass: 'p', chain: 'regtest' };

test('openMainstayStore: the default db is SQLite, a relative path resolves against baseDir', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mainstay-open-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = mainstayConfigFromJson({ main: MAIN, db: { path: 'data/../state.sqlite' } }, { env: {} });
  const store = await openMainstayStore(config.db, { baseDir: dir });
  t.after(() => store.close());
  assert.ok(store instanceof SqliteMainstayStore);
  assert.equal(store.path, join(dir, 'state.sqlite'));
  await store.saveAttestation(record(hx('o-tx'), hx('o-root')));
  assert.ok(existsSync(join(dir, 'state.sqlite')));

  const mem = await openMainstayStore({ type: 'sqlite', path: ':memory:' }, { baseDir: dir });
  t.after(() => mem.close());
  assert.deepEqual(await mem.attestationsByTxid(hx('o-tx')), []);
});
