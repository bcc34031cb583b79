import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  DEFAULT_API_PORT,
  DEFAULT_SQLITE_PATH,
  goAtoi,
  loadMainstayConfig,
  mainstayConfigFromJson,
  parseMainstayConfig,
  type MainstayConfig,
} from '../../src/config/index.js';
import type { ConfigEnv } from '../../src/config/conf-reader.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');
const MAIN = { rpcurl: 'localhost:18443', rpcuser: 'user', rpcpass: 'pass', chain: 'regtest' };

function conf(sections: Record<string, unknown>, env: ConfigEnv = {}): MainstayConfig {
  return mainstayConfigFromJson({ main: MAIN, ...sections }, { env });
}

function configError(section: string, key: string, re?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.section, section, e.message);
    assert.equal(e.key, key, e.message);
    if (re) assert.match(e.message, re);
    return true;
  };
}

interface ParsingVectors {
  config_parsing: {
    fees_cases: { fees_section: Record<string, string>; expected: number[] }[];
    timing_cases: { timing_section: Record<string, string>; expected: number[] }[];
  };
}

test('fees and timing parsing reproduce vectors/mainstay/fees.json (absent or non-integer → −1)', () => {
  const v = (JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', 'fees.json'), 'utf8')) as ParsingVectors).config_parsing;
  assert.ok(v.fees_cases.length >= 4 && v.timing_cases.length >= 4);
  for (const c of v.fees_cases) {
    const f = conf({ fees: c.fees_section }).fees;
    assert.deepEqual([f.minFee, f.maxFee, f.feeIncrement], c.expected, JSON.stringify(c.fees_section));
  }
  for (const c of v.timing_cases) {
    const tm = conf({ timing: c.timing_section }).timing;
    assert.deepEqual([tm.newAttestationMinutes, tm.handleUnconfirmedMinutes], c.expected, JSON.stringify(c.timing_section));
  }
  // No section at all, and Go Atoi edge cases.
  assert.deepEqual(conf({}).fees, { minFee: -1, maxFee: -1, feeIncrement: -1 });
  assert.deepEqual(conf({ fees: { minFee: '+7', maxFee: '-30', feeIncrement: ' 5' } }).fees, { minFee: 7, maxFee: -30, feeIncrement: -1 });
  assert.deepEqual(conf({ fees: { minFee: '1.0', maxFee: '1e3', feeIncrement: '99999999999999999999' } }).fees, { minFee: -1, maxFee: -1, feeIncrement: -1 });
  assert.deepEqual(conf({ timing: { newAttestationMinutes: 10, handleUnconfirmedMinutes: '0x10' } }).timing, { newAttestationMinutes: -1, handleUnconfirmedMinutes: -1 });
  assert.equal(goAtoi('-0'), 0);
  assert.equal(goAtoi(''), undefined);
});

test('a minimal conf.json (main only) gives the defaults', () => {
  const c = conf({});
  assert.deepEqual(c, {
    profile: 'A',
    main: { url: 'localhost:18443', user: 'user', pass: 'pass', chain: 'regtest', type: 'bitcoind' },
    db: { type: 'sqlite', path: DEFAULT_SQLITE_PATH },
    fees: { minFee: -1, maxFee: -1, feeIncrement: -1 },
    timing: { newAttestationMinutes: -1, handleUnconfirmedMinutes: -1 },
    staychain: { initChaincodes: [], topupChaincodes: [] },
    regtest: false,
    api: { host: '127.0.0.1', port: DEFAULT_API_PORT },
    warnings: [],
  });
});

test('main: section and every key are required, in order rpcurl, rpcuser, rpcpass, chain', () => {
  assert.throws(() => mainstayConfigFromJson({}, { env: {} }), configError('main', '', /conf\.json: section "main" is missing/));
  assert.throws(() => mainstayConfigFromJson({ main: 'x' }, { env: {} }), configError('main', ''));
  assert.throws(() => mainstayConfigFromJson({ main: {} }, { env: {} }), configError('main', 'rpcurl', /conf\.json: main\.rpcurl is missing/));
  for (const key of ['rpcurl', 'rpcuser', 'rpcpass', 'chain']) {
    const main: Record<string, unknown> = { ...MAIN };
    delete main[key];
    assert.throws(() => mainstayConfigFromJson({ main }, { env: {} }), configError('main', key));
    // A non-string value counts as absent.
    assert.throws(() => mainstayConfigFromJson({ main: { ...MAIN, [key]: 5 } }, { env: {} }), configError('main', key));
  }
  assert.throws(() => mainstayConfigFromJson({ main: { rpcpass: 'p' } }, { env: {} }), configError('main', 'rpcurl'));
  // An empty string is present.
  assert.equal(mainstayConfigFromJson({ main: { ...MAIN, rpcpass: '' } }, { env: {} }).main.pass, '');
});

test('chain: regtest, testnet, anything else is mainnet (exact match)', () => {
  const chain = (c: string): string => conf({ main: { ...MAIN, chain: c } }).main.chain;
  assert.equal(chain('regtest'), 'regtest');
  assert.equal(chain('testnet'), 'testnet');
  assert.equal(chain('main'), 'mainnet');
  assert.equal(chain('Regtest'), 'mainnet');
  assert.equal(chain(''), 'mainnet');
});

test('environment substitution: a value naming a set, non-empty variable is replaced', () => {
  const env = { MAINSTAY_MAIN_URL: 'node:8332', MAINSTAY_MAIN_USER: 'alice', EMPTY: '', MIN_FEE: '12', PROFILE: 'B', SIGNER: 'http://signer:8000', DBTYPE: 'postgres', DBPORT: '5433' };
  const c = mainstayConfigFromJson(
    {
      profile: 'PROFILE',
      main: { rpcurl: 'MAINSTAY_MAIN_URL', rpcuser: 'MAINSTAY_MAIN_USER', rpcpass: 'EMPTY', chain: 'UNSET_CHAIN' },
      db: { type: 'DBTYPE', user: 'u', password: 'p', host: 'h', port: 'DBPORT', name: 'n' },
      fees: { minFee: 'MIN_FEE' },
      signer: { url: 'SIGNER' },
    },
    { env },
  );
  assert.equal(c.profile, 'B');
  assert.deepEqual(c.main, { url: 'node:8332', user: 'alice', pass: 'EMPTY', chain: 'mainnet', type: 'bitcoind' });
  assert.deepEqual(c.db, { type: 'postgres', user: 'u', password: 'p', host: 'h', port: 5433, name: 'n' });
  assert.equal(c.fees.minFee, 12);
  assert.deepEqual(c.signer, { profile: 'B', url: 'http://signer:8000' });
  // Without the environment, the literals are used.
  const literal = mainstayConfigFromJson({ main: { rpcurl: 'MAINSTAY_MAIN_URL', rpcuser: 'u', rpcpass: 'p', chain: 'regtest' } }, { env: {} });
  assert.equal(literal.main.url, 'MAINSTAY_MAIN_URL');
});

test('the original shipped conf.json shape (placeholders filled from the environment)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mainstay-conf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'conf.json');
  writeFileSync(
    path,
    JSON.stringify({
      main: { rpcurl: 'MAINSTAY_MAIN_URL', rpcuser: 'MAINSTAY_MAIN_USER', rpcpass: 'MAINSTAY_MAIN_PASS', chain: 'MAINSTAY_MAIN_CHAIN' },
      signer: { signers: 'MAINSTAY_SIGNERS', publisher: 'MAINSTAY_PUBLISHER' },
      db: { user: 'MAINSTAY_DB_USER', password: 'MAINSTAY_DB_PASS', host: 'MAINSTAY_DB_HOST', port: 'MAINSTAY_DB_PORT', name: 'MAINSTAY_DB_NAME' },
      staychain: { initTx: 'MAINSTAY_TX', initScript: 'MAINSTAY_SCRIPT', initChaincodes: 'MAINSTAY_CHAINCODES', regtest: 'MAINSTAY_REGTEST' },
    }),
  );
  const env = {
    MAINSTAY_MAIN_URL: '127.0.0.1:18443',
    MAINSTAY_MAIN_USER: 'bitcoin',
    MAINSTAY_MAIN_PASS: 'secret',
    MAINSTAY_MAIN_CHAIN: 'regtest',
    MAINSTAY_SIGNERS: 'signer1:5001, signer2:5002',
    MAINSTAY_TX: 'a'.repeat(64),
    MAINSTAY_SCRIPT: '51210325bf82856a8fdcc7a2c08a933343d2c6332c4c252974d6b09b6232ea408046262651ae',
    MAINSTAY_CHAINCODES: ' 0a090f71, 14df7ece ',
    MAINSTAY_REGTEST: '1',
  };
  const c = await loadMainstayConfig(path, env);
  assert.deepEqual(c.main, { url: '127.0.0.1:18443', user: 'bitcoin', pass: 'secret', chain: 'regtest', type: 'bitcoind' });
  assert.deepEqual(c.signer, { profile: 'A', signers: ['signer1:5001', 'signer2:5002'], publisher: 'MAINSTAY_PUBLISHER' });
  assert.equal(c.staychain.initTx, 'a'.repeat(64));
  assert.deepEqual(c.staychain.initChaincodes, ['0a090f71', '14df7ece']);
  assert.equal(c.regtest, true);
  // The original's (MongoDB) db keys without db.type: SQLite, and a warning.
  assert.deepEqual(c.db, { type: 'sqlite', path: DEFAULT_SQLITE_PATH });
  assert.equal(c.warnings.length, 1);
  assert.match(c.warnings[0]!, /db\.user\/db\.password\/db\.host\/db\.port\/db\.name ignored/);

  await assert.rejects(loadMainstayConfig(join(dir, 'missing.json'), {}), (e: unknown) => e instanceof ConfigError && e.message.includes('missing.json') && /cannot be read/.test(e.message));
  writeFileSync(path, JSON.stringify({ main: { rpcurl: 'x' } }));
  await assert.rejects(loadMainstayConfig(path, {}), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${path}: main.rpcuser is missing`));
});

test('sections are parsed in the original order: main, chain, db, fees, timing, signer, staychain (then ours)', () => {
  const badDb = { type: 'postgres' };
  const badSigner = { publisher: '*:6000' };
  const badApi = { port: 'http' };
  assert.throws(() => mainstayConfigFromJson({ db: badDb, signer: badSigner }, { env: {} }), configError('main', ''));
  assert.throws(() => conf({ db: badDb, signer: badSigner, api: badApi }), configError('db', 'user'));
  assert.throws(() => conf({ signer: badSigner, api: badApi, fees: { minFee: 'x' } }), configError('signer', 'signers'));
  assert.throws(() => conf({ api: badApi, staychain: { initTx: 5 } }), configError('api', 'port'));
  // The profile (ours) is read before everything, since it selects the signer and staychain keys.
  assert.throws(() => mainstayConfigFromJson({ profile: 'C' }, { env: {} }), configError('', 'profile', /must be "A".*or "B"/));
});

test('db: sqlite (default) or postgres with every original key; other types are refused', () => {
  assert.deepEqual(conf({ db: {} }).db, { type: 'sqlite', path: DEFAULT_SQLITE_PATH });
  assert.deepEqual(conf({ db: { type: 'sqlite', path: '/var/lib/mainstay/db.sqlite' } }).db, { type: 'sqlite', path: '/var/lib/mainstay/db.sqlite' });
  const pgDb = { type: 'postgres', user: 'serviceUser', password: 'pw', host: 'db.local', port: '5432', name: 'mainstay' };
  assert.deepEqual(conf({ db: pgDb }).db, { type: 'postgres', user: 'serviceUser', password: 'pw', host: 'db.local', port: 5432, name: 'mainstay' });
  for (const key of ['user', 'password', 'host', 'port', 'name']) {
    const db: Record<string, unknown> = { ...pgDb };
    delete db[key];
    assert.throws(() => conf({ db }), configError('db', key, new RegExp(`db\\.${key} is missing`)));
  }
  for (const port of ['0', '65536', 'x', '54 32']) assert.throws(() => conf({ db: { ...pgDb, port } }), configError('db', 'port', /TCP port/));
  assert.throws(() => conf({ db: { type: 'mongo' } }), configError('db', 'type', /MongoDB is not supported/));
  assert.deepEqual(conf({ db: { type: 5, path: 'x.db' } }).db, { type: 'sqlite', path: 'x.db' });
});

test('signer: Profile A signers list and publisher; Profile B url', () => {
  assert.equal(conf({}).signer, undefined);
  assert.deepEqual(conf({ signer: { signers: 'a:1,b:2' } }).signer, { profile: 'A', signers: ['a:1', 'b:2'], publisher: '*:5000' });
  assert.deepEqual(conf({ signer: { signers: 'a:1', publisher: '127.0.0.1:6000' } }).signer, { profile: 'A', signers: ['a:1'], publisher: '127.0.0.1:6000' });
  assert.throws(() => conf({ signer: {} }), configError('signer', 'signers'));
  assert.throws(() => conf({ signer: { signers: 'a:1,,b:2' } }), configError('signer', 'signers', /comma list/));
  assert.throws(() => conf({ signer: { signers: '' } }), configError('signer', 'signers'));
  assert.deepEqual(conf({ profile: 'B', signer: { url: 'http://127.0.0.1:9000' } }).signer, { profile: 'B', url: 'http://127.0.0.1:9000' });
  assert.throws(() => conf({ profile: 'B', signer: { signers: 'a:1' } }), configError('signer', 'url'));
});

test('staychain: per-profile keys, comma lists trimmed, empty values absent, regtest "1"', () => {
  const sc = {
    initTx: 'tx',
    initScript: 'script',
    initChaincodes: 'c1 , c2,c3',
    initPublicKey: 'pub',
    initChaincode: 'cc',
    initPK: 'wif',
    topupAddress: 'addr',
    topupScript: 'tscript',
    topupPK: 'twif',
    topupChaincodes: 't1,t2',
    regtest: '1',
  };
  const a = conf({ staychain: sc });
  assert.deepEqual(a.staychain, {
    initTx: 'tx',
    initScript: 'script',
    initChaincodes: ['c1', 'c2', 'c3'],
    initPK: 'wif',
    topupAddress: 'addr',
    topupScript: 'tscript',
    topupPK: 'twif',
    topupChaincodes: ['t1', 't2'],
  });
  assert.equal(a.regtest, true);
  const b = conf({ profile: 'b', staychain: sc });
  assert.equal(b.profile, 'B');
  assert.deepEqual(b.staychain, { initTx: 'tx', initPublicKey: 'pub', initChaincode: 'cc', initPK: 'wif', topupAddress: 'addr', topupPK: 'twif', initChaincodes: [], topupChaincodes: [] });
  assert.deepEqual(conf({ staychain: { initTx: '', initScript: 7, regtest: 'true' } }).staychain, { initChaincodes: [], topupChaincodes: [] });
  assert.equal(conf({ staychain: { regtest: 'true' } }).regtest, false);
  assert.equal(conf({ staychain: { regtest: 1 } }).regtest, false);
});

test('our additions: main.type, api, clientchain/ocean', () => {
  assert.equal(conf({ main: { ...MAIN, type: 'bcoin' } }).main.type, 'bcoin');
  assert.throws(() => conf({ main: { ...MAIN, type: 'btcd' } }), configError('main', 'type'));
  assert.deepEqual(conf({ api: { host: '0.0.0.0', port: '8080' } }).api, { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(conf({ api: { port: '9' } }).api, { host: '127.0.0.1', port: 9 });
  assert.deepEqual(conf({ ocean: { rpcurl: 'o:1', rpcuser: 'ou', rpcpass: 'op', chain: 'x' } }).clientChain, { url: 'o:1', user: 'ou', pass: 'op', chain: 'mainnet' });
  const both = conf({ clientchain: { rpcurl: 'c:1', rpcuser: 'cu', rpcpass: 'cp', chain: 'regtest' }, ocean: { rpcurl: 'o:1' } });
  assert.equal(both.clientChain?.url, 'c:1');
  assert.throws(() => conf({ clientchain: { rpcurl: 'c:1' } }), configError('clientchain', 'rpcuser'));
});

test('text input: invalid JSON and a non-object top level are clear errors', () => {
  assert.throws(() => parseMainstayConfig('{"main": ', { env: {} }), (e: unknown) => e instanceof ConfigError && /conf\.json: the file is not valid JSON/.test(e.message));
  assert.throws(() => parseMainstayConfig('[]', { env: {} }), (e: unknown) => e instanceof ConfigError && /must be a JSON object of sections/.test(e.message));
  assert.equal(parseMainstayConfig(JSON.stringify({ main: MAIN }), { env: {} }).main.user, 'user');
});
