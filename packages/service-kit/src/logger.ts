/** Structured context attached to a log line (`key=value` pairs in the debug.log format). */
export type LogFields = Readonly<Record<string, unknown>>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Numeric severities, ascending (pino's numbers). */
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * What libraries log through. They never print: the daemon's composition root decides where lines
 * go (see `createLogger`). A `category` field marks a debug line with an `-debug=<category>` name.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
  /** Whether a line of this level would be written (skip building expensive messages). */
  isLevelEnabled(level: LogLevel): boolean;
}

class NullLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
  child(): Logger {
    return this;
  }
  isLevelEnabled(): boolean {
    return false;
  }
}

/** Discards everything (tests, tools that want silence). */
export const nullLogger: Logger = new NullLogger();
