import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import { ConfigError } from '../../src/config/config-error.js';
import { loadNodeConfig, type NodeConfig, type NodeConfigInput } from '../../src/config/node-config.js';

let root: string;
let seq = 0;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'node-config-test-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh data directory with `ocean.conf` holding `conf` (omitted: no config file). */
function dataDir(conf?: string): string {
  const dir = join(root, `d${seq++}`);
  mkdirSync(dir);
  if (conf !== undefined) writeFileSync(join(dir, 'ocean.conf'), conf);
  return dir;
}

function load(argv: string[], extra: Partial<NodeConfigInput> = {}): NodeConfig {
  const r = loadNodeConfig({ argv, homeDir: join(root, 'home'), cwd: root, ...extra });
  assert.equal(r.kind, 'run');
  return (r as { config: NodeConfig }).config;
}

function fails(argv: string[], message: string | RegExp, extra: Partial<NodeConfigInput> = {}): void {
  assert.throws(
    () => loadNodeConfig({ argv, homeDir: join(root, 'home'), cwd: root, ...extra }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      assert.equal(e.exitCode, 1);
      return true;
    },
  );
}

/** The harness's ocean.conf (functional-behaviour A.2). */
const HARNESS_CONF = (i: number) =>
  `regtest=1\nrpcuser=rpcuser💻${i}\nrpcpassword=rpcpass🔑${i}\nport=${11000 + i}\nrpcport=${16000 + i}\nlistenonion=0\ninitialfreecoins=2100000000000000\nchain=ocean_test\n`;

describe('loadNodeConfig: the harness node', () => {
  it('runs chain elementsregtest from regtest=1, with the conf credentials and ports', () => {
    const dir = dataDir(HARNESS_CONF(0));
    const c = load([`-datadir=${dir}`, '-server', '-keypool=1', '-discover=0', '-rest', '-mocktime=0']);
    assert.equal(c.chain, 'elementsregtest');
    assert.equal(c.dataDir, dir);
    assert.equal(c.chainDataDir, join(dir, 'elementsregtest'));
    assert.ok(existsSync(c.chainDataDir), 'chain subdirectory created');
    assert.equal(c.configFileFound, true);
    assert.equal(c.rpc.user, 'rpcuser💻0');
    assert.equal(c.rpc.password, 'rpcpass🔑0');
    assert.equal(c.rpc.port, 16000);
    assert.equal(c.net.port, 11000);
    assert.equal(c.net.listenOnion, false);
    assert.equal(c.net.discover, false);
    assert.equal(c.rpc.rest, true);
    assert.equal(c.rpc.server, true);
    assert.equal(c.wallet.keypool, 1);
    assert.equal(c.mockTime, 0);
    assert.equal(c.pidFile, join(dir, 'elementsregtest', 'ocean-daemon.pid'));
    assert.equal(c.rpc.cookieFile, join(dir, 'elementsregtest', '.cookie'));
    assert.equal(c.logging.debugLogFile, join(dir, 'elementsregtest', 'debug.log'));
    assert.equal(c.chainParams.genesis.block.transactions.length > 0, true);
    assert.equal(c.wallet.disableCt, true);
    assert.equal(c.mempool.acceptNonStdTxn, true);
    assert.equal(c.net.peerBloomFilters, false);
  });

  it('-regtest=0 on the command line overrides the config and selects ocean_test with its terms files', () => {
    const dir = dataDir(HARNESS_CONF(1));
    const terms = join(dir, 'terms-and-conditions', 'ocean_test');
    mkdirSync(terms, { recursive: true });
    writeFileSync(join(terms, 'latest.txt'), 'These are the terms and conditions\nApprove to use the CBT network\n');
    writeFileSync(join(terms, 'old1.txt'), 'These are the old terms and conditions\nApprove to use the CBT network\n');
    const c = load([`-datadir=${dir}`, '-regtest=0']);
    assert.equal(c.chain, 'ocean_test');
    assert.equal(c.chainDataDir, join(dir, 'ocean_test'));
    assert.equal(toDisplayHex(c.chainParams.contract.latestHash), '858ab0fbcee7654401eb2db40f3318ddcdf679003b00a01f8d8d920a6ce9e3e6');
    assert.equal(toDisplayHex(c.chainParams.contract.height0Hash), '55f1a7f85f8fdc9d1cae38d30afe24f153bc6c97a6b73f27c6885ef6d0d400f7');
    assert.equal(c.chainFiles.terms?.old?.length, 1);
    assert.equal(c.chainFiles.mapping, undefined);
    // the chain subdirectory does not hold the terms files: they are read from the base directory
    assert.equal(existsSync(join(c.chainDataDir, 'terms-and-conditions')), false);
  });

  it('reads the asset mapping and old<i> files for every -contractchange', () => {
    const dir = dataDir('');
    mkdirSync(join(dir, 'asset-mapping', 'mychain'), { recursive: true });
    writeFileSync(join(dir, 'asset-mapping', 'mychain', 'latest.json'), '{"assets":{}}');
    const terms = join(dir, 'terms-and-conditions', 'mychain');
    mkdirSync(terms, { recursive: true });
    writeFileSync(join(terms, 'old2.txt'), 'second\n');
    const c = load([`-datadir=${dir}`, '-chain=mychain', '-contractchange=10', '-contractchange=20']);
    assert.equal(c.chainFiles.mapping, '{"assets":{}}');
    assert.deepEqual(c.chainFiles.terms?.old, [undefined, 'second\n']);
    assert.ok(c.chainParams.mappingHash.some((b) => b !== 0));
  });
});

describe('loadNodeConfig: option precedence', () => {
  it('the last command-line occurrence wins, and the command line wins over the config file', () => {
    const dir = dataDir('keypool=7\ntxindex=0\n');
    const c = load([`-datadir=${dir}`, '-keypool=1', '-keypool=100', '-txindex']);
    assert.equal(c.wallet.keypool, 100);
    assert.equal(c.storage.txIndex, true);
    assert.equal(load([`-datadir=${dir}`]).wallet.keypool, 7);
  });

  it('takes the leading integer of a value with trailing text (one argv element holding several options)', () => {
    const dir = dataDir();
    const c = load([`-datadir=${dir}`, '-txindex=1 -initialfreecoins=50000000000000', '-keypool=100 -x=y']);
    assert.equal(c.storage.txIndex, true);
    assert.equal(c.wallet.keypool, 100);
    assert.equal(c.chainParams.options.initialFreeCoins, 0n, 'the embedded option is not an option');
  });

  it('multi-valued options collect command line then config file', () => {
    const dir = dataDir('addnode=10.0.0.1\naddnode=10.0.0.2\n');
    const c = load([`-datadir=${dir}`, '-addnode=10.0.0.3']);
    assert.deepEqual(c.net.addNode, ['10.0.0.3', '10.0.0.1', '10.0.0.2']);
  });

  it('-noX means -X=0, also in the config file, and --X means -X', () => {
    const dir = dataDir('nolistenonion=1\n');
    const c = load([`-datadir=${dir}`, '--rest', '-notxindex', '-nodisablect']);
    assert.equal(c.net.listenOnion, false);
    assert.equal(c.rpc.rest, true);
    assert.equal(c.storage.txIndex, false);
    assert.equal(c.wallet.disableCt, false);
  });

  it('applies the parameter interactions unless the user set the option', () => {
    const dir = dataDir();
    const c = load([`-datadir=${dir}`, '-connect=127.0.0.1:11001']);
    assert.equal(c.net.listen, false);
    assert.equal(c.net.dnsSeed, false);
    assert.equal(c.net.discover, false);
    assert.ok(c.warnings.some((w) => w.includes('-connect set -> setting -listen=0')));
    const d = load([`-datadir=${dir}`, '-connect=127.0.0.1:11001', '-listen=1']);
    assert.equal(d.net.listen, true);
    assert.equal(load([`-datadir=${dir}`, '-salvagewallet']).wallet.rescan, true);
  });

  it('config comments, blanks and a BOM are ignored; sections prefix keys', () => {
    const dir = dataDir('\uFEFF# comment\n\n  rpcuser = alice  # trailing comment\r\nrpcpassword=secret\n');
    const c = load([`-datadir=${dir}`]);
    assert.equal(c.rpc.user, 'alice');
    assert.equal(c.rpc.password, 'secret');
    fails([`-datadir=${dataDir('[main]\nrpcuser=x\n')}`], 'Error reading configuration file: Config parameter main.rpcuser not recognised.');
  });

  it('-conf is relative to the data directory, and a missing config file is fine', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'other.conf'), 'rpcport=1234\n');
    assert.equal(load([`-datadir=${dir}`, '-conf=other.conf']).rpc.port, 1234);
    const c = load([`-datadir=${dir}`, '-conf=missing.conf']);
    assert.equal(c.configFileFound, false);
    assert.equal(c.configFile, join(dir, 'missing.conf'));
  });

  it('a datadir= line in the config moves the data directory, as in the original', () => {
    const target = dataDir();
    const dir = dataDir(`datadir=${target}\n`);
    const c = load([`-datadir=${dir}`]);
    assert.equal(c.dataDir, dir, 'the command line wins');
    const home = join(root, 'home-with-conf');
    mkdirSync(join(home, '.bitcoin'), { recursive: true });
    writeFileSync(join(home, '.bitcoin', 'ocean.conf'), `datadir=${target}\n`);
    const d = load([], { homeDir: home });
    assert.equal(d.dataDir, target);
    assert.equal(d.chainDataDir, join(target, 'ocean_test'));
  });

  it('defaults to $HOME/.bitcoin (created) and chain ocean_test', () => {
    const home = join(root, 'fresh-home');
    const c = load([], { homeDir: undefined, env: { HOME: home } });
    assert.equal(c.dataDir, join(home, '.bitcoin'));
    assert.equal(c.chain, 'ocean_test');
    assert.equal(c.rpc.port, 7041);
    assert.equal(c.net.port, 7042);
    assert.ok(existsSync(join(home, '.bitcoin', 'ocean_test')));
  });

  it('takes the RPC port from the chain class', () => {
    const dir = dataDir();
    assert.equal(load([`-datadir=${dir}`, '-chain=ocean_main']).rpc.port, 8332);
    assert.equal(load([`-datadir=${dir}`, '-chain=gold_main']).rpc.port, 8443);
    assert.equal(load([`-datadir=${dir}`, '-chain=anything']).rpc.port, 7041);
    assert.equal(load([`-datadir=${dir}`, '-chain=anything', '-ndefaultport=9000']).net.port, 9000);
  });

  it('a relative -datadir is taken from the working directory', () => {
    const dir = dataDir();
    const c = load([`-datadir=${dir.slice(root.length + 1)}`]);
    assert.equal(c.dataDir, dir);
  });
});

describe('loadNodeConfig: errors', () => {
  it('an unknown command-line option: the original text', () => {
    fails(['-foo=1'], 'Argument -foo not recognised.');
    fails(['--bogus'], 'Argument -bogus not recognised.');
    fails(['-nofoo'], 'Argument -foo not recognised.');
    fails(['-privdb'], 'Argument -privdb not recognised.');
  });

  it('an unknown config-file key: the original text', () => {
    fails([`-datadir=${dataDir('rpcuser=a\nfoo=1\n')}`], 'Error reading configuration file: Config parameter foo not recognised.');
    fails([`-datadir=${dataDir('privdb=1\n')}`], 'Error reading configuration file: Config parameter privdb not recognised.');
    fails([`-datadir=${dataDir('nobar=1\n')}`], 'Error reading configuration file: Config parameter bar not recognised.');
  });

  it('a config line without "=" and a config file that is not UTF-8', () => {
    fails([`-datadir=${dataDir('rpcuser\n')}`], "Error reading configuration file: the options configuration file contains an invalid line 'rpcuser'");
    const dir = dataDir();
    writeFileSync(join(dir, 'ocean.conf'), Buffer.from([0x72, 0x70, 0x63, 0x75, 0x73, 0x65, 0x72, 0x3d, 0xff, 0x0a]));
    fails([`-datadir=${dir}`], /^Error reading configuration file: .*ocean\.conf is not valid UTF-8$/);
  });

  it('a data directory that does not exist', () => {
    fails(['-datadir=/nonexistent/ocean-test-dir'], 'Error: Specified data directory "/nonexistent/ocean-test-dir" does not exist.');
    fails(['-datadir='], 'Error: Specified data directory "" does not exist.');
    fails([], 'Error: cannot find the home directory for the default data directory; use -datadir', { homeDir: undefined, env: {} });
    const home = join(root, 'home-bad-conf');
    mkdirSync(join(home, '.bitcoin'), { recursive: true });
    writeFileSync(join(home, '.bitcoin', 'ocean.conf'), 'datadir=/nonexistent/x\n');
    fails([], 'Error: Specified data directory "/nonexistent/x" does not exist.', { homeDir: home });
  });

  it('-testnet and malformed chain options', () => {
    const dir = dataDir();
    fails([`-datadir=${dir}`, '-testnet'], 'Error: Invalid option -testnet: try -chain=elementsregtest instead.');
    fails([`-datadir=${dir}`, '-signblockscript=zz'], "Error: Invalid -signblockscript: 'zz' is not a hex string");
  });

  it('an argument after the options', () => {
    const dir = dataDir();
    fails([`-datadir=${dir}`, 'getblockcount'], 'Error: There is no RPC client functionality in oceand anymore. Use the ocean-cli utility instead.');
    // parsing stops there, so options after it are never checked (as in the original)
    fails([`-datadir=${dir}`, 'x', '-foo'], /no RPC client functionality/);
  });

  it('malformed values name their option', () => {
    const dir = dataDir();
    const cases: [string[], string | RegExp][] = [
      [['-rpcport=0'], 'Error: Invalid port in -rpcport=0: must be between 1 and 65535'],
      [['-rpcport=70000'], 'Error: Invalid port in -rpcport=70000: must be between 1 and 65535'],
      [['-port=abc'], 'Error: Invalid -port=abc: not a port number'],
      [['-txindex=true'], 'Error: Invalid -txindex=true: expected 0 or 1'],
      [['-keypool=many'], 'Error: Invalid -keypool=many: not a number'],
      [['-mocktime=-5'], 'Error: Invalid -mocktime=-5: must be between 0 and 2147483647'],
      [['-minrelaytxfee=abc'], "Error: Invalid amount for -minrelaytxfee=<amount>: 'abc'"],
      [['-minrelaytxfee=0'], "Error: Invalid amount for -minrelaytxfee=<amount>: '0'"],
      [['-minrelaytxfee=0.000000001'], "Error: Invalid amount for -minrelaytxfee=<amount>: '0.000000001'"],
      [['-paytxfee=0.000001'], "Error: Invalid amount for -paytxfee=<amount>: '0.000001' (must be at least 0.00001000 BTC/kB)"],
      [['-maxmempool=1'], 'Error: -maxmempool must be at least 5 MB'],
      [['-rpcallowip=1.2.3.4/33'], 'Error: Invalid -rpcallowip subnet specification: 1.2.3.4/33. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).'],
      [['-rpcallowip=example.com'], /^Error: Invalid -rpcallowip subnet specification: example\.com\./],
      [['-whitelist=1.2.3.4/x'], "Error: Invalid netmask specified in -whitelist: '1.2.3.4/x'"],
      [['-onlynet=ipx'], "Error: Unknown network specified in -onlynet: 'ipx'"],
      [['-rpcauth=alice:salt'], /^Error: Invalid -rpcauth argument/],
      [['-prune=100'], 'Error: Prune configured below the minimum of 550 MiB.  Please use a higher number.'],
      [['-prune=-1'], 'Error: Prune cannot be configured with a negative value.'],
      [['-prune=600', '-txindex'], 'Error: Prune mode is incompatible with -txindex.'],
      [['-prune=600', '-rescan'], 'Error: Rescans are not possible in pruned mode. You will need to use -reindex which will download the whole blockchain again.'],
      [['-wallet=../w.dat'], /^Error: Wallet \.\.\/w\.dat resides outside data directory /],
      [['-sysperms'], 'Error: -sysperms is not allowed in combination with enabled wallet functionality'],
      [['-rpcserialversion=2'], 'Error: unknown rpcserialversion requested.'],
      [['-rpcserialversion=-1'], 'Error: rpcserialversion must be non-negative.'],
      [['-zmqpubrawblock=127.0.0.1:28332'], /^Error: Invalid -zmqpubrawblock address '127\.0\.0\.1:28332'/],
      [['-uacomment=a<b'], 'Error: User Agent comment (a<b) contains unsafe characters.'],
      // BIP14's SAFE_CHARS_UA_COMMENT has no '/', ':', '(' or ')' (they would break the user agent's syntax)
      [['-uacomment=a/b'], 'Error: User Agent comment (a/b) contains unsafe characters.'],
      [['-uacomment=(x)'], 'Error: User Agent comment ((x)) contains unsafe characters.'],
      [['-uacomment=' + 'x'.repeat(250)], /^Error: Total length of network version string \(269\) exceeds maximum length \(256\)\. Reduce the number or size of uacomments\.$/],
      [['-fixedtxfee=-1'], /^Error: Invalid -fixedtxfee=-1: must be between 0 and/],
      [['-frequirestandard=1', '-acceptnonstdtxn=1'], 'Error: acceptnonstdtxn is not currently supported for ocean_test chain'],
      [['-daemon'], /^Error: -daemon is not supported/],
    ];
    for (const [argv, message] of cases) fails([`-datadir=${dir}`, ...argv], message);
    // with -disablewallet the wallet checks are skipped, as in the original
    load([`-datadir=${dir}`, '-disablewallet', '-sysperms', '-wallet=../w.dat']);
  });
});

describe('loadNodeConfig: settings', () => {
  it('RPC binding follows -rpcallowip / -rpcbind like 0.14', () => {
    const dir = dataDir();
    const local = load([`-datadir=${dir}`, '-rpcbind=10.0.0.1']);
    assert.deepEqual(local.rpc.bind, [
      { host: '::1', port: 7041 },
      { host: '127.0.0.1', port: 7041 },
    ]);
    assert.ok(local.warnings.some((w) => w.includes('-rpcbind was ignored')));
    const any = load([`-datadir=${dir}`, '-rpcallowip=10.0.0.0/8']);
    assert.deepEqual(any.rpc.bind, [
      { host: '::', port: 7041 },
      { host: '0.0.0.0', port: 7041 },
    ]);
    const specific = load([`-datadir=${dir}`, '-rpcallowip=10.0.0.0/255.0.0.0', '-rpcbind=10.0.0.1:9999', '-rpcbind=[::1]', '-rpcport=7777']);
    assert.deepEqual(specific.rpc.bind, [
      { host: '10.0.0.1', port: 9999 },
      { host: '::1', port: 7777 },
    ]);
    assert.deepEqual(specific.rpc.allowIp.map(String), ['127.0.0.0/8', '::1/128', '10.0.0.0/8']);
  });

  it('cookie authentication when no rpcpassword (or an empty one) is configured', () => {
    const dir = dataDir('rpcpassword=\n');
    const c = load([`-datadir=${dir}`, '-rpccookiefile=auth/cookie']);
    assert.equal(c.rpc.password, undefined);
    assert.equal(c.rpc.cookieFile, join(dir, 'ocean_test', 'auth', 'cookie'));
    assert.equal(load([`-datadir=${dir}`, '-rpccookiefile=/tmp/x.cookie']).rpc.cookieFile, '/tmp/x.cookie');
  });

  it('debug categories and logging destinations', () => {
    const dir = dataDir();
    const none = load([`-datadir=${dir}`]).logging;
    assert.equal(none.debug.enabled, false);
    assert.equal(none.shrinkDebugFile, true);
    assert.equal(none.toFile, true);
    assert.equal(none.toConsole, false);
    const some = load([`-datadir=${dir}`, '-debug=net', '-debug=rpc', '-printtoconsole']).logging;
    assert.deepEqual([...some.debug.categories], ['net', 'rpc']);
    assert.equal(some.debug.accepts('net'), true);
    assert.equal(some.debug.accepts('mempool'), false);
    assert.equal(some.shrinkDebugFile, false);
    assert.equal(some.toFile, false, '-printtoconsole logs to the console instead of debug.log (0.14)');
    assert.equal(some.toConsole, true);
    const all = load([`-datadir=${dir}`, '-debug', '-printtoall']).logging;
    assert.equal(all.debug.all, true);
    assert.equal(all.toFile && all.toConsole, true);
    assert.equal(load([`-datadir=${dir}`, '-debug', '-nodebug']).logging.debug.enabled, false);
  });

  it('mempool, mining, storage, notification and Ocean settings', () => {
    const dir = dataDir('fixedtxfee=100000\nfreezelist=1\nzmqpubhashblock=tcp://127.0.0.1:28332\n');
    const c = load([
      `-datadir=${dir}`,
      '-minrelaytxfee=0.0001',
      '-maxmempool=500',
      '-blockmaxweight=2000000',
      '-prune=1',
      '-reindex-chainstate=1',
      '-mempoolreplacement=fee,other',
      '-pkhwhitelist=1',
      '-dbcache=1',
      '-checkmempool=0',
    ]);
    assert.equal(c.mempool.minRelayTxFeePerKb, 10_000n);
    assert.equal(c.mempool.maxMempoolBytes, 500_000_000);
    assert.equal(c.mempool.replacement, true);
    assert.equal(c.mempool.checkMempoolRatio, 0);
    assert.equal(c.mining.blockMaxWeight, 2_000_000);
    assert.equal(c.mining.blockMaxWeightSet, true);
    assert.deepEqual(c.storage.prune, { mode: 'manual' });
    assert.equal(c.storage.reindexChainstate, true);
    assert.equal(c.storage.dbCacheBytes, 4 * 1024 * 1024);
    assert.equal(c.storage.checkBlockIndex, true);
    assert.equal(c.notifications.zmq.get('hashblock'), 'tcp://127.0.0.1:28332');
    assert.equal(c.ocean.fixedTxFee, 100_000n);
    assert.equal(c.ocean.freezelist, true);
    assert.equal(c.ocean.pkhWhitelist, true);
    assert.equal(c.ocean.mainchainRpc.port, 18332);
    assert.deepEqual(load([`-datadir=${dir}`, '-prune=550']).storage.prune, { mode: 'auto', targetBytes: 550 * 1024 * 1024 });
  });

  it('keeps the raw option values for ChainParams', () => {
    const dir = dataDir('initialfreecoins=2100000000000000\n');
    const c = load([`-datadir=${dir}`, '-regtest', '-coinbasechange=51:10']);
    assert.equal(c.optionValues.get('initialfreecoins'), '2100000000000000');
    assert.deepEqual(c.optionValues.getAll('coinbasechange'), ['51:10']);
    assert.equal(c.chainParams.options.initialFreeCoins, 2_100_000_000_000_000n);
  });
});

describe('loadNodeConfig: help and version', () => {
  for (const flag of ['-?', '-h', '-help', '--help', '-help-debug']) {
    it(`${flag} prints help without touching any directory`, () => {
      const r = loadNodeConfig({ argv: ['-datadir=/nonexistent/dir', flag], homeDir: '/nonexistent' });
      assert.equal(r.kind, 'help');
      assert.match((r as { text: string }).text, /^Ocean Core Daemon version v/);
    });
  }
  it('-version', () => {
    const r = loadNodeConfig({ argv: ['-version'], homeDir: '/nonexistent', version: '1.2.3' });
    assert.equal(r.kind, 'version');
    assert.match((r as { text: string }).text, /^Ocean Core Daemon version v1\.2\.3\n/);
  });
  it('an unknown option is still an error next to -help (the original checks while parsing)', () => {
    fails(['-help', '-foo'], 'Argument -foo not recognised.');
  });
});
