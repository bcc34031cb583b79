import { ConfigError } from './config-error.js';

/** The environment used for substitution (the daemon passes `process.env`; tests pass a literal). */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Raw access to a conf.json object the way the original reads it (spec mainstay.md §7):
 * sections are objects of string values, a non-string value counts as absent, and every value
 * read is replaced by the environment variable it names when that variable is set and non-empty.
 */
export class ConfReader {
  private readonly root: JsonObject;

  constructor(
    json: unknown,
    private readonly env: ConfigEnv,
  ) {
    if (!isObject(json)) throw new ConfigError('', 'the top level', 'must be a JSON object of sections');
    this.root = json;
  }

  /** Parse conf.json text. */
  static parse(text: string, env: ConfigEnv): ConfReader {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ConfigError('', 'the file', `is not valid JSON: ${(e as Error).message}`);
    }
    return new ConfReader(json, env);
  }

  /** Environment substitution: the variable named by `value` if set and non-empty, else `value`. */
  substitute(value: string): string {
    const v = this.env[value];
    return v !== undefined && v !== '' ? v : value;
  }

  /** Whether the section exists (an object; anything else counts as absent). */
  hasSection(section: string): boolean {
    return isObject(this.root[section]);
  }

  /** A top-level string value (our `profile`), substituted, or undefined. */
  topLevel(key: string): string | undefined {
    const v = this.root[key];
    return typeof v === 'string' ? this.substitute(v) : undefined;
  }

  /** A section's string value, substituted; undefined when the section or key is absent or not a string. */
  get(section: string, key: string): string | undefined {
    const s = this.root[section];
    if (!isObject(s)) return undefined;
    const v = s[key];
    return typeof v === 'string' ? this.substitute(v) : undefined;
  }

  /** Like `get`, but absent is an error (a missing section is reported as such). */
  require(section: string, key: string): string {
    if (!this.hasSection(section)) throw new ConfigError(section, '', 'is missing');
    const v = this.get(section, key);
    if (v === undefined) throw new ConfigError(section, key, 'is missing (a string value is required)');
    return v;
  }

  /** Like `get`, with '' treated as absent (the Go code tests optional values against ""). */
  optional(section: string, key: string): string | undefined {
    const v = this.get(section, key);
    return v === undefined || v === '' ? undefined : v;
  }

  /** Keys of a section that hold strings (for "unknown key" warnings). */
  keys(section: string): string[] {
    const s = this.root[section];
    return isObject(s) ? Object.keys(s) : [];
  }
}

/**
 * Go's `strconv.Atoi`: optional sign and decimal digits only. Returns undefined for anything else
 * (including values outside the safe-integer range, where Go would report a range error).
 */
export function goAtoi(value: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n + 0 : undefined; // + 0 turns -0 into 0, like Go
}

/** A comma list, each item whitespace-trimmed; '' or absent → []. */
export function commaList(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  return value.split(',').map((s) => s.trim());
}
