export * from './merkle-hash.js';
export * from './commitment-merkle-tree.js';
export * from './slot-proof.js';
