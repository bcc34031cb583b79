/**
 * The transaction memory pool: Core 0.14 `AcceptToMemoryPool` with Ocean's policy, replace-by-fee
 * (BIP125 rules 1-5), package limits, size limit with eviction and the rolling minimum fee, expiry,
 * orphans, block connection / reorg resurrection and the read APIs behind the mempool RPCs.
 * Time and randomness are injected; nothing here reads a clock.
 *
 * The checks live in acceptance.ts (up to the scripts), replacement.ts, package-limits.ts; removals
 * in size-limit.ts and reorg.ts; read views in queries.ts and consistency.ts. This class holds the
 * state and runs the scripts: inline (`accept`, `submit`), or on the `scriptVerifier`
 * (`acceptAsync`, `submitAsync`; docs/adr/0018-script-verification-threads.md).
 */
import { Reject, outpointKey, runScriptCheck, type OutPoint, type Transaction } from '@ocean-ts/core';
import { NO_POLICY_HOOKS, type PolicyHooks } from './chain-view.js';
import { evaluateAcceptance, type AcceptanceContext, type Evaluation } from './acceptance.js';
import { checkConsistency } from './consistency.js';
import type { MempoolEntry } from './mempool-entry.js';
import { formatReject, mempoolReject } from './mempool-reject.js';
import type { AcceptOptions, AcceptResult, MempoolDeps, MempoolEntryInfo, MempoolInfo, SubmitResult, TestAcceptResult } from './mempool-types.js';
import { MempoolView } from './mempool-view.js';
import { mempoolOptions, type MempoolOptions } from './options.js';
import { OrphanPool } from './orphan-pool.js';
import { PoolIndex } from './pool-index.js';
import { blockOrder, entryInfo } from './queries.js';
import { removeConflicts, removeForReorg, removeRecursive } from './reorg.js';
import { RollingMinFee } from './rolling-min-fee.js';
import { expireEntries, trimToSize } from './size-limit.js';

export type { AcceptOptions, AcceptResult, MempoolDeps, MempoolEntryInfo, MempoolInfo, SubmitResult, TestAcceptResult } from './mempool-types.js';

/** How often `acceptAsync` re-runs the checks when the pool changed while its scripts were verified. */
const ASYNC_ATTEMPTS = 3;

/**
 * Inputs from which a transaction's scripts go to the worker pool. Below this (and without
 * confidential proofs) the hand-off costs more than the checks: the chain lock is held while they
 * run, so a worker gives no parallelism for a single small transaction.
 */
export const OFFLOAD_MIN_INPUTS = 4;

/** Whether `tx` is worth `submitAsync` (its checks on the worker pool) rather than `submit`. */
export function worthOffloading(tx: Transaction): boolean {
  return tx.inputs.length >= OFFLOAD_MIN_INPUTS || tx.outputs.some((o) => !o.value.isExplicit);
}

export class Mempool {
  readonly options: MempoolOptions;
  readonly orphans: OrphanPool;
  private readonly index = new PoolIndex();
  private readonly deltas = new Map<string, bigint>();
  private readonly hooks: PolicyHooks;
  private readonly rollingFee: RollingMinFee;
  private readonly ctx: AcceptanceContext;
  /** Bumped by every change the acceptance checks depend on that is not in `index.version`. */
  private changes = 0;

  constructor(private readonly deps: MempoolDeps) {
    this.options = mempoolOptions(deps.options);
    this.hooks = deps.hooks ?? NO_POLICY_HOOKS;
    this.orphans = new OrphanPool(deps.rng ?? Math.random);
    this.rollingFee = new RollingMinFee(deps.clock(), this.options);
    this.ctx = { options: this.options, deps, hooks: this.hooks, index: this.index, deltas: this.deltas, minFeeRate: () => this.minFeeRate() };
  }

  // ---------------------------------------------------------------- acceptance

  /** `AcceptToMemoryPool` (scripts checked inline). */
  accept(tx: Transaction, opts: AcceptOptions = {}): AcceptResult {
    const ev = evaluateAcceptance(this.ctx, tx, opts);
    if (ev.kind === 'final') return ev.result;
    return this.finish(ev, runScriptCheck(ev.check, this.deps.secp, this.deps.verifier), opts);
  }

  /**
   * `accept`, with the scripts and confidential proofs checked on the `scriptVerifier` (the worker
   * pool) when there is one. The caller holds the chain lock; should the pool still change while
   * the checks run, they are redone (at last inline), so nothing is inserted on stale checks.
   */
  async acceptAsync(tx: Transaction, opts: AcceptOptions = {}): Promise<AcceptResult> {
    const sv = this.deps.scriptVerifier;
    if (sv === undefined) return this.accept(tx, opts);
    for (let attempt = 0; attempt < ASYNC_ATTEMPTS; attempt++) {
      const before = this.stateStamp();
      const ev = evaluateAcceptance(this.ctx, tx, { ...opts, deferAmounts: true });
      if (ev.kind === 'final') return ev.result;
      const failure = await sv.verify([ev.check]);
      if (this.stateStamp() === before) return this.finish(ev, failure, opts);
    }
    return this.accept(tx, opts);
  }

  /** `testmempoolaccept`: the pipeline up to policy §13 step 10, without changing anything. */
  testAccept(tx: Transaction, opts: AcceptOptions = {}): TestAcceptResult {
    const ev = evaluateAcceptance(this.ctx, tx, { ...opts, testOnly: true });
    if (ev.kind !== 'final') throw new Error(`testmempoolaccept reached the scripts of ${tx.txidHex}`);
    const res = ev.result;
    if (res.status === 'accepted') return { txid: res.txid, allowed: true };
    if (res.status === 'missing-inputs') return { txid: res.txid, allowed: false, 'reject-reason': 'missing-inputs' };
    return { txid: res.txid, allowed: false, 'reject-reason': formatReject(res.reject) };
  }

  /**
   * Accept `tx` the way a relayed transaction is handled: missing inputs make it an orphan;
   * on success, orphans waiting for its outputs are retried (recursively).
   */
  submit(tx: Transaction, opts: AcceptOptions = {}): SubmitResult {
    const now = this.deps.clock();
    const result = this.accept(tx, opts);
    const acceptedOrphans: string[] = [];
    if (!this.afterSubmit(tx, result, now)) return { result, acceptedOrphans };
    const work: Transaction[] = [tx];
    while (work.length > 0) {
      const parent = work.shift()!;
      for (const orphan of this.orphans.childrenOf(parent)) this.orphanResult(orphan, this.accept(orphan), acceptedOrphans, work);
    }
    return { result, acceptedOrphans };
  }

  /** `submit` with `acceptAsync` (for the transaction and the orphans it unlocks). */
  async submitAsync(tx: Transaction, opts: AcceptOptions = {}): Promise<SubmitResult> {
    const now = this.deps.clock();
    const result = await this.acceptAsync(tx, opts);
    const acceptedOrphans: string[] = [];
    if (!this.afterSubmit(tx, result, now)) return { result, acceptedOrphans };
    const work: Transaction[] = [tx];
    while (work.length > 0) {
      const parent = work.shift()!;
      for (const orphan of this.orphans.childrenOf(parent)) this.orphanResult(orphan, await this.acceptAsync(orphan), acceptedOrphans, work);
    }
    return { result, acceptedOrphans };
  }

  /** Orphan bookkeeping after the first acceptance; true when orphans should be retried. */
  private afterSubmit(tx: Transaction, result: AcceptResult, now: number): boolean {
    if (result.status === 'missing-inputs') {
      this.orphans.add(tx, now);
      this.orphans.limit(this.options.maxOrphanTx, now);
      return false;
    }
    return result.status === 'accepted';
  }

  private orphanResult(orphan: Transaction, r: AcceptResult, accepted: string[], work: Transaction[]): void {
    if (r.status === 'missing-inputs') return;
    this.orphans.erase(orphan.txidHex);
    if (r.status === 'accepted') {
      accepted.push(r.txid);
      work.push(orphan);
    }
  }

  /** The outcome of a deferred evaluation whose check gave `failure`: the reject, or the insertion. */
  private finish(ev: Extract<Evaluation, { kind: 'deferred' }>, failure: Reject | null, opts: AcceptOptions): AcceptResult {
    const txid = ev.check.tx.txidHex;
    if (failure !== null) return { status: 'rejected', txid, reject: failure };
    const next = ev.next;
    if (next instanceof Reject) return { status: 'rejected', txid, reject: next };
    this.index.remove(next.replaced);
    this.index.add(next.entry);
    if (!opts.bypassLimits) {
      this.limitSize();
      if (!this.index.entries.has(txid)) return { status: 'rejected', txid, reject: mempoolReject('mempool full') };
    }
    return { status: 'accepted', txid, replaced: [...next.replaced] };
  }

  /** Changes when the pool, the prioritisation deltas or the chain tip change. */
  private stateStamp(): string {
    const chain = this.deps.chain;
    return `${this.index.version}/${this.changes}/${chain.tipHeight()}/${chain.medianTimePast()}`;
  }

  // ---------------------------------------------------------------- size, expiry, fees

  /** `LimitMempoolSize`: expire old entries, then trim to `-maxmempool`. */
  limitSize(): void {
    this.expire(this.deps.clock() - this.options.expirySeconds);
    this.trimToSize(this.options.maxMempoolBytes);
  }

  /** `Expire`: remove entries (with descendants) that entered before `time`; returns the count. */
  expire(time: number): number {
    return expireEntries(this.index, time);
  }

  /** `TrimToSize`: evict the lowest descendant-score packages, raising the rolling minimum fee. */
  trimToSize(limit: number): string[] {
    return trimToSize(this.index, limit, this.options.incrementalRelayFee, (rate) => this.rollingFee.packageRemoved(rate));
  }

  /** `GetMinFee(-maxmempool)` in satoshis per kB (decays after blocks, half-life 12 h). */
  minFeeRate(): bigint {
    return this.rollingFee.current(this.deps.clock(), this.index.totalUsage);
  }

  /** `prioritisetransaction`: add `feeDelta` to the transaction's modified fee (now or later). */
  prioritiseTransaction(txid: string, feeDelta: bigint): void {
    this.deltas.set(txid, (this.deltas.get(txid) ?? 0n) + feeDelta);
    this.changes++;
    const e = this.index.get(txid);
    if (e === undefined) return;
    e.feeDelta += feeDelta;
    const affected = this.index.ancestorsOf(txid);
    for (const d of this.index.descendantsOf(txid)) affected.add(d);
    affected.add(txid);
    this.index.refresh(affected);
  }

  // ---------------------------------------------------------------- blocks and reorgs

  /** `removeForBlock`: drop the block's transactions and their conflicts; the fee may decay. */
  removeForBlock(txs: readonly Transaction[]): void {
    for (const tx of txs) {
      const id = tx.txidHex;
      if (this.index.entries.has(id)) this.index.remove([id]);
      removeConflicts(this.index, tx);
      this.deltas.delete(id);
    }
    this.changes++;
    this.orphans.eraseForBlock(txs);
    this.rollingFee.blockConnected(this.deps.clock());
  }

  /** Remove `txid` and everything spending its outputs (`removeRecursive`). */
  removeRecursive(tx: Transaction): void {
    removeRecursive(this.index, tx);
  }

  /**
   * After disconnecting blocks (the chain view already shows the new tip): re-add their
   * transactions without fee floors (`fLimitFree = false`), drop what cannot be re-added along
   * with its spenders, then `removeForReorg` (non-final, BIP68 or immature coinbase spends) and
   * limit the size. Returns the txids re-added. (Scripts are checked inline here.)
   */
  resurrect(disconnected: readonly Transaction[]): string[] {
    const added: string[] = [];
    for (const tx of disconnected) {
      if (tx.isCoinbase) continue;
      const r = this.accept(tx, { bypassLimits: true, allowHighFees: true });
      if (r.status === 'accepted') added.push(r.txid);
      else this.removeRecursive(tx);
    }
    removeForReorg(this.index, this.deps.chain);
    this.limitSize();
    return added.filter((id) => this.index.entries.has(id));
  }

  // ---------------------------------------------------------------- read APIs

  get size(): number {
    return this.index.entries.size;
  }

  has(txid: string): boolean {
    return this.index.entries.has(txid);
  }

  get(txid: string): MempoolEntry | undefined {
    return this.index.get(txid);
  }

  /** The pool transaction spending `outpoint`, if any. */
  spenderOf(outpoint: OutPoint): string | undefined {
    return this.index.spenders.get(outpointKey(outpoint));
  }

  /** Chain coins with pool outputs on top. */
  view(): MempoolView {
    return new MempoolView(this.deps.chain.coins(), (id) => this.index.get(id)?.tx);
  }

  info(): MempoolInfo {
    return {
      size: this.index.entries.size,
      bytes: this.index.totalSize,
      usage: this.index.totalUsage,
      maxmempool: this.options.maxMempoolBytes,
      mempoolminfee: this.minFeeRate(),
    };
  }

  /** `getrawmempool` (non-verbose). */
  txids(): string[] {
    return [...this.index.entries.keys()];
  }

  /** The verbose entry of `getrawmempool true` / `getmempoolentry`. */
  entryInfo(txid: string): MempoolEntryInfo | undefined {
    return entryInfo(this.index, txid);
  }

  /** `getrawmempool true`. */
  verbose(): Record<string, MempoolEntryInfo> {
    const out: Record<string, MempoolEntryInfo> = {};
    for (const id of this.index.entries.keys()) out[id] = this.entryInfo(id)!;
    return out;
  }

  /** `getmempoolancestors` (undefined when not in the pool). */
  ancestorsOf(txid: string): string[] | undefined {
    return this.index.entries.has(txid) ? [...this.index.ancestorsOf(txid)] : undefined;
  }

  /** `getmempooldescendants`. */
  descendantsOf(txid: string): string[] | undefined {
    return this.index.entries.has(txid) ? [...this.index.descendantsOf(txid)] : undefined;
  }

  /** Entries by ancestor score, each preceded by its not-yet-listed ancestors — a valid block order. */
  blockOrder(): MempoolEntry[] {
    return blockOrder(this.index);
  }

  /** Internal consistency (`CTxMemPool::check`); throws on failure. */
  checkConsistency(): void {
    checkConsistency(this.index);
  }
}
