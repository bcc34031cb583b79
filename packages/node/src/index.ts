export * from './rpc/server/index.js';
export * from './storage/index.js';
export * from './config/index.js';
export * from './mempool/index.js';
export * from './mining/index.js';
export * from './chain/index.js';
export * from './full-node.js';
