import { ChainParamsError } from './errors.js';

/** Anything `OptionValues.from` accepts: option name (no leading dash) → values in order. */
export type OptionValuesInput =
  | OptionValues
  | ReadonlyMap<string, readonly string[] | string>
  | Readonly<Record<string, readonly string[] | string | undefined>>;

/**
 * Option values as the original holds them after argument parsing (Bitcoin 0.14 `util.cpp`):
 * `mapArgs` (one value per name) and `mapMultiArgs` (every occurrence). Names are kept without the
 * leading dash (`chain`, `initialfreecoins`, …).
 *
 * - Command line: `-name[=value]` or `--name[=value]`; everything after the first `=` is the
 *   value; parsing stops at the first element not starting with `-`; `-noname[=v]` means
 *   `-name=0` (or `1` when `v` is false); the last occurrence is the single value.
 * - Config file: `name=value` lines (`#` comments, surrounding blanks trimmed); a config value is
 *   used as the single value only when the command line did not set the name; multi-valued options
 *   collect the command-line occurrences first, then the config-file ones.
 *
 * This class only parses text; reading files and checking option names against the daemon's known
 * list belong to the caller.
 */
export class OptionValues {
  private constructor(
    private readonly single: ReadonlyMap<string, string>,
    private readonly multi: ReadonlyMap<string, readonly string[]>,
  ) {}

  static readonly EMPTY = new OptionValues(new Map(), new Map());

  /**
   * From the command-line arguments (program name excluded) and the config file's lines, with the
   * original's precedence rules.
   */
  static fromSources(commandLine: readonly string[], configLines: readonly string[] = []): OptionValues {
    const single = new Map<string, string>();
    const multi = new Map<string, string[]>();
    const push = (k: string, v: string) => {
      const list = multi.get(k);
      if (list) list.push(v);
      else multi.set(k, [v]);
    };
    for (const arg of commandLine) {
      const eq = arg.indexOf('=');
      let key = eq >= 0 ? arg.slice(0, eq) : arg;
      let value = eq >= 0 ? arg.slice(eq + 1) : '';
      if (!key.startsWith('-')) break;
      if (key.startsWith('--')) key = key.slice(1);
      [key, value] = interpretNegative(key.slice(1), value);
      single.set(key, value);
      push(key, value);
    }
    let section = '';
    configLines.forEach((raw) => {
      const hash = raw.indexOf('#');
      const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
      if (line === '') return;
      if (line.startsWith('[') && line.endsWith(']')) {
        section = line.slice(1, -1).trim() + '.';
        return;
      }
      const eq = line.indexOf('=');
      // boost::program_options' config_file_iterator: invalid_config_file_syntax (unrecognized_line)
      if (eq < 0) throw new ChainParamsError(`Error reading configuration file: the options configuration file contains an invalid line '${line}'`);
      const [key, value] = interpretNegative(section + line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      if (!single.has(key)) single.set(key, value);
      push(key, value);
    });
    return new OptionValues(single, multi);
  }

  /**
   * From a plain map / record: each name's values in order; the single value is the last one. A
   * plain string stands for a one-element list; `undefined` entries are skipped.
   */
  static from(input: OptionValuesInput): OptionValues {
    if (input instanceof OptionValues) return input;
    const single = new Map<string, string>();
    const multi = new Map<string, readonly string[]>();
    const entries: [string, readonly string[] | string | undefined][] =
      input instanceof Map ? [...input.entries()] : Object.entries(input as Record<string, readonly string[] | string | undefined>);
    for (const [rawKey, v] of entries) {
      if (v === undefined) continue;
      const key = rawKey.startsWith('-') ? rawKey.replace(/^--?/, '') : rawKey;
      const list = typeof v === 'string' ? [v] : [...v];
      if (list.length === 0) continue;
      single.set(key, list[list.length - 1]!);
      multi.set(key, list);
    }
    return new OptionValues(single, multi);
  }

  has(name: string): boolean {
    return this.single.has(name);
  }

  /** `GetArg`'s view: the single value, or undefined when the option was not given. */
  get(name: string): string | undefined {
    return this.single.get(name);
  }

  /** `mapMultiArgs[name]`: every occurrence (empty when not given). */
  getAll(name: string): readonly string[] {
    return this.multi.get(name) ?? [];
  }

  /** Names of all options that were given. */
  names(): string[] {
    return [...this.single.keys()];
  }
}

/** `InterpretNegativeSetting`: `-nofoo[=v]` → `-foo=(v is true ? 0 : 1)`. */
function interpretNegative(key: string, value: string): [string, string] {
  if (key.length > 2 && key.startsWith('no')) return [key.slice(2), interpretBoolText(value) ? '0' : '1'];
  return [key, value];
}

function interpretBoolText(v: string): boolean {
  if (v === '') return true;
  const m = /^\s*[+-]?\d+/.exec(v);
  return m !== null && BigInt(m[0].trim()) !== 0n;
}
