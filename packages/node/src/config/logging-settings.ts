import { join } from 'node:path';
import { DebugCategories } from './debug-categories.js';
import type { OptionReader } from './option-reader.js';

/**
 * Logging as 0.14 does it: lines go to `<chain dir>/debug.log`, or — with `-printtoconsole` — to
 * standard output **instead**; Ocean's `-printtoall` writes to both. (debug.log is created in
 * every case; the functional-test harness expects it.)
 */
export interface LoggingSettings {
  readonly debugLogFile: string;
  readonly toFile: boolean;
  readonly toConsole: boolean;
  readonly timestamps: boolean;
  readonly timeMicros: boolean;
  readonly logIps: boolean;
  /** `-shrinkdebugfile` (default: on unless `-debug`). */
  readonly shrinkDebugFile: boolean;
  readonly debug: DebugCategories;
}

export function readLoggingSettings(r: OptionReader, chainDataDir: string): LoggingSettings {
  const debug = DebugCategories.fromValues(r.all('debug'));
  const printToConsole = r.bool('printtoconsole', false);
  const printToAll = r.bool('printtoall', false);
  return {
    debugLogFile: join(chainDataDir, 'debug.log'),
    toFile: printToAll || !printToConsole,
    toConsole: printToAll || printToConsole,
    timestamps: r.bool('logtimestamps', true),
    timeMicros: r.bool('logtimemicros', false),
    logIps: r.bool('logips', false),
    shrinkDebugFile: r.bool('shrinkdebugfile', !debug.enabled),
    debug,
  };
}
