export * from './thread-count.js';
export * from './script-verifier.js';
export * from './script-verifier-pool.js';
export * from './script-check-codec.js';
export * from './worker-entry.js';
