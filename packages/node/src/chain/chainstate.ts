import {
  Block,
  OutPoint,
  REJECT_DUPLICATE,
  REJECT_INVALID,
  Reject,
  Writer,
  bytesEqual,
  checkBlock,
  connectBlock,
  contextualCheckBlock,
  contextualCheckBlockHeader,
  fromHex,
  isStoredOutput,
  reject,
  settleDeferred,
  toDisplayHex,
  toHex,
  type Coin,
  type ConfidentialVerifier,
  type ConsensusRules,
  type HeaderContext,
  type PeginCheck,
  type Secp256k1,
} from '@ocean-ts/core';
import type { KvStore } from '../storage/kv-store.js';
import { hash32, outpointKey } from '../storage/key-codec.js';
import { openWithSchema } from '../storage/layout.js';
import { StorageError } from '../storage/storage-error.js';
import { WriteBatch } from '../storage/write-batch.js';
import { AsyncMutex } from './async-mutex.js';
import { BlockIndex, isBetter } from './block-index.js';
import { BlockIndexEntry } from './block-index-entry.js';
import { BlockStatus, FAILED_MASK } from './block-status.js';
import { BlockUndo, type PeginClaim, type SpentCoin } from './block-undo.js';
import type { ChainStateExtension, ExtensionContext } from './chain-state-extension.js';
import type { ChainTip, IndexedTransaction, ReindexProgress } from './chain-types.js';
import { decodeCoin, encodeCoin } from './coin-codec.js';
import { extensionKey } from './extension-keys.js';
import { CHAIN_LAYOUT, META_REINDEXING, META_TXINDEX, TIP_KEY } from './layout.js';
import { StoredCoinView, coinKey } from './stored-coin-view.js';
import { utxoSetHash, type UtxoSetStats } from './utxo-hash.js';
import { POOL_MIN_BLOCK_COST, beginBatch, transactionsCheckCost, type ScriptVerifier } from '../verify/script-verifier.js';

export interface ChainstateOptions {
  readonly store: KvStore;
  /** Consensus rules (`ChainParams.consensus`). */
  readonly rules: ConsensusRules;
  /** The chain's genesis block (`ChainParams.genesisBlock`); its hash must be `rules.genesisHash`. */
  readonly genesis: Block;
  readonly secp: Secp256k1;
  /** Needed to connect blocks with confidential transactions. */
  readonly verifier?: ConfidentialVerifier;
  /** Maintain the txid → block index (`-txindex`); must match the stored setting unless reindexing. */
  readonly txindex?: boolean;
  readonly extensions?: readonly ChainStateExtension[];
  /** The lock shared with the mempool (default: a private one). */
  readonly mutex?: AsyncMutex;
  /** Network-adjusted time in seconds (default: the system clock). */
  readonly adjustedTime?: () => number;
  /** Verify input scripts when connecting (default true). */
  readonly checkScripts?: boolean;
  /**
   * Where a connecting block's script and confidential-proof checks run (the worker-thread pool,
   * `-par`); without one they run inline in `connectBlock`. Either way the block's outcome is the
   * same (docs/adr/0018-script-verification-threads.md).
   */
  readonly scriptVerifier?: ScriptVerifier;
  /**
   * Blocks whose checks cost less (`transactionsCheckCost`) skip the `scriptVerifier` and verify
   * inline (default `POOL_MIN_BLOCK_COST`; 0 sends every block to it).
   */
  readonly poolMinBlockCost?: number;
  /** `-reindex`: rebuild the chain state from the stored blocks while opening (see `reindex()`). */
  readonly reindex?: boolean;
  /**
   * `-reindex-chainstate` rather than `-reindex`: the block index survives, so blocks marked
   * invalid (by validation or `invalidateblock`) stay invalid, as in Core, where only a full
   * `-reindex` re-reads the blocks and forgets the marks.
   */
  readonly reindexKeepsFailures?: boolean;
  readonly reindexProgress?: (p: ReindexProgress) => void;
  /** Node-local steps around every ConnectBlock (`-validatepegin`; docs/adr/0033). */
  readonly connectHook?: ConnectHook;
}

/**
 * Node-local steps around ConnectBlock, for checks that need an asynchronous lookup (`-validatepegin`
 * asks geth): `prepare` runs under the lock before each connection attempt (also in reorganisations,
 * `reconsiderblock` and reindexing), `checkPegin` is what ConnectBlock then reads synchronously, and
 * `failed` hears of every block that failed to connect.
 */
export interface ConnectHook {
  prepare(block: Block): Promise<void>;
  readonly checkPegin?: PeginCheck;
  failed?(block: Block, reject: Reject): void;
}

const VALID_DATA = BlockStatus.HAVE_DATA | BlockStatus.VALID_HEADER;
const EMPTY = new Uint8Array(0);
/**
 * Stored blocks kept decoded in memory (the last ones stored or read): the mempool update, zmq
 * and `getblock` right after a block was connected then need no read and no decode.
 */
const RECENT_BLOCKS = 4;

const blockKey = (hash: Uint8Array) => CHAIN_LAYOUT.key('block', hash32(hash));
const indexKey = (hash: Uint8Array) => CHAIN_LAYOUT.key('index', hash32(hash));
const undoKey = (hash: Uint8Array) => CHAIN_LAYOUT.key('undo', hash32(hash));
const txindexKey = (txid: Uint8Array) => CHAIN_LAYOUT.key('txindex', hash32(txid));
const withdrawKey = (g: Uint8Array, prevout: OutPoint) => CHAIN_LAYOUT.key('withdraw', hash32(g), outpointKey(prevout.txid, prevout.index));

/** Chain-state prefixes `reindex` clears (everything derived from the stored blocks). */
const DERIVED: readonly Parameters<typeof CHAIN_LAYOUT.range>[0][] = ['coin', 'undo', 'tip', 'txindex', 'withdraw', 'ext'];

/**
 * The node's chain state: block storage, the block index, the active chain and its UTXO set, with
 * undo data, txindex, peg-in claims and extension state — every block connected or disconnected in
 * one atomic `KvStore` batch, in-memory state updated only once that batch is durable.
 *
 * Public mutating methods take the (shared) mutex and call a private `...Locked` version.
 */
export class Chainstate {
  readonly mutex: AsyncMutex;
  private readonly index = new BlockIndex();
  private readonly active: BlockIndexEntry[] = [];
  private readonly extensions: readonly ChainStateExtension[];
  private preciousOrder = -1;
  /** Decoded stored blocks by hash (hex, internal order), oldest first; at most `RECENT_BLOCKS`. */
  private readonly recentBlocks = new Map<string, Block>();

  private constructor(private readonly opts: ChainstateOptions) {
    this.mutex = opts.mutex ?? new AsyncMutex();
    this.extensions = opts.extensions ?? [];
    const names = new Set<string>();
    for (const e of this.extensions) {
      extensionKey(e.name);
      if (names.has(e.name)) throw new RangeError(`chain-state extension ${e.name} registered twice`);
      names.add(e.name);
    }
    if (!bytesEqual(opts.genesis.hash, opts.rules.genesisHash)) throw new RangeError('genesis block hash differs from the rules’ genesis hash');
  }

  /**
   * Opens the chain state in `opts.store`: checks the schema, loads the block index, checks the tip
   * record, initialises genesis on an empty store, resumes an interrupted reindex, and activates the
   * best chain (completing a reorganisation a kill interrupted). With `reindex`, rebuilds instead.
   */
  static async open(opts: ChainstateOptions): Promise<Chainstate> {
    const cs = new Chainstate(opts);
    await cs.mutex.run(() => cs.load());
    return cs;
  }

  private get store(): KvStore {
    return this.opts.store;
  }

  private get txindex(): boolean {
    return this.opts.txindex === true;
  }

  // ---------------------------------------------------------------- queries

  /** The active chain's tip. */
  get tip(): BlockIndexEntry {
    const t = this.active[this.active.length - 1];
    if (t === undefined) throw new Error('chain state is not loaded');
    return t;
  }

  get height(): number {
    return this.active.length - 1;
  }

  /** The most-blocks header not known to be invalid. */
  get bestHeader(): BlockIndexEntry {
    return this.index.bestHeader() ?? this.tip;
  }

  getEntry(hash: Uint8Array): BlockIndexEntry | undefined {
    return this.index.get(hash);
  }

  isInActiveChain(entry: BlockIndexEntry): boolean {
    return this.active[entry.height] === entry;
  }

  getBlockHash(height: number): Uint8Array | undefined {
    return this.active[height]?.hash;
  }

  getBlock(hash: Uint8Array): Block | undefined {
    const recent = this.recentBlocks.get(toHex(hash));
    if (recent !== undefined) return recent;
    const v = this.store.get(blockKey(hash));
    return v === undefined ? undefined : Block.decode(v);
  }

  getCoin(outpoint: OutPoint): Coin | undefined {
    const v = this.store.get(coinKey(outpoint.txid, outpoint.index));
    return v === undefined ? undefined : decodeCoin(v);
  }

  isWithdrawSpent(parentGenesisHash: Uint8Array, prevout: OutPoint): boolean {
    return this.store.has(withdrawKey(parentGenesisHash, prevout));
  }

  /** A transaction of the active chain by txid (needs `txindex`; undefined when unknown or disabled). */
  getTransaction(txid: Uint8Array): IndexedTransaction | undefined {
    if (!this.txindex) return undefined;
    const v = this.store.get(txindexKey(txid));
    if (v === undefined) return undefined;
    const blockHash = v.slice(0, 32);
    const position = new DataView(v.buffer, v.byteOffset, v.byteLength).getUint32(32, true);
    const block = this.getBlock(blockHash);
    const entry = this.index.get(blockHash);
    const tx = block?.transactions[position];
    if (tx === undefined || entry === undefined) throw new StorageError('corrupt', `txindex entry of ${toDisplayHex(txid)} points to a missing block`, this.store.location);
    return { tx, blockHash, height: entry.height, position, inActiveChain: this.isInActiveChain(entry) };
  }

  /** Hash over the UTXO set (see `utxoSetHash`). */
  utxoSetHash(): UtxoSetStats {
    return utxoSetHash(this.store);
  }

  /** `getchaintips`. */
  getChainTips(): ChainTip[] {
    const tips = new Set(this.index.leaves());
    tips.add(this.tip);
    const out: ChainTip[] = [];
    for (const e of tips) {
      const fork = this.findForkInActive(e);
      let status: ChainTip['status'];
      if (this.isInActiveChain(e)) status = 'active';
      else if (e.isFailed) status = 'invalid';
      else if (!this.allHaveData(e)) status = 'headers-only';
      else if (e.wasConnected) status = 'valid-fork';
      else status = 'valid-headers';
      out.push({ height: e.height, hash: e.hashHex, branchlen: e.height - fork.height, status });
    }
    return out.sort((a, b) => b.height - a.height || (a.hash < b.hash ? -1 : 1));
  }

  // ---------------------------------------------------------------- mutations (locked)

  /**
   * `ProcessNewBlock`: CheckBlock, contextual checks against the parent, store the block, then
   * activate the best chain. Returns null when the block was stored (or already known), else the
   * reject — also when the block later failed to connect.
   */
  processBlock(block: Block): Promise<Reject | null> {
    return this.mutex.run(() => this.processBlockLocked(block));
  }

  /** Connect towards the best valid chain (reorganising if needed). */
  activateBestChain(): Promise<void> {
    return this.mutex.run(async () => {
      await this.activateBestChainLocked();
    });
  }

  /** `invalidateblock`: mark the block failed, disconnect it if active, then activate the best chain. */
  invalidateBlock(hash: Uint8Array): Promise<void> {
    return this.mutex.run(() => this.invalidateBlockLocked(hash));
  }

  /** `reconsiderblock`: clear failure flags of the block, its descendants and ancestors; activate. */
  reconsiderBlock(hash: Uint8Array): Promise<void> {
    return this.mutex.run(() => this.reconsiderBlockLocked(hash));
  }

  /** `preciousblock`: treat the block as if seen before any other at its height; activate. */
  preciousBlock(hash: Uint8Array): Promise<void> {
    return this.mutex.run(async () => {
      const entry = this.requireEntry(hash);
      if (entry.height < this.tip.height) return;
      entry.order = --this.preciousOrder;
      await this.activateBestChainLocked();
    });
  }

  /**
   * `-reindex`: rebuild the chain state from the stored blocks. Clears coins, undo, tip, txindex,
   * peg-in claims and extension state, resets every block's status to "have data, valid header"
   * (the index entries themselves — headers in first-seen order — are kept), then reconnects the best
   * chain in height order. A kill during reindex resumes it at the next open.
   */
  reindex(progress?: (p: ReindexProgress) => void): Promise<void> {
    return this.mutex.run(() => this.reindexLocked(progress));
  }

  // ---------------------------------------------------------------- private

  private async load(): Promise<void> {
    await openWithSchema(this.store, CHAIN_LAYOUT);
    const entries: BlockIndexEntry[] = [];
    for (const [, v] of this.store.range(CHAIN_LAYOUT.range('index'))) entries.push(BlockIndexEntry.decode(v));
    entries.sort((a, b) => a.height - b.height || a.sequence - b.sequence);
    for (const e of entries) this.index.add(e);

    const interrupted = this.store.get(META_REINDEXING);
    if (this.opts.reindex === true || interrupted !== undefined) {
      // an interrupted reindex resumes in the mode it was started with
      const keepFailures = this.opts.reindex === true ? this.opts.reindexKeepsFailures === true : interrupted![0] === 1;
      await this.reindexLocked(this.opts.reindexProgress, keepFailures);
      return;
    }
    const stored = this.store.get(META_TXINDEX);
    if (stored !== undefined && (stored[0] === 1) !== this.txindex) {
      throw new StorageError(
        'schema-mismatch',
        `the chain state in ${this.store.location} was built ${this.txindex ? 'without' : 'with'} -txindex; restart with -reindex to change it`,
        this.store.location,
      );
    }
    const tipHash = this.store.get(TIP_KEY);
    if (tipHash === undefined) {
      if (this.index.size > 0 || this.firstKey('coin')) {
        throw new StorageError('corrupt', `chain state in ${this.store.location} has blocks but no tip record; restart with -reindex`, this.store.location);
      }
      await this.initGenesis(new WriteBatch());
      return;
    }
    const tip = this.index.get(tipHash);
    const where = this.store.location;
    if (tip === undefined || !tip.haveData || !tip.wasConnected) {
      throw new StorageError('corrupt', `chain tip ${toDisplayHex(tipHash)} in ${where} is not a connected block; restart with -reindex`, where);
    }
    const genesis = tip.ancestor(0)!;
    if (!bytesEqual(genesis.hash, this.opts.rules.genesisHash)) {
      throw new StorageError('corrupt', `chain state in ${where} belongs to another chain (genesis ${genesis.hashHex})`, where);
    }
    if (tip.height > 0 && !this.store.has(undoKey(tip.hash))) {
      throw new StorageError('corrupt', `undo data of the chain tip ${tip.hashHex} in ${where} is missing; restart with -reindex`, where);
    }
    for (let e: BlockIndexEntry | undefined = tip; e !== undefined; e = e.parent) this.active[e.height] = e;
    tip.order = this.preciousOrder--; // the tip found at start-up keeps its place among equal-height tips
    await this.activateBestChainLocked();
  }

  /** The last entry of `e`'s chain that is on the active chain. */
  private findForkInActive(e: BlockIndexEntry): BlockIndexEntry {
    let x: BlockIndexEntry | undefined = e;
    while (x !== undefined && !this.isInActiveChain(x)) x = x.parent;
    return x ?? this.active[0]!;
  }

  private allHaveData(e: BlockIndexEntry): boolean {
    for (let x: BlockIndexEntry | undefined = e; x !== undefined; x = x.parent) if (!x.haveData) return false;
    return true;
  }

  private firstKey(prefix: Parameters<typeof CHAIN_LAYOUT.range>[0]): boolean {
    for (const _ of this.store.range(CHAIN_LAYOUT.range(prefix), { limit: 1 })) return true;
    return false;
  }

  /** Stores and connects genesis in one batch (together with whatever `batch` already holds). */
  private async initGenesis(batch: WriteBatch): Promise<void> {
    const block = this.opts.genesis;
    const existing = this.index.get(block.hash);
    const entry = existing ?? new BlockIndexEntry(block.header, 0, VALID_DATA, this.index.takeSequence());
    batch.put(blockKey(block.hash), block.toBytes());
    const r = await this.buildConnect(entry, block, batch);
    if (r instanceof Reject) throw new Error(`genesis block failed to connect: ${r.toString()}`);
    batch.put(indexKey(entry.hash), entry.encode(entry.status | BlockStatus.VALID_SCRIPTS));
    batch.put(TIP_KEY, entry.hash);
    batch.put(META_TXINDEX, Uint8Array.of(this.txindex ? 1 : 0));
    await this.store.write(batch);
    if (!existing) this.index.add(entry);
    entry.status |= BlockStatus.VALID_SCRIPTS;
    this.active.length = 0;
    this.active.push(entry);
  }

  private async processBlockLocked(block: Block): Promise<Reject | null> {
    const hash = block.hash;
    const known = this.index.get(hash);
    if (known?.isFailed) return new Reject(REJECT_DUPLICATE, 'duplicate', 0, `block ${known.hashHex} is marked invalid`);
    if (known?.haveData) return null;
    const parent = this.index.get(block.header.prevBlockHash);
    if (parent === undefined) return new Reject(REJECT_INVALID, 'prev-blk-not-found', 10, `parent of ${toDisplayHex(hash)} is unknown`);
    if (parent.isFailed) return reject('bad-prevblk', `parent ${parent.hashHex} is invalid`);
    const adjustedTime = this.opts.adjustedTime?.() ?? Math.floor(Date.now() / 1000);
    const ctx: HeaderContext = {
      prevHeight: parent.height,
      prevChallenge: parent.header.challenge,
      medianTimePast: parent.medianTimePast,
      adjustedTime,
    };
    const failed =
      checkBlock(block, { rules: this.opts.rules, secp: this.opts.secp, adjustedTime }) ??
      contextualCheckBlockHeader(block.header, ctx, this.opts.rules) ??
      contextualCheckBlock(block, ctx);
    if (failed) return failed;

    const entry = new BlockIndexEntry(block.header, parent.height + 1, VALID_DATA, this.index.takeSequence());
    const bytes = block.toBytes();
    if (known === undefined && parent === this.tip && this.bestCandidate() === undefined) return this.storeAndConnectLocked(entry, block, bytes);
    const batch = new WriteBatch();
    batch.put(blockKey(hash), bytes);
    batch.put(indexKey(hash), entry.encode());
    await this.store.write(batch);
    this.index.add(entry);
    this.rememberBlock(block);
    const failures = await this.activateBestChainLocked();
    return failures.get(toHex(hash)) ?? null;
  }

  /**
   * A new block on the tip while nothing else is better than the tip (the common case): it will
   * be the best candidate, so it is connected at once, and stored in the same batch as its
   * connection — one durable commit per block. If it fails to connect it is stored marked failed;
   * if the checks cannot be run (an error, e.g. a worker died) it is stored unconnected before
   * the error propagates — in both cases as the store-then-activate path would have left it.
   */
  private async storeAndConnectLocked(entry: BlockIndexEntry, block: Block, bytes: Uint8Array): Promise<Reject | null> {
    const hash = entry.hash;
    entry.parent = this.tip;
    const batch = new WriteBatch();
    batch.put(blockKey(hash), bytes);
    // Keeps the block when it cannot be connected now, as the store-then-activate path would have.
    const storeUnconnected = async (): Promise<void> => {
      await this.store.write(new WriteBatch().put(blockKey(hash), bytes).put(indexKey(hash), entry.encode()));
      this.index.add(entry);
      this.rememberBlock(block);
    };
    let r: Reject | null;
    try {
      r = await this.buildConnect(entry, block, batch);
    } catch (e) {
      await storeUnconnected();
      throw e;
    }
    if (r !== null) {
      const failed = entry.status | BlockStatus.FAILED;
      await this.store.write(new WriteBatch().put(blockKey(hash), bytes).put(indexKey(hash), entry.encode(failed)));
      this.index.add(entry);
      entry.status = failed;
      this.rememberBlock(block);
      await this.activateBestChainLocked();
      return r;
    }
    batch.put(indexKey(hash), entry.encode(entry.status | BlockStatus.VALID_SCRIPTS));
    batch.put(TIP_KEY, hash);
    try {
      await this.store.write(batch);
    } catch (e) {
      // The commit failed: nothing of it happened. Still store the block on its own if the store
      // takes that; it then connects on the next activation.
      await storeUnconnected().catch(() => undefined);
      throw e;
    }
    this.index.add(entry);
    entry.status |= BlockStatus.VALID_SCRIPTS;
    this.active.push(entry);
    this.rememberBlock(block);
    return null;
  }

  /**
   * Every ancestor (and the entry) has its data and none failed. Active-chain entries are usable
   * (connected, never failed: a block is disconnected before it is marked failed), so the walk
   * stops at the fork with the active chain.
   */
  private usable(e: BlockIndexEntry, memo: Map<BlockIndexEntry, boolean>): boolean {
    const path: BlockIndexEntry[] = [];
    let x: BlockIndexEntry | undefined = e;
    let ok = true;
    for (; x !== undefined; x = x.parent) {
      const m = memo.get(x) ?? (this.isInActiveChain(x) ? true : undefined);
      if (m !== undefined) {
        ok = m;
        break;
      }
      if (!x.haveData || x.isFailed) {
        ok = false;
        path.push(x);
        break;
      }
      path.push(x);
    }
    // Entries above the first bad one inherit its result; the bad one itself is false.
    for (const p of path) memo.set(p, ok && p.haveData && !p.isFailed);
    return path.length === 0 ? ok : memo.get(e)!;
  }

  /** The best usable entry that is better than the tip, or undefined when the tip is the best. */
  private bestCandidate(): BlockIndexEntry | undefined {
    const memo = new Map<BlockIndexEntry, boolean>();
    const tip = this.active[this.active.length - 1];
    let best: BlockIndexEntry | undefined;
    for (const e of this.index.entries()) {
      if (tip !== undefined && !isBetter(e, tip)) continue;
      if (isBetter(e, best) && this.usable(e, memo)) best = e;
    }
    return best;
  }

  /** Connects towards the best candidate until none is better than the tip. Returns the blocks that failed. */
  private async activateBestChainLocked(progress?: (p: ReindexProgress) => void): Promise<Map<string, Reject>> {
    const failures = new Map<string, Reject>();
    for (;;) {
      const best = this.bestCandidate();
      if (best === undefined || best === this.tip || !isBetter(best, this.tip)) return failures;
      const fork = BlockIndex.fork(best, this.tip);
      if (fork === undefined) throw new Error(`block ${best.hashHex} does not descend from genesis`);
      while (this.tip !== fork) await this.disconnectTipLocked();
      const path: BlockIndexEntry[] = [];
      for (let e: BlockIndexEntry | undefined = best; e !== undefined && e !== fork; e = e.parent) path.push(e);
      path.reverse();
      for (const e of path) {
        const r = await this.connectTipLocked(e);
        if (r) {
          failures.set(toHex(e.hash), r);
          break;
        }
        progress?.({ height: e.height, targetHeight: best.height });
      }
    }
  }

  /**
   * Runs ConnectBlock for `entry` on top of the committed state and adds every effect to `batch`
   * (coins, undo, peg-in claims, txindex, extensions). Returns the reject when the block is invalid.
   * With a `scriptVerifier`, the scripts and confidential proofs are checked there — streamed to it
   * while `connectBlock` runs, then awaited — before anything is added to the batch; the caller
   * holds the lock, so the committed state cannot change meanwhile.
   */
  private async buildConnect(entry: BlockIndexEntry, block: Block, batch: WriteBatch): Promise<Reject | null> {
    const hook = this.opts.connectHook;
    if (hook !== undefined && entry.height > 0) await hook.prepare(block);
    const view = new StoredCoinView(this.store);
    const parent = entry.parent;
    // Small blocks verify inline (a worker costs more than it gains there). Otherwise nothing
    // else can happen under the lock meanwhile: this thread helps with the checks.
    const sv = this.opts.scriptVerifier;
    const minCost = this.opts.poolMinBlockCost ?? POOL_MIN_BLOCK_COST;
    const checks = sv !== undefined && transactionsCheckCost(block.transactions) >= minCost ? beginBatch(sv, { callerHelps: true }) : undefined;
    let provisional: ReturnType<typeof connectBlock>;
    try {
      provisional = connectBlock(
        block,
        view,
        {
          height: entry.height,
          medianTimePast: parent?.medianTimePast ?? 0,
          medianTimePastAt: (h) => (parent?.ancestor(h) ?? entry).medianTimePast,
        },
        {
          rules: this.opts.rules,
          secp: this.opts.secp,
          verifier: this.opts.verifier,
          isWithdrawSpent: (g, prevout) => this.store.has(withdrawKey(g, prevout)),
          ...(hook?.checkPegin ? { checkPegin: hook.checkPegin } : {}),
          checkScripts: this.opts.checkScripts,
          ...(checks ? { scriptChecks: checks } : {}),
        },
      );
    } catch (e) {
      checks?.abandon();
      throw e;
    }
    const result = checks ? settleDeferred(provisional, await checks.finish()) : provisional;
    if (result instanceof Reject) {
      hook?.failed?.(block, result);
      return result;
    }
    const spent: SpentCoin[] = [];
    for (const k of result.view.spentKeys()) {
      const at = k.lastIndexOf(':');
      const outpoint = new OutPoint(fromHex(k.slice(0, at)), Number(k.slice(at + 1)));
      // connectBlock read every coin it spends through `view`: take it from there, not the store
      const seen = view.cached(k);
      const coin = seen.has ? seen.coin : view.get(outpoint);
      if (coin === undefined) throw new Error(`connect ${entry.hashHex}: spent coin ${k} is not in the UTXO set`);
      spent.push({ outpoint, coin });
      batch.del(coinKey(outpoint.txid, outpoint.index));
    }
    for (const [k, coin] of result.view.addedCoins()) {
      const at = k.lastIndexOf(':');
      batch.put(coinKey(fromHex(k.slice(0, at)), Number(k.slice(at + 1))), encodeCoin(coin));
    }
    const pegins: PeginClaim[] = result.pegins.map((p) => ({ parentGenesisHash: p.parentGenesisHash, prevout: p.prevout }));
    for (const p of pegins) batch.put(withdrawKey(p.parentGenesisHash, p.prevout), EMPTY);
    if (entry.height === 0) return null; // genesis: its outputs and nothing else (chain spec §7)
    batch.put(undoKey(entry.hash), new BlockUndo(spent, pegins).encode());
    if (this.txindex) {
      block.transactions.forEach((tx, i) => batch.put(txindexKey(tx.txid), new Writer(36).bytes(entry.hash).u32le(i).finish()));
    }
    for (const ext of this.extensions) ext.connect(block, entry.height, batch, this.extensionContext(ext, entry.hash));
    return null;
  }

  private extensionContext(ext: ChainStateExtension, blockHash: Uint8Array): ExtensionContext {
    return {
      store: this.store,
      blockHash,
      key: (...parts) => extensionKey(ext.name, ...parts),
      range: (...parts) => ({ prefix: extensionKey(ext.name, ...parts) }),
    };
  }

  private readBlock(entry: BlockIndexEntry): Block {
    const recent = this.recentBlocks.get(toHex(entry.hash));
    if (recent !== undefined) return recent;
    const v = this.store.get(blockKey(entry.hash));
    if (v === undefined) throw new StorageError('corrupt', `block ${entry.hashHex} is missing from ${this.store.location}`, this.store.location);
    const block = Block.decode(v);
    this.rememberBlock(block);
    return block;
  }

  /** Keep `block` (which is stored) decoded in `recentBlocks`, dropping the oldest beyond the limit. */
  private rememberBlock(block: Block): void {
    const key = toHex(block.hash);
    this.recentBlocks.delete(key);
    this.recentBlocks.set(key, block);
    if (this.recentBlocks.size > RECENT_BLOCKS) this.recentBlocks.delete(this.recentBlocks.keys().next().value!);
  }

  private async connectTipLocked(entry: BlockIndexEntry): Promise<Reject | null> {
    if (entry.parent !== this.tip) throw new Error(`connect ${entry.hashHex}: not a child of the tip`);
    const block = this.readBlock(entry);
    const batch = new WriteBatch();
    const r = await this.buildConnect(entry, block, batch);
    if (r) {
      await this.markFailed(entry);
      return r;
    }
    batch.put(indexKey(entry.hash), entry.encode(entry.status | BlockStatus.VALID_SCRIPTS));
    batch.put(TIP_KEY, entry.hash);
    await this.store.write(batch);
    entry.status |= BlockStatus.VALID_SCRIPTS;
    this.active.push(entry);
    return null;
  }

  private async disconnectTipLocked(): Promise<void> {
    const entry = this.tip;
    const parent = entry.parent;
    if (parent === undefined) throw new Error('cannot disconnect the genesis block');
    const block = this.readBlock(entry);
    const undoBytes = this.store.get(undoKey(entry.hash));
    if (undoBytes === undefined) throw new StorageError('corrupt', `undo data of ${entry.hashHex} is missing from ${this.store.location}`, this.store.location);
    const undo = BlockUndo.decode(undoBytes);
    const batch = new WriteBatch();
    for (const tx of block.transactions) {
      tx.outputs.forEach((out, i) => {
        if (isStoredOutput(out)) batch.del(coinKey(tx.txid, i));
      });
    }
    for (const s of undo.spent) batch.put(coinKey(s.outpoint.txid, s.outpoint.index), encodeCoin(s.coin));
    for (const p of undo.pegins) batch.del(withdrawKey(p.parentGenesisHash, p.prevout));
    if (this.txindex) for (const tx of block.transactions) batch.del(txindexKey(tx.txid));
    for (let i = this.extensions.length - 1; i >= 0; i--) {
      const ext = this.extensions[i]!;
      ext.disconnect(block, entry.height, batch, this.extensionContext(ext, entry.hash));
    }
    batch.del(undoKey(entry.hash));
    batch.put(TIP_KEY, parent.hash);
    await this.store.write(batch);
    this.active.pop();
  }

  /** Persists FAILED on `entry` and FAILED_CHILD on its descendants, then updates memory. */
  private async markFailed(entry: BlockIndexEntry): Promise<void> {
    const changes = new Map<BlockIndexEntry, number>([[entry, entry.status | BlockStatus.FAILED]]);
    for (const d of this.index.descendants(entry)) changes.set(d, d.status | BlockStatus.FAILED_CHILD);
    await this.writeStatuses(changes);
  }

  private async writeStatuses(changes: Map<BlockIndexEntry, number>): Promise<void> {
    const batch = new WriteBatch();
    for (const [e, status] of changes) if (status !== e.status) batch.put(indexKey(e.hash), e.encode(status));
    if (batch.isEmpty) return;
    await this.store.write(batch);
    for (const [e, status] of changes) e.status = status;
  }

  private requireEntry(hash: Uint8Array): BlockIndexEntry {
    const e = this.index.get(hash);
    if (e === undefined) throw new RangeError(`block ${toDisplayHex(hash)} not found`);
    return e;
  }

  private async invalidateBlockLocked(hash: Uint8Array): Promise<void> {
    const entry = this.requireEntry(hash);
    if (entry.height === 0) throw new RangeError('the genesis block cannot be invalidated');
    while (this.isInActiveChain(entry)) await this.disconnectTipLocked();
    await this.markFailed(entry);
    await this.activateBestChainLocked();
  }

  private async reconsiderBlockLocked(hash: Uint8Array): Promise<void> {
    const entry = this.requireEntry(hash);
    const changes = new Map<BlockIndexEntry, number>();
    for (const e of [entry, ...this.index.descendants(entry)]) changes.set(e, e.status & ~FAILED_MASK);
    for (let e = entry.parent; e !== undefined; e = e.parent) changes.set(e, e.status & ~FAILED_MASK);
    await this.writeStatuses(changes);
    await this.activateBestChainLocked();
  }

  private async reindexLocked(progress: ((p: ReindexProgress) => void) | undefined, keepFailures = false): Promise<void> {
    const clear = new WriteBatch();
    clear.put(META_REINDEXING, Uint8Array.of(keepFailures ? 1 : 0));
    for (const prefix of DERIVED) for (const [k] of this.store.range(CHAIN_LAYOUT.range(prefix))) clear.del(k);
    const statusOf = (e: BlockIndexEntry) => VALID_DATA | (keepFailures ? e.status & FAILED_MASK : 0);
    for (const e of this.index.entries()) clear.put(indexKey(e.hash), e.encode(statusOf(e)));
    clear.put(META_TXINDEX, Uint8Array.of(this.txindex ? 1 : 0));
    await this.store.write(clear);
    for (const e of this.index.entries()) {
      e.status = statusOf(e);
      e.order = e.sequence;
    }
    this.active.length = 0;
    await this.initGenesis(new WriteBatch());
    await this.activateBestChainLocked(progress);
    await this.store.write(new WriteBatch().del(META_REINDEXING));
  }

  // ---------------------------------------------------------------- read-only accessors (RPC)

  /** The undo record of a connected active-chain block: the coins it spent and its peg-in claims (none for genesis). */
  getBlockUndo(hash: Uint8Array): BlockUndo | undefined {
    const v = this.store.get(undoKey(hash));
    return v === undefined ? undefined : BlockUndo.decode(v);
  }

  /** The unspent outputs of `txid` in output order (what 0.14's per-transaction `CCoins` held). */
  unspentOutputsOf(txid: Uint8Array): { index: number; coin: Coin }[] {
    const out: { index: number; coin: Coin }[] = [];
    for (const [k, v] of this.store.range(CHAIN_LAYOUT.range('coin', hash32(txid)))) {
      out.push({ index: new DataView(k.buffer, k.byteOffset, k.byteLength).getUint32(33, false), coin: decodeCoin(v) });
    }
    return out;
  }

  /** Every unspent output in key order (txid bytes, then output index); read in one snapshot. */
  *unspentOutputs(): Generator<{ outpoint: OutPoint; coin: Coin }> {
    for (const [k, v] of this.store.range(CHAIN_LAYOUT.range('coin'))) {
      const index = new DataView(k.buffer, k.byteOffset, k.byteLength).getUint32(33, false);
      yield { outpoint: new OutPoint(k.slice(1, 33), index), coin: decodeCoin(v) };
    }
  }

  /**
   * `TestBlockValidity(block, tip, fCheckPOW=false, fCheckMerkleRoot=true)`: would `block` connect on
   * the current tip? Contextual header checks, CheckBlock without the block proof, contextual block
   * checks, then ConnectBlock on a throw-away view; nothing is stored. The caller holds the mutex
   * and has checked that the block extends the tip.
   */
  testBlockValidity(block: Block): Reject | null {
    const tip = this.tip;
    if (!bytesEqual(block.header.prevBlockHash, tip.hash)) throw new RangeError('testBlockValidity: the block does not extend the tip');
    const adjustedTime = this.opts.adjustedTime?.() ?? Math.floor(Date.now() / 1000);
    const ctx: HeaderContext = { prevHeight: tip.height, prevChallenge: tip.header.challenge, medianTimePast: tip.medianTimePast, adjustedTime };
    const failed =
      contextualCheckBlockHeader(block.header, ctx, this.opts.rules) ??
      checkBlock(block, { rules: this.opts.rules, secp: this.opts.secp, adjustedTime, checkProof: false }) ??
      contextualCheckBlock(block, ctx);
    if (failed) return failed;
    const dummy = new BlockIndexEntry(block.header, tip.height + 1, VALID_DATA, -1);
    dummy.parent = tip;
    const result = connectBlock(
      block,
      new StoredCoinView(this.store),
      { height: dummy.height, medianTimePast: tip.medianTimePast, medianTimePastAt: (h) => (dummy.ancestor(h) ?? dummy).medianTimePast },
      {
        rules: this.opts.rules,
        secp: this.opts.secp,
        verifier: this.opts.verifier,
        isWithdrawSpent: (g, prevout) => this.store.has(withdrawKey(g, prevout)),
        checkScripts: this.opts.checkScripts,
      },
    );
    return result instanceof Reject ? result : null;
  }
}
