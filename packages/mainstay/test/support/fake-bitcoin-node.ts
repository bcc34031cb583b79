// A small in-memory Bitcoin node + watch-only wallet behind the `BitcoinClient` port, for the
// attestation service's unit and crash tests. It keeps a chain of blocks, a UTXO set, a mempool
// with BIP125 replacement rules, and a wallet that only learns transactions relevant to imported
// addresses (at acceptance, at mining, or by a rescan). Every input is verified with bcoin's script
// interpreter (an independent implementation), so a transaction with a bad signature is rejected
// as bitcoind would. Every accepted broadcast is recorded for the safety checks.
import { createRequire } from 'node:module';
import {
  BITCOIN_REGTEST,
  BitcoinTransaction,
  BitcoinTxIn,
  BitcoinTxOut,
  bitcoinAddressFromScript,
  bitcoinAddressToScript,
  sha256d,
  toDisplayHex,
  toHex,
  type BitcoinNetwork,
} from '@ocean-ts/core';
import {
  RpcCallError,
  type BitcoinClient,
  type BlockHeaderInfo,
  type BlockInfo,
  type BlockWithTransactions,
  type BlockchainInfo,
  type ListUnspentOptions,
  type MempoolAcceptResult,
  type MempoolEntry,
  type RawTransactionInfo,
  type ScriptPubKeyInfo,
  type SmartFeeEstimate,
  type TxOutInfo,
  type UnspentOutput,
  type WalletTransaction,
} from '@ocean-ts/rpc-client';
import type { FakeClock } from './fake-clock.js';

interface BcoinLike {
  TX: { fromRaw(raw: Buffer): { verifyInput(index: number, coin: unknown, flags: number): boolean } };
  Script: { fromRaw(raw: Buffer): unknown; flags: { STANDARD_VERIFY_FLAGS: number } };
  Coin: new (options: { value: number; script: unknown }) => unknown;
}
const bcoin = createRequire(import.meta.url)('bcoin') as BcoinLike;

interface Coin {
  readonly value: bigint;
  readonly script: Uint8Array;
}

interface StoredTx {
  readonly tx: BitcoinTransaction;
  readonly txid: string;
  blockhash: string | undefined;
  height: number | undefined;
  blocktime: number | undefined;
}

interface MempoolTx {
  readonly tx: BitcoinTransaction;
  readonly time: number;
  readonly fee: bigint;
  readonly height: number;
}

interface Block {
  readonly hash: string;
  readonly height: number;
  readonly time: number;
  readonly txids: readonly string[];
}

/** One accepted broadcast (`sendrawtransaction` that entered the mempool). */
export interface Broadcast {
  readonly txid: string;
  readonly tx: BitcoinTransaction;
  readonly fee: bigint;
  readonly time: number;
}

const outpoint = (txid: string, vout: number) => `${txid}:${vout}`;
const signalsRbf = (tx: BitcoinTransaction) => tx.inputs.some((i) => i.sequence < 0xfffffffe);

export interface FakeBitcoinNodeOptions {
  readonly clock: FakeClock;
  readonly network?: BitcoinNetwork;
  /** Verify input scripts with bcoin (default true). */
  readonly verifyScripts?: boolean;
}

export class FakeBitcoinNode implements BitcoinClient {
  readonly network: BitcoinNetwork;
  readonly clock: FakeClock;
  verifyScripts: boolean;
  /** Every accepted broadcast, in order. */
  readonly broadcasts: Broadcast[] = [];
  /** Every `sendrawtransaction` attempt (hex), accepted or not. */
  readonly sendAttempts: string[] = [];
  /** Method names of every call, in order. */
  readonly calls: string[] = [];
  /** `estimatesmartfee` answer in sat/kvB (undefined: no estimate). */
  estimateFeerate: number | undefined = undefined;
  /** `listunspent` order: `insertion` (default) or `reverse`. */
  unspentOrder: 'insertion' | 'reverse' = 'insertion';

  readonly #txs = new Map<string, StoredTx>();
  readonly #utxos = new Map<string, Coin>();
  /** Confirmed outpoint → txid of the confirmed spender. */
  readonly #spentBy = new Map<string, string>();
  readonly #mempool = new Map<string, MempoolTx>();
  readonly #blocks: Block[] = [];
  readonly #watched = new Set<string>();
  readonly #walletTxs = new Map<string, number>();
  /** Transactions that left the mempool without confirming (replaced): still wallet transactions. */
  readonly #evicted = new Map<string, BitcoinTransaction>();
  #counter = 0;

  constructor(options: FakeBitcoinNodeOptions) {
    this.clock = options.clock;
    this.network = options.network ?? BITCOIN_REGTEST;
    this.verifyScripts = options.verifyScripts ?? true;
    this.#blocks.push({ hash: this.#nextHash(), height: 0, time: this.#seconds(), txids: [] });
  }

  // ---- test controls -------------------------------------------------------------------------

  get height(): number {
    return this.#blocks.length - 1;
  }

  get mempoolTxids(): string[] {
    return [...this.#mempool.keys()];
  }

  isConfirmed(txid: string): boolean {
    return this.#txs.get(txid)?.blockhash !== undefined;
  }

  /** Pay `value` to `script` from nowhere (a synthetic transaction), optionally with a change output; mined unless `mine` is false. */
  fund(script: Uint8Array, value: bigint, options: { change?: bigint; mine?: boolean } = {}): string {
    const prev = sha256d(Uint8Array.of(0xfe, ...new TextEncoder().encode(String(++this.#counter))));
    const outputs = [new BitcoinTxOut(value, script)];
    if (options.change !== undefined) outputs.push(new BitcoinTxOut(options.change, Uint8Array.of(0x51)));
    const tx = new BitcoinTransaction(2, [new BitcoinTxIn(prev, 0)], outputs, 0);
    const txid = tx.txidHex;
    this.#txs.set(txid, { tx, txid, blockhash: undefined, height: undefined, blocktime: undefined });
    this.#mempool.set(txid, { tx, time: this.#seconds(), fee: 0n, height: this.height });
    this.#noteWallet(tx);
    if (options.mine ?? true) this.mine();
    return txid;
  }

  /** Mine one block with the whole mempool. Returns its hash. */
  mine(): string {
    const hash = this.#nextHash();
    const height = this.#blocks.length;
    const time = this.#seconds();
    const txids = [...this.#mempool.keys()];
    for (const txid of txids) {
      const { tx } = this.#mempool.get(txid)!;
      for (const input of tx.inputs) {
        const op = outpoint(toDisplayHex(input.prevTxid), input.prevIndex);
        if (this.#utxos.delete(op)) this.#spentBy.set(op, txid);
      }
      tx.outputs.forEach((o, n) => this.#utxos.set(outpoint(txid, n), { value: o.value, script: o.scriptPubKey }));
      const stored = this.#txs.get(txid)!;
      stored.blockhash = hash;
      stored.height = height;
      stored.blocktime = time;
    }
    this.#mempool.clear();
    this.#blocks.push({ hash, height, time, txids });
    return hash;
  }

  /**
   * Mine `tx` (e.g. an earlier version of a replaced transaction, as another miner might) after
   * evicting whatever in the mempool conflicts with it.
   */
  mineReplacing(tx: BitcoinTransaction): string {
    const ops = new Set(tx.inputs.map((i) => outpoint(toDisplayHex(i.prevTxid), i.prevIndex)));
    for (const [txid, m] of [...this.#mempool]) {
      if (m.tx.inputs.some((i) => ops.has(outpoint(toDisplayHex(i.prevTxid), i.prevIndex)))) {
        this.#mempool.delete(txid);
        this.#txs.delete(txid);
        this.#evicted.set(txid, m.tx);
      }
    }
    const txid = tx.txidHex;
    this.#evicted.delete(txid);
    this.#txs.set(txid, { tx, txid, blockhash: undefined, height: undefined, blocktime: undefined });
    this.#mempool.set(txid, { tx, time: this.#seconds(), fee: 0n, height: this.height });
    return this.mine();
  }

  /** The wallet loses its watch-only addresses and transactions (a new wallet file). */
  forgetWallet(): void {
    this.#watched.clear();
    this.#walletTxs.clear();
  }

  /** A node restart without a persisted mempool. */
  dropMempool(): void {
    for (const txid of this.#mempool.keys()) this.#txs.delete(txid);
    this.#mempool.clear();
  }

  // ---- chain -------------------------------------------------------------------------------

  async getBlockchainInfo(): Promise<BlockchainInfo> {
    this.calls.push('getblockchaininfo');
    const tip = this.#blocks[this.#blocks.length - 1]!;
    return {
      chain: 'regtest',
      blocks: tip.height,
      headers: tip.height,
      bestblockhash: tip.hash,
      mediantime: tip.time,
      pruned: false,
      verificationprogress: 1,
      initialblockdownload: false,
    };
  }

  async getBlockCount(): Promise<number> {
    this.calls.push('getblockcount');
    return this.height;
  }

  async getBlockHash(height: number): Promise<string> {
    this.calls.push('getblockhash');
    const b = this.#blocks[height];
    if (b === undefined) throw new RpcCallError(-8, 'Block height out of range');
    return b.hash;
  }

  async getBestBlockHash(): Promise<string> {
    this.calls.push('getbestblockhash');
    return this.#blocks[this.#blocks.length - 1]!.hash;
  }

  getBlockHeader(): Promise<BlockHeaderInfo> {
    return Promise.reject(new Error('getblockheader: not simulated'));
  }

  getBlockHex(): Promise<string> {
    return Promise.reject(new Error('getblock: not simulated'));
  }

  getBlock(): Promise<BlockInfo> {
    return Promise.reject(new Error('getblock: not simulated'));
  }

  getBlockWithTransactions(): Promise<BlockWithTransactions> {
    return Promise.reject(new Error('getblock: not simulated'));
  }

  async getRawTransactionHex(txid: string): Promise<string> {
    this.calls.push('getrawtransaction');
    return this.#known(txid).tx.toHex();
  }

  async getRawTransaction(txid: string): Promise<RawTransactionInfo> {
    this.calls.push('getrawtransaction');
    const s = this.#known(txid);
    const tx = s.tx;
    return {
      txid,
      hash: tx.wtxidHex,
      version: tx.version,
      size: tx.size,
      locktime: tx.locktime,
      vin: tx.inputs.map((i) => ({
        txid: toDisplayHex(i.prevTxid),
        vout: i.prevIndex,
        coinbase: undefined,
        scriptSigHex: toHex(i.scriptSig),
        txinwitness: i.witness.map((w) => toHex(w)),
        sequence: i.sequence,
      })),
      vout: tx.outputs.map((o, n) => ({ value: Number(o.value), n, scriptPubKey: this.#scriptInfo(o.scriptPubKey) })),
      hex: tx.toHex(),
      blockhash: s.blockhash,
      confirmations: s.height === undefined ? undefined : this.height - s.height + 1,
      blocktime: s.blocktime,
    };
  }

  async getTxOut(txid: string, vout: number, includeMempool = true): Promise<TxOutInfo | undefined> {
    this.calls.push('gettxout');
    const op = outpoint(txid, vout);
    let coin = this.#utxos.get(op);
    let confirmations = 0;
    if (coin !== undefined) {
      if (includeMempool && this.#mempoolSpender(op) !== undefined) return undefined;
      confirmations = this.height - this.#txs.get(txid)!.height! + 1;
    } else if (includeMempool) {
      const m = this.#mempool.get(txid);
      const o = m?.tx.outputs[vout];
      if (o === undefined || this.#mempoolSpender(op) !== undefined) return undefined;
      coin = { value: o.value, script: o.scriptPubKey };
    } else {
      return undefined;
    }
    return {
      bestblock: this.#blocks[this.#blocks.length - 1]!.hash,
      confirmations,
      value: Number(coin.value),
      scriptPubKey: this.#scriptInfo(coin.script),
      coinbase: false,
    };
  }

  // ---- wallet ------------------------------------------------------------------------------

  async getTransaction(txid: string): Promise<WalletTransaction> {
    this.calls.push('gettransaction');
    const time = this.#walletTxs.get(txid);
    if (time === undefined) throw new RpcCallError(-5, 'Invalid or non-wallet transaction id');
    const stored = this.#txs.get(txid);
    const tx = stored?.tx ?? this.#evicted.get(txid);
    if (tx === undefined) throw new RpcCallError(-5, 'Invalid or non-wallet transaction id');
    let confirmations = 0;
    if (stored?.height !== undefined) confirmations = this.height - stored.height + 1;
    else if (stored === undefined) {
      // replaced: conflicted once a conflicting transaction is mined
      for (const input of tx.inputs) {
        const spender = this.#spentBy.get(outpoint(toDisplayHex(input.prevTxid), input.prevIndex));
        if (spender !== undefined) confirmations = -(this.height - this.#txs.get(spender)!.height! + 1);
      }
    }
    return {
      txid,
      amount: 0,
      fee: undefined,
      confirmations,
      blockhash: stored?.blockhash,
      blockheight: stored?.height,
      blocktime: stored?.blocktime,
      time,
      timereceived: time,
      hex: tx.toHex(),
      details: [],
    };
  }

  async listUnspent(options: ListUnspentOptions = {}): Promise<UnspentOutput[]> {
    this.calls.push('listunspent');
    const minconf = options.minconf ?? 1;
    const out: UnspentOutput[] = [];
    for (const [op, coin] of this.#utxos) {
      const [txid, n] = op.split(':') as [string, string];
      if (!this.#walletTxs.has(txid) || !this.#watched.has(toHex(coin.script))) continue;
      if (this.#mempoolSpender(op) !== undefined) continue;
      const confirmations = this.height - this.#txs.get(txid)!.height! + 1;
      if (confirmations < minconf) continue;
      const address = bitcoinAddressFromScript(coin.script, this.network);
      if (options.addresses !== undefined && (address === undefined || !options.addresses.includes(address))) continue;
      out.push({
        txid,
        vout: Number(n),
        address,
        label: '',
        scriptPubKey: toHex(coin.script),
        redeemScript: undefined,
        amount: Number(coin.value),
        confirmations,
        spendable: false,
        solvable: false,
      });
    }
    return this.unspentOrder === 'reverse' ? out.reverse() : out;
  }

  async importAddress(address: string, _label = '', rescan = true): Promise<void> {
    this.calls.push('importaddress');
    let script: Uint8Array;
    try {
      script = bitcoinAddressToScript(address, this.network);
    } catch {
      throw new RpcCallError(-5, 'Invalid Bitcoin address or script');
    }
    this.#watched.add(toHex(script));
    if (rescan) for (const s of this.#txs.values()) this.#noteWallet(s.tx);
  }

  getNewAddress(): Promise<string> {
    return Promise.reject(new Error('getnewaddress: not simulated'));
  }

  sendToAddress(): Promise<string> {
    return Promise.reject(new Error('sendtoaddress: not simulated'));
  }

  // ---- mempool -----------------------------------------------------------------------------

  async sendRawTransaction(hex: string): Promise<string> {
    this.calls.push('sendrawtransaction');
    this.sendAttempts.push(hex);
    let tx: BitcoinTransaction;
    try {
      tx = BitcoinTransaction.fromHex(hex);
    } catch {
      throw new RpcCallError(-22, 'TX decode failed');
    }
    const txid = tx.txidHex;
    if (this.#mempool.has(txid)) return txid;
    if (this.#txs.get(txid)?.blockhash !== undefined) throw new RpcCallError(-27, 'transaction already in block chain');
    const conflicts = new Set<string>();
    let inputValue = 0n;
    const coins: Coin[] = [];
    for (const input of tx.inputs) {
      const prev = toDisplayHex(input.prevTxid);
      const op = outpoint(prev, input.prevIndex);
      let coin = this.#utxos.get(op);
      if (coin === undefined) {
        const o = this.#mempool.get(prev)?.tx.outputs[input.prevIndex];
        if (o !== undefined) coin = { value: o.value, script: o.scriptPubKey };
      }
      if (coin === undefined) throw new RpcCallError(-25, 'Missing inputs');
      const spender = this.#mempoolSpender(op);
      if (spender !== undefined) conflicts.add(spender);
      coins.push(coin);
      inputValue += coin.value;
    }
    const outputValue = tx.outputs.reduce((s, o) => s + o.value, 0n);
    if (outputValue > inputValue) throw new RpcCallError(-26, '16: bad-txns-in-belowout');
    const fee = inputValue - outputValue;
    if (fee < BigInt(tx.vsize)) throw new RpcCallError(-26, '66: min relay fee not met');
    if (this.verifyScripts) {
      const btx = bcoin.TX.fromRaw(Buffer.from(tx.toBytes()));
      coins.forEach((coin, i) => {
        const bc = new bcoin.Coin({ value: Number(coin.value), script: bcoin.Script.fromRaw(Buffer.from(coin.script)) });
        let ok = false;
        try {
          ok = btx.verifyInput(i, bc, bcoin.Script.flags.STANDARD_VERIFY_FLAGS);
        } catch {
          ok = false;
        }
        if (!ok) throw new RpcCallError(-26, '16: mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)');
      });
    }
    if (conflicts.size > 0) {
      let oldFees = 0n;
      for (const c of conflicts) {
        const m = this.#mempool.get(c)!;
        if (!signalsRbf(m.tx)) throw new RpcCallError(-26, '258: txn-mempool-conflict');
        oldFees += m.fee;
      }
      if (fee <= oldFees || fee - oldFees < BigInt(tx.vsize)) {
        throw new RpcCallError(-26, `66: insufficient fee, rejecting replacement ${txid}; new feerate too low`);
      }
      for (const c of conflicts) {
        const m = this.#mempool.get(c)!;
        this.#mempool.delete(c);
        this.#txs.delete(c);
        this.#evicted.set(c, m.tx);
      }
    }
    const time = this.#seconds();
    this.#txs.set(txid, { tx, txid, blockhash: undefined, height: undefined, blocktime: undefined });
    this.#mempool.set(txid, { tx, time, fee, height: this.height });
    this.#noteWallet(tx);
    this.broadcasts.push({ txid, tx, fee, time });
    return txid;
  }

  testMempoolAccept(): Promise<MempoolAcceptResult[]> {
    return Promise.reject(new RpcCallError(-32601, 'Method not found'));
  }

  async getRawMempool(): Promise<string[]> {
    this.calls.push('getrawmempool');
    return [...this.#mempool.keys()];
  }

  async getMempoolEntry(txid: string): Promise<MempoolEntry> {
    this.calls.push('getmempoolentry');
    const m = this.#mempool.get(txid);
    if (m === undefined) throw new RpcCallError(-5, 'Transaction not in mempool');
    return { vsize: m.tx.vsize, time: m.time, height: m.height, fee: Number(m.fee), modifiedFee: Number(m.fee), depends: [] };
  }

  async estimateSmartFee(confTarget: number): Promise<SmartFeeEstimate> {
    this.calls.push('estimatesmartfee');
    return this.estimateFeerate === undefined
      ? { feerate: undefined, blocks: confTarget, errors: ['Insufficient data or no feerate found'] }
      : { feerate: this.estimateFeerate, blocks: confTarget, errors: [] };
  }

  generateToAddress(): Promise<string[]> {
    return Promise.reject(new Error('generatetoaddress: use mine()'));
  }

  // ---- internals ---------------------------------------------------------------------------

  #seconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  #nextHash(): string {
    return toDisplayHex(sha256d(new TextEncoder().encode(`block ${++this.#counter}`)));
  }

  #known(txid: string): StoredTx {
    const s = this.#txs.get(txid);
    if (s === undefined) throw new RpcCallError(-5, 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.');
    return s;
  }

  #mempoolSpender(op: string): string | undefined {
    for (const [txid, m] of this.#mempool) {
      if (m.tx.inputs.some((i) => outpoint(toDisplayHex(i.prevTxid), i.prevIndex) === op)) return txid;
    }
    return undefined;
  }

  /** Wallet relevance: an output to a watched script, or an input spending a wallet output. */
  #noteWallet(tx: BitcoinTransaction): void {
    const txid = tx.txidHex;
    if (this.#walletTxs.has(txid)) return;
    const pays = tx.outputs.some((o) => this.#watched.has(toHex(o.scriptPubKey)));
    const spends = tx.inputs.some((i) => this.#walletTxs.has(toDisplayHex(i.prevTxid)));
    if (pays || spends) this.#walletTxs.set(txid, this.#seconds());
  }

  #scriptInfo(script: Uint8Array): ScriptPubKeyInfo {
    const address = bitcoinAddressFromScript(script, this.network);
    const type =
      script.length === 23 && script[0] === 0xa9 ? 'scripthash' : script.length === 22 && script[0] === 0x00 ? 'witness_v0_keyhash' : 'nonstandard';
    return { hex: toHex(script), asm: '', type, address, addresses: address === undefined ? [] : [address] };
  }
}
