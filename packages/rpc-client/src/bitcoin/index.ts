// Bitcoin node access for Mainstay and its tools: bitcoind's RPC, typed; a bcoin adapter for tests.
export type { BitcoinClient } from './bitcoin-client.js';
export { BitcoinRpcClient, type BitcoinRpcClientOptions } from './bitcoin-rpc-client.js';
export { BitcoinResultError } from './bitcoin-result-error.js';
export { parseBitcoinRpcUrl, readCookieFile, walletPath, type BitcoinEndpoint } from './bitcoin-endpoint.js';
export { btcJson, satsFromBtcText, satsFromBtcValue } from './btc-amount.js';
export * from './bitcoin-decoders.js';
export type * from './bitcoin-types.js';
export { JsonView } from './json-view.js';
export { BcoinQuirks, type BcoinEndpoints, type BcoinQuirksOptions } from './bcoin-quirks.js';
export { BcoinAddressMap } from './bcoin-addresses.js';
export { BcoinHttpApi, type BcoinApiReply } from './bcoin-http-api.js';
export { bech32Hrp, bech32WithHrp } from './bech32-hrp.js';
