import type { JsonValue } from '@ocean-ts/core';
import { JsonRpcClient, type CallParams } from '../json-rpc-client.js';
import type { RpcCredentials } from '../rpc-cookie.js';
import type { RpcTransport } from '../rpc-transport.js';
import type { BitcoinClient } from './bitcoin-client.js';
import {
  decodeBlock,
  decodeBlockHeader,
  decodeBlockWithTransactions,
  decodeBlockchainInfo,
  decodeHashList,
  decodeMempoolAccept,
  decodeMempoolEntry,
  decodeRawTransaction,
  decodeSmartFee,
  decodeTxOut,
  decodeUnspentList,
  decodeWalletTransaction,
} from './bitcoin-decoders.js';
import { parseBitcoinRpcUrl, readCookieFile, walletPath } from './bitcoin-endpoint.js';
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
import { btcJson } from './btc-amount.js';
import { JsonView } from './json-view.js';

export interface BitcoinRpcClientOptions {
  /** `http://[user:pass@]host:port[/wallet/<name>]` or `host:port`. */
  readonly url: string;
  /** Overrides credentials in the URL. */
  readonly credentials?: RpcCredentials;
  /** A bitcoind `.cookie` file, read now (used when neither `credentials` nor URL credentials are given). */
  readonly cookieFile?: string;
  /** Wallet name: wallet calls then go to `/wallet/<name>` (unless the URL already names one). */
  readonly wallet?: string;
  /** Inactivity timeout per call (default 900 s, bitcoin-cli's). */
  readonly timeoutMs?: number;
  /** Replaces HTTP (tests); host/port are then unused. */
  readonly transport?: RpcTransport;
}

/** Default `listunspent` maxconf (bitcoind's). */
const MAX_CONF = 9_999_999;

/**
 * `BitcoinClient` over JSON-RPC to bitcoind (`JsonRpcClient`: exact number tokens, Basic auth).
 * Node calls go to `node`, wallet calls to `wallet` (the same endpoint unless a wallet is named);
 * both are public for calls this class does not type.
 */
export class BitcoinRpcClient implements BitcoinClient {
  constructor(
    readonly node: JsonRpcClient,
    readonly wallet: JsonRpcClient = node,
  ) {}

  static fromUrl(options: BitcoinRpcClientOptions): BitcoinRpcClient {
    const ep = parseBitcoinRpcUrl(options.url);
    const credentials =
      options.credentials ??
      ep.credentials ??
      (options.cookieFile !== undefined ? readCookieFile(options.cookieFile) : undefined);
    if (credentials === undefined) throw new Error('Bitcoin RPC: no credentials (user/password or cookie file)');
    const make = (path: string) =>
      new JsonRpcClient({
        host: ep.host,
        port: ep.port,
        path,
        credentials,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.transport !== undefined ? { transport: options.transport } : {}),
      });
    const node = make(ep.path);
    const wallet = options.wallet !== undefined && ep.path === '/' ? make(walletPath(options.wallet)) : node;
    return new BitcoinRpcClient(node, wallet);
  }

  async getBlockchainInfo(): Promise<BlockchainInfo> {
    return decodeBlockchainInfo(await this.node.call('getblockchaininfo'));
  }

  async getBlockCount(): Promise<number> {
    return new JsonView(await this.node.call('getblockcount'), 'getblockcount').int();
  }

  async getBlockHash(height: number): Promise<string> {
    return new JsonView(await this.node.call('getblockhash', [height]), 'getblockhash').hash();
  }

  async getBestBlockHash(): Promise<string> {
    return new JsonView(await this.node.call('getbestblockhash'), 'getbestblockhash').hash();
  }

  async getBlockHeader(hash: string): Promise<BlockHeaderInfo> {
    return decodeBlockHeader(await this.node.call('getblockheader', [hash, true]));
  }

  async getBlockHex(hash: string): Promise<string> {
    return new JsonView(await this.callBlock(hash, 0), 'getblock').hex();
  }

  async getBlock(hash: string): Promise<BlockInfo> {
    return decodeBlock(await this.callBlock(hash, 1));
  }

  async getBlockWithTransactions(hash: string): Promise<BlockWithTransactions> {
    return decodeBlockWithTransactions(await this.callBlock(hash, 2));
  }

  /** `getblock` with bitcoind ≥ 0.15's integer verbosity (a decorator may translate it). */
  protected callBlock(hash: string, verbosity: 0 | 1 | 2): Promise<JsonValue> {
    return this.node.call('getblock', [hash, verbosity]);
  }

  async getRawTransactionHex(txid: string): Promise<string> {
    return new JsonView(await this.node.call('getrawtransaction', [txid, false]), 'getrawtransaction').hex();
  }

  async getRawTransaction(txid: string): Promise<RawTransactionInfo> {
    return decodeRawTransaction(await this.node.call('getrawtransaction', [txid, true]));
  }

  async getTxOut(txid: string, vout: number, includeMempool = true): Promise<TxOutInfo | undefined> {
    return decodeTxOut(await this.node.call('gettxout', [txid, vout, includeMempool]));
  }

  async getTransaction(txid: string, includeWatchOnly = true): Promise<WalletTransaction> {
    return decodeWalletTransaction(await this.wallet.call('gettransaction', [txid, includeWatchOnly]));
  }

  async listUnspent(options: ListUnspentOptions = {}): Promise<UnspentOutput[]> {
    const params: CallParams = [options.minconf ?? 1, options.maxconf ?? MAX_CONF];
    const all = options.addresses === undefined ? params : [...params, [...options.addresses]];
    return decodeUnspentList(await this.wallet.call('listunspent', all));
  }

  async importAddress(address: string, label = '', rescan = true): Promise<void> {
    await this.wallet.call('importaddress', [address, label, rescan]);
  }

  async getNewAddress(label?: string): Promise<string> {
    return new JsonView(await this.wallet.call('getnewaddress', label === undefined ? [] : [label]), 'getnewaddress').str();
  }

  async sendToAddress(address: string, sats: number): Promise<string> {
    return new JsonView(await this.wallet.call('sendtoaddress', [address, btcJson(sats)]), 'sendtoaddress').hash();
  }

  async sendRawTransaction(hex: string): Promise<string> {
    return new JsonView(await this.node.call('sendrawtransaction', [hex]), 'sendrawtransaction').hash();
  }

  async testMempoolAccept(hexes: readonly string[]): Promise<MempoolAcceptResult[]> {
    return decodeMempoolAccept(await this.node.call('testmempoolaccept', [[...hexes]]));
  }

  async getRawMempool(): Promise<string[]> {
    return decodeHashList(await this.node.call('getrawmempool', [false]), 'getrawmempool');
  }

  async getMempoolEntry(txid: string): Promise<MempoolEntry> {
    return decodeMempoolEntry(await this.node.call('getmempoolentry', [txid]));
  }

  async estimateSmartFee(confTarget: number): Promise<SmartFeeEstimate> {
    return decodeSmartFee(await this.node.call('estimatesmartfee', [confTarget]));
  }

  async generateToAddress(n: number, address: string): Promise<string[]> {
    return decodeHashList(await this.node.call('generatetoaddress', [n, address]), 'generatetoaddress');
  }
}
