import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresMainstayStore } from '../../src/store/postgres-store.js';
import { SchemaVersionError } from '../../src/store/sql-rows.js';
import { PostgresServer } from '../support/postgres-server.js';
import { mainstayConfigFromJson } from '../../src/config/index.js';
import { openMainstayStore } from '../../src/store/open-store.js';
import { runStoreContract } from './store-contract.js';
import { dbSampleRecords, hx, record } from './sample-data.js';

// One real server for this file; a fresh database per test.
let server: PostgresServer | undefined;
before(async () => {
  server = await PostgresServer.start();
});
after(async () => {
  await server?.stop();
});

function pgServer(): PostgresServer {
  if (!server) throw new Error('the PostgreSQL test server did not start');
  return server;
}

type Defer = (fn: () => Promise<unknown> | void) => void;

/** Cleanups run last-registered first (a database is dropped after the stores on it are closed). */
function lifo(t: { after(fn: () => Promise<void>): void }): Defer {
  const fns: (() => Promise<unknown> | void)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return (fn) => fns.push(fn);
}

async function freshDatabase(defer: Defer): Promise<string> {
  const name = await pgServer().createDatabase();
  defer(() => pgServer().dropDatabase(name));
  return name;
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function openOn(database: string): Promise<PostgresMainstayStore> {
  return PostgresMainstayStore.open({ ...pgServer().connection(database), max: 8 });
}

runStoreContract('PostgresMainstayStore', async () => {
  const database = await pgServer().createDatabase();
  return {
    persistent: true,
    open: () => openOn(database),
    dispose: () => pgServer().dropDatabase(database),
  };
});

test('PostgreSQL: the schema version is recorded; opening twice (also concurrently) is idempotent; a newer version is refused', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  const stores = await Promise.all([openOn(database), openOn(database), openOn(database)]);
  for (const s of stores) await s.close();
  const rows = (await pgServer().admin('SELECT id, version FROM mainstay_schema', database)).rows;
  assert.deepEqual(rows, [{ id: 1, version: 1 }]);
  await pgServer().admin('UPDATE mainstay_schema SET version = 7', database);
  await assert.rejects(openOn(database), (e: unknown) => e instanceof SchemaVersionError && e.found === 7 && /schema version 7 is newer than this program supports \(1\)/.test(e.message) && e.message.includes(database));
});

test('PostgreSQL: an unreachable server gives an error naming the database', async () => {
  const { port } = pgServer();
  await assert.rejects(
    PostgresMainstayStore.open({ ...pgServer().connection('no_such_db'), port, connectionTimeoutMillis: 3_000 }),
    (e: unknown) => e instanceof Error && e.message.startsWith(`cannot open the PostgreSQL database no_such_db at 127.0.0.1:${port}`),
  );
});

test('PostgreSQL: the schema rejects bad rows and every port lookup uses an index', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  await (await openOn(database)).close();
  const client = new pg.Client(pgServer().connection(database));
  await client.connect();
  defer(() => client.end());
  const bad: [string, unknown[]][] = [
    ['INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES ($1, $2, $3)', [hx('r').toUpperCase(), 0, hx('c')]],
    ['INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES ($1, $2, $3)', [hx('r'), -1, hx('c')]],
    ['INSERT INTO attestation_info (txid, blockhash, amount, time) VALUES ($1, $2, $3, $4)', [hx('t'), hx('b'), -5, 1]],
    ['INSERT INTO merkle_proof (merkle_root, client_position, commitment, ops) VALUES ($1, $2, $3, $4)', [hx('r'), 0, hx('c'), '{}']],
    ['INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level) VALUES ($1, $2, $3, $4, $5)', [0, 't', '', 'n', 'gold']],
  ];
  for (const [sql, params] of bad) await assert.rejects(client.query(sql, params), (e: unknown) => (e as { code?: string }).code === '23514', sql);

  await client.query('SET enable_seqscan = off');
  const plans: [string, unknown[]][] = [
    ['SELECT * FROM merkle_proof WHERE merkle_root = $1 AND client_position = $2', [hx('r'), 0]],
    ['SELECT * FROM merkle_proof WHERE commitment = $1 ORDER BY id LIMIT 1', [hx('c')]],
    ['SELECT * FROM merkle_proof WHERE client_position = $1 ORDER BY id DESC LIMIT 10', [1]],
    ['SELECT * FROM merkle_commitment WHERE client_position = $1 AND commitment = $2 ORDER BY id', [1, hx('c')]],
    ['SELECT * FROM merkle_commitment WHERE merkle_root = $1 ORDER BY client_position', [hx('r')]],
    ['SELECT * FROM attestation_info WHERE blockhash = $1 ORDER BY id', [hx('b')]],
    ['SELECT * FROM attestation WHERE merkle_root = $1 ORDER BY id', [hx('r')]],
    ['SELECT * FROM attestation WHERE txid = $1 ORDER BY id', [hx('t')]],
    ['SELECT * FROM attestation WHERE confirmed = true ORDER BY inserted_at DESC, write_seq DESC LIMIT 1', []],
  ];
  for (const [sql, params] of plans) {
    const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /Index/, `${sql}\n${plan}`);
    assert.doesNotMatch(plan, /Seq Scan/, `${sql}\n${plan}`);
  }
});

test('PostgreSQL: data survives a server restart, and an open store reconnects', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  const idleErrors: Error[] = [];
  const store = await PostgresMainstayStore.open({ ...pgServer().connection(database), onIdleError: (e) => idleErrors.push(e) });
  defer(() => store.close());
  const samples = dbSampleRecords();
  for (const r of samples) await store.saveAttestation(r);
  await store.allocateClient({ authToken: 'a', pubkey: '', clientName: 'a' }, true);

  await pgServer().restart();

  // The pool drops the dead connections and opens new ones; a query may need one retry.
  let latest;
  for (let i = 0; ; i++) {
    try {
      latest = await store.latestAttestation(true);
      break;
    } catch (e) {
      if (i >= 3) throw e;
    }
  }
  assert.equal(latest?.txid, samples[9]!.attestation.txid);
  assert.equal((await store.allocateClient({ authToken: 'b', pubkey: '', clientName: 'b' }, true)).clientPosition, 1);
  const other = await openOn(database);
  defer(() => other.close());
  for (const r of samples) assert.deepEqual(await other.merkleCommitments(r.attestation.merkleRoot), r.commitments);
  assert.deepEqual((await other.clientCommitments()).map((c) => c.clientPosition), [0, 1]);
});

test('PostgreSQL: allocateClient retries when another writer takes the chosen slot before it commits', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  const store = await openOn(database);
  defer(() => store.close());
  const other = new pg.Client(pgServer().connection(database));
  await other.connect();
  defer(() => other.end());
  // Another session inserts slot 0 but has not committed: the allocator cannot see it, picks 0,
  // blocks on the unique index, then gets a unique violation when the other session commits.
  await other.query('BEGIN');
  await other.query("INSERT INTO client_details (client_position, auth_token, pubkey, client_name) VALUES (0, 'x', '', 'other')");
  const allocation = store.allocateClient({ authToken: 'mine', pubkey: '', clientName: 'mine' }, true);
  await waitFor(async () => (await pgServer().admin("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'", database)).rows[0].n === 1);
  await other.query('COMMIT');
  const got = await allocation;
  assert.equal(got.clientPosition, 1);
  assert.deepEqual((await store.allClientDetails()).map((d) => [d.clientPosition, d.clientName]), [[0, 'other'], [1, 'mine']]);
  assert.deepEqual(await store.clientCommitment(1), { clientPosition: 1, commitment: '0'.repeat(64) });
  assert.equal(await store.clientCommitment(0), undefined);
});

test('PostgreSQL: a failing statement inside saveAttestation rolls back the earlier ones', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  const store = await openOn(database);
  defer(() => store.close());
  // A trigger makes the database itself fail on the 3rd proof: the documents are valid, the write is not.
  await pgServer().admin(
    `CREATE FUNCTION fail_third() RETURNS trigger AS $$ BEGIN
       IF NEW.client_position = 2 THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
     CREATE TRIGGER fail_third BEFORE INSERT ON merkle_proof FOR EACH ROW EXECUTE FUNCTION fail_third();`,
    database,
  );
  await assert.rejects(store.saveAttestation(record(hx('trig-tx'), hx('trig-root'), { n: 4, confirmed: true, info: true })), /injected failure/);
  assert.deepEqual(await store.attestationsByTxid(hx('trig-tx')), []);
  assert.deepEqual(await store.merkleCommitments(hx('trig-root')), []);
  assert.equal(await store.merkleProof(hx('trig-root'), 0), undefined);
  assert.equal(await store.attestationInfo(hx('trig-tx')), undefined);
  await store.saveAttestation(record(hx('ok-tx'), hx('ok-root'), { n: 2 }));
  assert.equal((await store.merkleCommitments(hx('ok-root'))).length, 2);
});

test('PostgreSQL: a conf.json db section (type postgres, values from the environment) opens a working store', async (t) => {
  const defer = lifo(t);
  const database = await freshDatabase(defer);
  const env = { MAINSTAY_DB_HOST: pgServer().host, MAINSTAY_DB_PORT: String(pgServer().port), MAINSTAY_DB_NAME: database };
  const config = mainstayConfigFromJson(
    {
      main: { rpcurl: 'x:1', rpcuser: 'u', rpcpass: 'p', chain: 'regtest' },
      db: { type: 'postgres', user: 'postgres', password: '', host: 'MAINSTAY_DB_HOST', port: 'MAINSTAY_DB_PORT', name: 'MAINSTAY_DB_NAME' },
    },
    { env },
  );
  const store = await openMainstayStore(config.db);
  defer(() => store.close());
  assert.ok(store instanceof PostgresMainstayStore);
  await store.saveAttestation(record(hx('conf-tx'), hx('conf-root'), { n: 2 }));
  assert.equal((await store.merkleCommitments(hx('conf-root'))).length, 2);
  const rows = (await pgServer().admin('SELECT count(*)::int AS n FROM merkle_proof', database)).rows;
  assert.deepEqual(rows, [{ n: 2 }]);
});
