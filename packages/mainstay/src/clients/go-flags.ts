/** Thrown for an unknown flag or a flag without its value (the tool prints it and the usage). */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export interface FlagSpec {
  /** Flags that take a value (`-name value` or `-name=value`). */
  readonly values: readonly string[];
  /** Boolean flags (`-name`, `-name=true|false`). */
  readonly booleans?: readonly string[];
}

export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
  /** Arguments after the flags (Go stops at the first non-flag or `--`). */
  readonly rest: readonly string[];
}

/**
 * Command-line flags the way Go's `flag` package reads them: one or two dashes, `-f value` or
 * `-f=value`, parsing stops at the first non-flag argument or after `--`.
 */
export function parseGoFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (spec.booleans?.includes(name)) {
      const v = eq < 0 ? 'true' : body.slice(eq + 1);
      if (v !== 'true' && v !== 'false' && v !== '1' && v !== '0') throw new FlagError(`invalid boolean value "${v}" for flag -${name}`);
      if (v === 'true' || v === '1') booleans.add(name);
      else booleans.delete(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new FlagError(`flag provided but not defined: -${name}`);
    if (eq >= 0) {
      values.set(name, body.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) throw new FlagError(`flag needs an argument: -${name}`);
    values.set(name, next);
    i++;
  }
  return { values, booleans, rest: argv.slice(i) };
}

/**
 * A tool's flags as Go's `flag` package handles them for a command: a bad flag prints the error
 * and the usage (exit code 2), `-h`/`-help` prints the usage (exit code 0). Returns the flags, or
 * the exit code the tool should return.
 */
export function parseToolFlags(argv: readonly string[], spec: FlagSpec, usage: string, err: (text: string) => void): ParsedFlags | number {
  let flags: ParsedFlags;
  try {
    flags = parseGoFlags(argv, { values: spec.values, booleans: [...(spec.booleans ?? []), 'h', 'help'] });
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    err(`${e.message}\n${usage}`);
    return 2;
  }
  if (flags.booleans.has('h') || flags.booleans.has('help')) {
    err(usage);
    return 0;
  }
  return flags;
}
