import { atoi64, type OptionValues } from '@ocean-ts/core';
import { ConfigError } from './config-error.js';
import { parseMoney } from './money.js';

const LEADING_INTEGER = /^[ \t\n\v\f\r]*[+-]?\d/;

/**
 * Typed access to option values with the original's semantics (`GetArg` / `GetBoolArg` /
 * `ParseMoney`), plus `SoftSetArg` for the parameter interactions. A value is read by its leading
 * integer, so `-txindex=1 -initialfreecoins=5` (one argv element) means `-txindex=1`, and an empty
 * value is 0 (true for booleans). Unlike the original, a non-empty value with no leading integer
 * (`-txindex=true`, `-keypool=abc`) is a `ConfigError` instead of a silent 0.
 */
export class OptionReader {
  private readonly soft = new Map<string, string>();
  /** The original's "parameter interaction" log lines for the soft-set values. */
  readonly interactions: string[] = [];

  constructor(readonly values: OptionValues) {}

  /** `IsArgSet`: given on the command line or in the config file, or soft-set. */
  isSet(name: string): boolean {
    return this.values.has(name) || this.soft.has(name);
  }

  raw(name: string): string | undefined {
    return this.values.get(name) ?? this.soft.get(name);
  }

  /** Every occurrence (command line first, then config file). */
  all(name: string): readonly string[] {
    return this.values.getAll(name);
  }

  /** `SoftSetBoolArg`: give `name` a value unless the user set it; returns whether it did. */
  softSetBool(name: string, value: boolean, because: string): boolean {
    if (this.isSet(name)) return false;
    this.soft.set(name, value ? '1' : '0');
    this.interactions.push(`parameter interaction: ${because} -> setting -${name}=${value ? 1 : 0}`);
    return true;
  }

  string(name: string, dflt: string): string {
    return this.raw(name) ?? dflt;
  }

  /** The value, or undefined when not given (an empty value counts as given). */
  optString(name: string): string | undefined {
    return this.raw(name);
  }

  /** `GetBoolArg`: empty = true, else the leading integer ≠ 0. */
  bool(name: string, dflt: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    if (v === '') return true;
    return this.leadingInteger(name, v, 'expected 0 or 1') !== 0n;
  }

  /** `GetArg` as an integer (atoi64), checked against `[min, max]`. */
  int(name: string, dflt: number, min = 0, max = 0x7fffffff): number {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = v === '' ? 0n : this.leadingInteger(name, v, 'not a number');
    if (n < BigInt(min) || n > BigInt(max)) {
      throw new ConfigError(`Error: Invalid -${name}=${v}: must be between ${min} and ${max}`, name);
    }
    return Number(n);
  }

  /** A TCP port (1–65535). */
  port(name: string, dflt: number): number {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = v === '' ? 0n : this.leadingInteger(name, v, 'not a port number');
    if (n < 1n || n > 65535n) throw new ConfigError(`Error: Invalid port in -${name}=${v}: must be between 1 and 65535`, name);
    return Number(n);
  }

  /** `ParseMoney` of the value, in satoshis; the original's message when it is not an amount. */
  money(name: string, dflt: bigint, options: { allowZero?: boolean } = {}): bigint {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = parseMoney(v);
    if (n === undefined || (options.allowZero === false && n === 0n)) {
      throw new ConfigError(`Error: Invalid amount for -${name}=<amount>: '${v}'`, name);
    }
    return n;
  }

  private leadingInteger(name: string, v: string, what: string): bigint {
    if (!LEADING_INTEGER.test(v)) throw new ConfigError(`Error: Invalid -${name}=${v}: ${what}`, name);
    return atoi64(v);
  }
}
