import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findKnownOption, isKnownOption, KNOWN_OPTIONS } from '../../src/chain/known-options.js';

/** Every option the specs name for the daemon (rpc spec §4, functional-behaviour A.1, chain spec §1–§8). */
const SPEC_OPTIONS = `
pkhwhitelist pkhwhitelist-encrypt pkhwhitelist-scan recoverwhitelistkeys freezelist burnlist issuanceblock
requestlist recordinflation registeraddress registeraddresssize fixedtxfee feeasset assetdir disablect
contractintx contractinkycfile embedcontract embedmapping attestationhash issuecontrolscript contractchange
printtoall signblockscript fedpegscript fedpegaddress parentcontract parentgenesisblockhash initialfreecoins
initialfreecoinsdestination policycoins freezelistcoinsdestination burnlistcoinsdestination
whitelistcoinsdestination challengecoinsdestination permissioncoinsdestination issuancecoinsdestination
genesistimestamp anyonecanspendaremine con_mandatorycoinbase con_nsubsidyhalvinginterval con_bip34height
con_bip34hash con_bip65height con_bip66height con_powlimit con_parentpowlimit con_npowtargettimespan
con_npowtargetspacing con_fpowallowmindifficultyblocks con_fpownoretargeting con_nrulechangeactivationthreshold
con_nminerconfirmationwindow con_nminimumchainwork con_defaultassumevalid ndefaultport npruneafterheight
fmineblocksondemand fdefaultconsistencychecks frequirestandard fminingrequirespeers coinbasechange
signblockscriptchange freezelistassetchange whitelistassetchange issuanceassetchange challengeassetchange
burnlistassetchange disabledoutput validatepegin peginconfirmationdepth mainchainrpchost mainchainrpcport
mainchainrpcuser mainchainrpcpassword mainchainrpcuri mainchainrpccookiefile acceptnonstdtxn keypool usehd
rest txindex reindex reindex-chainstate rescan mocktime discover listenonion connect addnode port rpcport
rpcuser rpcpassword rpcauth rpccookiefile server datadir conf pid debug printtoconsole logtimestamps
ct_bits ct_exponent chain regtest testnet rpcconnect rpcwait rpcclienttimeout stdin named help h create json
txid walletprematurewitness prematurewitness promiscuousmempoolflags wallet bip9params seednode
peerbloomfilters datacarrier datacarriersize permitbaremultisig disablewallet
permissioncoinsdestination-issuancecoinsdestination
`.trim().split(/\s+/);

/** Bitcoin Core 0.14 daemon options the brief names explicitly. */
const BITCOIN_OPTIONS = `
datadir conf pid txindex reindex reindex-chainstate prune dbcache par printtoconsole debug logtimestamps
shrinkdebugfile rpcuser rpcpassword rpcauth rpcport rpcbind rpcallowip rpccookiefile rpcthreads rest server
listen port bind connect addnode maxconnections zmqpubhashblock zmqpubhashtx zmqpubrawblock zmqpubrawtx
maxmempool mempoolexpiry limitancestorcount limitancestorsize limitdescendantcount limitdescendantsize
minrelaytxfee blockmaxweight blockmintxfee datacarrier datacarriersize permitbaremultisig acceptnonstdtxn
mocktime blocksonly whitelist whitebind whitelistrelay whitelistforcerelay checkblocks checklevel alertnotify
blocknotify walletnotify disablewallet keypool version help-debug
`.trim().split(/\s+/);

describe('known options', () => {
  it('has each name once, with a type, a category and help text', () => {
    const names = KNOWN_OPTIONS.map((o) => o.name);
    assert.equal(new Set(names).size, names.length);
    for (const o of KNOWN_OPTIONS) {
      assert.ok(o.help.length > 5, o.name);
      assert.ok(['bool', 'int', 'amount', 'string'].includes(o.type), o.name);
      assert.ok(!o.name.startsWith('-'), o.name);
    }
    assert.ok(KNOWN_OPTIONS.length > 200);
  });

  it('contains every option of the specs and of Bitcoin Core 0.14 the daemon needs', () => {
    for (const name of [...SPEC_OPTIONS, ...BITCOIN_OPTIONS]) assert.ok(isKnownOption(name), name);
  });

  it('keeps the original list quirks', () => {
    assert.equal(isKnownOption('privdb'), false, '-privdb is listed without its dash');
    assert.ok(findKnownOption('privdb'));
    assert.equal(isKnownOption('permissioncoinsdestination-issuancecoinsdestination'), true);
  });

  it('rejects names that are not options', () => {
    for (const name of ['foo', 'rpcpass', 'asset_main', 'con_foo', 'daemonwait', 'nodebug', '']) assert.equal(isKnownOption(name), false, name);
  });

  it('marks repeatable options as multi-valued', () => {
    for (const name of ['addnode', 'connect', 'bind', 'rpcauth', 'rpcallowip', 'rpcbind', 'assetdir', 'coinbasechange', 'debug', 'disabledoutput', 'contractchange', 'whitelist']) {
      assert.equal(findKnownOption(name)?.multi, true, name);
    }
    for (const name of ['keypool', 'chain', 'rpcport', 'wallet']) assert.equal(findKnownOption(name)?.multi, false, name);
  });

  it('documents the Ocean defaults that differ from Bitcoin', () => {
    assert.equal(findKnownOption('disablect')?.default, '1');
    assert.equal(findKnownOption('peerbloomfilters')?.default, '0');
    assert.equal(findKnownOption('pid')?.default, 'ocean-daemon.pid');
    assert.equal(findKnownOption('chain')?.default, 'ocean_test');
    assert.equal(findKnownOption('conf')?.default, 'ocean.conf');
  });
});
