import { ChainParams, ChainParamsError, selectChainName, type ChainFiles, type OptionValues } from '@ocean-ts/core';
import { join, resolve } from 'node:path';
import { readChainFiles, decodeUtf8 } from './chain-files.js';
import { ConfigError } from './config-error.js';
import { nodeConfigFs, type ConfigFs } from './config-fs.js';
import { defaultDataDir, pathIn } from './data-dir.js';
import { helpText, versionText } from './help-text.js';
import { readLoggingSettings, type LoggingSettings } from './logging-settings.js';
import { readMempoolSettings, type MempoolSettings } from './mempool-settings.js';
import { readMetricsSettings, type MetricsSettings } from './metrics-settings.js';
import { readMiningSettings, type MiningSettings } from './mining-settings.js';
import { applyNetInteractions, readNetSettings, type NetSettings } from './net-settings.js';
import { readNotificationSettings, type NotificationSettings } from './notification-settings.js';
import { readOceanSettings, type OceanSettings } from './ocean-settings.js';
import { combineWithConfigFile, commandLineValues, parseCommandLine } from './option-sources.js';
import { OptionReader } from './option-reader.js';
import { readRpcSettings, type RpcSettings } from './rpc-settings.js';
import { readStorageSettings, type StorageSettings } from './storage-settings.js';
import { applyWalletInteractions, readWalletSettings, type WalletSettings } from './wallet-settings.js';

export const CONFIG_FILE_NAME = 'ocean.conf';
export const PID_FILE_NAME = 'ocean-daemon.pid';

/** Everything `oceand` needs to know before any chain code runs. */
export interface NodeConfig {
  /** Chain name (= network id, data subdirectory). */
  readonly chain: string;
  /** Chain parameters incl. genesis, built from the options and the chain's terms / mapping files. */
  readonly chainParams: ChainParams;
  /** Absolute base data directory (`-datadir`, else `~/.bitcoin`). */
  readonly dataDir: string;
  /** `<dataDir>/<chain>`, created by `loadNodeConfig`: blocks, chain state, wallet, logs, cookie, lock. */
  readonly chainDataDir: string;
  /** The config file path (`-conf`, relative to the data directory) and whether it existed. */
  readonly configFile: string;
  readonly configFileFound: boolean;
  /** All option values (command line over config file), as `ChainParams.fromOptionValues` takes them. */
  readonly optionValues: OptionValues;
  /** Contents of `terms-and-conditions/<chain>/…` and `asset-mapping/<chain>/latest.json`. */
  readonly chainFiles: ChainFiles;
  /** Absolute pid-file path (`-pid`, relative to the chain directory). */
  readonly pidFile: string;
  /** `-mocktime` (0 = real time). */
  readonly mockTime: number;
  readonly rpc: RpcSettings;
  readonly net: NetSettings;
  readonly mempool: MempoolSettings;
  readonly mining: MiningSettings;
  readonly wallet: WalletSettings;
  readonly storage: StorageSettings;
  readonly logging: LoggingSettings;
  readonly notifications: NotificationSettings;
  readonly ocean: OceanSettings;
  /** `-metrics` (ocean-ts extension): the Prometheus endpoint. */
  readonly metrics: MetricsSettings;
  /** Lines to log at start-up: parameter interactions and ignored settings. */
  readonly warnings: readonly string[];
}

export interface NodeConfigInput {
  /** Command-line arguments without the program name. */
  readonly argv: readonly string[];
  /** Environment (HOME, APPDATA) when `homeDir` is not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory for the default data directory (default: `env.HOME`). */
  readonly homeDir?: string;
  /** Base of a relative `-datadir` (default: the process's working directory). */
  readonly cwd?: string;
  readonly platform?: NodeJS.Platform;
  readonly fs?: ConfigFs;
  /** Shown by `-help` / `-version`. */
  readonly version?: string;
}

/** What the daemon should do: print help, print the version, or run with a configuration. */
export type NodeStartup =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version'; readonly text: string }
  | { readonly kind: 'run'; readonly config: NodeConfig };

/**
 * Load the daemon's configuration the way the original `oceand` starts (bitcoind.cpp `AppInit`,
 * init.cpp `InitParameterInteraction` / `AppInitParameterInteraction`):
 *
 * 1. parse argv, rejecting unknown options (`Argument -<name> not recognised.`);
 * 2. `-?` / `-h` / `-help` / `-help-debug` → help text, `-version` → version (nothing else is read);
 * 3. the data directory: `-datadir` must exist (`Error: Specified data directory "<dir>" does not
 *    exist.`), the default `~/.bitcoin` is created;
 * 4. `ocean.conf` (or `-conf`, relative to the data directory; missing is fine) — unknown keys are
 *    `Error reading configuration file: Config parameter <name> not recognised.`; a `datadir=` line
 *    moves the data directory for everything after it, as in the original;
 * 5. chain selection and chain parameters (terms and mapping files read from the base data
 *    directory), any argument after the options is refused;
 * 6. parameter interactions and every typed setting; `<dataDir>/<chain>/` is created.
 *
 * Throws `ConfigError` with the line to print.
 */
export function loadNodeConfig(input: NodeConfigInput): NodeStartup {
  const fs = input.fs ?? nodeConfigFs;
  const version = input.version ?? '0.1.0';
  const commandLine = parseCommandLine(input.argv);
  const cl = commandLineValues(commandLine);

  if (cl.has('?') || cl.has('h') || cl.has('help') || cl.has('help-debug')) {
    return { kind: 'help', text: helpText({ version, showDebug: cl.has('help-debug') }) };
  }
  if (cl.has('version')) return { kind: 'version', text: versionText(version) };

  const cwd = input.cwd ?? resolve();
  const resolveDataDir = (given: string): string => {
    const dir = resolve(cwd, given);
    if (given === '' || !fs.isDirectory(dir)) throw new ConfigError(`Error: Specified data directory "${given}" does not exist.`, 'datadir');
    return dir;
  };
  let dataDir: string;
  const givenDataDir = cl.get('datadir');
  if (givenDataDir !== undefined) {
    dataDir = resolveDataDir(givenDataDir);
  } else {
    const home = input.homeDir ?? input.env?.HOME ?? input.env?.USERPROFILE;
    if (home === undefined || home === '') throw new ConfigError('Error: cannot find the home directory for the default data directory; use -datadir', 'datadir');
    dataDir = defaultDataDir(home, input.platform, input.env?.APPDATA);
    fs.makeDirectory(dataDir);
  }

  const configFile = pathIn(dataDir, cl.get('conf') ?? CONFIG_FILE_NAME);
  const configBytes = fs.readFile(configFile);
  let configText: string | undefined;
  try {
    configText = decodeUtf8(configBytes, configFile);
  } catch {
    throw new ConfigError(`Error reading configuration file: ${configFile} is not valid UTF-8`, 'conf');
  }
  const values = combineWithConfigFile(commandLine, configText);
  const fileDataDir = values.get('datadir');
  if (givenDataDir === undefined && fileDataDir !== undefined) dataDir = resolveDataDir(fileDataDir);

  const chain = chainStep(() => selectChainName(values));
  const chainFiles = readChainFiles(fs, dataDir, chain, values.getAll('contractchange').length);
  const chainParams = chainStep(() => ChainParams.fromOptionValues(values, chainFiles));

  if (commandLine.firstNonOption !== undefined) {
    throw new ConfigError('Error: There is no RPC client functionality in oceand anymore. Use the ocean-cli utility instead.');
  }

  const r = new OptionReader(values);
  if (r.bool('daemon', false)) {
    throw new ConfigError('Error: -daemon is not supported: run oceand in the foreground under a process supervisor', 'daemon');
  }
  applyNetInteractions(r);
  applyWalletInteractions(r);

  const chainDataDir = join(dataDir, chain);
  const warnings: string[] = [];
  const net = chainParams.network;
  const storage = readStorageSettings(r, net);
  const mempool = readMempoolSettings(r, { name: chain, requireStandard: net.requireStandard, defaultConsistencyChecks: net.defaultConsistencyChecks }, warnings);
  const config: NodeConfig = {
    chain,
    chainParams,
    dataDir,
    chainDataDir,
    configFile,
    configFileFound: configBytes !== undefined,
    optionValues: values,
    chainFiles,
    pidFile: pathIn(chainDataDir, r.string('pid', PID_FILE_NAME)),
    mockTime: r.int('mocktime', 0),
    rpc: readRpcSettings(r, chainDataDir, net.rpcPort, warnings),
    net: readNetSettings(r, net.defaultPort),
    mempool,
    mining: readMiningSettings(r),
    wallet: readWalletSettings(r, chainDataDir, mempool.minRelayTxFeePerKb, storage.prune.mode !== 'off'),
    storage,
    logging: readLoggingSettings(r, chainDataDir),
    notifications: readNotificationSettings(r),
    ocean: readOceanSettings(r, net.mainchainRpcPort),
    metrics: readMetricsSettings(r),
    warnings: [...r.interactions, ...warnings],
  };
  fs.makeDirectory(chainDataDir);
  return { kind: 'run', config };
}

/** Chain selection / parameter errors are printed as `Error: <message>`, like the original. */
function chainStep<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ChainParamsError) throw new ConfigError(`Error: ${e.message}`, e.option);
    throw e;
  }
}
