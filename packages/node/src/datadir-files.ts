/**
 * The files a Core 0.14 node keeps in its chain data directory besides the block and chain-state
 * databases (functional-behaviour spec A.2): `db.log` (the wallet database environment's error
 * log, opened for appending), `audit.log` (Ocean's RPC audit trail, opened for appending),
 * `peers.dat` (the address manager), `banlist.dat` (the ban list) and `fee_estimates.dat` (the fee
 * estimator). Test harnesses
 * delete the first four after a clean shutdown and fail when one is missing, so all are made by
 * every normal run.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type Logger } from '@ocean-ts/service-kit';
import { FeeEstimatesFileError, FeeEstimatorState } from './datadir/fee-estimates-file.js';
import { PeersFile, PeersFileError } from './datadir/peers-file.js';
import type { BanEntry } from './net/ban-list.js';
import { BanListFileError, decodeBanList, encodeBanList } from './net/ban-list-file.js';
import { CLIENT_VERSION } from './version.js';

export const PEERS_FILE_NAME = 'peers.dat';
export const BANLIST_FILE_NAME = 'banlist.dat';
export const FEE_ESTIMATES_FILE_NAME = 'fee_estimates.dat';
export const DB_LOG_FILE_NAME = 'db.log';
export const AUDIT_LOG_FILE_NAME = 'audit.log';
/** Ocean 2.1.1.1's `CLIENT_VERSION`. */
export const OCEAN_CLIENT_VERSION = CLIENT_VERSION;

export interface DataDirFilesOptions {
  /** The chain data directory. */
  readonly dir: string;
  /** The chain's P2P message start (first 4 bytes of `peers.dat`). */
  readonly messageStart: Uint8Array;
  readonly logger: Logger;
  /** `db.log` belongs to the wallet: not created with `-disablewallet` (as Core). */
  readonly wallet: boolean;
  /** Source of the address manager's secret key (default: 32 random bytes). */
  readonly randomKey?: () => Uint8Array;
  /** The `CLIENT_VERSION` written to and checked against `fee_estimates.dat`. */
  readonly clientVersion?: number;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Loads the files at start-up and writes them back at a clean shutdown. Core's handling:
 * - `peers.dat`: read and verified (checksum, message start, address-manager structure); missing
 *   or invalid → `Invalid or missing peers.dat; recreating` and a fresh empty one is written at
 *   once; written again at shutdown.
 * - `fee_estimates.dat`: read if present (an unreadable one is logged and ignored — "non-fatal");
 *   written at shutdown.
 * Files are replaced atomically (temporary file, fsync, rename); a file that cannot be written is
 * logged, never fatal.
 */
export class DataDirFiles {
  #peers: PeersFile;
  #fees: FeeEstimatorState;
  #bans: BanEntry[];
  #closed = false;
  /** The live address manager and ban list once the P2P layer runs (written instead of the loaded ones). */
  #network: { readonly peers: () => PeersFile; readonly bans: () => readonly BanEntry[] } | undefined;

  private constructor(
    private readonly opts: DataDirFilesOptions,
    peers: PeersFile,
    fees: FeeEstimatorState,
    bans: BanEntry[],
  ) {
    this.#peers = peers;
    this.#fees = fees;
    this.#bans = bans;
  }

  static open(opts: DataDirFilesOptions): DataDirFiles {
    const { dir, logger } = opts;
    if (opts.wallet) touch(join(dir, DB_LOG_FILE_NAME), logger);
    touch(join(dir, AUDIT_LOG_FILE_NAME), logger);
    const fees = loadFeeEstimates(opts);
    const peers = loadPeers(opts);
    const bans = loadBanList(opts);
    const files = new DataDirFiles(opts, peers ?? PeersFile.empty(opts.randomKey?.() ?? randomBytes(32)), fees, bans ?? []);
    if (peers === undefined) files.#writePeers();
    if (bans === undefined) files.writeBanList([]);
    return files;
  }

  /** The ban list read from `banlist.dat` (empty when it was missing or invalid). */
  get banList(): readonly BanEntry[] {
    return this.#bans;
  }

  /** From now on `peers.dat` and `banlist.dat` are written from the running P2P layer. */
  attachNetwork(sources: { readonly peers: () => PeersFile; readonly bans: () => readonly BanEntry[] }): void {
    this.#network = sources;
  }

  /** `DumpBanlist`: write `banlist.dat` now. */
  writeBanList(entries: readonly BanEntry[]): void {
    this.#bans = [...entries];
    const path = join(this.opts.dir, BANLIST_FILE_NAME);
    const started = Date.now();
    try {
      writeFileAtomic(path, encodeBanList(entries, this.opts.messageStart));
      this.opts.logger.debug(`Flushed ${entries.length} banned node ips/subnets to banlist.dat  ${Date.now() - started}ms`, { category: 'net' });
    } catch (e) {
      this.opts.logger.warn(`DumpBanlist: failed to write ${path}: ${errorText(e)}`);
    }
  }

  /** `DumpData`: `peers.dat` and `banlist.dat` from the running P2P layer (every 15 minutes and at shutdown). */
  dumpNetwork(): void {
    if (this.#network === undefined) return;
    this.#writePeers();
    this.writeBanList(this.#network.bans());
  }

  /** The address manager as it will be written. */
  get peers(): PeersFile {
    return this.#peers;
  }

  /** The fee estimator state as it will be written. */
  get feeEstimates(): FeeEstimatorState {
    return this.#fees;
  }

  /**
   * Clean shutdown: write `peers.dat` and `fee_estimates.dat`. `bestHeight` is the highest block
   * the estimator has seen (the tip). Idempotent.
   */
  close(bestHeight: number): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#network !== undefined) this.dumpNetwork();
    else this.#writePeers();
    if (bestHeight > this.#fees.bestSeenHeight) this.#fees = this.#fees.withBestSeenHeight(bestHeight);
    const path = join(this.opts.dir, FEE_ESTIMATES_FILE_NAME);
    try {
      writeFileAtomic(path, this.#fees.encode(this.opts.clientVersion ?? OCEAN_CLIENT_VERSION));
    } catch (e) {
      this.opts.logger.warn(`Shutdown: Failed to write fee estimates to ${path}: ${errorText(e)}`);
    }
  }

  #writePeers(): void {
    const path = join(this.opts.dir, PEERS_FILE_NAME);
    const started = Date.now();
    try {
      if (this.#network !== undefined) this.#peers = this.#network.peers();
      writeFileAtomic(path, this.#peers.encode(this.opts.messageStart));
      this.opts.logger.debug(`Flushed ${this.#peers.newCount + this.#peers.triedCount} addresses to peers.dat  ${Date.now() - started}ms`, { category: 'net' });
    } catch (e) {
      this.opts.logger.warn(`DumpAddresses: failed to write ${path}: ${errorText(e)}`);
    }
  }
}

function touch(path: string, logger: Logger): void {
  try {
    appendFileSync(path, '');
  } catch (e) {
    logger.warn(`cannot open ${path}: ${errorText(e)}`);
  }
}

/** The open step of Core's `CAddrDB` / `CBanDB::Read`: the file's bytes, or undefined with Core's log line. */
function readDbFile(path: string, logger: DataDirFilesOptions['logger']): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    logger.info(`ERROR: Read: Failed to open file ${path}${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '' : `: ${errorText(e)}`}`);
    return undefined;
  }
}

/** The address manager in peers.dat, or undefined (logged) when it is missing or invalid. */
function loadPeers(opts: DataDirFilesOptions): PeersFile | undefined {
  const path = join(opts.dir, PEERS_FILE_NAME);
  const started = Date.now();
  const bytes = readDbFile(path, opts.logger);
  if (bytes !== undefined) {
    try {
      const peers = PeersFile.decode(bytes, opts.messageStart);
      opts.logger.info(`Loaded ${peers.newCount + peers.triedCount} addresses from peers.dat  ${Date.now() - started}ms`);
      return peers;
    } catch (e) {
      if (!(e instanceof PeersFileError)) throw e;
      opts.logger.info(`ERROR: ${e.message}`);
    }
  }
  opts.logger.info('Invalid or missing peers.dat; recreating');
  return undefined;
}

/** The entries of banlist.dat, or undefined (logged) when it is missing or invalid (Core's `CBanDB::Read`). */
function loadBanList(opts: DataDirFilesOptions): BanEntry[] | undefined {
  const path = join(opts.dir, BANLIST_FILE_NAME);
  const started = Date.now();
  const bytes = readDbFile(path, opts.logger);
  if (bytes !== undefined) {
    try {
      const entries = decodeBanList(bytes, opts.messageStart);
      opts.logger.debug(`Loaded ${entries.length} banned node ips/subnets from banlist.dat  ${Date.now() - started}ms`, { category: 'net' });
      return entries;
    } catch (e) {
      if (!(e instanceof BanListFileError)) throw e;
      opts.logger.info(`ERROR: ${e.message}`);
    }
  }
  opts.logger.info('Invalid or missing banlist.dat; recreating');
  return undefined;
}

function loadFeeEstimates(opts: DataDirFilesOptions): FeeEstimatorState {
  const path = join(opts.dir, FEE_ESTIMATES_FILE_NAME);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    // Allowed to fail: the file is missing on first start-up.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') opts.logger.info(`cannot read ${path}: ${errorText(e)}`);
    return FeeEstimatorState.empty();
  }
  try {
    const state = FeeEstimatorState.decode(bytes, opts.clientVersion ?? OCEAN_CLIENT_VERSION);
    const s = state.feeStats;
    opts.logger.debug(`Reading estimates: ${s.buckets.length} buckets counting confirms up to ${s.confAvg.length} blocks`, { category: 'estimatefee' });
    return state;
  } catch (e) {
    if (!(e instanceof FeeEstimatesFileError)) throw e;
    if (e.upVersion !== undefined) opts.logger.info(`ERROR: CTxMemPool::ReadFeeEstimates(): ${e.message}`);
    else opts.logger.info(`CTxMemPool::ReadFeeEstimates(): unable to read policy estimator data (non-fatal): ${e.message}`);
    return FeeEstimatorState.empty();
  }
}
