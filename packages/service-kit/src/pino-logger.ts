import { pino, type Logger as Pino } from 'pino';
import { formatLogLine, type DebugLogLineOptions } from './debug-log-format.js';
import type { LogFields, Logger, LogLevel } from './logger.js';

/** Where formatted lines go besides the file (the bin passes `process.stdout`). */
export interface LineSink {
  write(line: string): unknown;
}

export interface LoggerOptions {
  /** Append lines to this file (e.g. `<chain dir>/debug.log`); created if missing. */
  readonly file?: string;
  /** Also (or only) write lines here, e.g. stdout for `-printtoconsole`. */
  readonly console?: LineSink;
  /** Lowest level written (default `info`). */
  readonly level?: LogLevel;
  /** `-logtimestamps` (default true). */
  readonly timestamps?: boolean;
  /** `-logtimemicros` (default false). */
  readonly micros?: boolean;
  /**
   * Filter for debug lines by their `category` field (from the call or a child's bindings); lines
   * without a category pass when the filter accepts `undefined`. Default: every debug line passes.
   */
  readonly debugCategory?: (category: string | undefined) => boolean;
  /** Wall clock in microseconds since the epoch (tests inject a fixed one). */
  readonly clock?: () => number;
  /**
   * Write the file synchronously (default true): like the original's unbuffered debug.log, a
   * crash never loses the last lines.
   */
  readonly sync?: boolean;
}

/** A logger the composition root owns: it can flush, reopen (log rotation) and close the file. */
export interface ServiceLogger extends Logger {
  /** Write buffered lines now. */
  flush(): void;
  /** Reopen the file at the same path (after an external rotation; the original does it on SIGHUP). */
  reopen(): void;
  /** Flush and close the file; the logger discards lines afterwards. */
  close(): Promise<void>;
}

const LEVEL_BY_NUMBER = (n: number): LogLevel => (n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : 'debug');

type FileDestination = ReturnType<typeof pino.destination>;

/**
 * The stream pino writes to. pino hands it the call's metadata (level, merged object, message,
 * logger) before each `write`, so the line is formatted from those without parsing pino's JSON.
 */
class DebugLogStream {
  lastLevel = 0;
  lastObj: object = {};
  lastMsg: string | undefined = undefined;
  lastTime = '';
  lastLogger: Pino | undefined = undefined;
  closed = false;

  constructor(
    private readonly file: FileDestination | undefined,
    private readonly console: LineSink | undefined,
    private readonly format: DebugLogLineOptions,
    private readonly clock: () => number,
    private readonly debugCategory: ((category: string | undefined) => boolean) | undefined,
  ) {
    Object.defineProperty(this, pino.symbols.needsMetadataGsym, { value: true });
  }

  write(_json: string): void {
    if (this.closed) return;
    const level = LEVEL_BY_NUMBER(this.lastLevel);
    const bindings = (this.lastLogger?.bindings() ?? {}) as Record<string, unknown>;
    const fields: Record<string, unknown> = { ...bindings, ...(this.lastObj as Record<string, unknown>) };
    if (level === 'debug' && this.debugCategory) {
      const category = typeof fields.category === 'string' ? fields.category : undefined;
      if (!this.debugCategory(category)) return;
    }
    const line = formatLogLine(level, this.lastMsg ?? '', fields, this.clock(), this.format);
    this.file?.write(line);
    this.console?.write(line);
  }
}

class PinoBackedLogger implements ServiceLogger {
  constructor(
    private readonly p: Pino,
    private readonly root: { stream: DebugLogStream; file: FileDestination | undefined },
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.p.debug(fields ?? {}, message);
  }
  info(message: string, fields?: LogFields): void {
    this.p.info(fields ?? {}, message);
  }
  warn(message: string, fields?: LogFields): void {
    this.p.warn(fields ?? {}, message);
  }
  error(message: string, fields?: LogFields): void {
    this.p.error(fields ?? {}, message);
  }
  child(fields: LogFields): ServiceLogger {
    return new PinoBackedLogger(this.p.child(fields), this.root);
  }
  isLevelEnabled(level: LogLevel): boolean {
    return !this.root.stream.closed && this.p.isLevelEnabled(level);
  }

  flush(): void {
    if (this.root.stream.closed) return;
    try {
      this.root.file?.flushSync();
    } catch {
      // nothing buffered yet (the file is still opening)
    }
  }

  reopen(): void {
    if (!this.root.stream.closed) this.root.file?.reopen();
  }

  close(): Promise<void> {
    const { stream, file } = this.root;
    if (stream.closed) return Promise.resolve();
    stream.closed = true;
    if (!file) return Promise.resolve();
    return new Promise((resolve) => {
      file.once('close', () => resolve());
      file.once('error', () => resolve());
      file.end();
    });
  }
}

/**
 * A pino logger that writes Bitcoin Core style `debug.log` lines (`2017-02-01 12:34:56 message
 * key=value`) to a file and/or a console sink.
 */
export function createLogger(options: LoggerOptions = {}): ServiceLogger {
  const sync = options.sync ?? true;
  const file = options.file === undefined ? undefined : pino.destination({ dest: options.file, sync, append: true, mkdir: true });
  // A failing log file must not take the process down (there is nowhere left to report it).
  file?.on('error', () => {});
  const stream = new DebugLogStream(
    file,
    options.console,
    { timestamps: options.timestamps ?? true, micros: options.micros ?? false },
    options.clock ?? (() => Math.floor((performance.timeOrigin + performance.now()) * 1000)),
    options.debugCategory,
  );
  const p = pino({ level: options.level ?? 'info', base: null, timestamp: false }, stream);
  return new PinoBackedLogger(p, { stream, file });
}
