export * from './storage-error.js';
export * from './key-codec.js';
export * from './write-batch.js';
export * from './kv-store.js';
export * from './memory-kv-store.js';
export * from './lmdb-kv-store.js';
export * from './layout.js';
