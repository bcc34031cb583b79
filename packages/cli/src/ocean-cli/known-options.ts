/**
 * The original's shared known-option list (`availableArgs`, src/util.cpp; rpc spec §4.1): every
 * command-line option and config-file key of oceand, ocean-cli and ocean-tx must be in it, so an
 * `ocean.conf` written for the node is accepted by the CLI and a misspelt option is refused.
 * Names are without the leading dash and are checked after `-no` negation.
 *
 * Reconstructed from the options Bitcoin Core 0.14 / Elements 0.14 document in `-help` and
 * `-help-debug` plus the Ocean options of rpc spec §4.2–§4.5 and the names §4.1 lists; the same
 * names as oceand's typed option table (packages/node/src/config/known-options.ts), which the CLI
 * may not import (services never depend on node). Quirks kept:
 * `privdb` is missing (the original lists it without its dash, so `-privdb` is refused) and the
 * concatenated entry `permissioncoinsdestination-issuancecoinsdestination` is accepted.
 */
const GENERAL = [
  '?', 'h', 'help', 'help-debug', 'version', 'alertnotify', 'blocknotify', 'blocksonly', 'assumevalid', 'conf',
  'daemon', 'datadir', 'dbcache', 'dbbatchsize', 'feefilter', 'loadblock', 'maxorphantx', 'maxmempool',
  'mempoolexpiry', 'persistmempool', 'blockreconstructionextratxn', 'par', 'pid', 'prune', 'reindex-chainstate', 'reindex',
  'sysperms', 'txindex',
];

const CONNECTION = [
  'addnode', 'banscore', 'bantime', 'bind', 'connect', 'discover', 'dns', 'dnsseed', 'externalip', 'forcednsseed',
  'listen', 'listenonion', 'maxconnections', 'maxreceivebuffer', 'maxsendbuffer', 'maxtimeadjustment', 'onion',
  'onlynet', 'permitbaremultisig', 'peerbloomfilters', 'port', 'proxy', 'proxyrandomize',
  'rpcserialversion', 'seednode', 'timeout', 'torcontrol', 'torpassword', 'upnp', 'whitebind', 'whitelist',
  'maxuploadtarget',
];

const WALLET = [
  'disablewallet', 'keypool', 'fallbackfee', 'mintxfee', 'paytxfee', 'rescan', 'salvagewallet', 'sendfreetransactions',
  'spendzeroconfchange', 'txconfirmtarget', 'usehd', 'walletrbf', 'upgradewallet', 'wallet', 'walletbroadcast',
  'walletnotify', 'zapwallettxes', 'dblogsize', 'flushwallet', 'walletrejectlongchains',
];

const ZMQ = ['zmqpubhashblock', 'zmqpubhashtx', 'zmqpubrawblock', 'zmqpubrawtx'];

const DEBUG = [
  'checkblocks', 'checklevel', 'checkblockindex', 'checkmempool', 'checkpoints', 'disablesafemode', 'testsafemode',
  'dropmessagestest', 'fuzzmessagestest', 'stopafterblockimport', 'limitancestorcount', 'limitancestorsize',
  'limitdescendantcount', 'limitdescendantsize', 'bip9params', 'debug', 'logips', 'logtimestamps', 'logtimemicros',
  'mocktime', 'limitfreerelay', 'relaypriority', 'maxsigcachesize', 'maxtipage', 'maxtxfee', 'printtoconsole',
  'printpriority', 'shrinkdebugfile', 'uacomment',
];

const CHAIN_SELECTION = ['chain', 'regtest', 'testnet'];

const RELAY_AND_MINING = [
  'acceptnonstdtxn', 'incrementalrelayfee', 'dustrelayfee', 'bytespersigop', 'datacarrier', 'datacarriersize',
  'mempoolreplacement', 'minrelaytxfee', 'whitelistrelay', 'whitelistforcerelay', 'blockmaxweight', 'blockmaxsize',
  'blockprioritysize', 'blockmintxfee', 'blockversion',
];

const RPC_SERVER = [
  'server', 'rest', 'rpcbind', 'rpccookiefile', 'rpcuser', 'rpcpassword', 'rpcauth', 'rpcport', 'rpcallowip',
  'rpcthreads', 'rpcworkqueue', 'rpcservertimeout',
];

const QT = [
  'choosedatadir', 'lang', 'min', 'rootcertificates', 'splash', 'resetguisettings', 'uiplatform',
  'allowselfsignedrootcertificates',
];

/** ocean-cli and ocean-tx switches. */
const TOOLS = ['rpcconnect', 'rpcwait', 'rpcclienttimeout', 'stdin', 'named', 'create', 'json', 'txid'];

/** Elements additions: peg, confidential transactions, chain parameters of custom chains. */
const ELEMENTS = [
  'validatepegin', 'mainchainrpchost', 'mainchainrpcport', 'mainchainrpcuser', 'mainchainrpcpassword',
  'mainchainrpccookiefile', 'mainchainrpcuri', 'peginconfirmationdepth', 'disablect', 'ct_bits', 'ct_exponent',
  'walletprematurewitness', 'prematurewitness', 'promiscuousmempoolflags', 'fedpegscript', 'signblockscript',
  'initialfreecoins', 'parentgenesisblockhash', 'ndefaultport', 'npruneafterheight', 'fmineblocksondemand',
  'fdefaultconsistencychecks', 'frequirestandard', 'fminingrequirespeers', 'anyonecanspendaremine',
  'con_nsubsidyhalvinginterval', 'con_bip34height', 'con_bip34hash', 'con_bip65height', 'con_bip66height',
  'con_powlimit', 'con_parentpowlimit', 'con_npowtargettimespan', 'con_npowtargetspacing',
  'con_fpowallowmindifficultyblocks', 'con_fpownoretargeting', 'con_nrulechangeactivationthreshold',
  'con_nminerconfirmationwindow', 'con_nminimumchainwork', 'con_defaultassumevalid', 'con_mandatorycoinbase',
];

/** Ocean additions (rpc spec §4.2–§4.5). */
const OCEAN = [
  'pkhwhitelist', 'pkhwhitelist-encrypt', 'pkhwhitelist-scan', 'recoverwhitelistkeys', 'freezelist', 'burnlist',
  'issuanceblock', 'requestlist', 'recordinflation', 'registeraddress', 'registeraddresssize', 'fixedtxfee',
  'feeasset', 'assetdir', 'contractintx', 'contractinkycfile', 'embedcontract', 'embedmapping', 'attestationhash',
  'issuecontrolscript', 'contractchange', 'printtoall', 'fedpegaddress', 'parentcontract',
  'initialfreecoinsdestination', 'policycoins', 'freezelistcoinsdestination', 'burnlistcoinsdestination',
  'whitelistcoinsdestination', 'challengecoinsdestination', 'permissioncoinsdestination',
  'issuancecoinsdestination', 'permissioncoinsdestination-issuancecoinsdestination', 'genesistimestamp',
  'coinbasechange', 'signblockscriptchange', 'freezelistassetchange', 'burnlistassetchange', 'whitelistassetchange',
  'issuanceassetchange', 'challengeassetchange', 'disabledoutput',
];

export const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  ...GENERAL, ...CONNECTION, ...WALLET, ...ZMQ, ...DEBUG, ...CHAIN_SELECTION, ...RELAY_AND_MINING, ...RPC_SERVER,
  ...QT, ...TOOLS, ...ELEMENTS, ...OCEAN,
]);

export function isKnownOption(name: string): boolean {
  return KNOWN_OPTIONS.has(name);
}
