export { ConfigError } from './config-error.js';
export { ConfReader, goAtoi, commaList, type ConfigEnv } from './conf-reader.js';
export * from './mainstay-config.js';
export { parseDaemonFlags, applyDaemonFlags, checkDaemonStaychain, type DaemonFlags } from './daemon-flags.js';
export { loadMainstayConfig } from './load-config.js';
