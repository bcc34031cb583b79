import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError } from '../../src/clients/go-flags.js';
import { applyDaemonFlags, checkDaemonStaychain, ConfigError, mainstayConfigFromJson, parseDaemonFlags, type MainstayConfig } from '../../src/config/index.js';

const MAIN = { rpcurl: 'localhost:18443', rpcuser: 'user', rpcpass: 'pass', chain: 'regtest' };
const SCRIPT = '51210325bf82856a8fdcc7a2c08a933343d2c6332c4c252974d6b09b6232ea408046262651ae';

function conf(sections: Record<string, unknown>): MainstayConfig {
  return mainstayConfigFromJson({ main: MAIN, ...sections }, { env: {} });
}

test('Profile A flags in Go syntax', () => {
  assert.deepEqual(parseDaemonFlags(['-tx', 'abc', '--script=5121', '-chaincodes', 'c1,c2', '-regtest', '-addrTopup', 'ad', '-scriptTopup=ts'], 'A'), {
    regtest: true,
    tx: 'abc',
    script: '5121',
    chaincodes: 'c1,c2',
    addrTopup: 'ad',
    scriptTopup: 'ts',
  });
  assert.deepEqual(parseDaemonFlags([], 'A'), { regtest: false });
  assert.deepEqual(parseDaemonFlags(['-regtest=false', '-tx='], 'A'), { regtest: false });
  assert.throws(() => parseDaemonFlags(['-chaincode', 'x'], 'A'), (e: unknown) => e instanceof FlagError && /flag provided but not defined: -chaincode/.test(e.message));
  assert.throws(() => parseDaemonFlags(['-tx'], 'A'), (e: unknown) => e instanceof FlagError && /flag needs an argument: -tx/.test(e.message));
  assert.throws(() => parseDaemonFlags(['extra'], 'A'), (e: unknown) => e instanceof FlagError && /unexpected argument: extra/.test(e.message));
});

test('Profile B flags: -chaincode instead of the script flags', () => {
  assert.deepEqual(parseDaemonFlags(['-tx', 't', '-chaincode', 'cc', '-addrTopup', 'a'], 'B'), { regtest: false, tx: 't', chaincode: 'cc', addrTopup: 'a' });
  for (const f of ['-script', '-scriptTopup', '-chaincodes']) {
    assert.throws(() => parseDaemonFlags([f, 'x'], 'B'), (e: unknown) => e instanceof FlagError && e.message.includes(f));
  }
});

test('A: -tx -script -chaincodes override the file only all together; the topup pair likewise', () => {
  const base = conf({ staychain: { initTx: 'filetx', initScript: 'filescript', initChaincodes: 'f1,f2', topupAddress: 'fa', topupScript: 'fs' } });
  const all = applyDaemonFlags(base, parseDaemonFlags(['-tx', 'argtx', '-script', SCRIPT, '-chaincodes', 'a1, a2'], 'A'));
  assert.equal(all.staychain.initTx, 'argtx');
  assert.equal(all.staychain.initScript, SCRIPT);
  assert.deepEqual(all.staychain.initChaincodes, ['a1', 'a2']);
  assert.equal(all.staychain.topupAddress, 'fa');
  assert.deepEqual(all.warnings, []);

  const partial = applyDaemonFlags(base, parseDaemonFlags(['-tx', 'argtx', '-addrTopup', 'x'], 'A'));
  assert.deepEqual(partial.staychain, base.staychain);
  assert.equal(partial.warnings.length, 2);
  assert.match(partial.warnings[0]!, /-tx -script -chaincodes override conf\.json only when all are given/);
  assert.match(partial.warnings[1]!, /-addrTopup -scriptTopup/);

  const topup = applyDaemonFlags(base, parseDaemonFlags(['-addrTopup', 'na', '-scriptTopup', 'ns'], 'A'));
  assert.equal(topup.staychain.topupAddress, 'na');
  assert.equal(topup.staychain.topupScript, 'ns');
  assert.equal(topup.staychain.initTx, 'filetx');
  // The base config is not modified.
  assert.equal(base.staychain.topupAddress, 'fa');
});

test('B: -tx -chaincode override together; -addrTopup alone', () => {
  const base = conf({ profile: 'B', staychain: { initTx: 'ft', initPublicKey: 'pk', initChaincode: 'fc' } });
  const all = applyDaemonFlags(base, parseDaemonFlags(['-tx', 'at', '-chaincode', 'ac', '-addrTopup', 'ta'], 'B'));
  assert.deepEqual(all.staychain, { initTx: 'at', initPublicKey: 'pk', initChaincode: 'ac', topupAddress: 'ta', initChaincodes: [], topupChaincodes: [] });
  const partial = applyDaemonFlags(base, parseDaemonFlags(['-chaincode', 'ac'], 'B'));
  assert.equal(partial.staychain.initChaincode, 'fc');
  assert.equal(partial.warnings.length, 1);
});

test('-regtest or staychain.regtest "1" turns regtest mode on', () => {
  assert.equal(applyDaemonFlags(conf({}), parseDaemonFlags(['-regtest'], 'A')).regtest, true);
  assert.equal(applyDaemonFlags(conf({}), parseDaemonFlags([], 'A')).regtest, false);
  assert.equal(applyDaemonFlags(conf({ staychain: { regtest: '1' } }), parseDaemonFlags([], 'A')).regtest, true);
});

test('the daemon needs a staychain base: a clear error names the first missing key', () => {
  const missing = (c: MainstayConfig, key: string): void => {
    assert.throws(
      () => checkDaemonStaychain(c),
      (e: unknown) => e instanceof ConfigError && e.section === 'staychain' && e.key === key && e.message.startsWith(`conf.json: staychain.${key} is missing`),
    );
  };
  missing(conf({}), 'initTx');
  missing(conf({ staychain: { initTx: 't' } }), 'initScript');
  missing(conf({ staychain: { initTx: 't', initScript: 's', initChaincodes: '' } }), 'initChaincodes');
  checkDaemonStaychain(conf({ staychain: { initTx: 't', initScript: 's', initChaincodes: 'c' } }));
  checkDaemonStaychain(applyDaemonFlags(conf({}), parseDaemonFlags(['-tx', 't', '-script', 's', '-chaincodes', 'c'], 'A')));
  missing(conf({ profile: 'B', staychain: { initTx: 't', initChaincode: 'c' } }), 'initPublicKey');
  missing(conf({ profile: 'B', staychain: { initTx: 't', initPublicKey: 'p' } }), 'initChaincode');
  checkDaemonStaychain(conf({ profile: 'B', staychain: { initTx: 't', initPublicKey: 'p', initChaincode: 'c' } }));
  assert.throws(() => checkDaemonStaychain(conf({})), /pass -tx, -script and -chaincodes/);
});
