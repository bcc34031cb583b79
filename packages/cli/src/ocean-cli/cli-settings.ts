import { isAbsolute, join, resolve } from 'node:path';
import { ChainParamsError, OptionValues, atoi64, chainParamsClass, interpretBool, selectChainName } from '@ocean-ts/core';
import { COOKIE_FILE_NAME } from '@ocean-ts/rpc-client';
import { CliStartupError } from './cli-error.js';
import type { OceanCliIo } from './cli-io.js';
import { isKnownOption } from '@ocean-ts/core';

/** Name of the configuration file in the base data directory (`-conf` default). */
export const CONFIG_FILE_NAME = 'ocean.conf';
export const DEFAULT_RPCCONNECT = '127.0.0.1';
/** bitcoin-cli's `DEFAULT_HTTP_CLIENT_TIMEOUT`, seconds. */
export const DEFAULT_CLIENT_TIMEOUT_SECONDS = 900;

/** The command line split like bitcoin-cli does it. */
export interface CliArgs {
  /** The leading `-name[=value]` switches. */
  readonly switches: readonly string[];
  /** Their values (unknown names already refused). */
  readonly values: OptionValues;
  /** Everything after the switches: the method and its arguments. */
  readonly rest: readonly string[];
}

/** Everything the RPC call needs, after the data directory, `ocean.conf` and the chain are known. */
export interface CliSettings {
  /** Command line and config file merged (command line wins). */
  readonly values: OptionValues;
  readonly dataDir: string;
  readonly configPath: string;
  readonly chain: string;
  readonly host: string;
  /** `-rpcport` (as a 16-bit port, like libevent's `ev_uint16_t`), else the chain's RPC port. */
  readonly port: number;
  /** Inactivity timeout in milliseconds, 0 = none. */
  readonly timeoutMs: number;
  readonly wait: boolean;
  readonly named: boolean;
  readonly stdin: boolean;
  readonly user: string;
  readonly password: string;
  /** Where the cookie is read when `password` is empty. */
  readonly cookiePath: string;
}

/**
 * Split `args` into leading switches and the rest (`ParseParameters` stops at the first element
 * not starting with `-`; `CommandLineRPC` skips the same elements). Unknown option names are
 * refused: `Argument -<name> not recognised.`
 */
export function parseCliArgs(args: readonly string[]): CliArgs {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i++;
  const switches = args.slice(0, i);
  const values = OptionValues.fromSources(switches);
  for (const name of values.names()) {
    if (!isKnownOption(name)) throw new CliStartupError(`Argument -${name} not recognised.`);
  }
  return { switches, values, rest: args.slice(i) };
}

/**
 * `AppInitRPC` after the help check: the data directory must exist, `ocean.conf` is read (a
 * missing file is fine; unknown keys are refused), then the chain is selected
 * (`-regtest`/`-chain`, default `ocean_test`) which gives the default RPC port (7041 custom, 8332
 * `ocean_main`, 8443 `gold_main`) and the cookie location `<datadir>/<chain>/.cookie`.
 */
export function resolveSettings(args: CliArgs, io: OceanCliIo): CliSettings {
  const cmd = args.values;
  let dataDir: string;
  const given = cmd.get('datadir');
  if (given !== undefined) {
    if (given === '' || !io.isDirectory(resolve(given))) {
      throw new CliStartupError(`Specified data directory "${given}" does not exist.`);
    }
    dataDir = resolve(given);
  } else {
    dataDir = join(io.homeDir() ?? '/', '.bitcoin');
  }

  const conf = cmd.get('conf') ?? CONFIG_FILE_NAME;
  const configPath = isAbsolute(conf) ? conf : join(dataDir, conf);
  const text = io.readFile(configPath);
  const lines = text === undefined ? [] : text.split('\n');
  let values: OptionValues;
  try {
    for (const name of OptionValues.fromSources([], lines).names()) {
      if (!isKnownOption(name)) {
        throw new CliStartupError(`Config parameter ${name} not recognised.`, 'Error reading configuration file: ');
      }
    }
    values = OptionValues.fromSources(args.switches, lines);
  } catch (e) {
    // OptionValues' own message already starts with "Error reading configuration file: ".
    if (e instanceof ChainParamsError) throw new CliStartupError(e.message, '');
    throw e;
  }
  // A datadir= line in the config file moves the chain directory (the original clears its
  // data-directory cache after reading the file); the command line still wins.
  const confDataDir = given === undefined ? values.get('datadir') : undefined;
  if (confDataDir !== undefined && confDataDir !== '') dataDir = resolve(confDataDir);

  let chain: string;
  try {
    chain = selectChainName(values);
  } catch (e) {
    if (e instanceof ChainParamsError) throw new CliStartupError(e.message);
    throw e;
  }
  const cls = chainParamsClass(chain);
  const rpcport = values.get('rpcport');
  const chainPort = cls === 'main' ? 8332 : cls === 'gold' ? 8443 : 7041;
  const port = rpcport !== undefined ? Number(BigInt.asUintN(16, atoi64(rpcport))) : chainPort;
  const timeoutText = values.get('rpcclienttimeout');
  const timeoutSeconds = timeoutText !== undefined ? atoi64(timeoutText) : BigInt(DEFAULT_CLIENT_TIMEOUT_SECONDS);
  const cookieFile = values.get('rpccookiefile') ?? COOKIE_FILE_NAME;

  return {
    values,
    dataDir,
    configPath,
    chain,
    host: values.get('rpcconnect') ?? DEFAULT_RPCCONNECT,
    port,
    timeoutMs: timeoutSeconds > 0n ? Number(timeoutSeconds > 2_000_000n ? 2_000_000n : timeoutSeconds) * 1000 : 0,
    wait: flag(values, 'rpcwait'),
    named: flag(values, 'named'),
    stdin: flag(values, 'stdin'),
    user: values.get('rpcuser') ?? '',
    password: values.get('rpcpassword') ?? '',
    cookiePath: isAbsolute(cookieFile) ? cookieFile : join(dataDir, chain, cookieFile),
  };
}

/** `GetBoolArg(name, false)`. */
function flag(values: OptionValues, name: string): boolean {
  const v = values.get(name);
  return v !== undefined && interpretBool(v);
}
