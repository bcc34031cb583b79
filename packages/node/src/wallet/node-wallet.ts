import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  ZkpConfidentialPrimitives,
  addressForDestination,
  bytesEqual,
  fromDisplayHex,
  hash160,
  scriptForDestination,
  toDisplayHex,
  type ChainParams,
  type ConfidentialPrimitives,
  type Destination,
  type OutPoint,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';
import { nullLogger, type Logger } from '@ocean-ts/service-kit';
import { ConfigError } from '../config/config-error.js';
import { GenerateError, type CoinbaseReservation } from '../mining/generate.js';
import { openWithSchema } from '../storage/layout.js';
import { StorageError } from '../storage/storage-error.js';
import { WriteBatch } from '../storage/write-batch.js';
import { AuditLog } from './audit-log.js';
import { LmdbWalletFile } from './keys/wallet-file.js';
import { WalletKeyError } from './keys/wallet-key-error.js';
import { WalletKeyStore } from './keys/wallet-key-store.js';
import { makeNewKey, systemRandomSource, type RandomSource } from './keys/random-source.js';
import type { WalletClock } from './keys/wallet-clock.js';
import { MASTER_BLINDING_KEY, NODE_WALLET_LAYOUT, accountKey } from './node-wallet-layout.js';
import { BlindingKeyUnblinder } from './ledger/blinding-key-unblinder.js';
import { WalletBlindingKeys } from './wallet-blinding-keys.js';
import type { LedgerChainSource } from './ledger/ledger-types.js';
import { WalletLedger, type RescanResult } from './ledger/wallet-ledger.js';
import type { WalletMempoolView } from './wallet-chain-link.js';
import { XoshiroRandom, type CoinSelectionRandom } from './ledger/coin-selection-random.js';
import { policyAssetHooks } from '../policy/policy-asset-hooks.js';
import { DEFAULT_WALLET_FEE_SETTINGS, type WalletFeeSettings } from './send/wallet-fee-settings.js';
import { WalletSender } from './send/wallet-sender.js';
import { WalletTxBuilder } from './send/wallet-tx-builder.js';

export interface NodeWalletOptions {
  /** The chain data directory (the wallet file and `audit.log` live there). */
  readonly dir: string;
  /** `-wallet` (default `wallet.dat`). */
  readonly fileName: string;
  readonly params: ChainParams;
  readonly secp: Secp256k1;
  readonly clock: WalletClock;
  readonly random?: RandomSource;
  /** `-usehd`. */
  readonly useHd: boolean;
  /** `-keypool`. */
  readonly keypool: number;
  /** `-disablect` (default on in Ocean): addresses are handed out without a blinding key. */
  readonly disableCt: boolean;
  /** `-anyonecanspendaremine`. */
  readonly anyoneCanSpendAreMine: boolean;
  /** `-paytxfee` (satoshis per 1000 bytes), reported by getinfo / getwalletinfo. */
  readonly payTxFeePerKb: bigint;
  /** `-prune` is on (imports refuse to rescan, importwallet is disabled). */
  readonly pruned?: boolean;
  /** `-spendzeroconfchange` (default true). */
  readonly spendZeroConfChange?: boolean;
  /** Fee and blinding settings of the transactions the wallet creates (ADR 0030); defaults as Core 0.14. */
  readonly fees?: Partial<WalletFeeSettings>;
  /** Coin selection, change position and locktime randomness (default: seeded from the system). */
  readonly sendRandom?: CoinSelectionRandom;
  /** Blinding factors and ephemeral keys of the outputs the wallet blinds (default: `crypto.randomBytes`). */
  readonly blindingRandom?: (length: number) => Uint8Array;
  /** `-contractinkycfile` (default on): KYC files carry and must carry the contract hash (ocean-policy §6.4). */
  readonly contractInKycFile?: boolean;
  /** Range-proof rewinding for confidential outputs (default: created on open). */
  readonly confidential?: ConfidentialPrimitives;
  readonly logger?: Logger;
}

/** What the wallet does with its transactions at start-up (`-rescan`, `-zapwallettxes`). */
export interface WalletStartup {
  readonly rescan: boolean;
  /** 1: drop the transactions and restore their metadata after the rescan; 2: drop everything. */
  readonly zapWalletTxes?: 1 | 2 | undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The node's wallet as the RPC layer and the composition root see it: the wallet file
 * (`LmdbWalletFile`), its key store (`WalletKeyStore`), Elements' master blinding key, 0.14's account
 * records and the audit log. Balances and transactions belong to the wallet ledger (not here).
 */
export class NodeWallet {
  #closed = false;
  #rewriteOnClose = false;
  #shutdownRequested: (() => void) | undefined;
  /** The active chain the ledger follows (set by `attachChain`). */
  #source: LedgerChainSource | undefined;
  #fees: WalletFeeSettings | undefined;
  #sender: WalletSender | undefined;

  private constructor(
    readonly file: LmdbWalletFile,
    readonly keys: WalletKeyStore,
    readonly masterBlindingKey: Uint8Array,
    readonly options: NodeWalletOptions,
    readonly audit: AuditLog,
    /** The wallet's transactions, balances and coins (ADR 0027), in the same wallet file. */
    readonly ledger: WalletLedger,
    /** Master and imported blinding keys (`GetBlindingKey`, ADR 0031). */
    readonly blinding: WalletBlindingKeys,
  ) {
    keys.onKeysChanged = () => ledger.keysChanged();
  }

  /**
   * Opens (creating on first run) `<dir>/<fileName>`. A wallet that cannot be read is a
   * `ConfigError` naming the file (`Error loading <file>: Wallet corrupted`, as Core's init error),
   * with the cause in the log.
   */
  static async open(o: NodeWalletOptions): Promise<NodeWallet> {
    const log = o.logger ?? nullLogger;
    const path = join(o.dir, o.fileName);
    let file: LmdbWalletFile;
    try {
      file = LmdbWalletFile.open(path);
    } catch (e) {
      log.error(`wallet file ${path}: ${message(e)}`);
      throw new ConfigError(`Error loading ${o.fileName}: Wallet corrupted`, 'wallet');
    }
    try {
      const keys = await WalletKeyStore.open(file, {
        secp: o.secp,
        clock: o.clock,
        keypoolSize: o.keypool,
        useHd: o.useHd,
        contractTweak: o.params.keyTweakHash,
        anyoneCanSpendAreMine: o.anyoneCanSpendAreMine,
        walletName: o.fileName,
        logger: log,
        ...(o.random ? { random: o.random } : {}),
      });
      await openWithSchema(file, NODE_WALLET_LAYOUT);
      let mbk = file.get(MASTER_BLINDING_KEY);
      if (mbk === undefined) {
        // Elements: a wallet without a blinding derivation key gets a random one on first run.
        mbk = makeNewKey(o.random ?? systemRandomSource, o.secp).slice();
        await file.write(new WriteBatch().put(MASTER_BLINDING_KEY, mbk));
      } else if (mbk.length !== 32) {
        throw new StorageError('corrupt', 'master blinding key record is not 32 bytes', path);
      }
      const master = mbk.slice();
      const primitives = o.confidential ?? (await ZkpConfidentialPrimitives.create());
      const blinding = WalletBlindingKeys.load(file, master, primitives, o.secp);
      const ledger = await WalletLedger.open(file, {
        isMine: keys,
        unblinder: new BlindingKeyUnblinder(primitives, (script) => blinding.keyFor(script)),
        spendZeroConfChange: o.spendZeroConfChange ?? true,
        now: () => o.clock.now(),
      });
      log.info(`Using wallet ${o.fileName}`);
      return new NodeWallet(file, keys, master, o, AuditLog.inDir(o.dir, (m) => log.warn(m)), ledger, blinding);
    } catch (e) {
      await file.close();
      if (e instanceof WalletKeyError && e.kind === 'hd-mismatch') throw new ConfigError(e.message, 'usehd');
      if (e instanceof WalletKeyError || e instanceof StorageError) {
        log.error(`wallet file ${path}: ${message(e)}`);
        throw new ConfigError(`Error loading ${o.fileName}: Wallet corrupted`, 'wallet');
      }
      throw e;
    }
  }

  get path(): string {
    return this.file.path;
  }

  get params(): ChainParams {
    return this.options.params;
  }

  /**
   * Called by `encryptwallet`: the node stops (as Core's `StartShutdown`) and, once the wallet file
   * is closed, it is rewritten so that no free page keeps a plaintext key (ADR 0024).
   */
  requestRewriteAndShutdown(): void {
    this.#rewriteOnClose = true;
    this.#shutdownRequested?.();
  }

  /** The composition root's shutdown trigger for `encryptwallet`. */
  onShutdownRequest(fn: () => void): void {
    this.#shutdownRequested = fn;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.ledger.idle();
    await this.file.close();
    if (this.#rewriteOnClose) await LmdbWalletFile.rewrite(this.file.path);
  }

  // ------------------------------------------------------------ following the chain and the mempool

  /**
   * Start-up (Core 0.14 `CreateWalletFromFile`): `-zapwallettxes` drops the wallet's transactions,
   * then the ledger catches up with the active chain — from genesis with `-rescan` (or a zap, or a
   * ledger that never saw a block), else from where it stopped (rewinding blocks that left the
   * chain). Zap mode 1 then gives the transactions found again their old metadata.
   */
  async attachChain(source: LedgerChainSource, startup: WalletStartup): Promise<RescanResult> {
    this.#source = source;
    const log = this.options.logger ?? nullLogger;
    const zapped = startup.zapWalletTxes !== undefined ? await this.ledger.zapTransactions() : [];
    const started = Date.now();
    const r = startup.rescan || startup.zapWalletTxes !== undefined ? await this.ledger.rescan(source, 0) : await this.ledger.syncWithChain(source);
    if (startup.zapWalletTxes === 1 && zapped.length > 0) await this.ledger.restoreMetadata(zapped);
    if (r.rewoundTo !== undefined) log.info(`Wallet rewound to height ${r.rewoundTo} (blocks left the active chain)`);
    if (r.fromHeight >= 0) log.info(`Rescanned ${r.toHeight - r.fromHeight + 1} blocks from height ${r.fromHeight} in ${Date.now() - started}ms`);
    log.info(`setKeyPool.size() = ${this.keys.keypoolSize}`);
    log.info(`mapWallet.size() = ${this.ledger.size}`);
    return r;
  }

  /** The active chain the wallet follows; throws before `attachChain`. */
  get chainSource(): LedgerChainSource {
    if (this.#source === undefined) throw new Error('the wallet does not follow a chain yet');
    return this.#source;
  }

  /**
   * The active chain changed (blocks connected, disconnected, a reorg): the ledger rewinds what
   * left the chain and connects the new blocks (the block events of Core's `SyncTransaction`,
   * delivered as a catch-up so that overlapping tip changes cannot reorder them), then the mempool
   * membership of its unconfirmed transactions is refreshed (resurrected and removed ones).
   */
  async chainChanged(pool: WalletMempoolView): Promise<void> {
    if (this.#source === undefined || this.#closed) return;
    await this.ledger.syncWithChain(this.#source);
    await this.#syncMempoolMembership(pool);
  }

  /**
   * Transactions entered the mempool (`added`; when undefined every pool transaction the ledger
   * does not have in its mempool set is offered): each is a `transactionAddedToMempool` event, then
   * wallet transactions that left the pool (evicted, replaced, expired) are marked so.
   */
  async mempoolChanged(pool: WalletMempoolView, added?: Iterable<Transaction>): Promise<void> {
    if (this.#closed) return;
    const txs: Transaction[] = [];
    if (added === undefined) {
      for (const id of pool.txids()) {
        if (this.ledger.inMempool(fromDisplayHex(id))) continue;
        const e = pool.get(id);
        if (e !== undefined) txs.push(e.tx);
      }
    } else txs.push(...added);
    for (const tx of txs) if (pool.has(tx.txidHex)) await this.ledger.transactionAddedToMempool(tx);
    // Only what the ledger has in the pool can have left it (replaced, evicted, expired).
    for (const txid of this.ledger.mempoolTxids()) {
      if (!pool.has(toDisplayHex(txid))) await this.ledger.transactionRemovedFromMempool(txid, 'unknown');
    }
  }

  async #syncMempoolMembership(pool: WalletMempoolView): Promise<void> {
    const inPool: Uint8Array[] = [];
    for (const w of this.ledger.transactionsByOrder()) {
      if (this.ledger.depth(w) === 0 && pool.has(toDisplayHex(w.txid))) inPool.push(w.txid);
    }
    await this.ledger.setMempoolContents(inPool);
  }

  /**
   * `ScanForWalletTransactions(from, fUpdate = true)` on the active chain (imports with rescan).
   * A wallet that does not follow a chain (not attached yet) has nothing to scan.
   */
  async rescanFrom(height: number): Promise<RescanResult | undefined> {
    if (this.#source === undefined) return undefined;
    return this.ledger.rescan(this.#source, Math.max(0, height));
  }

  // ------------------------------------------------------------ sending (ADR 0030)

  /** Fee settings of the transactions the wallet creates (`settxfee` changes `payTxFeePerKb`). */
  get fees(): WalletFeeSettings {
    return (this.#fees ??= {
      ...DEFAULT_WALLET_FEE_SETTINGS,
      payTxFeePerKb: this.options.payTxFeePerKb,
      spendZeroConfChange: this.options.spendZeroConfChange ?? true,
      ...this.options.fees,
    });
  }

  /** `payTxFee` (`-paytxfee`, `settxfee`), satoshis per 1000 bytes. */
  get payTxFeePerKb(): bigint {
    return this.fees.payTxFeePerKb;
  }

  set payTxFeePerKb(v: bigint) {
    this.fees.payTxFeePerKb = v;
  }

  /** `CreateTransaction` / `CommitTransaction`, one send at a time. */
  get sender(): WalletSender {
    if (this.#sender !== undefined) return this.#sender;
    const o = this.options;
    const isPolicyAsset = policyAssetHooks(o.params).isPolicyAsset ?? (() => false);
    const builder = new WalletTxBuilder({
      ledger: this.ledger,
      keys: this.keys,
      params: o.params,
      secp: o.secp,
      confidential: this.blinding.primitives,
      fees: this.fees,
      isPolicyAsset,
      blindingPubKey: (script) => this.blindingPubKey(script),
      issuanceBlindingKey: (prevout) => this.blinding.issuanceKeyFor(prevout),
      contractInTx: o.params.options.contractInTx,
      random: o.sendRandom ?? XoshiroRandom.fromSystem(),
      blindingRandom: o.blindingRandom ?? ((n) => new Uint8Array(randomBytes(n))),
    });
    return (this.#sender = new WalletSender(builder, this.ledger, o.logger ?? nullLogger));
  }

  // ------------------------------------------------------------ blinding keys and addresses

  /** `GetBlindingPubKey(script)`: the public key of the wallet's blinding key for it (imported, else derived), or undefined. */
  blindingPubKey(script: Uint8Array): Uint8Array | undefined {
    return this.blinding.pubKeyFor(script);
  }

  /**
   * `importblindingkey`: `AddSpecificBlindingKey` + `MarkDirty` — the key is stored, then every
   * wallet output is opened again with the keys as they are now (no rescan: which outputs are the
   * wallet's does not depend on blinding keys).
   */
  async importBlindingKey(script: Uint8Array, key: Uint8Array): Promise<void> {
    await this.blinding.importKey(script, key);
    this.ledger.keysChanged();
  }

  /** `importissuanceblindingkey`: the key of the issuance on the input spending `prevout`. */
  async importIssuanceBlindingKey(prevout: OutPoint, key: Uint8Array): Promise<void> {
    await this.blinding.importIssuanceKey(prevout, key);
    this.ledger.keysChanged();
  }

  /** The confidential form of `dest` (its wallet blinding key attached). */
  confidentialAddress(dest: Destination): string {
    const prefixes = this.params.base58;
    const bk = this.blindingPubKey(scriptForDestination(dest));
    return bk ? addressForDestination(dest, prefixes, bk) : addressForDestination(dest, prefixes);
  }

  /** An address the wallet hands out: confidential unless `-disablect`. */
  receiveAddress(dest: Destination): string {
    return this.options.disableCt ? addressForDestination(dest, this.params.base58) : this.confidentialAddress(dest);
  }

  // ------------------------------------------------------------ mining

  /**
   * `CWallet::GetScriptForMining`: a reserved pool key paid as `<pubkey> OP_CHECKSIG`. No key (pool
   * empty, wallet locked) → -12 `Keypool ran out, please call keypoolrefill first` (generate's text).
   */
  async reserveCoinbaseScript(): Promise<CoinbaseReservation> {
    const r = await this.keys.reserveKey();
    if (r === undefined) throw new GenerateError(-12, 'Keypool ran out, please call keypoolrefill first');
    const pub = r.key.pubkey;
    const script = new Uint8Array(pub.length + 2);
    script[0] = pub.length;
    script.set(pub, 1);
    script[pub.length + 1] = 0xac;
    return { script, keep: () => this.keys.keepKey(r.index), release: () => this.keys.returnKey(r.index) };
  }

  // ------------------------------------------------------------ accounts (0.14 CAccount)

  accountPubkey(name: string): Uint8Array | undefined {
    return this.file.get(accountKey(name));
  }

  async setAccountPubkey(name: string, pubkey: Uint8Array): Promise<void> {
    await this.file.write(new WriteBatch().put(accountKey(name), pubkey));
  }

  /**
   * `GetAccountAddress(account, bForceNew)`: the account's current key; a new pool key (with the
   * account as its label) when there is none, it is no longer in the key store, it has received
   * coins (some wallet transaction pays it), or `forceNew`.
   */
  async accountDestination(name: string, forceNew: boolean): Promise<Destination> {
    const pub = this.accountPubkey(name);
    if (pub !== undefined && !forceNew && this.keys.haveKey(hash160(pub)) && !this.#keyUsed(hash160(pub))) return { type: 'keyhash', hash: hash160(pub) };
    const info = await this.keys.getNewKey({ name, purpose: 'receive' });
    await this.setAccountPubkey(name, info.pubkey);
    return { type: 'keyhash', hash: info.keyId };
  }

  /** A wallet transaction pays the key's P2PKH script (`GetAccountAddress`'s `bKeyUsed`). */
  #keyUsed(keyId: Uint8Array): boolean {
    const script = scriptForDestination({ type: 'keyhash', hash: keyId });
    for (const w of this.ledger.transactionsByOrder()) {
      for (const o of w.tx.outputs) if (bytesEqual(o.scriptPubKey, script)) return true;
    }
    return false;
  }

  /** True when `dest` is the stored current key of `account`. */
  isAccountKey(account: string, dest: Destination): boolean {
    const pub = this.accountPubkey(account);
    return pub !== undefined && dest.type === 'keyhash' && bytesEqual(hash160(pub), dest.hash);
  }
}
