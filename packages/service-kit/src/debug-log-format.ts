import type { LogFields, LogLevel } from './logger.js';

export interface DebugLogLineOptions {
  /** Prefix lines with the UTC time (`-logtimestamps`, default on). */
  readonly timestamps: boolean;
  /** Add microseconds to the time (`-logtimemicros`, default off). */
  readonly micros: boolean;
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) as in Bitcoin Core's debug.log, optionally with `.ffffff`. */
export function formatLogTimestamp(epochMicros: number, micros = false): string {
  const whole = Math.floor(epochMicros / 1_000_000);
  const text = new Date(whole * 1000).toISOString(); // 2017-02-01T12:34:56.000Z
  const base = `${text.slice(0, 10)} ${text.slice(11, 19)}`;
  if (!micros) return base;
  const frac = Math.floor(epochMicros - whole * 1_000_000);
  return `${base}.${String(frac).padStart(6, '0')}`;
}

/** Warnings and errors carry Bitcoin Core's own prefixes; other lines are the bare message. */
const LEVEL_PREFIX: Readonly<Record<LogLevel, string>> = { debug: '', info: '', warn: 'WARNING: ', error: 'ERROR: ' };

/**
 * One debug.log line: `<time> <message> key=value …\n`. Fields whose value is `undefined` are
 * left out; plain tokens are written as they are, anything with blanks, quotes or `=` as JSON.
 */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: LogFields,
  epochMicros: number,
  options: DebugLogLineOptions,
): string {
  let line = options.timestamps ? `${formatLogTimestamp(epochMicros, options.micros)} ` : '';
  line += LEVEL_PREFIX[level] + message.replace(/\n+$/, '');
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    line += ` ${key}=${formatFieldValue(value)}`;
  }
  return line + '\n';
}

export function formatFieldValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  else if (value === null) return 'null';
  else if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  else if (value instanceof Error) text = value.message;
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)) ?? String(value);
    } catch {
      text = String(value);
    }
    return /[\s]/.test(text) ? JSON.stringify(text) : text;
  }
  return text !== '' && /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}
