import { appendFileSync } from 'node:fs';
import { createLogger, shrinkLogFile, type LineSink, type ServiceLogger } from '@ocean-ts/service-kit';
import type { LoggingSettings } from './logging-settings.js';

/**
 * The daemon's logger from its logging settings: shrinks debug.log first when
 * `-shrinkdebugfile` says so, always creates it (the original opens it even with
 * `-printtoconsole`, and the test harness expects it), and writes to it and/or `console`.
 */
export function createNodeLogger(logging: LoggingSettings, console?: LineSink): ServiceLogger {
  if (logging.shrinkDebugFile) shrinkLogFile(logging.debugLogFile);
  if (!logging.toFile) appendFileSync(logging.debugLogFile, '');
  return createLogger({
    ...(logging.toFile ? { file: logging.debugLogFile } : {}),
    ...(logging.toConsole && console ? { console } : {}),
    level: logging.debug.enabled ? 'debug' : 'info',
    timestamps: logging.timestamps,
    micros: logging.timeMicros,
    debugCategory: (category) => logging.debug.accepts(category),
  });
}
