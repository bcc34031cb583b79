export * from './send-error.js';
export * from './send-types.js';
export * from './wallet-fee-settings.js';
export * from './reissuance-tokens.js';
export * from './wallet-tx-builder.js';
export * from './wallet-sender.js';
