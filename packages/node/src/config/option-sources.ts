import { ChainParamsError, OptionValues } from '@ocean-ts/core';
import { ConfigError } from './config-error.js';
import { isKnownOption } from '@ocean-ts/core';

/** The command line split the way the original's parser sees it. */
export interface CommandLine {
  /** Option elements (`-name[=value]`), in order, up to the first element not starting with `-`. */
  readonly options: readonly string[];
  /** The first element that does not start with `-` (the original refuses to start with one). */
  readonly firstNonOption: string | undefined;
}

/**
 * Split argv (program name excluded) and check every option name against the known list (after
 * `--name` → `-name` and `-noname` → `name`), like Ocean's `ParseParameters`: an unknown one is
 * `Argument -<name> not recognised.` Parsing stops at the first element without a leading `-`.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const options: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith('-')) return { options, firstNonOption: arg };
    const name = optionName(arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg);
    if (!isKnownOption(name)) throw new ConfigError(`Argument -${name} not recognised.`, name);
    options.push(arg);
  }
  return { options, firstNonOption: undefined };
}

/** Option values from the command line alone (to find `-datadir`, `-conf` and `-help`). */
export function commandLineValues(commandLine: CommandLine): OptionValues {
  return OptionValues.fromSources(commandLine.options);
}

/**
 * Command line plus config-file text with the original's precedence (the command line wins for
 * single values, multi-valued options collect both) after checking every config key against the
 * known list: `Error reading configuration file: Config parameter <name> not recognised.`
 */
export function combineWithConfigFile(commandLine: CommandLine, configText: string | undefined): OptionValues {
  const lines = configText === undefined ? [] : configText.replace(/^\uFEFF/, '').split(/\r?\n/);
  let values: OptionValues;
  try {
    values = OptionValues.fromSources(commandLine.options, lines);
  } catch (e) {
    if (e instanceof ChainParamsError) throw new ConfigError(e.message);
    throw e;
  }
  const fileOnly = OptionValues.fromSources([], lines);
  for (const name of fileOnly.names()) {
    if (!isKnownOption(name)) {
      throw new ConfigError(`Error reading configuration file: Config parameter ${name} not recognised.`, name);
    }
  }
  return values;
}

/** The name the known-option check sees: without `-`/`--`, `-nofoo` → `foo`. */
function optionName(key: string): string {
  const name = key.startsWith('--') ? key.slice(2) : key.slice(1);
  return name.length > 2 && name.startsWith('no') ? name.slice(2) : name;
}
