import { setTimeout as sleep } from 'node:timers/promises';
import { JsonRpcClient } from '../json-rpc-client.js';
import { toJsonValue, type JsonInput } from '../json-params.js';
import { RpcCallError } from '../rpc-call-error.js';
import { RpcClientError } from '../rpc-client-error.js';
import { BcoinAddressMap } from './bcoin-addresses.js';
import { BcoinHttpApi } from './bcoin-http-api.js';
import type { BitcoinClient } from './bitcoin-client.js';
import {
  decodeBlock,
  decodeBlockWithTransactions,
  decodeTransaction,
  decodeUnspentList,
} from './bitcoin-decoders.js';
import { BitcoinRpcClient } from './bitcoin-rpc-client.js';
import type {
  BlockHeaderInfo,
  BlockInfo,
  BlockWithTransactions,
  BlockchainInfo,
  DecodedTransaction,
  ListUnspentOptions,
  MempoolAcceptResult,
  MempoolEntry,
  RawTransactionInfo,
  ScriptPubKeyInfo,
  SmartFeeEstimate,
  TxOutInfo,
  UnspentOutput,
  WalletTransaction,
  WalletTxDetail,
} from './bitcoin-types.js';
import { btcJson } from './btc-amount.js';
import { JsonView } from './json-view.js';

/** Where a bcoin node listens: its HTTP/RPC server and the wallet plugin's separate one. */
export interface BcoinEndpoints {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** `--http-port`: node RPC at `/` and the node REST API. */
  readonly nodePort: number;
  /** `--wallet-http-port`: wallet RPC at `/` and the wallet REST API. */
  readonly walletPort: number;
  /** `--api-key` (the Basic-auth password of both servers). */
  readonly apiKey: string;
}

export interface BcoinQuirksOptions {
  /**
   * Wallet for `importaddress`, `listunspent`, `gettransaction` (bitcoind's one wallet with
   * watch-only imports). bcoin imports addresses only into watch-only wallets, so this one is
   * created watch-only on first use. Default `mainstay`.
   */
  readonly watchWallet?: string;
  /** Wallet for `getnewaddress` and `sendtoaddress` (a key-holding wallet). Default `primary`. */
  readonly spendWallet?: string;
  /** Callers use Bitcoin Core's regtest address encoding (translated to bcoin's). Default true. */
  readonly regtest?: boolean;
}

/** A P2PKH address (hash160 of nothing anyone has: 20 zero bytes) imported by `syncWallet`. */
const SYNC_ADDRESS = 'mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8';

/** How long `sendtoaddress` waits for bcoin's wallet to reach the mempool (200 × 10 ms). */
const MEMPOOL_POLLS = 200;
const MEMPOOL_POLL_MS = 10;

/** bitcoind's RPC error codes the adapter reports. */
const RPC_TRANSACTION_ERROR = -25;
const RPC_TRANSACTION_REJECTED = -26;
const RPC_TRANSACTION_ALREADY_IN_CHAIN = -27;
const RPC_DESERIALIZATION_ERROR = -22;
const RPC_INVALID_ADDRESS_OR_KEY = -5;

/** bcoin's reject-code names → the numbers bitcoind prints in "<code>: <reason>". */
const REJECT_CODES: Record<string, number> = {
  malformed: 0x01,
  invalid: 0x10,
  obsolete: 0x11,
  duplicate: 0x12,
  nonstandard: 0x40,
  dust: 0x41,
  insufficientfee: 0x42,
  checkpoint: 0x43,
  highfee: 0x100,
  alreadyknown: 0x101,
  conflict: 0x102,
};

/** bcoin's script type names → bitcoind's. */
const SCRIPT_TYPES: Record<string, string> = {
  PUBKEY: 'pubkey',
  PUBKEYHASH: 'pubkeyhash',
  SCRIPTHASH: 'scripthash',
  MULTISIG: 'multisig',
  NULLDATA: 'nulldata',
  WITNESSPUBKEYHASH: 'witness_v0_keyhash',
  WITNESSSCRIPTHASH: 'witness_v0_scripthash',
  WITNESSMALFORMED: 'witness_unknown',
  NONSTANDARD: 'nonstandard',
};

/**
 * A `BitcoinClient` for bcoin 1.0.2 (the only Bitcoin node on npm; used by tests) that behaves
 * like bitcoind where Mainstay depends on it:
 * - `sendrawtransaction`: bcoin's RPC answers with the txid whatever happens. The adapter submits
 *   through the REST `POST /broadcast` (which awaits the mempool) and then requires the txid in
 *   the mempool; otherwise it raises bitcoind's error: -27 already in chain, -25 "Missing inputs",
 *   -26 "258: txn-mempool-conflict" (REJECT_CONFLICT), -26 "<code>: <reason>" from bcoin's
 *   verification (with the test harness's preload also BIP125's "66: insufficient fee" …), or -26
 *   "transaction rejected" when bcoin gives no reason.
 * - `getblock`: integer verbosity → bcoin's `(verbose, details)` booleans.
 * - wallet calls: bcoin's wallet RPC is a separate server whose current wallet is global
 *   (`selectwallet`); every wallet call selects its wallet first, serialised here (another
 *   client selecting concurrently can still interleave). Watch-only imports, `listunspent` and
 *   `gettransaction` use a watch-only wallet created through `PUT /wallet/:id {watchOnly: true}`;
 *   `gettransaction` is read from the REST API (bcoin's RPC fails on watch-only spends).
 * - `sendtoaddress` returns once the transaction is in the mempool, as bitcoind's does.
 * - addresses: Bitcoin Core regtest encoding in and out (bcoin's regtest prefixes differ).
 * - result details: bcoin's script type names, `spendable` of watch-only coins, `modifiedfee`.
 * - `syncWallet()`: a barrier for bcoin's wallet lagging behind the chain.
 */
export class BcoinQuirks implements BitcoinClient {
  readonly watchWallet: string;
  readonly spendWallet: string;
  readonly addresses: BcoinAddressMap;
  private walletQueue: Promise<unknown> = Promise.resolve();
  private watchWalletReady: Promise<void> | undefined;

  constructor(
    readonly inner: BitcoinRpcClient,
    readonly nodeApi: BcoinHttpApi,
    readonly walletApi: BcoinHttpApi,
    options: BcoinQuirksOptions = {},
  ) {
    this.watchWallet = options.watchWallet ?? 'mainstay';
    this.spendWallet = options.spendWallet ?? 'primary';
    this.addresses = new BcoinAddressMap(options.regtest ?? true);
  }

  static connect(endpoints: BcoinEndpoints, options: BcoinQuirksOptions & { timeoutMs?: number } = {}): BcoinQuirks {
    const host = endpoints.host ?? '127.0.0.1';
    const credentials = { user: 'bitcoinrpc', password: endpoints.apiKey };
    const timeout = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
    const node = new JsonRpcClient({ host, port: endpoints.nodePort, credentials, ...timeout });
    const wallet = new JsonRpcClient({ host, port: endpoints.walletPort, credentials, ...timeout });
    return new BcoinQuirks(
      new BitcoinRpcClient(node, wallet),
      new BcoinHttpApi(host, endpoints.nodePort, endpoints.apiKey, options.timeoutMs),
      new BcoinHttpApi(host, endpoints.walletPort, endpoints.apiKey, options.timeoutMs),
      options,
    );
  }

  // ---- chain -------------------------------------------------------------------------------

  getBlockchainInfo(): Promise<BlockchainInfo> {
    return this.inner.getBlockchainInfo();
  }

  getBlockCount(): Promise<number> {
    return this.inner.getBlockCount();
  }

  getBlockHash(height: number): Promise<string> {
    return this.inner.getBlockHash(height);
  }

  getBestBlockHash(): Promise<string> {
    return this.inner.getBestBlockHash();
  }

  getBlockHeader(hash: string): Promise<BlockHeaderInfo> {
    return this.inner.getBlockHeader(hash);
  }

  async getBlockHex(hash: string): Promise<string> {
    return new JsonView(await this.inner.node.call('getblock', [hash, false]), 'getblock').hex();
  }

  async getBlock(hash: string): Promise<BlockInfo> {
    return decodeBlock(await this.inner.node.call('getblock', [hash, true, false]));
  }

  async getBlockWithTransactions(hash: string): Promise<BlockWithTransactions> {
    const block = decodeBlockWithTransactions(await this.inner.node.call('getblock', [hash, true, true]));
    return { ...block, tx: block.tx.map((t) => this.fixTx(t)) };
  }

  getRawTransactionHex(txid: string): Promise<string> {
    return this.inner.getRawTransactionHex(txid);
  }

  async getRawTransaction(txid: string): Promise<RawTransactionInfo> {
    return this.fixTx(await this.inner.getRawTransaction(txid));
  }

  async getTxOut(txid: string, vout: number, includeMempool = true): Promise<TxOutInfo | undefined> {
    const out = await this.inner.getTxOut(txid, vout, includeMempool);
    return out === undefined ? undefined : { ...out, scriptPubKey: this.fixScript(out.scriptPubKey) };
  }

  // ---- wallet ------------------------------------------------------------------------------

  /**
   * From the wallet REST API (`GET /wallet/:id/tx/:hash`, integer satoshis): bcoin's RPC
   * `gettransaction` leaves out `confirmations` and fails ("Invalid integer value.") on a
   * transaction that spends a watch-only coin, which is every attestation transaction.
   */
  async getTransaction(txid: string): Promise<WalletTransaction> {
    await this.watchWalletExists();
    const reply = await this.walletApi.send('GET', `/wallet/${encodeURIComponent(this.watchWallet)}/tx/${encodeURIComponent(txid)}`);
    if (reply.status === 404 || (reply.status === 200 && reply.body == null)) {
      throw new RpcCallError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
    }
    if (reply.status !== 200) throw new RpcClientError(`bcoin wallet API: HTTP ${reply.status} for transaction ${txid}`);
    return this.walletTxFromDetails(new JsonView(toJsonValue(reply.body as JsonInput), 'gettransaction'));
  }

  private walletTxFromDetails(o: JsonView): WalletTransaction {
    const member = (m: JsonView) => ({
      value: m.get('value').int(),
      address: m.get('address').optStr(),
      mine: !m.get('path').absent,
    });
    const inputs = o.get('inputs').array().map(member);
    const outputs = o.get('outputs').array().map(member);
    const sending = inputs.some((i) => i.mine);
    const fee = o.get('fee').int();
    const details: WalletTxDetail[] = [];
    let received = 0;
    let sent = 0;
    outputs.forEach((out, vout) => {
      const address = out.address === undefined ? undefined : this.addresses.fromBcoin(out.address);
      if (out.mine) {
        received += out.value;
        details.push({ address, category: 'receive', amount: out.value, label: '', vout, fee: undefined, involvesWatchonly: true });
      } else if (sending) {
        sent += out.value;
        details.push({ address, category: 'send', amount: -out.value, label: undefined, vout, fee: -fee, involvesWatchonly: true });
      }
    });
    const height = o.get('height').int();
    const confirmed = height >= 0;
    const mtime = o.get('mtime').int();
    return {
      txid: o.get('hash').hash(),
      amount: sending ? -sent : received,
      fee: sending ? -fee : undefined,
      confirmations: o.get('confirmations').int(),
      blockhash: confirmed ? o.get('block').hash() : undefined,
      blockheight: confirmed ? height : undefined,
      blocktime: confirmed ? o.get('time').int() : undefined,
      time: mtime,
      timereceived: mtime,
      hex: o.get('tx').hex(),
      details,
    };
  }

  async listUnspent(options: ListUnspentOptions = {}): Promise<UnspentOutput[]> {
    const params: JsonInput[] = [options.minconf ?? 1, options.maxconf ?? 9_999_999];
    if (options.addresses !== undefined) params.push(options.addresses.map((a) => this.addresses.toBcoin(a)));
    const list = decodeUnspentList(await this.watchCall('listunspent', params));
    return list.map((u) => ({
      ...u,
      address: u.address === undefined ? undefined : this.addresses.fromBcoin(u.address),
      spendable: false,
    }));
  }

  async importAddress(address: string, label = '', rescan = true): Promise<void> {
    await this.watchCall('importaddress', [this.addresses.toBcoin(address), label, rescan]);
  }

  async getNewAddress(label?: string): Promise<string> {
    // bcoin's getnewaddress takes an account, and only `default` (or '') exists.
    void label;
    const addr = new JsonView(await this.walletCall(this.spendWallet, 'getnewaddress', ['default']), 'getnewaddress').str();
    return this.addresses.fromBcoin(addr);
  }

  async sendToAddress(address: string, sats: number): Promise<string> {
    const result = await this.walletCall(this.spendWallet, 'sendtoaddress', [this.addresses.toBcoin(address), btcJson(sats)]);
    const txid = new JsonView(result, 'sendtoaddress').hash();
    // bcoin's wallet hands the transaction to the node without awaiting the mempool; bitcoind
    // returns once it is in the pool.
    for (let i = 0; i < MEMPOOL_POLLS && !(await this.inMempool(txid)); i++) await sleep(MEMPOOL_POLL_MS);
    return txid;
  }

  /**
   * Wait until bcoin's wallet database has processed every block the node connected so far.
   * bcoin does not await its wallets when it connects a block (bitcoind's wallet also lags
   * behind the chain, but less), so right after mining, `gettransaction` may still show no
   * `blockhash`. A rescan holds the wallet database's transaction lock, which queues behind the
   * pending blocks: re-importing an address with `rescan=true` is therefore a barrier (it costs a
   * scan of the whole chain, ≈40 ms at 100 blocks in memory).
   */
  async syncWallet(): Promise<void> {
    await this.watchCall('importaddress', [this.addresses.toBcoin(SYNC_ADDRESS), 'sync', true]);
  }

  // ---- mempool -----------------------------------------------------------------------------

  async sendRawTransaction(hex: string): Promise<string> {
    let tx: DecodedTransaction;
    try {
      tx = decodeTransaction(await this.inner.node.call('decoderawtransaction', [hex]));
    } catch (e) {
      if (e instanceof RpcCallError) throw new RpcCallError(RPC_DESERIALIZATION_ERROR, 'TX decode failed');
      throw e;
    }
    if (await this.inMempool(tx.txid)) return tx.txid; // bitcoind relays it again and returns the txid
    if (await this.inChain(tx.txid)) throw new RpcCallError(RPC_TRANSACTION_ALREADY_IN_CHAIN, 'transaction already in block chain');
    const reply = await this.nodeApi.send('POST', '/broadcast', { tx: hex });
    if (reply.status !== 200) throw broadcastError(reply.status, reply.body);
    if (await this.inMempool(tx.txid)) return tx.txid;
    throw await this.diagnoseRejection(tx);
  }

  /** Not in bcoin 1.0.2: the node's -32601 "Method not found." passes through. */
  testMempoolAccept(hexes: readonly string[]): Promise<MempoolAcceptResult[]> {
    return this.inner.testMempoolAccept(hexes);
  }

  getRawMempool(): Promise<string[]> {
    return this.inner.getRawMempool();
  }

  async getMempoolEntry(txid: string): Promise<MempoolEntry> {
    // bcoin's `fee` already includes prioritisation deltas and `modifiedfee` is always 0.
    const entry = await this.inner.getMempoolEntry(txid);
    return { ...entry, modifiedFee: entry.fee };
  }

  estimateSmartFee(confTarget: number): Promise<SmartFeeEstimate> {
    return this.inner.estimateSmartFee(confTarget);
  }

  generateToAddress(n: number, address: string): Promise<string[]> {
    return this.inner.generateToAddress(n, this.addresses.toBcoin(address));
  }

  // ---- internals ---------------------------------------------------------------------------

  /** A wallet RPC call on the watch-only wallet (created on first use). */
  private async watchCall(method: string, params: readonly JsonInput[]) {
    await this.watchWalletExists();
    return this.walletCall(this.watchWallet, method, params);
  }

  private watchWalletExists(): Promise<void> {
    this.watchWalletReady ??= this.ensureWatchWallet().catch((e: unknown) => {
      this.watchWalletReady = undefined;
      throw e;
    });
    return this.watchWalletReady;
  }

  /** `selectwallet <id>` then the call, with no other wallet call in between (from this client). */
  private walletCall(id: string, method: string, params: readonly JsonInput[]) {
    const run = async () => {
      await this.inner.wallet.call('selectwallet', [id]);
      return this.inner.wallet.call(method, params);
    };
    const result = this.walletQueue.then(run, run);
    this.walletQueue = result.catch(() => undefined);
    return result;
  }

  private async ensureWatchWallet(): Promise<void> {
    const path = `/wallet/${encodeURIComponent(this.watchWallet)}`;
    const existing = await this.walletApi.send('GET', path);
    if (existing.status === 200) {
      if (!isWatchOnly(existing.body)) throw new RpcClientError(`bcoin wallet ${this.watchWallet} exists and is not watch-only`);
      return;
    }
    const created = await this.walletApi.send('PUT', path, { watchOnly: true });
    if (created.status !== 200 || !isWatchOnly(created.body)) {
      throw new RpcClientError(`bcoin: cannot create watch-only wallet ${this.watchWallet} (HTTP ${created.status})`);
    }
  }

  private async inMempool(txid: string): Promise<boolean> {
    return (await this.inner.getRawMempool()).includes(txid);
  }

  private async inChain(txid: string): Promise<boolean> {
    try {
      return (await this.inner.getRawTransaction(txid)).blockhash !== undefined;
    } catch (e) {
      if (e instanceof RpcCallError) return false;
      throw e;
    }
  }

  /** bitcoind's answer for a transaction bcoin silently dropped (score-0 rejections, orphans). */
  private async diagnoseRejection(tx: DecodedTransaction): Promise<RpcCallError> {
    const outpoints = tx.vin.filter((i) => i.txid !== undefined).map((i) => `${i.txid}:${i.vout}`);
    for (const i of tx.vin) {
      if (i.txid === undefined || i.vout === undefined) continue;
      if ((await this.inner.getTxOut(i.txid, i.vout, true)) === undefined) return new RpcCallError(RPC_TRANSACTION_ERROR, 'Missing inputs');
    }
    for (const other of await this.inner.getRawMempool()) {
      const spent = (await this.inner.getRawTransaction(other)).vin;
      if (spent.some((i) => outpoints.includes(`${i.txid}:${i.vout}`))) {
        return new RpcCallError(RPC_TRANSACTION_REJECTED, '258: txn-mempool-conflict'); // REJECT_CONFLICT 0x102
      }
    }
    if (tx.vin.some((i) => i.sequence < 0xfffffffe)) {
      return new RpcCallError(RPC_TRANSACTION_REJECTED, '64: replace-by-fee (bcoin needs --replace-by-fee=true for BIP125-signalling transactions)');
    }
    return new RpcCallError(RPC_TRANSACTION_REJECTED, 'transaction rejected');
  }

  private fixScript(s: ScriptPubKeyInfo): ScriptPubKeyInfo {
    const addresses = s.addresses.map((a) => this.addresses.fromBcoin(a));
    return {
      ...s,
      type: SCRIPT_TYPES[s.type] ?? s.type,
      addresses,
      address: s.address === undefined ? undefined : this.addresses.fromBcoin(s.address),
    };
  }

  private fixTx<T extends DecodedTransaction>(tx: T): T {
    return { ...tx, vout: tx.vout.map((o) => ({ ...o, scriptPubKey: this.fixScript(o.scriptPubKey) })) };
  }
}

function isWatchOnly(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { watchOnly?: unknown }).watchOnly === true;
}

/** A `/broadcast` failure as bitcoind would report it (`VerifyError` → "<code>: <reason>"). */
function broadcastError(status: number, body: unknown): RpcCallError {
  const err = (body as { error?: { type?: unknown; code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${status}`;
  if (err?.type === 'VerifyError') {
    const m = /^Verification failure: (.*) \(code=(\w+) score=/.exec(message);
    if (m !== null) {
      const code = REJECT_CODES[m[2]!] ?? 0x10;
      return new RpcCallError(RPC_TRANSACTION_REJECTED, `${code}: ${m[1]}`);
    }
  }
  if (err?.type === 'EncodingError' || err?.type === 'ValidationError') return new RpcCallError(RPC_DESERIALIZATION_ERROR, 'TX decode failed');
  return new RpcCallError(RPC_TRANSACTION_REJECTED, message);
}
