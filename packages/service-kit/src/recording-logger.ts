import type { LogFields, Logger, LogLevel } from './logger.js';

export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  /** Child bindings merged with the call's fields (the call's fields win). */
  readonly fields: LogFields;
}

/** Keeps every line in memory, for tests that assert on what was logged. */
export class RecordingLogger implements Logger {
  constructor(
    /** Shared with children, so a parent sees its children's lines. */
    readonly records: LogRecord[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.push('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.push('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.push('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.push('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...fields });
  }
  isLevelEnabled(): boolean {
    return true;
  }

  /** Messages logged at `level` (all levels when omitted). */
  messages(level?: LogLevel): string[] {
    return this.records.filter((r) => level === undefined || r.level === level).map((r) => r.message);
  }

  private push(level: LogLevel, message: string, fields: LogFields | undefined): void {
    this.records.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
}
