// @ocean-ts/service-kit: generic daemon plumbing shared by oceand and the services.
export * from './logger.js';
export * from './recording-logger.js';
export * from './debug-log-format.js';
export * from './pino-logger.js';
export * from './log-file.js';
export * from './lifecycle.js';
export * from './process-signals.js';
export * from './atomic-file.js';
export * from './pid-file.js';
export * from './datadir-lock.js';
export * from './metrics/index.js';
