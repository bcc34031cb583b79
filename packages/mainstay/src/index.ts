// @ocean-ts/mainstay: attestation service, commitment Merkle tree, REST API, signers and client tools.
export * from './store/documents.js';
export * from './store/mainstay-store.js';
export * from './crypto/index.js';
export * from './merkle/index.js';
export * from './signer/zmq-framing.js';
export * from './signer/signature-collector.js';
export * from './signer/signer-topics.js';
export * from './service/fee-policy.js';
export * from './service/fee-source.js';
export * from './clients/commitment-signature.js';
export * from './clients/commitment-envelope.js';
