import type {
  BlockHeaderInfo,
  BlockInfo,
  BlockWithTransactions,
  BlockchainInfo,
  ListUnspentOptions,
  MempoolAcceptResult,
  MempoolEntry,
  RawTransactionInfo,
  SmartFeeEstimate,
  TxOutInfo,
  UnspentOutput,
  WalletTransaction,
} from './bitcoin-types.js';

/**
 * The Bitcoin node as Mainstay and its tools see it (the port services depend on): bitcoind's RPC
 * semantics, typed. Failures reported by the node are `RpcCallError`s with the node's own code and
 * message (e.g. -5 "No such mempool or blockchain transaction", -26 "… txn-mempool-conflict");
 * transport problems are the other `RpcClientError`s; a result of the wrong shape is a
 * `BitcoinResultError`. Amounts are integer satoshis, hashes lowercase display hex.
 */
export interface BitcoinClient {
  getBlockchainInfo(): Promise<BlockchainInfo>;
  getBlockCount(): Promise<number>;
  getBlockHash(height: number): Promise<string>;
  getBestBlockHash(): Promise<string>;
  getBlockHeader(hash: string): Promise<BlockHeaderInfo>;
  /** The serialized block (`getblock <hash> 0`). */
  getBlockHex(hash: string): Promise<string>;
  /** `getblock <hash> 1`: header fields and the txids. */
  getBlock(hash: string): Promise<BlockInfo>;
  /** `getblock <hash> 2`: header fields and the decoded transactions. */
  getBlockWithTransactions(hash: string): Promise<BlockWithTransactions>;

  /** `getrawtransaction <txid> false` (needs `txindex=1` for confirmed non-wallet transactions). */
  getRawTransactionHex(txid: string): Promise<string>;
  /** `getrawtransaction <txid> true`. */
  getRawTransaction(txid: string): Promise<RawTransactionInfo>;
  /** `gettxout <txid> <n> <includeMempool>`; undefined when spent or unknown. */
  getTxOut(txid: string, vout: number, includeMempool?: boolean): Promise<TxOutInfo | undefined>;

  /** Wallet: `gettransaction <txid> <includeWatchOnly=true>`. */
  getTransaction(txid: string, includeWatchOnly?: boolean): Promise<WalletTransaction>;
  /** Wallet: `listunspent <minconf=1> <maxconf=9999999> [addresses]` (watch-only outputs included). */
  listUnspent(options?: ListUnspentOptions): Promise<UnspentOutput[]>;
  /** Wallet: `importaddress <address> <label=""> <rescan=true>` (watch-only). */
  importAddress(address: string, label?: string, rescan?: boolean): Promise<void>;
  /** Wallet: `getnewaddress [label]`. */
  getNewAddress(label?: string): Promise<string>;
  /** Wallet: `sendtoaddress <address> <amount>`; returns the txid. */
  sendToAddress(address: string, sats: number): Promise<string>;

  /** `sendrawtransaction <hex>`; returns the txid, or throws the node's rejection. */
  sendRawTransaction(hex: string): Promise<string>;
  /** `testmempoolaccept [hex…]` (bitcoind ≥ 0.17; older nodes answer -32601). */
  testMempoolAccept(hexes: readonly string[]): Promise<MempoolAcceptResult[]>;
  getRawMempool(): Promise<string[]>;
  getMempoolEntry(txid: string): Promise<MempoolEntry>;
  estimateSmartFee(confTarget: number): Promise<SmartFeeEstimate>;

  /** Regtest: mine `n` blocks paying `address`; returns their hashes. */
  generateToAddress(n: number, address: string): Promise<string[]>;
}
