import { ConfigError } from './config-error.js';
import { commaList, ConfReader, goAtoi, type ConfigEnv } from './conf-reader.js';

/**
 * conf.json → a typed configuration (spec mainstay.md §7). Sections are parsed in the original's
 * order — main (RPC), chain, db, fees, timing, signer, staychain — and the first error aborts.
 *
 * The original's keys keep their meaning. OUR ADDITIONS (ADR 0045), all optional:
 * - top-level `"profile": "A" | "B"` (default A), read first because it selects the signer and
 *   staychain keys;
 * - `main.type`: `bitcoind` (default) or `bcoin` (the test node; enables its RPC quirks);
 * - `db.type`: `sqlite` (default, with `db.path`) or `postgres` (with the original's
 *   user/password/host/port/name, all required then). The original's db section was MongoDB, which
 *   we do not support; without `db.type` those keys are ignored (with a warning);
 * - `api.host` / `api.port`: where `mainstay-api` listens;
 * - `signer.url` (Profile B): the HTTP signer (as the original's HEAD).
 */

export type Profile = 'A' | 'B';
export type ChainName = 'regtest' | 'testnet' | 'mainnet';

/** A Bitcoin-style JSON-RPC endpoint (`main`, and `clientchain`/`ocean` for the tools). */
export interface RpcConfig {
  /** `host:port` (the original's rpcclient Host; no scheme, no TLS). */
  readonly url: string;
  readonly user: string;
  readonly pass: string;
  /** `regtest`, `testnet`, anything else → mainnet. */
  readonly chain: ChainName;
}

export interface MainChainConfig extends RpcConfig {
  /** OURS: which node implementation (`bitcoind` default, `bcoin` for tests). */
  readonly type: 'bitcoind' | 'bcoin';
}

export type DbConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly user: string; readonly password: string; readonly host: string; readonly port: number; readonly name: string };

/** −1 = not configured (absent or not an integer): the fee policy applies its defaults. */
export interface FeesConfig {
  readonly minFee: number;
  readonly maxFee: number;
  readonly feeIncrement: number;
}

/** −1 = not configured; values ≤ 0 mean the default (60 / 60) in the service. */
export interface TimingConfig {
  readonly newAttestationMinutes: number;
  readonly handleUnconfirmedMinutes: number;
}

export type SignerConfig =
  | { readonly profile: 'A'; readonly signers: readonly string[]; readonly publisher: string }
  | { readonly profile: 'B'; readonly url: string };

/** The staychain section; '' counts as absent (undefined). Profile-specific keys are undefined for the other profile. */
export interface StaychainConfig {
  readonly initTx?: string;
  /** A: the multisig redeem script hex. */
  readonly initScript?: string;
  /** A: chaincodes, one per pubkey of the script. */
  readonly initChaincodes: readonly string[];
  /** B: the base public key hex. */
  readonly initPublicKey?: string;
  /** B: the single chaincode. */
  readonly initChaincode?: string;
  /** Signer tools only: WIF of this signer's base key. */
  readonly initPK?: string;
  readonly topupAddress?: string;
  /** A: topup is enabled when both topupAddress and topupScript are set. */
  readonly topupScript?: string;
  readonly topupPK?: string;
  /** Parsed, unused (as the original). */
  readonly topupChaincodes: readonly string[];
}

export interface ApiConfig {
  readonly host: string;
  readonly port: number;
}

export interface MainstayConfig {
  readonly profile: Profile;
  readonly main: MainChainConfig;
  readonly db: DbConfig;
  readonly fees: FeesConfig;
  readonly timing: TimingConfig;
  /** Undefined when conf.json has no `signer` section. */
  readonly signer?: SignerConfig;
  readonly staychain: StaychainConfig;
  /** `staychain.regtest == "1"` (or the `-regtest` flag). */
  readonly regtest: boolean;
  readonly api: ApiConfig;
  /** `clientchain` (or else `ocean`) section, for the tools; undefined when absent. */
  readonly clientChain?: RpcConfig;
  /** Things that were ignored, for the caller to log. */
  readonly warnings: readonly string[];
}

export const DEFAULT_SQLITE_PATH = 'mainstay.db';
export const DEFAULT_PUBLISHER = '*:5000';
export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 3000;

export interface ParseConfigOptions {
  readonly env: ConfigEnv;
}

/** Parse conf.json text (see the module comment). Throws `ConfigError`. */
export function parseMainstayConfig(text: string, options: ParseConfigOptions): MainstayConfig {
  return configFromReader(ConfReader.parse(text, options.env));
}

/** Same, from an already parsed JSON value. */
export function mainstayConfigFromJson(json: unknown, options: ParseConfigOptions): MainstayConfig {
  return configFromReader(new ConfReader(json, options.env));
}

function configFromReader(r: ConfReader): MainstayConfig {
  const warnings: string[] = [];
  const profile = parseProfile(r);
  const main = parseMain(r);
  const db = parseDb(r, warnings);
  const fees: FeesConfig = {
    minFee: intOrMinusOne(r, 'fees', 'minFee'),
    maxFee: intOrMinusOne(r, 'fees', 'maxFee'),
    feeIncrement: intOrMinusOne(r, 'fees', 'feeIncrement'),
  };
  const timing: TimingConfig = {
    newAttestationMinutes: intOrMinusOne(r, 'timing', 'newAttestationMinutes'),
    handleUnconfirmedMinutes: intOrMinusOne(r, 'timing', 'handleUnconfirmedMinutes'),
  };
  const signer = parseSigner(r, profile);
  const staychain = parseStaychain(r, profile);
  const regtest = r.get('staychain', 'regtest') === '1';
  const api = parseApi(r);
  const clientChain = r.hasSection('clientchain') ? parseRpc(r, 'clientchain') : r.hasSection('ocean') ? parseRpc(r, 'ocean') : undefined;
  const config: MainstayConfig = { profile, main, db, fees, timing, staychain, regtest, api, warnings };
  return { ...config, ...(signer ? { signer } : {}), ...(clientChain ? { clientChain } : {}) };
}

function parseProfile(r: ConfReader): Profile {
  const v = r.topLevel('profile');
  if (v === undefined || v === '') return 'A';
  const p = v.toUpperCase();
  if (p !== 'A' && p !== 'B') throw new ConfigError('', 'profile', `must be "A" (P2SH multisig, zmq signers) or "B" (P2WPKH, HTTP signer), got ${JSON.stringify(v)}`);
  return p;
}

export function chainName(value: string): ChainName {
  return value === 'regtest' || value === 'testnet' ? value : 'mainnet';
}

/** An RPC section: rpcurl, rpcuser, rpcpass, chain — all required, in that order. */
export function parseRpc(r: ConfReader, section: string): RpcConfig {
  const url = r.require(section, 'rpcurl');
  const user = r.require(section, 'rpcuser');
  const pass = r.require(section, 'rpcpass');
  const chain = chainName(r.require(section, 'chain'));
  return { url, user, pass, chain };
}

function parseMain(r: ConfReader): MainChainConfig {
  const rpc = parseRpc(r, 'main');
  const type = r.optional('main', 'type') ?? 'bitcoind';
  if (type !== 'bitcoind' && type !== 'bcoin') throw new ConfigError('main', 'type', `must be "bitcoind" or "bcoin", got ${JSON.stringify(type)}`);
  return { ...rpc, type };
}

const ORIGINAL_DB_KEYS = ['user', 'password', 'host', 'port', 'name'] as const;

function parseDb(r: ConfReader, warnings: string[]): DbConfig {
  if (!r.hasSection('db')) return { type: 'sqlite', path: DEFAULT_SQLITE_PATH };
  const type = r.optional('db', 'type') ?? 'sqlite';
  if (type === 'sqlite') {
    const ignored = ORIGINAL_DB_KEYS.filter((k) => r.get('db', k) !== undefined);
    if (ignored.length > 0) {
      warnings.push(`conf.json: db.${ignored.join('/db.')} ignored: the embedded SQLite store is used (set db.type to "postgres" to use them)`);
    }
    return { type: 'sqlite', path: r.optional('db', 'path') ?? DEFAULT_SQLITE_PATH };
  }
  if (type === 'postgres') {
    const user = r.require('db', 'user');
    const password = r.require('db', 'password');
    const host = r.require('db', 'host');
    const portText = r.require('db', 'port');
    const name = r.require('db', 'name');
    return { type: 'postgres', user, password, host, port: tcpPort('db', 'port', portText), name };
  }
  throw new ConfigError('db', 'type', `must be "sqlite" or "postgres", got ${JSON.stringify(type)} (MongoDB is not supported)`);
}

function tcpPort(section: string, key: string, text: string): number {
  const n = goAtoi(text);
  if (n === undefined || n < 1 || n > 65535) throw new ConfigError(section, key, `must be a TCP port number (1-65535), got ${JSON.stringify(text)}`);
  return n;
}

/** Fees and timing values: absent, not a string, or not an integer → −1 (spec §7, `fees.json`). */
function intOrMinusOne(r: ConfReader, section: string, key: string): number {
  const v = r.get(section, key);
  return v === undefined ? -1 : (goAtoi(v) ?? -1);
}

function parseSigner(r: ConfReader, profile: Profile): SignerConfig | undefined {
  if (!r.hasSection('signer')) return undefined;
  if (profile === 'B') return { profile: 'B', url: r.require('signer', 'url') };
  const signers = commaList(r.require('signer', 'signers'));
  if (signers.length === 0 || signers.some((s) => s === '')) {
    throw new ConfigError('signer', 'signers', `must be a comma list of host:port, got ${JSON.stringify(r.get('signer', 'signers'))}`);
  }
  return { profile: 'A', signers, publisher: r.optional('signer', 'publisher') ?? DEFAULT_PUBLISHER };
}

function parseStaychain(r: ConfReader, profile: Profile): StaychainConfig {
  const o = (key: string): string | undefined => r.optional('staychain', key);
  const common = {
    initTx: o('initTx'),
    initPK: o('initPK'),
    topupAddress: o('topupAddress'),
    topupPK: o('topupPK'),
  };
  const profileKeys =
    profile === 'A'
      ? { initScript: o('initScript'), initChaincodes: commaList(o('initChaincodes')), topupScript: o('topupScript'), topupChaincodes: commaList(o('topupChaincodes')) }
      : { initPublicKey: o('initPublicKey'), initChaincode: o('initChaincode'), initChaincodes: [], topupChaincodes: [] };
  return dropUndefined({ ...common, ...profileKeys }) as StaychainConfig;
}

function parseApi(r: ConfReader): ApiConfig {
  const host = r.optional('api', 'host') ?? DEFAULT_API_HOST;
  const portText = r.optional('api', 'port');
  return { host, port: portText === undefined ? DEFAULT_API_PORT : tcpPort('api', 'port', portText) };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
