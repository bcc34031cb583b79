/**
 * The options `oceand` accepts: the original's known-option list (`availableArgs` in Ocean's
 * `src/util.cpp`, rpc spec §4.1) with a type, default, category and help text for each. Shared by
 * oceand and ocean-cli (the original checks both against the same list).
 *
 * Provenance. The original's list is "the Bitcoin/Elements options documented by -help /
 * -help-debug, the Ocean options, the `-con_*` family, `-ct_bits`, `-ct_exponent`, `-chain`,
 * `-regtest`, `-testnet`, the ocean-cli / ocean-tx options (`-rpcconnect`, `-rpcwait`,
 * `-rpcclienttimeout`, `-stdin`, `-named`, `-create`, `-json`, `-txid`), `-help`, `-h`,
 * `-disablect`, `-walletprematurewitness`, `-prematurewitness`, `-promiscuousmempoolflags` and the
 * Qt options" (rpc spec §4.1). The Bitcoin part is Bitcoin Core 0.14's `HelpMessage()`
 * (init.cpp), `CWallet::GetWalletHelpString()` (wallet.cpp), the ZeroMQ and chain-selection help and
 * the ocean-cli / Qt option sets, as of 0.14 (reconstructed; no original source was available
 * here). The Ocean / Elements part is every option of rpc spec §4.2–4.6, chain spec §1–§3, §8 and
 * functional-behaviour A.1. Defaults are the documented ones; where the original computes one, the
 * text says so. Help texts are our own.
 *
 * Quirks kept on purpose (rpc spec §4.1):
 * - `privdb` is in the original's list without its leading dash, so `-privdb` never matches and is
 *   rejected: it is listed here with `accepted: false`.
 * - a missing comma concatenates two entries into `permissioncoinsdestination-issuancecoinsdestination`,
 *   which is therefore a (useless) known name; both halves are also listed on their own.
 */

export type OptionType = 'bool' | 'int' | 'amount' | 'string';

export type OptionCategory =
  | 'general'
  | 'connection'
  | 'wallet'
  | 'zmq'
  | 'debug'
  | 'chain'
  | 'relay'
  | 'block'
  | 'rpc'
  | 'ocean'
  | 'genesis'
  | 'consensus'
  | 'schedule'
  | 'peg'
  | 'tools'
  | 'gui';

export interface KnownOption {
  /** Name without the leading dash. */
  readonly name: string;
  readonly type: OptionType;
  /** Documented default as text; undefined = none / not set. */
  readonly default?: string;
  /** Every occurrence counts (`-addnode`, `-assetdir`, …); otherwise the last one wins. */
  readonly multi: boolean;
  readonly category: OptionCategory;
  /** Value placeholder shown by `-help` (`<n>`, `<file>`, …). */
  readonly arg?: string;
  readonly help: string;
  /** Shown only with `-help-debug`. */
  readonly debugOnly?: boolean;
  /** Known (accepted) but not documented by `-help` (aliases, tool and GUI options, quirks). */
  readonly hidden?: boolean;
  /** False for a name in the original's list that can never match (`privdb`). */
  readonly accepted?: boolean;
}

/** Help-section titles, in the order `-help` prints them. */
export const OPTION_CATEGORY_TITLES: Readonly<Record<OptionCategory, string>> = {
  general: 'General',
  chain: 'Chain selection',
  connection: 'Connections',
  wallet: 'Wallet',
  zmq: 'ZeroMQ notifications',
  debug: 'Debugging, logging and testing',
  relay: 'Transaction relay',
  block: 'Block creation',
  rpc: 'RPC and REST server',
  ocean: 'Ocean policy and wallet',
  genesis: 'Chain parameters (genesis; custom chains)',
  consensus: 'Consensus and network parameters (custom chains)',
  schedule: 'Scheduled changes (repeatable)',
  peg: 'Ethereum peg',
  tools: 'ocean-cli / ocean-tx options (accepted and ignored by the daemon)',
  gui: 'GUI options (accepted and ignored by the daemon)',
};

type Extra = Partial<Pick<KnownOption, 'default' | 'multi' | 'arg' | 'debugOnly' | 'hidden' | 'accepted'>>;

function opt(name: string, type: OptionType, category: OptionCategory, help: string, extra: Extra = {}): KnownOption {
  return { name, type, category, help, multi: false, ...extra };
}

const bool = (name: string, category: OptionCategory, dflt: string | undefined, help: string, extra: Extra = {}) =>
  opt(name, 'bool', category, help, dflt === undefined ? extra : { default: dflt, ...extra });
const int = (name: string, category: OptionCategory, dflt: string | undefined, help: string, extra: Extra = {}) =>
  opt(name, 'int', category, help, { arg: '<n>', ...(dflt === undefined ? {} : { default: dflt }), ...extra });
const amount = (name: string, category: OptionCategory, dflt: string | undefined, help: string, extra: Extra = {}) =>
  opt(name, 'amount', category, help, { arg: '<amt>', ...(dflt === undefined ? {} : { default: dflt }), ...extra });
const str = (name: string, category: OptionCategory, arg: string, dflt: string | undefined, help: string, extra: Extra = {}) =>
  opt(name, 'string', category, help, { arg, ...(dflt === undefined ? {} : { default: dflt }), ...extra });
const multi = (name: string, category: OptionCategory, arg: string, help: string, extra: Extra = {}) =>
  opt(name, 'string', category, help, { arg, multi: true, ...extra });

const CON_OPTIONS: readonly KnownOption[] = [
  str('con_mandatorycoinbase', 'consensus', '<hex>', undefined, 'Every coinbase must pay to this script (hex); empty allows any destination. Such outputs are also whitelisted automatically.'),
  int('con_nsubsidyhalvinginterval', 'consensus', '150', 'Subsidy halving interval in blocks (Ocean pays no subsidy; kept for compatibility).'),
  int('con_bip34height', 'consensus', '100000000', 'Height from which BIP34 (height in coinbase) applies.'),
  str('con_bip34hash', 'consensus', '<hex>', '0', 'Hash of the BIP34 activation block.'),
  int('con_bip65height', 'consensus', '1351', 'BIP65 activation height (informational: CHECKLOCKTIMEVERIFY is always enforced).'),
  int('con_bip66height', 'consensus', '1251', 'BIP66 activation height (informational: strict DER is always enforced).'),
  str('con_powlimit', 'consensus', '<hex>', '7fff…ff', 'Proof-of-work limit (unused on signed-block chains).'),
  str('con_parentpowlimit', 'consensus', '<hex>', '7fff…ff', 'Proof-of-work limit of the parent chain.'),
  int('con_npowtargettimespan', 'consensus', '1209600', 'Difficulty retarget timespan in seconds.'),
  int('con_npowtargetspacing', 'consensus', '600', 'Target seconds between blocks (used by the assume-valid heuristic).'),
  bool('con_fpowallowmindifficultyblocks', 'consensus', '1', 'Allow minimum-difficulty blocks.'),
  bool('con_fpownoretargeting', 'consensus', '1', 'Never retarget the difficulty.'),
  int('con_nrulechangeactivationthreshold', 'consensus', '108', 'Signalling blocks per window needed to lock in a BIP9 deployment.'),
  int('con_nminerconfirmationwindow', 'consensus', '144', 'Length of a BIP9 signalling window in blocks.'),
  str('con_nminimumchainwork', 'consensus', '<hex>', '0', 'Minimum total chain work before the node leaves initial block download.'),
  str('con_defaultassumevalid', 'consensus', '<hex>', '0', 'Default for -assumevalid on this chain.'),
];

export const KNOWN_OPTIONS: readonly KnownOption[] = Object.freeze([
  // ---- general -----------------------------------------------------------------------------------
  bool('?', 'general', undefined, 'Print this help text and exit (also -h and -help).'),
  bool('h', 'general', undefined, 'Same as -?.', { hidden: true }),
  bool('help', 'general', undefined, 'Same as -?.', { hidden: true }),
  bool('help-debug', 'general', undefined, 'Include the debugging and testing options in the help text.'),
  bool('version', 'general', undefined, 'Print the version and exit.'),
  str('alertnotify', 'general', '<cmd>', undefined, 'Run this shell command when the node raises an alert or sees a very long fork; %s is replaced by the message.'),
  str('blocknotify', 'general', '<cmd>', undefined, 'Run this shell command whenever the best block changes; %s is replaced by the block hash.'),
  str('assumevalid', 'general', '<hex>', 'chain default (none)', 'Skip script checks for this block and its ancestors when they are in the best chain (0 checks every script).'),
  bool('blocksonly', 'general', '0', 'Relay and request blocks only, never loose transactions.'),
  int('checkblocks', 'general', '6', 'How many recent blocks to check at start-up (0 = all).', { debugOnly: true }),
  int('checklevel', 'general', '3', 'How thoroughly the start-up block check works (0 to 4).', { debugOnly: true }),
  str('conf', 'general', '<file>', 'ocean.conf', 'Read options from this file; a relative path is taken inside the data directory.'),
  bool('daemon', 'general', '0', 'Detach and run in the background. Not supported here: run oceand under a process supervisor instead.'),
  str('datadir', 'general', '<dir>', '~/.bitcoin', 'Base data directory. Chain data goes into a subdirectory named after the chain.'),
  int('dbbatchsize', 'general', '16777216', 'Largest write batch when flushing the coin database, in bytes.', { debugOnly: true }),
  int('dbcache', 'general', '300', 'Database cache size in MiB (4 to 16384).'),
  bool('feefilter', 'general', '1', 'Tell peers the lowest fee rate of the transactions we want to hear about.', { debugOnly: true }),
  multi('loadblock', 'general', '<file>', 'Import blocks from this blk*.dat file at start-up.'),
  int('maxorphantx', 'general', '100', 'Largest number of orphan transactions kept in memory.'),
  int('maxmempool', 'general', '300', 'Keep the memory pool below this many megabytes.'),
  int('mempoolexpiry', 'general', '336', 'Evict memory-pool transactions older than this many hours.'),
  bool('persistmempool', 'general', '1', 'Save the memory pool at shutdown and load it again at start-up.'),
  int('blockreconstructionextratxn', 'general', '100', 'Extra transactions kept in memory to rebuild compact blocks.'),
  int('par', 'general', '0', 'Script verification threads: 0 = one per core, a negative number leaves that many cores free (at most 16).'),
  str('pid', 'general', '<file>', 'ocean-daemon.pid', 'Write the process id to this file; a relative path is taken inside the chain data directory.'),
  int('prune', 'general', '0', 'Delete old block files to stay below this many MiB (0 = keep everything, 1 = only with the pruneblockchain RPC, otherwise at least 550). Cannot be combined with -txindex.'),
  bool('reindex-chainstate', 'general', '0', 'Rebuild the chain state from the block files already on disk.'),
  bool('reindex', 'general', '0', 'Rebuild the block index and the chain state from the block files on disk.'),
  bool('sysperms', 'general', '0', 'Create files with the default permissions of the system instead of owner-only ones.'),
  bool('txindex', 'general', '0', 'Index every transaction, so getrawtransaction finds any of them.'),

  // ---- chain selection -----------------------------------------------------------------------------
  str('chain', 'chain', '<name>', 'ocean_test', 'Chain to run. ocean_main and gold_main have their own parameters; any other name is a custom chain. The name is also the data subdirectory and part of the genesis block.'),
  bool('regtest', 'chain', '0', 'Run the chain elementsregtest (takes precedence over -chain).'),
  bool('testnet', 'chain', '0', 'Not supported: use -chain=<name>.'),

  // ---- connections ---------------------------------------------------------------------------------
  multi('addnode', 'connection', '<ip>', 'Connect to this peer and try to keep the connection open.'),
  int('banscore', 'connection', '100', 'Misbehaviour score at which a peer is disconnected and banned.'),
  int('bantime', 'connection', '86400', 'How long a misbehaving peer stays banned, in seconds.'),
  multi('bind', 'connection', '<addr>', 'Listen for peers on this address (use [host]:port for IPv6).'),
  multi('connect', 'connection', '<ip>', 'Connect only to these peers.'),
  bool('discover', 'connection', '1', 'Find our own public addresses (off with -bind, -externalip, -proxy or -listen=0).'),
  bool('dns', 'connection', '1', 'Allow DNS lookups for -addnode, -seednode and -connect.'),
  bool('dnsseed', 'connection', '1', 'Ask DNS seeds for peer addresses when we know too few (off with -connect).'),
  multi('externalip', 'connection', '<ip>', 'Advertise this address as our own.'),
  bool('forcednsseed', 'connection', '0', 'Always ask DNS seeds for peer addresses.'),
  bool('listen', 'connection', '1', 'Accept incoming peer connections (off with -connect or -proxy unless set).'),
  bool('listenonion', 'connection', '1', 'Publish a Tor hidden service for incoming connections.'),
  int('maxconnections', 'connection', '125', 'Most peer connections at once.'),
  int('maxreceivebuffer', 'connection', '5000', 'Receive buffer per connection, in units of 1000 bytes.'),
  int('maxsendbuffer', 'connection', '1000', 'Send buffer per connection, in units of 1000 bytes.'),
  int('maxtimeadjustment', 'connection', '4200', 'Largest clock correction taken from peers, in seconds.'),
  str('onion', 'connection', '<ip:port>', undefined, 'SOCKS5 proxy for Tor hidden services (default: the -proxy value).'),
  multi('onlynet', 'connection', '<net>', 'Only connect to peers on this network (ipv4, ipv6 or onion).'),
  bool('permitbaremultisig', 'connection', '1', 'Relay transactions with bare (non-P2SH) multisig outputs.'),
  bool('peerbloomfilters', 'connection', '0', 'Serve bloom-filtered blocks and transactions to light clients (Ocean turns this off by default).'),
  int('port', 'connection', '7042', 'Port to listen on for peers (default: the chain\'s, see -ndefaultport).'),
  str('proxy', 'connection', '<ip:port>', undefined, 'Connect to peers through this SOCKS5 proxy.'),
  bool('proxyrandomize', 'connection', '1', 'Use fresh proxy credentials per connection (Tor stream isolation).'),
  int('rpcserialversion', 'connection', '1', 'Serialisation of raw transactions and blocks in RPC results: 0 without witness data, 1 with.'),
  multi('seednode', 'connection', '<ip>', 'Connect to this peer once to learn addresses, then disconnect.'),
  int('timeout', 'connection', '5000', 'Connection timeout in milliseconds.'),
  str('torcontrol', 'connection', '<ip:port>', '127.0.0.1:9051', 'Tor control port to use when -listenonion is on.'),
  str('torpassword', 'connection', '<pass>', undefined, 'Password for the Tor control port.'),
  bool('upnp', 'connection', '0', 'Map the listening port with UPnP.'),
  multi('whitebind', 'connection', '<addr>', 'Listen on this address and trust the peers that connect to it.'),
  multi('whitelist', 'connection', '<ip|net>', 'Trust peers from this address or network (1.2.3.4, 1.2.3.0/24 or 1.2.3.0/255.255.255.0): never banned, their transactions always relayed.'),
  int('maxuploadtarget', 'connection', '0', 'Try to keep outgoing traffic under this many MiB per day (0 = no limit).'),

  // ---- wallet --------------------------------------------------------------------------------------
  bool('disablewallet', 'wallet', '0', 'Run without a wallet and without the wallet RPC methods.'),
  int('keypool', 'wallet', '100', 'How many keys the wallet generates ahead of use.'),
  amount('fallbackfee', 'wallet', '0.0002', 'Fee rate per kB the wallet uses when it has no fee estimate.'),
  amount('mintxfee', 'wallet', '0.00001', 'Lowest fee rate per kB the wallet pays when it creates a transaction.'),
  amount('paytxfee', 'wallet', '0', 'Fee rate per kB added to transactions the wallet sends.'),
  bool('rescan', 'wallet', '0', 'Scan the block chain for wallet transactions at start-up.'),
  bool('salvagewallet', 'wallet', '0', 'Try to recover private keys from a damaged wallet file at start-up.'),
  bool('sendfreetransactions', 'wallet', '0', 'Send transactions without a fee when possible.'),
  bool('spendzeroconfchange', 'wallet', '1', 'Spend our own unconfirmed change.'),
  int('txconfirmtarget', 'wallet', '6', 'Without -paytxfee, aim for confirmation within this many blocks.'),
  bool('usehd', 'wallet', '1', 'Derive keys hierarchically (BIP32); only takes effect when the wallet is created.'),
  bool('walletrbf', 'wallet', '0', 'Mark wallet transactions as replaceable (BIP125).'),
  int('upgradewallet', 'wallet', undefined, 'Upgrade the wallet file to the latest (or the given) format at start-up.'),
  str('wallet', 'wallet', '<file>', 'wallet.dat', 'Wallet file name inside the chain data directory.'),
  bool('walletbroadcast', 'wallet', '1', 'Broadcast the transactions the wallet creates.'),
  str('walletnotify', 'wallet', '<cmd>', undefined, 'Run this shell command when a wallet transaction changes; %s is replaced by the txid.'),
  int('zapwallettxes', 'wallet', undefined, 'Delete all wallet transactions and find them again with a rescan (1 keeps their metadata, 2 drops it).', { arg: '<mode>' }),
  int('dblogsize', 'wallet', '100', 'Flush the wallet database log when it reaches this many kB.', { debugOnly: true }),
  bool('flushwallet', 'wallet', '1', 'Flush the wallet database from time to time.', { debugOnly: true }),
  bool('privdb', 'wallet', '1', 'Private database environment for the wallet. Rejected: the original lists it without its dash.', { debugOnly: true, accepted: false, hidden: true }),
  bool('walletrejectlongchains', 'wallet', '0', 'Refuse to create transactions that would exceed the memory-pool chain limits.', { debugOnly: true }),
  bool('walletprematurewitness', 'wallet', '0', 'Let the wallet use segwit before it is active (no effect: segwit is active from genesis).', { hidden: true }),
  int('ct_bits', 'wallet', undefined, 'Elements: minimum number of hidden bits in a confidential amount\'s range proof.', { hidden: true }),
  int('ct_exponent', 'wallet', undefined, 'Elements: base-10 exponent of confidential amounts\' range proofs.', { hidden: true }),

  // ---- zmq -----------------------------------------------------------------------------------------
  str('zmqpubhashblock', 'zmq', '<address>', undefined, 'Publish the hash of every new best block on this ZeroMQ endpoint (e.g. tcp://127.0.0.1:28332).'),
  str('zmqpubhashtx', 'zmq', '<address>', undefined, 'Publish the txid of every new transaction on this ZeroMQ endpoint.'),
  str('zmqpubrawblock', 'zmq', '<address>', undefined, 'Publish every new best block, serialised, on this ZeroMQ endpoint.'),
  str('zmqpubrawtx', 'zmq', '<address>', undefined, 'Publish every new transaction, serialised, on this ZeroMQ endpoint.'),

  // ---- debugging / logging -------------------------------------------------------------------------
  multi('uacomment', 'debug', '<cmt>', 'Append this comment to the user agent we announce to peers.'),
  bool('checkblockindex', 'debug', 'chain default (1)', 'Check the block index for consistency from time to time.', { debugOnly: true }),
  int('checkmempool', 'debug', 'chain default (1)', 'Check the memory pool for consistency once every n transactions (0 = never).', { debugOnly: true }),
  bool('checkpoints', 'debug', '1', 'Reject forks below the last checkpoint.', { debugOnly: true }),
  bool('disablesafemode', 'debug', '0', 'Never enter safe mode.', { debugOnly: true }),
  bool('testsafemode', 'debug', '0', 'Always run in safe mode (testing).', { debugOnly: true }),
  int('dropmessagestest', 'debug', undefined, 'Drop one in n incoming peer messages (testing).', { debugOnly: true }),
  int('fuzzmessagestest', 'debug', undefined, 'Corrupt one in n incoming peer messages (testing).', { debugOnly: true }),
  bool('stopafterblockimport', 'debug', '0', 'Stop once -loadblock / -reindex has imported the blocks.', { debugOnly: true }),
  int('limitancestorcount', 'debug', '25', 'Refuse transactions with more unconfirmed ancestors than this in the memory pool.', { debugOnly: true }),
  int('limitancestorsize', 'debug', '101', 'Refuse transactions whose unconfirmed ancestors take more than this many kB.', { debugOnly: true }),
  int('limitdescendantcount', 'debug', '25', 'Refuse transactions that would give a memory-pool transaction more descendants than this.', { debugOnly: true }),
  int('limitdescendantsize', 'debug', '101', 'Refuse transactions that would give a memory-pool transaction descendants of more than this many kB.', { debugOnly: true }),
  multi('bip9params', 'debug', '<deployment:start:end>', 'Override the start and timeout times of a BIP9 deployment.', { debugOnly: true }),
  multi('debug', 'debug', '<category>', 'Log debug lines of this category (repeatable). With no category, 1 or all: every category; 0 turns debugging off. Categories: addrman, alert, bench, cmpctblock, coindb, db, http, libevent, lock, mempool, mempoolrej, net, proxy, prune, rand, reindex, rpc, selectcoins, tor, zmq.'),
  bool('logips', 'debug', '0', 'Include IP addresses in log lines.'),
  bool('logtimestamps', 'debug', '1', 'Start each log line with the date and time.'),
  bool('logtimemicros', 'debug', '0', 'Add microseconds to log timestamps.', { debugOnly: true }),
  int('mocktime', 'debug', undefined, 'Pretend the current time is this Unix time (testing; 0 = real time).', { debugOnly: true }),
  int('limitfreerelay', 'debug', '0', 'Rate limit, in thousands of bytes per minute, for relaying free transactions.', { debugOnly: true }),
  bool('relaypriority', 'debug', '0', 'Require high priority for relaying free or low-fee transactions.', { debugOnly: true }),
  int('maxsigcachesize', 'debug', '32', 'Signature cache size in MiB.', { debugOnly: true }),
  int('maxtipage', 'debug', '86400', 'Consider the node in initial block download while its tip is older than this many seconds.', { debugOnly: true }),
  amount('maxtxfee', 'debug', '0.10', 'Highest total fee of one wallet or sendrawtransaction transaction; larger ones are refused.'),
  bool('printtoconsole', 'debug', '0', 'Write log lines to standard output instead of debug.log.'),
  bool('printpriority', 'debug', '0', 'Log the priority and fee of each transaction put in a block.', { debugOnly: true }),
  bool('shrinkdebugfile', 'debug', '1 unless -debug', 'Trim debug.log to its last 10 MB at start-up when it is larger.'),
  bool('prematurewitness', 'debug', '0', 'Relay witness transactions before segwit activation (no effect: active from genesis).', { hidden: true }),
  int('promiscuousmempoolflags', 'debug', undefined, 'Script verification flags for the memory pool (testing).', { hidden: true }),

  // ---- relay ---------------------------------------------------------------------------------------
  bool('acceptnonstdtxn', 'relay', '1', 'Relay and mine non-standard transactions (Ocean chains do not require standardness).', { debugOnly: true }),
  amount('incrementalrelayfee', 'relay', '0.00001', 'Fee rate per kB added to the minimum when the memory pool is full or a transaction is replaced.', { debugOnly: true }),
  amount('dustrelayfee', 'relay', '0.00003', 'Fee rate per kB that defines dust outputs.', { debugOnly: true }),
  int('bytespersigop', 'relay', '20', 'Bytes a signature operation counts as for relay and mining.'),
  bool('datacarrier', 'relay', '1', 'Relay and mine transactions with an OP_RETURN data output.'),
  int('datacarriersize', 'relay', '83', 'Largest OP_RETURN data output we relay and mine, in bytes.'),
  bool('mempoolreplacement', 'relay', '1', 'Allow replacing memory-pool transactions by fee (BIP125).'),
  amount('minrelaytxfee', 'relay', '0.00001', 'Transactions paying less than this fee rate per kB are not relayed or mined.'),
  bool('whitelistrelay', 'relay', '1', 'Accept transactions relayed by whitelisted peers even without relaying in general.'),
  bool('whitelistforcerelay', 'relay', '1', 'Relay transactions from whitelisted peers even when they break our policy.'),

  // ---- block creation ------------------------------------------------------------------------------
  int('blockmaxweight', 'block', '3000000', 'Largest weight of a block we create.'),
  int('blockmaxsize', 'block', '750000', 'Largest size in bytes of a block we create.'),
  int('blockprioritysize', 'block', '0', 'Bytes of a new block reserved for high-priority, low-fee transactions.'),
  amount('blockmintxfee', 'block', '0.00001', 'Lowest fee rate per kB of transactions put into new blocks.'),
  int('blockversion', 'block', undefined, 'Version field of new blocks (testing).', { debugOnly: true }),

  // ---- rpc -----------------------------------------------------------------------------------------
  bool('server', 'rpc', '1', 'Accept JSON-RPC commands.'),
  bool('rest', 'rpc', '0', 'Serve the public REST interface.'),
  multi('rpcbind', 'rpc', '<addr>[:port]', 'Listen for JSON-RPC on this address (only used together with -rpcallowip; default: localhost, or every address with -rpcallowip).'),
  str('rpccookiefile', 'rpc', '<file>', '.cookie', 'Cookie file for RPC authentication when no -rpcpassword is set; a relative path is taken inside the chain data directory.'),
  str('rpcuser', 'rpc', '<user>', undefined, 'User name for JSON-RPC.'),
  str('rpcpassword', 'rpc', '<pw>', undefined, 'Password for JSON-RPC; without one a random cookie is used.'),
  multi('rpcauth', 'rpc', '<user>:<salt>$<hash>', 'An extra JSON-RPC login: the hash is the hex HMAC-SHA256 of the password keyed with the salt. Repeatable.'),
  int('rpcport', 'rpc', '7041 (ocean_main 8332, gold_main 8443)', 'Port for JSON-RPC.'),
  multi('rpcallowip', 'rpc', '<ip>', 'Accept JSON-RPC from this address or network (1.2.3.4, 1.2.3.0/24 or 1.2.3.0/255.255.255.0) besides localhost. Repeatable.'),
  int('rpcthreads', 'rpc', '4', 'Threads serving JSON-RPC calls.'),
  int('rpcworkqueue', 'rpc', '16', 'Queue depth for JSON-RPC calls waiting for a thread.', { debugOnly: true }),
  int('rpcservertimeout', 'rpc', '30', 'Idle timeout of JSON-RPC connections, in seconds.', { debugOnly: true }),
  str('metrics', 'rpc', '<[host:]port>', undefined, 'ocean-ts extension (not in the original): serve Prometheus metrics at GET /metrics on this port, without authentication. Only a port binds 127.0.0.1; give a host (IPv6 in brackets) to bind elsewhere. Off unless set; -nometrics turns it off.'),

  // ---- ocean policy and wallet ---------------------------------------------------------------------
  bool('pkhwhitelist', 'ocean', '0', 'Enforce the address whitelist: outputs must pay to whitelisted keys.'),
  bool('pkhwhitelist-encrypt', 'ocean', '0', 'Use the encrypted (KYC) whitelist.'),
  bool('pkhwhitelist-scan', 'ocean', '0', 'Maintain the encrypted whitelist from the chain without enforcing it.'),
  bool('recoverwhitelistkeys', 'ocean', '0', 'Recover the KYC private keys at start-up.'),
  bool('freezelist', 'ocean', '0', 'Maintain and enforce the freeze list.'),
  bool('burnlist', 'ocean', '0', 'Maintain and enforce the burn list.'),
  bool('issuanceblock', 'ocean', '0', 'Asset issuances must spend the ISSUANCE policy asset.'),
  bool('requestlist', 'ocean', '0', 'Keep the table of guardnode requests and bids.'),
  bool('recordinflation', 'ocean', '0', 'Record issuance and freeze history for asset statistics.'),
  bool('registeraddress', 'ocean', '1', 'Treat register-address outputs as standard.'),
  int('registeraddresssize', 'ocean', '3203', 'Largest register-address script treated as standard.'),
  int('fixedtxfee', 'ocean', '0', 'Fixed fee in satoshis every transaction must pay, with the anti-split rule (0 = off).'),
  str('feeasset', 'ocean', '<hex>', 'the pegged asset', 'Asset used for fees, bids and raw-transaction defaults.'),
  multi('assetdir', 'ocean', '<asset hex>:<label>', 'Give an asset a label. Repeatable.'),
  bool('disablect', 'ocean', '1', 'Wallet uses unconfidential addresses and unblinded issuances (0 restores confidential transactions).'),
  bool('contractintx', 'ocean', '0', 'Put the contract hash in an output of wallet transactions instead of tweaking keys.'),
  bool('contractinkycfile', 'ocean', '1', 'Write and require the contract hash line in KYC files.'),
  bool('embedcontract', 'ocean', '1', 'Block headers carry the contract hash and wallet keys are tweaked with it (changes the genesis block).'),
  bool('embedmapping', 'ocean', '1', 'Block headers carry the asset-mapping hash.'),
  bool('printtoall', 'ocean', '0', 'Write log lines to both standard output and debug.log.'),
  bool('anyonecanspendaremine', 'ocean', '1', 'The wallet counts anyone-can-spend (OP_TRUE) outputs as its own.'),

  // ---- genesis -------------------------------------------------------------------------------------
  str('signblockscript', 'genesis', '<hex>', '51', 'Block signing challenge script (genesis).'),
  str('fedpegscript', 'genesis', '<hex>', '51', 'Federation peg script.'),
  str('fedpegaddress', 'genesis', '<40 hex>', '0', 'Ethereum address of the federation (peg-in destination).'),
  str('parentcontract', 'genesis', '<40 hex>', '076C97e1c869072eE22f8c91978C99B4bcB02591', 'ERC-20 contract of the pegged token on Ethereum.'),
  str('parentgenesisblockhash', 'genesis', '<hex>', 'Ethereum mainnet genesis', 'Genesis hash of the parent chain (determines the pegged asset id).'),
  int('initialfreecoins', 'genesis', '0', 'Satoshis of the pegged asset issued in the genesis block, split into 100 outputs.'),
  str('initialfreecoinsdestination', 'genesis', '<hex>', '51', 'Script the genesis coins are paid to.'),
  int('policycoins', 'genesis', '0', 'Amount of each policy asset issued in the genesis block.'),
  str('freezelistcoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the FREEZELIST policy asset; also enables it.'),
  str('burnlistcoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the BURNLIST policy asset; also enables it.'),
  str('whitelistcoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the WHITELIST policy asset; also enables it.'),
  str('challengecoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the CHALLENGE policy asset; also enables it.'),
  str('permissioncoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the PERMISSION policy asset; also enables it.'),
  str('issuancecoinsdestination', 'genesis', '<hex>', '6a (not issued)', 'Script receiving the ISSUANCE policy asset; also enables it.'),
  str('permissioncoinsdestination-issuancecoinsdestination', 'genesis', '<hex>', undefined, 'Accepted and ignored (two names the original joined by mistake).', { hidden: true }),
  int('genesistimestamp', 'genesis', '1514764800', 'Time field of the genesis block.'),
  str('attestationhash', 'genesis', '<hex>', '0', 'Attestation hash in the genesis header.'),
  str('issuecontrolscript', 'genesis', '<hex>', undefined, 'Adds a zero-value OP_RETURN output carrying this script to the genesis coinbase.'),

  // ---- consensus / network parameters --------------------------------------------------------------
  ...CON_OPTIONS,
  int('ndefaultport', 'consensus', '7042', 'Default peer-to-peer port of the chain.'),
  int('npruneafterheight', 'consensus', '1000', 'Height below which blocks are never pruned.'),
  bool('fmineblocksondemand', 'consensus', '1', 'Allow mining blocks on demand (generate).'),
  bool('fdefaultconsistencychecks', 'consensus', '1', 'Run the expensive consistency checks by default.'),
  bool('frequirestandard', 'consensus', '0', 'Require standard transactions on this chain.'),
  bool('fminingrequirespeers', 'consensus', '0', 'Refuse to mine without peers.'),

  // ---- scheduled changes ---------------------------------------------------------------------------
  multi('coinbasechange', 'schedule', '<hex>:<height>', 'From this height on, coinbases must pay to this script.'),
  multi('signblockscriptchange', 'schedule', '<hex>:<height>', 'From this height on, blocks are signed against this challenge.'),
  multi('freezelistassetchange', 'schedule', '<asset>:<height>', 'From this height on, this asset is the FREEZELIST policy asset.'),
  multi('burnlistassetchange', 'schedule', '<asset>:<height>', 'Meant for the BURNLIST policy asset; like the original, it changes the freeze list schedule.'),
  multi('whitelistassetchange', 'schedule', '<asset>:<height>', 'From this height on, this asset is the WHITELIST policy asset.'),
  multi('issuanceassetchange', 'schedule', '<asset>:<height>', 'From this height on, this asset is the ISSUANCE policy asset.'),
  multi('challengeassetchange', 'schedule', '<asset>:<height>', 'From this height on, this asset is the CHALLENGE policy asset.'),
  multi('disabledoutput', 'schedule', '<txid>:<n>', 'This output can never be spent.'),
  multi('contractchange', 'schedule', '<height>', 'The n-th occurrence makes old<n>.txt the contract for blocks below this height.'),

  // ---- peg -----------------------------------------------------------------------------------------
  bool('validatepegin', 'peg', '0', 'Check peg-in transactions against an Ethereum node.'),
  int('peginconfirmationdepth', 'peg', '8', 'Ethereum confirmations a peg-in needs.'),
  str('mainchainrpchost', 'peg', '<host>', '127.0.0.1', 'Host of the Ethereum node\'s JSON-RPC.'),
  int('mainchainrpcport', 'peg', '18332', 'Port of the Ethereum node\'s JSON-RPC.', { arg: '<port>' }),
  str('mainchainrpcuser', 'peg', '<user>', undefined, 'User for the Ethereum node\'s JSON-RPC.'),
  str('mainchainrpcpassword', 'peg', '<pw>', undefined, 'Password for the Ethereum node\'s JSON-RPC.'),
  str('mainchainrpcuri', 'peg', '<uri>', undefined, 'HTTPS address of the Ethereum node\'s JSON-RPC.'),
  str('mainchainrpccookiefile', 'peg', '<file>', 'regtest/.cookie', 'Cookie file of the parent node (unused with Ethereum).'),

  // ---- tool options (accepted, ignored) ------------------------------------------------------------
  str('rpcconnect', 'tools', '<ip>', '127.0.0.1', 'ocean-cli: node to send commands to.', { hidden: true }),
  bool('rpcwait', 'tools', undefined, 'ocean-cli: wait for the RPC server to start.', { hidden: true }),
  int('rpcclienttimeout', 'tools', '900', 'ocean-cli: HTTP timeout in seconds.', { hidden: true }),
  bool('stdin', 'tools', undefined, 'ocean-cli: read extra arguments from standard input.', { hidden: true }),
  bool('named', 'tools', undefined, 'ocean-cli: pass named arguments.', { hidden: true }),
  bool('create', 'tools', undefined, 'ocean-tx: start from an empty transaction.', { hidden: true }),
  bool('json', 'tools', undefined, 'ocean-tx: print JSON.', { hidden: true }),
  bool('txid', 'tools', undefined, 'ocean-tx: print the txid only.', { hidden: true }),

  // ---- GUI options (accepted, ignored) -------------------------------------------------------------
  bool('choosedatadir', 'gui', undefined, 'GUI: ask for the data directory at start-up.', { hidden: true }),
  str('lang', 'gui', '<lang>', undefined, 'GUI: language.', { hidden: true }),
  bool('min', 'gui', undefined, 'GUI: start minimised.', { hidden: true }),
  str('rootcertificates', 'gui', '<file>', undefined, 'GUI: SSL root certificates for payment requests.', { hidden: true }),
  bool('splash', 'gui', undefined, 'GUI: show the splash screen.', { hidden: true }),
  bool('resetguisettings', 'gui', undefined, 'GUI: reset the settings made in the GUI.', { hidden: true }),
  str('uiplatform', 'gui', '<platform>', undefined, 'GUI: platform style.', { hidden: true }),
  bool('allowselfsignedrootcertificates', 'gui', undefined, 'GUI: accept self-signed root certificates.', { hidden: true }),
]);

const BY_NAME: ReadonlyMap<string, KnownOption> = new Map(KNOWN_OPTIONS.map((o) => [o.name, o]));

/** The table entry for `name` (without dash), accepted or not. */
export function findKnownOption(name: string): KnownOption | undefined {
  return BY_NAME.get(name);
}

/** Whether `-name` passes the original's known-option check (after `-no` negation). */
export function isKnownOption(name: string): boolean {
  const o = BY_NAME.get(name);
  return o !== undefined && o.accepted !== false;
}
