/**
 * The `mainstay` daemon's start-up (spec mainstay.md §7): flags, conf.json, the Bitcoin node, the
 * store, the signer transport, the fee policy and the running attestation service. The bin only
 * supplies argv, the environment, a logger and signals; everything here is testable in-process.
 *
 * Flags: `-conf <path>` (default `config/conf.json` relative to the working directory) plus the
 * original's `-regtest -tx -script -chaincodes -addrTopup -scriptTopup` (Profile B: `-chaincode`
 * instead of the two script flags).
 *
 * OUR conf.json EXTENSIONS read here (ADR 0047), all optional:
 * - `timing.fixedMs`, `sigsMs`, `skipMs`, `confirmationMs`, `newAttestationMs`,
 *   `handleUnconfirmedMs`, `firstStepMs`, `regtestDelayMs`: the delays in milliseconds;
 * - `main.walletport`: bcoin's wallet server port (`main.type` = `bcoin`; default: the node port);
 * - `signer.timeoutMs` (Profile B HTTP timeout), `signer.settleMs` (Profile A subscription settle time).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { bitcoinNetworkFromChain, fromHex, isHex, type Secp256k1 } from '@ocean-ts/core';
import { BcoinQuirks, BitcoinRpcClient, parseBitcoinRpcUrl, type BitcoinClient } from '@ocean-ts/rpc-client';
import type { Logger } from '@ocean-ts/service-kit';
import { FlagError } from '../clients/go-flags.js';
import { goAtoi, ConfReader, type ConfigEnv } from '../config/conf-reader.js';
import { ConfigError } from '../config/config-error.js';
import { applyDaemonFlags, checkDaemonStaychain, parseDaemonFlags } from '../config/daemon-flags.js';
import { parseMainstayConfig, type MainstayConfig } from '../config/mainstay-config.js';
import { parseChaincode, parseChaincodes } from '../crypto/chaincodes.js';
import { MultisigStaychain, SegwitStaychain } from '../crypto/staychain-outputs.js';
import { HttpSignerTransport } from '../signer/http-signer-transport.js';
import { ZmqSignerTransport } from '../signer/zmq-signer-transport.js';
import { openMainstayStore } from '../store/open-store.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { AttestationRunner } from './attestation-runner.js';
import { AttestationService, type Clock } from './attestation-service.js';
import { ClassicStaychainProfile } from './classic-profile.js';
import { EstimateSmartFeeSource } from './estimate-fee-source.js';
import { FeePolicy, validateFeeConfig } from './fee-policy.js';
import { SegwitStaychainProfile } from './segwit-profile.js';
import { resolveServiceTiming, TIMING_OVERRIDE_KEYS, type ServiceTiming, type TimingOverrides } from './service-timing.js';
import type { SignerTransport } from './signer-transport.js';
import type { StaychainProfile } from './staychain-profile.js';

export const DEFAULT_CONF_PATH = 'config/conf.json';

export const MAINSTAY_USAGE = `Usage of mainstay:
  -conf string
        conf.json to read (default "${DEFAULT_CONF_PATH}", relative to the working directory)
  -regtest
        regtest mode (fee at the minimum, 5 s delays)
  -tx string
        staychain base txid (with -script and -chaincodes; profile B: with -chaincode)
  -script string
        profile A: the multisig redeem script of the base
  -chaincodes string
        profile A: comma-separated chaincodes of the script's keys
  -chaincode string
        profile B: the chaincode of the base key
  -addrTopup string
        topup address (profile A: with -scriptTopup)
  -scriptTopup string
        profile A: the topup multisig redeem script
`;

export interface MainstayDeps {
  readonly logger: Logger;
  readonly secp: Secp256k1;
  readonly env: ConfigEnv;
  readonly cwd: string;
  readonly readFile: (path: string) => Promise<string>;
  readonly clock?: Clock;
}

export interface RunningMainstay {
  readonly config: MainstayConfig;
  readonly timing: ServiceTiming;
  readonly service: AttestationService;
  readonly runner: AttestationRunner;
  readonly bitcoin: BitcoinClient;
  readonly store: MainstayStore;
  /** Profile A: the bound publisher endpoint; undefined for B. */
  readonly publisherEndpoint: string | undefined;
  /** Stop the state machine after its current step, then close the signer transport and the store. */
  stop(): Promise<void>;
}

/** The daemon flags that take a value (either profile), for `-conf` extraction. */
const VALUE_FLAGS = new Set(['tx', 'script', 'chaincodes', 'chaincode', 'addrTopup', 'scriptTopup']);

/** Split `-conf` (Go syntax, one or two dashes) off the daemon flags. */
export function extractConfFlag(argv: readonly string[]): { conf: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let conf: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || !arg.startsWith('-')) {
      rest.push(...argv.slice(i));
      break;
    }
    const m = /^--?conf(?:=(.*))?$/.exec(arg);
    if (m === null) {
      rest.push(arg);
      const name = arg.replace(/^--?/, '');
      if (VALUE_FLAGS.has(name) && i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    if (m[1] !== undefined) conf = m[1];
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new FlagError('flag needs an argument: -conf');
      conf = next;
      i++;
    }
  }
  return { conf, rest };
}

function intOverride(reader: ConfReader, section: string, key: string): number | undefined {
  const v = reader.optional(section, key);
  if (v === undefined) return undefined;
  const n = goAtoi(v);
  if (n === undefined || n < 0) throw new ConfigError(section, key, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Our `timing.*Ms` keys. */
export function timingOverrides(reader: ConfReader): TimingOverrides {
  const out: Record<string, number> = {};
  for (const key of TIMING_OVERRIDE_KEYS) {
    const v = intOverride(reader, 'timing', key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function bitcoinClientFor(config: MainstayConfig, reader: ConfReader): BitcoinClient {
  const main = config.main;
  if (main.type === 'bcoin') {
    const ep = parseBitcoinRpcUrl(main.url);
    const walletPort = intOverride(reader, 'main', 'walletport') ?? ep.port;
    return BcoinQuirks.connect({ host: ep.host, nodePort: ep.port, walletPort, apiKey: main.pass }, { regtest: main.chain === 'regtest' });
  }
  return BitcoinRpcClient.fromUrl({ url: main.url, credentials: { user: main.user, password: main.pass } });
}

function hexValue(section: string, key: string, value: string): Uint8Array {
  if (!isHex(value) || value.length % 2 !== 0 || value.length === 0) throw new ConfigError(section, key, 'must be hex');
  return fromHex(value);
}

/** The profile (outputs, signing, topup) from the staychain section. Throws `ConfigError`. */
export function staychainProfileFor(config: MainstayConfig, secp: Secp256k1, logger: Logger): StaychainProfile {
  const s = config.staychain;
  const net = bitcoinNetworkFromChain(config.main.chain);
  try {
    if (config.profile === 'A') {
      const script = hexValue('staychain', 'initScript', s.initScript!);
      const chaincodes = parseChaincodes(s.initChaincodes, s.initChaincodes.length);
      const staychain = new MultisigStaychain(secp, script, chaincodes, net);
      if ((s.topupAddress === undefined) !== (s.topupScript === undefined)) {
        logger.warn('topup disabled: profile A needs both staychain.topupAddress and staychain.topupScript');
      }
      const topup =
        s.topupAddress !== undefined && s.topupScript !== undefined
          ? { address: s.topupAddress, script: hexValue('staychain', 'topupScript', s.topupScript) }
          : undefined;
      return new ClassicStaychainProfile(secp, staychain, topup);
    }
    const key = hexValue('staychain', 'initPublicKey', s.initPublicKey!);
    const staychain = new SegwitStaychain(secp, key, parseChaincode(s.initChaincode!), net);
    return new SegwitStaychainProfile(secp, staychain, s.topupAddress);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError('staychain', '', `is invalid: ${(e as Error).message}`);
  }
}

/** Parse flags and configuration, open everything and start the attestation service. */
export async function startMainstay(argv: readonly string[], deps: MainstayDeps): Promise<RunningMainstay> {
  const { logger } = deps;
  const { conf, rest } = extractConfFlag(argv);
  const confPath = resolve(deps.cwd, conf ?? DEFAULT_CONF_PATH);
  let text: string;
  try {
    text = await deps.readFile(confPath);
  } catch (e) {
    throw new ConfigError('', confPath, `cannot be read: ${(e as Error).message}`);
  }
  let config = parseMainstayConfig(text, { env: deps.env });
  const reader = ConfReader.parse(text, deps.env);
  config = applyDaemonFlags(config, parseDaemonFlags(rest, config.profile));
  checkDaemonStaychain(config);
  for (const w of config.warnings) logger.warn(w);
  const txid0 = config.staychain.initTx!;
  if (txid0.length !== 64 || !isHex(txid0)) throw new ConfigError('staychain', 'initTx', `must be a 64-character hex txid, got ${JSON.stringify(txid0)}`);
  const signerConfig = config.signer;
  if (signerConfig === undefined) {
    throw new ConfigError('signer', '', `is missing: the daemon needs its signers (${config.profile === 'A' ? 'signer.signers' : 'signer.url'})`);
  }
  const profile = staychainProfileFor(config, deps.secp, logger);
  const timing = resolveServiceTiming(config.timing, config.regtest, timingOverrides(reader));
  const validated = validateFeeConfig(config.fees);
  for (const w of validated.warnings) logger.warn(w);
  const bitcoin = bitcoinClientFor(config, reader);
  const fees = new FeePolicy(validated.limits, config.regtest ? { useMinimum: true } : { source: new EstimateSmartFeeSource(bitcoin) });
  const timeoutMs = intOverride(reader, 'signer', 'timeoutMs');
  const settleMs = intOverride(reader, 'signer', 'settleMs');

  const baseDir = conf === undefined ? deps.cwd : dirname(confPath);
  const store = await openMainstayStore(config.db, { baseDir: isAbsolute(baseDir) ? baseDir : resolve(baseDir) });
  let signer: SignerTransport;
  let publisherEndpoint: string | undefined;
  try {
    if (signerConfig.profile === 'A') {
      const zmq = new ZmqSignerTransport({
        publisher: signerConfig.publisher,
        signers: signerConfig.signers,
        logger,
        ...(settleMs !== undefined ? { subscribeSettleMs: settleMs } : {}),
      });
      publisherEndpoint = await zmq.start();
      signer = zmq;
    } else {
      signer = new HttpSignerTransport({ url: signerConfig.url, logger, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  const service = new AttestationService({
    bitcoin,
    store,
    signer,
    fees,
    profile,
    txid0,
    timing,
    clock: deps.clock ?? { now: () => Date.now() },
    logger,
  });
  const runner = new AttestationRunner({ service, timing, logger });
  logger.info('mainstay starting', {
    profile: config.profile,
    chain: config.main.chain,
    regtest: config.regtest,
    initTx: txid0,
    baseAddress: profile.address(new Uint8Array(32)),
    topup: profile.topupAddress,
    db: config.db.type,
    fees: validated.limits,
  });
  runner.start();
  let stopping: Promise<void> | undefined;
  return {
    config,
    timing,
    service,
    runner,
    bitcoin,
    store,
    publisherEndpoint,
    stop: () =>
      (stopping ??= (async () => {
        await runner.stop();
        await signer.close();
        await store.close();
      })()),
  };
}
