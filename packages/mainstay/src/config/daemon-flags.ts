import { FlagError, parseGoFlags } from '../clients/go-flags.js';
import { ConfigError } from './config-error.js';
import { commaList } from './conf-reader.js';
import type { MainstayConfig, Profile, StaychainConfig } from './mainstay-config.js';

/**
 * The daemon's command-line flags (spec mainstay.md §7), Go `flag` syntax (`-tx abc`, `-tx=abc`,
 * one or two dashes). Profile A: `-regtest -tx -script -chaincodes -addrTopup -scriptTopup`;
 * Profile B: `-regtest -tx -chaincode -addrTopup` (its single key needs no scripts).
 */
export interface DaemonFlags {
  readonly regtest: boolean;
  readonly tx?: string;
  readonly script?: string;
  readonly chaincodes?: string;
  readonly chaincode?: string;
  readonly addrTopup?: string;
  readonly scriptTopup?: string;
}

const VALUE_FLAGS: Record<Profile, readonly string[]> = {
  A: ['tx', 'script', 'chaincodes', 'addrTopup', 'scriptTopup'],
  B: ['tx', 'chaincode', 'addrTopup'],
};

/** Parse the daemon's argv (without node and script). Throws `FlagError` for unknown flags or extra arguments. */
export function parseDaemonFlags(argv: readonly string[], profile: Profile): DaemonFlags {
  const parsed = parseGoFlags(argv, { values: VALUE_FLAGS[profile], booleans: ['regtest'] });
  if (parsed.rest.length > 0) throw new FlagError(`unexpected argument: ${parsed.rest[0]}`);
  const out: { -readonly [K in keyof DaemonFlags]: DaemonFlags[K] } = { regtest: parsed.booleans.has('regtest') };
  for (const [name, value] of parsed.values) if (value !== '') (out as Record<string, unknown>)[name] = value;
  return out;
}

/**
 * Apply the flags the way the original's main does: `-regtest` sets regtest mode; the staychain
 * base (A: `-tx -script -chaincodes`; B: `-tx -chaincode`) overrides the file only when ALL its
 * flags are given; the topup pair (A: `-addrTopup -scriptTopup`; B: `-addrTopup`) likewise.
 * A partial set is ignored, as in the original, with a warning.
 */
export function applyDaemonFlags(config: MainstayConfig, flags: DaemonFlags): MainstayConfig {
  const warnings = [...config.warnings];
  let staychain: StaychainConfig = config.staychain;
  const group = (names: readonly (keyof DaemonFlags)[]): 'all' | 'none' | 'some' => {
    const given = names.filter((n) => flags[n] !== undefined).length;
    return given === names.length ? 'all' : given === 0 ? 'none' : 'some';
  };
  const partial = (names: readonly string[]): void => {
    warnings.push(`flags ${names.map((n) => `-${n}`).join(' ')} override conf.json only when all are given; the partial set was ignored`);
  };
  if (config.profile === 'A') {
    const base = group(['tx', 'script', 'chaincodes']);
    if (base === 'all') staychain = { ...staychain, initTx: flags.tx!, initScript: flags.script!, initChaincodes: commaList(flags.chaincodes) };
    else if (base === 'some') partial(['tx', 'script', 'chaincodes']);
    const topup = group(['addrTopup', 'scriptTopup']);
    if (topup === 'all') staychain = { ...staychain, topupAddress: flags.addrTopup!, topupScript: flags.scriptTopup! };
    else if (topup === 'some') partial(['addrTopup', 'scriptTopup']);
  } else {
    const base = group(['tx', 'chaincode']);
    if (base === 'all') staychain = { ...staychain, initTx: flags.tx!, initChaincode: flags.chaincode! };
    else if (base === 'some') partial(['tx', 'chaincode']);
    if (flags.addrTopup !== undefined) staychain = { ...staychain, topupAddress: flags.addrTopup };
  }
  return { ...config, staychain, regtest: config.regtest || flags.regtest, warnings };
}

/**
 * The daemon needs a staychain base (spec §7): A — initTx, initScript, initChaincodes;
 * B — initTx, initPublicKey, initChaincode. Throws `ConfigError` naming the first missing key.
 */
export function checkDaemonStaychain(config: MainstayConfig): void {
  const s = config.staychain;
  const need: [string, boolean, string][] =
    config.profile === 'A'
      ? [
          ['initTx', s.initTx !== undefined, '-tx'],
          ['initScript', s.initScript !== undefined, '-script'],
          ['initChaincodes', s.initChaincodes.length > 0, '-chaincodes'],
        ]
      : [
          ['initTx', s.initTx !== undefined, '-tx'],
          ['initPublicKey', s.initPublicKey !== undefined, ''],
          ['initChaincode', s.initChaincode !== undefined, '-chaincode'],
        ];
  const flagSet = config.profile === 'A' ? '-tx, -script and -chaincodes' : '-tx and -chaincode';
  for (const [key, ok, flag] of need) {
    if (!ok) throw new ConfigError('staychain', key, `is missing: the daemon needs it${flag ? ` (in conf.json, or pass ${flagSet})` : ''}`);
  }
}
