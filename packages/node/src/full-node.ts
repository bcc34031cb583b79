/**
 * The composition root of `oceand` (ARCHITECTURE §2): builds the concrete objects — data-directory
 * claim, LMDB store, chain state, mempool, block assembler, RPC credentials and server — wires them
 * through narrow interfaces, and registers each with the lifecycle so that shutdown runs in reverse:
 * RPC server → cookie → chain store → pid file → lock.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  ZkpConfidentialVerifier,
  fromDisplayHex,
  getFee,
  toHex,
  loadNativeSecp256k1,
  type Block,
  type OutPoint,
  type Reject,
  type ChainParams,
  type Secp256k1,
  type Transaction,
  type CoinView,
  type PeginCheck,
} from '@ocean-ts/core';
import { Lifecycle, type ServiceLogger, type ShutdownReport } from '@ocean-ts/service-kit';
import { AsyncMutex } from './chain/async-mutex.js';
import type { BlockIndexEntry } from './chain/block-index-entry.js';
import { Chainstate } from './chain/chainstate.js';
import { ReindexProgressLog } from './chain/reindex-progress-log.js';
import { DataDirFiles } from './datadir-files.js';
import { TipWaiter } from './chain/tip-waiter.js';
import { NO_BLOCK_SIGNING_KEYS, type BlockSigningKeys } from './mining/block-signing-keys.js';
import { InitialBlockDownload } from './mining/initial-block-download.js';
import { AddrMan } from './net/addr-man.js';
import { ConnectionManager } from './net/connection-manager.js';
import { PeerLogic } from './net/processing/message-processor.js';
import { CLIENT_VERSION } from './version.js';
import { PeersFile } from './datadir/peers-file.js';
import { IssuedAmountsExtension } from './chain/issued-amounts-extension.js';
import { RequestListExtension } from './policy/request-list-extension.js';
import { RequestQueries } from './policy/request-queries.js';
import { policyAssetHooks } from './policy/policy-asset-hooks.js';
import { CurrentPolicyAssets } from './policy/current-policy-assets.js';
import { FreezeBurnExtension } from './policy/freeze-burn-extension.js';
import { freezeBurnHooks } from './policy/freeze-burn-hooks.js';
import { FreezeBurnLists } from './policy/freeze-burn-lists.js';
import { InflationRecords } from './policy/inflation-records.js';
import { issuanceBlockReason } from './policy/issuance-block-hook.js';
import type { AddressWhitelist } from './policy/whitelist.js';
import { WhitelistExtension, rebuildWhitelist } from './policy/whitelist-extension.js';
import { createWhitelist, whitelistHooks } from './policy/whitelist-factory.js';
import { nodeWalletWhitelistPort } from './policy/whitelist-wallet.js';
import { whitelistWalletPort } from './wallet/keys/whitelist-wallet-port.js';
import { requestMethods } from './rpc/methods/requests.js';
import { AuthCookie } from './config/cookie.js';
import { claimDataDir } from './config/data-dir-claim.js';
import type { NodeConfig } from './config/node-config.js';
import { RpcCredentials } from './config/rpcauth.js';
import { isAllowedRpcClient } from './config/rpc-settings.js';
import type { MempoolChainView } from './mempool/chain-view.js';
import { Mempool } from './mempool/mempool.js';
import type { MempoolOptions } from './mempool/options.js';
import { BlockAssembler } from './mining/block-assembler.js';
import type { AncestorSource, TipInfo } from './mining/chain-context.js';
import { ExtraNonce, type GenerateHost } from './mining/generate.js';
import type { TemplateCandidate, TemplateSource } from './mining/template-source.js';
import { registerNodeMethods, registerWalletMethods } from './rpc/methods/index.js';
import { NodeWallet } from './wallet/node-wallet.js';
import { ledgerChainSource } from './wallet/wallet-chain-link.js';
import { nodeWalletClock } from './wallet/keys/wallet-clock.js';
import type { NodeRpcContext } from './rpc/methods/context.js';
import { HttpRpcServer } from './rpc/server/http-rpc-server.js';
import { JsonRpcHandler } from './rpc/server/json-rpc-handler.js';
import { MethodTable } from './rpc/server/method-table.js';
import { registerControlMethods } from './rpc/server/control-methods.js';
import { LmdbKvStore } from './storage/lmdb-kv-store.js';
import { ScriptVerifierPool } from './verify/script-verifier-pool.js';
import { scriptCheckThreads, scriptWorkerThreads } from './verify/thread-count.js';
import { registerRestHandlers } from './rest/rest-handler.js';
import { NodeMetrics } from './metrics/node-metrics.js';
import { ZmqNotifier, type NotifiedBlock } from './zmq/zmq-notifier.js';
import { GethClient } from './peg/geth-client.js';
import { GETH_INIT_ERROR, gethServesParentChain } from './peg/eth-pegin-validator.js';
import { EthPeginValidation } from './peg/eth-pegin-validation.js';
import { ConfigError } from './config/config-error.js';

/** Sub-directory of the chain directory holding the LMDB chain-state store. */
export const CHAINSTATE_DIR_NAME = 'chainstate';

export interface FullNodeOptions {
  /** Process id written to the pid file and lock (default `process.pid`). */
  readonly pid?: number;
  /** Wall clock in seconds (default: system clock, or `-mocktime` when set). */
  readonly clock?: () => number;
}

/** Mempool options from the daemon settings. */
function mempoolOptionsOf(config: NodeConfig): Partial<MempoolOptions> {
  const m = config.mempool;
  return {
    minRelayTxFee: m.minRelayTxFeePerKb,
    incrementalRelayFee: m.incrementalRelayFeePerKb,
    dustRelayFee: m.dustRelayFeePerKb,
    maxTxFee: m.maxTxFee,
    maxMempoolBytes: m.maxMempoolBytes,
    expirySeconds: m.expiryHours * 60 * 60,
    limitAncestorCount: m.limitAncestorCount,
    limitAncestorSize: m.limitAncestorSizeKb * 1000,
    limitDescendantCount: m.limitDescendantCount,
    limitDescendantSize: m.limitDescendantSizeKb * 1000,
    maxOrphanTx: m.maxOrphanTx,
    enableReplacement: m.replacement,
    requireStandard: !m.acceptNonStdTxn,
    permitBareMultisig: m.permitBareMultisig,
    dataCarrier: m.dataCarrier,
    maxDataCarrierBytes: m.dataCarrierSize,
    bytesPerSigOp: m.bytesPerSigop,
  };
}

/** The mempool's view of the chain state (all values at the current tip). */
export function chainViewOf(cs: Chainstate, params: ChainParams, checkPegin?: PeginCheck): MempoolChainView {
  const coins = { get: (outpoint: OutPoint) => cs.getCoin(outpoint) };
  return {
    tipHeight: () => cs.height,
    medianTimePast: () => cs.tip.medianTimePast,
    medianTimePastAt: (height) => {
      const hash = cs.getBlockHash(height);
      const entry = hash === undefined ? undefined : cs.getEntry(hash);
      if (entry === undefined) throw new RangeError(`no active-chain block at height ${height}`);
      return entry.medianTimePast;
    },
    coins: () => coins,
    peggedAsset: params.peggedAsset,
    parentGenesisBlockHash: params.consensus.parentGenesisBlockHash,
    isWithdrawSpent: (g, prevout) => cs.isWithdrawSpent(g, prevout),
    ...(checkPegin ? { checkPegin } : {}),
  };
}

export class FullNode implements NodeRpcContext {
  readonly lifecycle: Lifecycle;
  readonly extraNonce = new ExtraNonce();
  #chainstate: Chainstate | undefined;
  #mempool: Mempool | undefined;
  #rpc: HttpRpcServer | undefined;
  #metrics: NodeMetrics | undefined;
  #zmq: ZmqNotifier | undefined;
  #tipWaiter: TipWaiter | undefined;
  /**
   * The tip the mempool was last brought in line with. Blocks from several peers (or RPC calls)
   * are processed concurrently; syncing from each call's own "tip before" replayed a reorg a
   * second time, and the second resurrection dropped the transactions the first had restored.
   */
  #mempoolTip: BlockIndexEntry | undefined;
  #network: ConnectionManager | undefined;
  #peerLogic: PeerLogic | undefined;
  #ibd: InitialBlockDownload | undefined;
  #assembler: BlockAssembler | undefined;
  #secp: Secp256k1 | undefined;
  #wallet: NodeWallet | undefined;
  #mainchain: GethClient | undefined;
  /** `-validatepegin`'s per-claim geth checks (ADR 0033). */
  #pegins: EthPeginValidation | undefined;
  /** Policy assets as blocks connect (§2.3), the freeze/burn lists and `-recordinflation` records (§4). */
  #policyAssets: CurrentPolicyAssets | undefined;
  #freezeBurnLists: FreezeBurnLists | undefined;
  #inflationRecords: InflationRecords | undefined;
  /** The address whitelist (policy §5, §6). */
  #whitelist: AddressWhitelist | undefined;
  readonly startTimeMs = Date.now();

  /** `setmocktime` / `-mocktime` (Core's `nMockTime`): seconds; 0 = the base clock. */
  #mockTime = 0;
  /** The node clock in seconds: the mock time when set, else the base clock. */
  readonly clock: () => number = () => (this.#mockTime !== 0 ? this.#mockTime : this.baseClock());

  private constructor(
    readonly config: NodeConfig,
    readonly logger: ServiceLogger,
    private readonly baseClock: () => number,
  ) {
    this.lifecycle = new Lifecycle({ logger });
  }

  /**
   * Start the node. On failure everything already started is released (in reverse) and the error
   * is rethrown (a `DataDirLockError` carries the line to print).
   */
  static async start(config: NodeConfig, logger: ServiceLogger, options: FullNodeOptions = {}): Promise<FullNode> {
    const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
    const node = new FullNode(config, logger, clock);
    if (options.clock === undefined) node.#mockTime = config.mockTime;
    try {
      await node.#start(options.pid ?? process.pid);
    } catch (e) {
      await node.lifecycle.shutdown('start-up failed');
      throw e;
    }
    return node;
  }

  async #start(pid: number): Promise<void> {
    const { config, logger, lifecycle } = this;
    const params = config.chainParams;
    for (const w of config.warnings) logger.warn(w);
    claimDataDir(config, lifecycle, pid);
    logger.info(`Using data directory ${config.chainDataDir}`);

    const store = LmdbKvStore.open(join(config.chainDataDir, CHAINSTATE_DIR_NAME));
    lifecycle.onShutdown('chain store', () => store.close());
    // The wallet file closes after the RPC server (handlers may still use it) and before the chain
    // store; after `encryptwallet` it is rewritten then (ADR 0024).
    lifecycle.onShutdown('wallet', () => this.#wallet?.close());
    // Script verification threads (-par): started with the chain state below, stopped (workers
    // terminated) after the RPC server has closed and before the chain store closes.
    let scriptPool: ScriptVerifierPool | undefined;
    lifecycle.onShutdown('script verification threads', () => scriptPool?.stop());

    let cookie: AuthCookie | undefined;
    if (config.rpc.password === undefined) {
      cookie = AuthCookie.create(config.rpc.cookieFile);
      const c = cookie;
      lifecycle.onShutdown('rpc cookie', () => c.remove());
    }
    const credentials = RpcCredentials.fromSettings(config.rpc, cookie);

    const table = new MethodTable();
    registerControlMethods(table, {
      shutdown: () => {
        setImmediate(() => void lifecycle.shutdown('rpc stop'));
      },
      startTimeMs: this.startTimeMs,
    });
    // Freeze/burn lists and -recordinflation records (policy §4): in memory, fed by connected blocks.
    const policyAssets = new CurrentPolicyAssets(params);
    const freezeBurnLists = new FreezeBurnLists({ freezelist: config.ocean.freezelist, burnlist: config.ocean.burnlist }, policyAssets);
    this.#policyAssets = policyAssets;
    this.#freezeBurnLists = freezeBurnLists;
    this.#inflationRecords = config.ocean.recordInflation ? new InflationRecords() : undefined;
    registerNodeMethods(table, this);
    // Guardnode requests (policy §9.5): the table is kept as chain state on every node; -requestlist
    // decides whether the RPCs read it or scan the UTXO set.
    const guardnodeAssets = { permissionAsset: params.policyAsset('permission'), domainAsset: params.feeAsset };
    const requestList = new RequestListExtension(guardnodeAssets);
    table.registerAll(requestMethods(this, new RequestQueries(store, { ...guardnodeAssets, listMode: config.ocean.requestList })));
    const metrics = config.metrics.endpoint === undefined ? undefined : this.#createMetrics();
    this.#metrics = metrics;
    const handler = new JsonRpcHandler(table, { warmupStatus: 'Loading block index...', ...(metrics ? { observer: metrics.rpcObserver } : {}) });
    const server = new HttpRpcServer({
      handler,
      authenticator: credentials,
      isClientAllowed: (address) => isAllowedRpcClient(config.rpc, address),
      rpcThreads: config.rpc.threads,
      workQueueDepth: config.rpc.workQueue,
      serverTimeoutSeconds: config.rpc.serverTimeoutSeconds,
      logger: { warn: (m) => logger.warn(m), debug: (m) => logger.debug(m) },
    });
    this.#rpc = server;
    if (config.rpc.server && config.rpc.rest) {
      // REST shares the RPC port as path handlers of the RPC server (Core's `StartREST`).
      registerRestHandlers(server, {
        ready: () => this.#chainstate !== undefined && this.#mempool !== undefined && this.#assembler !== undefined,
        node: this,
      });
    }
    if (config.rpc.server) {
      const bound = await server.listen(config.rpc.bind.map((b) => ({ host: b.host, port: b.port })));
      lifecycle.onShutdown('rpc server', () => server.close());
      for (const a of bound) logger.info(`Bound RPC to ${a.address}:${a.port}`);
    }

    // The parent chain's geth (policy spec §10.1); with -validatepegin it must serve the parent chain.
    const mainchain = new GethClient(config.ocean.mainchainRpc);
    this.#mainchain = mainchain;
    if (params.options.validatePegin && !(await gethServesParentChain(mainchain, params.consensus.parentGenesisBlockHash))) {
      throw new ConfigError(`Error: ${GETH_INIT_ERROR}`);
    }

    const secp = loadNativeSecp256k1();
    this.#secp = secp;
    const pegins = params.options.validatePegin ? new EthPeginValidation({ rpc: mainchain, params, secp, log: logger }) : undefined;
    this.#pegins = pegins;
    lifecycle.onShutdown('peg-in re-check', () => pegins?.stop());
    const verifier = await ZkpConfidentialVerifier.create();
    const scriptThreads = scriptCheckThreads(config.storage.par, availableParallelism());
    logger.info(`Using ${scriptThreads} threads for script verification`);
    scriptPool = new ScriptVerifierPool({ threads: scriptWorkerThreads(scriptThreads), secp, verifier, logger: { warn: (m) => logger.warn(m) } });
    await scriptPool.start();
    const mutex = new AsyncMutex();
    // The address whitelist (policy §5, §6): in memory, fed by connected blocks. Blocks a reindex
    // connects before the wallet is loaded are held until it is (registrations need the wallet).
    const reindexing = config.storage.reindex || config.storage.reindexChainstate;
    const whitelist = createWhitelist(config.ocean, {
      params,
      secp,
      walletEnabled: !config.wallet.disabled,
      isPolicyAsset: (a) => policyAssets.isPolicyAsset(a),
      log: (m) => logger.debug(m),
    });
    this.#whitelist = whitelist;
    const whitelistExtension = new WhitelistExtension(whitelist, { hold: reindexing && !config.wallet.disabled });
    const reindexLog = new ReindexProgressLog(logger, config.storage.reindex ? '-reindex' : config.storage.reindexChainstate ? '-reindex-chainstate' : undefined);
    const cs = await Chainstate.open({
      store,
      rules: params.consensus,
      genesis: params.genesisBlock,
      secp,
      verifier,
      scriptVerifier: scriptPool,
      txindex: config.storage.txIndex,
      extensions: [new IssuedAmountsExtension(), requestList, new FreezeBurnExtension(policyAssets, freezeBurnLists, this.#inflationRecords), whitelistExtension],
      mutex,
      // the future-block check (`time-too-new`) uses GetAdjustedTime: the clock plus the peers' median offset
      adjustedTime: () => this.now(),
      reindex: config.storage.reindex || config.storage.reindexChainstate,
      reindexKeepsFailures: !config.storage.reindex && config.storage.reindexChainstate,
      reindexProgress: reindexLog.report,
      ...(pegins ? { connectHook: pegins.connectHook } : {}),
    });
    reindexLog.finish();
    if (await mutex.run(() => requestList.syncAtStartup(store, { hash: cs.tip.hash, height: cs.height }))) {
      logger.info(`Rebuilt the guardnode request table from the UTXO set at height ${cs.height}`);
    }
    // Policy §4.3: the freeze/burn lists from the UTXO set (a reindex has just fed them every block).
    if (cs.height > 1 && !config.storage.reindex && !config.storage.reindexChainstate) freezeBurnLists.rebuildFromUtxo(cs.unspentOutputs());
    // Policy §5.5 / §6.2: the whitelist from the UTXO set, in txid order (after a reindex: from the blocks).
    if (!reindexing) {
      whitelistExtension.discardHeld();
      rebuildWhitelist(whitelist, cs.height, () => cs.unspentOutputs());
    }
    this.#chainstate = cs;
    const tipWaiter = new TipWaiter({ hash: cs.tip.hashHex, height: cs.height });
    this.#tipWaiter = tipWaiter;
    // Runs before the RPC server closes (reverse order): parked waitfor* calls return at once.
    lifecycle.onShutdown('tip waiter', () => tipWaiter.close());
    // The connection manager (issue 5): built here, started once the data directory files are open.
    this.#network = new ConnectionManager({
      settings: config.net,
      magic: params.network.messageStart,
      defaultPort: params.network.defaultPort,
      pruned: config.storage.prune.mode !== 'off',
      clock: this.clock,
      bestHeight: () => cs.height,
      isInitialBlockDownload: () => this.isInitialBlockDownload(),
      logger,
    });
    this.#ibd = new InitialBlockDownload(config.storage.maxTipAgeSeconds);
    logger.info(`Loaded chain state: height=${cs.height} best=${cs.tip.hashHex}`);
    this.#mempool = new Mempool({
      chain: chainViewOf(cs, params, pegins?.checkPegin),
      secp,
      verifier,
      scriptVerifier: scriptPool,
      clock: this.clock,
      options: mempoolOptionsOf(config),
      hooks: {
        ...policyAssetHooks(params, policyAssets),
        ...freezeBurnHooks(freezeBurnLists, policyAssets),
        ...whitelistHooks(whitelist),
        ...(config.ocean.issuanceBlock
          ? {
              checkIssuance: (tx: Transaction, coins: CoinView) =>
                issuanceBlockReason(tx, coins, {
                  assets: policyAssets,
                  // with -pkhwhitelist, output 0 must be a whitelisted P2PKH (policy §7)
                  ...(config.ocean.pkhWhitelist ? { isWhitelistedKeyId: (id: Uint8Array) => whitelist.isWhitelisted({ type: 'keyhash', hash: id }) } : {}),
                }),
            }
          : {}),
      },
    });
    const mining = config.mining;
    this.#assembler = new BlockAssembler(params, {
      ...(mining.blockMaxWeightSet ? { blockMaxWeight: mining.blockMaxWeight } : {}),
      ...(mining.blockMaxSizeSet ? { blockMaxSize: mining.blockMaxSize } : {}),
    });
    if (config.notifications.zmq.size > 0) {
      const zmq = await ZmqNotifier.create(config.notifications.zmq, { info: (m) => logger.info(m), warn: (m) => logger.warn(m) });
      this.#zmq = zmq;
      lifecycle.onShutdown('zmq notifier', () => zmq.close());
    }
    if (metrics !== undefined && config.metrics.endpoint !== undefined) {
      const a = await metrics.listen(config.metrics.endpoint);
      lifecycle.onShutdown('metrics server', () => metrics.close());
      logger.info(`Serving metrics on http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/metrics`);
    }
    if (!config.wallet.disabled) {
      const wallet = await NodeWallet.open({
        dir: config.chainDataDir,
        fileName: config.wallet.fileName,
        params,
        secp,
        clock: nodeWalletClock(this.clock),
        useHd: config.wallet.useHd,
        keypool: config.wallet.keypool,
        disableCt: config.wallet.disableCt,
        anyoneCanSpendAreMine: config.wallet.anyoneCanSpendAreMine,
        contractInKycFile: config.ocean.contractInKycFile,
        payTxFeePerKb: config.wallet.payTxFeePerKb,
        pruned: config.storage.prune.mode !== 'off',
        spendZeroConfChange: config.wallet.spendZeroConfChange,
        // What the wallet's own transactions pay and how they are blinded (ADR 0030).
        fees: {
          minTxFeePerKb: config.wallet.minTxFeePerKb,
          fallbackFeePerKb: config.wallet.fallbackFeePerKb,
          txConfirmTarget: config.wallet.txConfirmTarget,
          fixedTxFee: config.ocean.fixedTxFee,
          minRelayTxFeePerKb: config.mempool.minRelayTxFeePerKb,
          dustRelayFeePerKb: config.mempool.dustRelayFeePerKb,
          maxTxFee: config.mempool.maxTxFee,
          rbf: config.wallet.rbf,
          rejectLongChains: config.wallet.rejectLongChains,
          ctBits: config.wallet.ctBits,
          ctExponent: config.wallet.ctExponent,
        },
        logger,
      });
      this.#wallet = wallet;
      whitelist.attachWallet(nodeWalletWhitelistPort(wallet, whitelistWalletPort(wallet.keys, logger)));
      // Blocks a reindex connected before the wallet was loaded reach the whitelist now.
      await mutex.run(async () => whitelistExtension.release(cs));
      // -recoverwhitelistkeys (policy §6.7): the private keys of every known KYC key, gap 1000.
      if (config.ocean.recoverWhitelistKeys && !wallet.keys.isLocked) {
        const recovered = await wallet.keys.recoverEncryptionKeys(whitelist.unassignedKycKeys().map((k) => k.pubkey), 1000);
        logger.info(`recoverwhitelistkeys: ${recovered ? 'every' : 'not every'} KYC key's private key is in the wallet`);
      }
      // The wallet ledger catches up with the chain (-rescan / -zapwallettxes), then its unconfirmed
      // transactions go back into the mempool (Core's ReacceptWalletTransactions).
      await wallet.attachChain(ledgerChainSource(cs), { rescan: config.wallet.rescan, zapWalletTxes: config.wallet.zapWalletTxes });
      for (const tx of wallet.ledger.transactionsToReaccept()) await this.acceptToMempool((pool) => pool.accept(tx));
      // encryptwallet: Core's StartShutdown once the reply is on its way.
      wallet.onShutdownRequest(() => setImmediate(() => void lifecycle.shutdown('encryptwallet')));
      registerWalletMethods(table, this);
    }
    // db.log, audit.log, peers.dat, fee_estimates.dat (spec A.2); written back at a clean shutdown.
    const files = DataDirFiles.open({ dir: config.chainDataDir, messageStart: params.network.messageStart, logger, wallet: !config.wallet.disabled });
    lifecycle.onShutdown('datadir files', () => files.close(cs.height));
    // P2P (issue 5): addrman from peers.dat, bans from banlist.dat; stopped first at shutdown.
    const network = this.#network;
    const addrman = AddrMan.deserialize(files.peers.addrman, { clock: () => network.adjustedTime() }).addrman;
    files.attachNetwork({ peers: () => PeersFile.fromSerialized(addrman.serialize(CLIENT_VERSION)), bans: () => network.bans.list() });
    // The message processor (issue 5): headers-first sync, block download, relay, compact blocks, orphans.
    const peerLogic = new PeerLogic({
      host: this,
      misbehavior: network,
      logger,
      localServices: network.localServices,
      blocksOnly: config.net.blocksOnly,
      whitelistRelay: config.net.whitelistRelay,
      whitelistForceRelay: config.net.whitelistForceRelay,
      feeFilter: config.net.feeFilter,
      uploadTargetReached: (historical) => network.uploadTargetReached(historical),
    });
    this.#peerLogic = peerLogic;
    network.setProcessor(peerLogic);
    await network.start({ addrman, bans: files.banList, saveBanList: (e) => files.writeBanList(e), dump: () => files.dumpNetwork() });
    lifecycle.onShutdown('connection manager', () => network.stop());
    pegins?.startRecheck({ getBlock: (h) => cs.getBlock(h), reconsiderBlock: (h) => this.withMempoolSync(() => cs.reconsiderBlock(h)) });
    handler.setWarmupFinished();
    logger.info('init message: Done loading');
  }

  // ------------------------------------------------------------ NodeRpcContext

  get params(): ChainParams {
    return this.config.chainParams;
  }

  get chain(): Chainstate {
    if (!this.#chainstate) throw new Error('chain state is not loaded');
    return this.#chainstate;
  }

  get mempool(): Mempool {
    if (!this.#mempool) throw new Error('mempool is not ready');
    return this.#mempool;
  }

  get assembler(): BlockAssembler {
    if (!this.#assembler) throw new Error('block assembler is not ready');
    return this.#assembler;
  }

  get secp(): Secp256k1 {
    if (!this.#secp) throw new Error('secp256k1 is not loaded');
    return this.#secp;
  }

  get tipWaiter(): TipWaiter {
    if (!this.#tipWaiter) throw new Error('chain state is not loaded');
    return this.#tipWaiter;
  }

  get network(): ConnectionManager {
    if (!this.#network) throw new Error('network state is not ready');
    return this.#network;
  }

  /** The wallet's keys (ADR 0016); none at all with `-disablewallet`. */
  get blockSigningKeys(): BlockSigningKeys | undefined {
    return this.#wallet?.keys ?? (this.config.wallet.disabled ? undefined : NO_BLOCK_SIGNING_KEYS);
  }

  /** The wallet; undefined with `-disablewallet` (and until it is loaded). */
  get wallet(): NodeWallet | undefined {
    return this.#wallet;
  }

  /** The address whitelist (policy §5, §6). */
  get whitelist(): AddressWhitelist | undefined {
    return this.#whitelist;
  }

  /** The freeze and burn lists (policy §4). */
  get freezeBurnLists(): FreezeBurnLists | undefined {
    return this.#freezeBurnLists;
  }

  /** `-recordinflation` records (undefined when off). */
  get inflationRecords(): InflationRecords | undefined {
    return this.#inflationRecords;
  }

  /** The policy assets as of the last connected block (policy §2.3). */
  get policyAssets(): CurrentPolicyAssets | undefined {
    return this.#policyAssets;
  }

  get recordInflation(): boolean {
    return this.config.ocean.recordInflation;
  }

  /** The parent chain's geth (`-mainchainrpc*`). */
  get mainchain(): GethClient | undefined {
    return this.#mainchain;
  }

  /** `-validatepegin`'s per-claim checks and re-check queue (undefined without -validatepegin). */
  get peginValidation(): EthPeginValidation | undefined {
    return this.#pegins;
  }

  isInitialBlockDownload(): boolean {
    if (!this.#ibd) return true;
    return this.#ibd.check(this.chain.tip.header.time, this.clock());
  }

  get txIndex(): boolean {
    return this.config.storage.txIndex;
  }

  /** The address of the RPC server (first bound endpoint), for tests. */
  get rpcAddresses(): { address: string; port: number }[] {
    return this.#rpc?.addresses ?? [];
  }

  /** The node's Prometheus metrics (`-metrics`), reading the chain state and mempool once loaded. */
  #createMetrics(): NodeMetrics {
    return new NodeMetrics({
      source: {
        chainHeight: () => this.#chainstate?.height,
        headerHeight: () => this.#chainstate?.bestHeader.height,
        mempool: () => {
          const info = this.#mempool?.info();
          return info === undefined ? undefined : { transactions: info.size, bytes: info.bytes };
        },
      },
      logger: { warn: (m) => this.logger.warn(m) },
    });
  }

  /**
   * `GetAdjustedTime`: the node clock (`GetTime`, the mock time when set) plus the median clock
   * offset of the peers (`AddTimeData`, at most `-maxtimeadjustment`).
   */
  now(): number {
    return this.clock() + (this.#network?.timeOffset ?? 0);
  }

  setMockTime(t: number): void {
    this.#mockTime = t;
  }

  tipInfo(): TipInfo {
    const tip = this.chain.tip;
    return { height: tip.height, hash: tip.hash, time: tip.header.time, medianTimePast: tip.medianTimePast, challenge: tip.header.challenge };
  }

  ancestors(): AncestorSource {
    const cs = this.chain;
    return {
      ancestorAt: (height) => {
        const hash = cs.getBlockHash(height);
        const e = hash === undefined ? undefined : cs.getEntry(hash);
        if (e === undefined) throw new RangeError(`no active-chain block at height ${height}`);
        return { version: e.header.version, medianTimePast: e.medianTimePast, hash: e.hash };
      },
    };
  }

  templateSource(): TemplateSource {
    const pool = this.mempool;
    return {
      candidates: (): TemplateCandidate[] =>
        pool.blockOrder().map((e) => ({
          tx: e.tx,
          fees: getFee(e.tx),
          sigOpCost: e.sigOpCost,
          entryTime: e.time,
          // the pool keys parents by display hex; the assembler expects internal-order hex
          parents: [...e.parents].map((id) => toHex(fromDisplayHex(id))),
        })),
    };
  }

  generateHost(): GenerateHost {
    return {
      tip: () => this.tipInfo(),
      ancestors: () => this.ancestors(),
      templateSource: () => this.templateSource(),
      now: () => this.now(),
      processNewBlock: async (block) => (await this.processBlock(block)) === null,
      // generate pays to a new wallet key unless a mandatory coinbase destination applies
      ...(this.#wallet ? { reserveCoinbaseScript: () => this.#wallet!.reserveCoinbaseScript() } : {}),
    };
  }

  /** `ProcessNewBlock` plus the mempool update for whatever the active chain did. */
  async processBlock(block: Block): Promise<Reject | null> {
    // -validatepegin: geth is asked about the block's peg-ins before the chain lock is taken.
    await this.#pegins?.prepareBlock(block);
    const run = () => this.withMempoolSync(() => this.chain.processBlock(block));
    return this.#metrics === undefined ? run() : this.#metrics.timeBlockProcess(run, (r) => r === null);
  }

  /** Run a chain mutation, then bring the mempool in line with the new active chain. */
  async withMempoolSync<T>(mutate: () => Promise<T>): Promise<T> {
    const before = this.chain.tip;
    const result = await mutate();
    this.syncMempool(this.#mempoolTip ?? before);
    this.#mempoolTip = this.chain.tip;
    // block announcements and the UpdateTip log line (a no-op while the tip is unchanged)
    this.#peerLogic?.updatedBlockTip();
    const tip = this.chain.tip;
    // The wallet follows the new active chain before waiters and RPC callers see it.
    if (this.#wallet !== undefined && tip !== before) await this.#wallet.chainChanged(this.mempool).catch((e: unknown) => this.#walletError(e));
    this.#tipWaiter?.notify({ hash: tip.hashHex, height: tip.height });
    return result;
  }

  /**
   * Accept a transaction into the mempool under the chain lock. With -validatepegin, `fn` runs
   * again when it checked a peg-in transaction geth had not been asked about: its first run stops
   * at that call, before the pool changes (peg/pegin-mempool-guard.ts).
   */
  acceptToMempool<T>(fn: (pool: Mempool) => T): Promise<T> {
    const pegins = this.#pegins;
    if (pegins === undefined) return this.#acceptToMempool(fn);
    return pegins.acceptToMempool((guard) => this.#acceptToMempool((pool) => fn(guard(pool))));
  }

  #acceptToMempool<T>(fn: (pool: Mempool) => T): Promise<T> {
    const zmq = this.#zmq;
    const zmqOn = zmq !== undefined && zmq.enabled;
    const wallet = this.#wallet;
    const peerLogic = this.#peerLogic;
    if (!zmqOn && wallet === undefined && peerLogic === undefined) return this.chain.mutex.run(async () => fn(this.mempool));
    // What the pool admitted, for the zmq notifications and the wallet's mempool events.
    const admittedTxs: Transaction[] = [];
    const run = this.chain.mutex.run(async () => {
      // Record what `submit`/`accept` (and their async forms) admit, for the zmq transaction notifications.
      const pool = this.mempool;
      const admitted: string[] = [];
      const watched = new Proxy(pool, {
        get(target, prop, receiver) {
          if (prop === 'submit') {
            return (...args: Parameters<Mempool['submit']>) => {
              const r = target.submit(...args);
              if (r.result.status === 'accepted') admitted.push(r.result.txid, ...r.acceptedOrphans);
              return r;
            };
          }
          if (prop === 'accept') {
            return (...args: Parameters<Mempool['accept']>) => {
              const r = target.accept(...args);
              if (r.status === 'accepted') admitted.push(r.txid);
              return r;
            };
          }
          if (prop === 'submitAsync') {
            return async (...args: Parameters<Mempool['submitAsync']>) => {
              const r = await target.submitAsync(...args);
              if (r.result.status === 'accepted') admitted.push(r.result.txid, ...r.acceptedOrphans);
              return r;
            };
          }
          if (prop === 'acceptAsync') {
            return async (...args: Parameters<Mempool['acceptAsync']>) => {
              const r = await target.acceptAsync(...args);
              if (r.status === 'accepted') admitted.push(r.txid);
              return r;
            };
          }
          const v: unknown = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      try {
        return await fn(watched);
      } finally {
        for (const id of admitted) {
          const e = pool.get(id);
          if (e) {
            if (zmqOn) zmq.notifyTransaction(e.tx);
            admittedTxs.push(e.tx);
          }
        }
      }
    });
    // whatever entered the pool is announced to peers (RelayTransaction)
    const relayed = peerLogic === undefined ? run : run.finally(() => admittedTxs.forEach((tx) => peerLogic.relayTransaction(tx)));
    if (wallet === undefined) return relayed;
    return relayed.finally(() => wallet.mempoolChanged(this.mempool, admittedTxs).catch((e: unknown) => this.#walletError(e)));
  }

  /** A wallet ledger update failed: the node keeps running (the next change or a restart catches up). */
  #walletError(e: unknown): void {
    this.logger.error(`wallet: failed to follow the chain or mempool: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  private syncMempool(oldTip: BlockIndexEntry): void {
    const cs = this.chain;
    const newTip = cs.tip;
    if (newTip === oldTip) return;
    // Walk both tips back to the fork point.
    let a: BlockIndexEntry | undefined = oldTip;
    let b: BlockIndexEntry | undefined = newTip;
    const disconnected: BlockIndexEntry[] = [];
    const connected: BlockIndexEntry[] = [];
    while (a !== undefined && b !== undefined && a !== b) {
      if (a.height >= b.height) {
        disconnected.push(a);
        a = a.ancestor(a.height - 1);
      } else {
        connected.push(b);
        b = b.ancestor(b.height - 1);
      }
    }
    const pool = this.mempool;
    const zmq = this.#zmq;
    if (zmq?.enabled) {
      const disconnectedBlocks = disconnected.map((e) => cs.getBlock(e.hash)).filter((b): b is Block => b !== undefined);
      const connectedBlocks: NotifiedBlock[] = [...connected].reverse().map((e) => ({ hash: e.hash, block: cs.getBlock(e.hash) }));
      zmq.notifyTipChange(disconnectedBlocks, connectedBlocks);
    }
    if (disconnected.length > 0) {
      const txs: Transaction[] = [];
      // Oldest block first, as Core re-adds them.
      for (const e of disconnected.reverse()) {
        const blk = cs.getBlock(e.hash);
        if (blk) txs.push(...blk.transactions);
      }
      pool.resurrect(txs);
    }
    for (const e of connected.reverse()) {
      const blk = cs.getBlock(e.hash);
      if (blk) pool.removeForBlock(blk.transactions);
    }
  }

  // ------------------------------------------------------------ lifecycle

  /** Resolves once every shutdown handler has run. */
  get stopped(): Promise<ShutdownReport> {
    return this.lifecycle.stopped;
  }

  /** Shut down: stop RPC → close the chain store → release pid file and lock. */
  stop(reason = 'stop'): Promise<ShutdownReport> {
    return this.lifecycle.shutdown(reason);
  }
}
