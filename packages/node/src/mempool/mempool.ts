/**
 * The transaction memory pool: Core 0.14 `AcceptToMemoryPoolWorker` (check order, reject reasons
 * and codes) with Ocean's policy (ocean-policy.md §11.3 and §13), replace-by-fee (BIP125 rules
 * 1-5), package limits, size limit with eviction and the rolling minimum fee, expiry, orphans,
 * block connection / reorg resurrection and the read APIs behind the mempool RPCs.
 * Time and randomness are injected; nothing here reads a clock.
 */
import {
  COINBASE_MATURITY,
  LOCKTIME_MEDIAN_TIME_PAST,
  LOCKTIME_VERIFY_SEQUENCE,
  OutPoint,
  Reject,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  calculateSequenceLocks,
  checkTransaction,
  checkTxInputsNoScripts,
  evaluateSequenceLocks,
  isFinalTx,
  isValidPeginWitness,
  transactionSigOpCost,
  verifyInputScripts,
  type Coin,
  type ConfidentialVerifier,
  type Secp256k1,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { NO_POLICY_HOOKS, type MempoolChainView, type PolicyHooks } from './chain-view.js';
import { compareRates, feeFor, feeRateOf, formatFeeRate, moneyString } from './fee-rate.js';
import { isAllBurn, isFeeExempt, isSplitOutputsSpam, mempoolFee } from './fee-policy.js';
import { MempoolEntry } from './mempool-entry.js';
import { formatReject, mempoolReject, policyReject, type MempoolRejectReason } from './mempool-reject.js';
import { MempoolView } from './mempool-view.js';
import {
  MAX_REPLACEMENT_CANDIDATES,
  MAX_STANDARD_TX_SIGOPS_COST,
  MEMPOOL_HEIGHT,
  ROLLING_FEE_HALFLIFE,
  mempoolOptions,
  type MempoolOptions,
} from './options.js';
import { OrphanPool } from './orphan-pool.js';
import { PoolIndex } from './pool-index.js';
import { areInputsStandard, isWitnessStandard, standardTxReason } from './standardness.js';

export interface MempoolDeps {
  readonly chain: MempoolChainView;
  readonly secp: Secp256k1;
  /** Current time in seconds. */
  readonly clock: () => number;
  /** Uniform [0, 1) (orphan eviction). */
  readonly rng?: () => number;
  readonly hooks?: PolicyHooks;
  readonly options?: Partial<MempoolOptions>;
  /** Needed only for confidential transactions. */
  readonly verifier?: ConfidentialVerifier;
}

export interface AcceptOptions {
  /** `allowhighfees`: skip the absurd-fee check. */
  readonly allowHighFees?: boolean;
  /** Re-adding a disconnected block's transaction (`fLimitFree = false`): no fee floors, no trim. */
  readonly bypassLimits?: boolean;
}

export type AcceptResult =
  | { readonly status: 'accepted'; readonly txid: string; readonly replaced: readonly string[] }
  | { readonly status: 'missing-inputs'; readonly txid: string }
  | { readonly status: 'rejected'; readonly txid: string; readonly reject: Reject };

/** `testmempoolaccept`'s result object. */
export interface TestAcceptResult {
  readonly txid: string;
  readonly allowed: boolean;
  readonly 'reject-reason'?: string;
}

/** `getmempoolinfo` (fees in satoshis; `mempoolminfee` per kB). */
export interface MempoolInfo {
  readonly size: number;
  readonly bytes: number;
  readonly usage: number;
  readonly maxmempool: number;
  readonly mempoolminfee: bigint;
}

/** A verbose `getrawmempool` / `getmempoolentry` entry (fees in satoshis). */
export interface MempoolEntryInfo {
  readonly size: number;
  readonly fee: bigint;
  readonly modifiedfee: bigint;
  readonly time: number;
  readonly height: number;
  readonly descendantcount: number;
  readonly descendantsize: number;
  readonly descendantfees: bigint;
  readonly ancestorcount: number;
  readonly ancestorsize: number;
  readonly ancestorfees: bigint;
  readonly depends: readonly string[];
}

/** Result of `submit` (accept with orphan handling). */
export interface SubmitResult {
  readonly result: AcceptResult;
  /** Orphans accepted because this transaction supplied their inputs (in order). */
  readonly acceptedOrphans: readonly string[];
}

type Stop = { readonly kind: 'stop'; readonly result: AcceptResult };

export class Mempool {
  readonly options: MempoolOptions;
  readonly orphans: OrphanPool;
  private readonly index = new PoolIndex();
  private readonly deltas = new Map<string, bigint>();
  private readonly hooks: PolicyHooks;
  private rollingMinFee = 0;
  private lastRollingFeeUpdate: number;
  private blockSinceLastRollingFeeBump = false;

  constructor(private readonly deps: MempoolDeps) {
    this.options = mempoolOptions(deps.options);
    this.hooks = deps.hooks ?? NO_POLICY_HOOKS;
    this.orphans = new OrphanPool(deps.rng ?? Math.random);
    this.lastRollingFeeUpdate = deps.clock();
  }

  // ---------------------------------------------------------------- acceptance

  /** `AcceptToMemoryPool`. */
  accept(tx: Transaction, opts: AcceptOptions = {}): AcceptResult {
    const r = this.check(tx, opts, false);
    return 'kind' in r ? r.result : r;
  }

  /** `testmempoolaccept`: the pipeline up to policy §13 step 10, without changing anything. */
  testAccept(tx: Transaction, opts: AcceptOptions = {}): TestAcceptResult {
    const r = this.check(tx, opts, true);
    const res = 'kind' in r ? r.result : r;
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
    if (result.status === 'missing-inputs') {
      this.orphans.add(tx, now);
      this.orphans.limit(this.options.maxOrphanTx, now);
      return { result, acceptedOrphans };
    }
    if (result.status !== 'accepted') return { result, acceptedOrphans };
    const work: Transaction[] = [tx];
    while (work.length > 0) {
      const parent = work.shift()!;
      for (const orphan of this.orphans.childrenOf(parent)) {
        const r = this.accept(orphan);
        if (r.status === 'missing-inputs') continue;
        this.orphans.erase(orphan.txidHex);
        if (r.status === 'accepted') {
          acceptedOrphans.push(r.txid);
          work.push(orphan);
        }
      }
    }
    return { result, acceptedOrphans };
  }

  private check(tx: Transaction, opts: AcceptOptions, testOnly: boolean): AcceptResult | Stop {
    const txid = tx.txidHex;
    const o = this.options;
    const chain = this.deps.chain;
    const stop = (reject: Reject): Stop => ({ kind: 'stop', result: { status: 'rejected', txid, reject } });
    const fail = (reason: MempoolRejectReason, debug?: string): Stop => stop(mempoolReject(reason, debug));

    // 1. Context-free checks.
    const bad = checkTransaction(tx);
    if (bad !== null) return stop(bad);
    if (tx.isCoinbase) return fail('coinbase');
    // `no-witness-yet` cannot happen: segwit is always active on Ocean chains.

    // 2. Standardness (only with -acceptnonstdtxn=0).
    if (o.requireStandard) {
      const reason = standardTxReason(tx, o);
      if (reason !== null) return fail(reason as MempoolRejectReason);
    }
    // 3-4. Whitelist (not for testmempoolaccept), contract in tx.
    if (!testOnly) {
      const w = this.hooks.checkWhitelist?.(tx) ?? null;
      if (w !== null) return stop(policyReject(w));
    }
    const c = this.hooks.checkContract?.(tx) ?? null;
    if (c !== null) return stop(policyReject(c));

    // 5. Finality, duplicates, conflicts, inputs.
    const tipHeight = chain.tipHeight();
    const mtp = chain.medianTimePast();
    if (!isFinalTx(tx, tipHeight + 1, mtp)) return fail('non-final');
    if (this.index.entries.has(txid)) return fail('txn-already-in-mempool');

    const conflicts = new Set<string>();
    for (const input of tx.inputs) {
      if (input.isPegin) continue;
      const spender = this.index.spenders.get(outKey(input.prevout));
      if (spender === undefined || conflicts.has(spender)) continue;
      const e = this.index.get(spender)!;
      if (!o.enableReplacement || !e.signalsRbf) return fail('txn-mempool-conflict');
      conflicts.add(spender);
    }

    const base = chain.coins();
    const view = new MempoolView(base, (id) => this.index.get(id)?.tx);
    const alreadyKnown = chain.haveTxOutputs
      ? chain.haveTxOutputs(tx.txid)
      : tx.outputs.some((_, i) => base.get(new OutPoint(tx.txid, i)) !== undefined);
    if (alreadyKnown) return fail('txn-already-known');

    const coins: (Coin | undefined)[] = [];
    for (const input of tx.inputs) {
      if (input.isPegin) {
        coins.push(undefined);
        continue;
      }
      const coin = chain.isDisabledOutput?.(input.prevout) ? undefined : view.get(input.prevout);
      coins.push(coin);
      if (coin !== undefined) continue;
      const parentTxid = input.prevout.txid;
      const parentKnown = view.inPool(hexOf(parentTxid)) || (chain.haveTxOutputs?.(parentTxid) ?? false);
      if (!parentKnown) return { kind: 'stop', result: { status: 'missing-inputs', txid } };
    }
    if (coins.some((coin, i) => coin === undefined && !tx.inputs[i]!.isPegin)) return fail('bad-txns-inputs-spent');

    for (let i = 0; i < tx.inputs.length; i++) {
      const input = tx.inputs[i]!;
      if (!input.isPegin) continue;
      const stack = tx.inWitness[i]!.peginWitness;
      if (!isValidPeginWitness(stack, input.prevout, chain, this.deps.secp)) return fail('pegin-no-witness');
      if (chain.isWithdrawSpent?.(stack[2]!, input.prevout)) return fail('pegin-already-claimed');
    }

    const prevHeights = coins.map((coin) => (coin === undefined || coin.height === MEMPOOL_HEIGHT ? tipHeight + 1 : coin.height));
    const lock = calculateSequenceLocks(tx, LOCKTIME_VERIFY_SEQUENCE | LOCKTIME_MEDIAN_TIME_PAST, prevHeights, (h) => chain.medianTimePastAt(h));
    if (!evaluateSequenceLocks(tipHeight + 1, mtp, lock)) return fail('non-BIP68-final');

    const spentOuts: (TxOut | undefined)[] = coins.map((coin) => coin?.out);
    if (o.requireStandard && !areInputsStandard(tx, spentOuts)) return fail('bad-txns-nonstandard-inputs');

    // 6-9. Ocean list policy and split-output spam.
    if (!testOnly) {
      const f = this.hooks.checkFreezelist?.(tx, view) ?? null;
      if (f !== null) return stop(policyReject(f));
      const b = this.hooks.checkBurnlist?.(tx, view) ?? null;
      if (b !== null) return stop(policyReject(b));
    }
    const iss = this.hooks.checkIssuance?.(tx) ?? null;
    if (iss !== null) return stop(policyReject(iss));
    if (o.fixedTxFee > 0n && !isAllBurn(tx) && isSplitOutputsSpam(tx, this.hooks)) return fail('split-outputs-spam');

    // 10. testmempoolaccept stops here.
    if (testOnly) return { status: 'accepted', txid, replaced: [] };

    // 11. Witness standardness, value balance, sigops, fees, package limits, RBF, scripts.
    if (o.requireStandard && tx.hasWitness && !isWitnessStandard(tx, spentOuts)) return fail('bad-witness-nonstandard');
    const checked = checkTxInputsNoScripts(tx, view, tipHeight + 1, {
      params: chain,
      secp: this.deps.secp,
      ...(this.deps.verifier ? { verifier: this.deps.verifier } : {}),
      ...(chain.isWithdrawSpent ? { isWithdrawSpent: (g: Uint8Array, p: OutPoint) => chain.isWithdrawSpent!(g, p) } : {}),
    });
    if (checked instanceof Reject) return stop(checked);

    const sigOpCost = transactionSigOpCost(tx, checked.spent, STANDARD_SCRIPT_VERIFY_FLAGS);
    if (sigOpCost > MAX_STANDARD_TX_SIGOPS_COST) return fail('bad-txns-too-many-sigops', `${sigOpCost}`);

    const fee = mempoolFee(tx);
    const vsize = tx.virtualSize(sigOpCost, o.bytesPerSigOp);
    const modFee = fee + (this.deltas.get(txid) ?? 0n);
    const spendsCoinbase = coins.some((coin) => coin?.isCoinbase === true);
    const exempt = isFeeExempt(tx, this.hooks, view, spendsCoinbase);
    if (o.fixedTxFee > 0n) {
      if (!exempt && fee !== o.fixedTxFee) return fail('incorrect transaction fee', `${fee} != ${o.fixedTxFee}`);
    } else if (!exempt && !opts.bypassLimits) {
      const mempoolRejectFee = feeFor(this.minFeeRate(), vsize);
      if (mempoolRejectFee > 0n && modFee < mempoolRejectFee) return fail('mempool min fee not met', `${fee} < ${mempoolRejectFee}`);
      const relayFee = feeFor(o.minRelayTxFee, vsize);
      if (modFee < relayFee) return fail('min relay fee not met', `${modFee} < ${relayFee}`);
    }
    if (!opts.allowHighFees && fee > o.maxTxFee) return fail('absurdly-high-fee', `${fee} > ${o.maxTxFee}`);

    const entry = new MempoolEntry(tx, fee, this.deps.clock(), tipHeight, spendsCoinbase, sigOpCost, vsize);
    entry.feeDelta = modFee - fee;
    const parents = new Set<string>();
    for (const input of tx.inputs) {
      const p = hexOf(input.prevout.txid);
      if (!input.isPegin && this.index.entries.has(p)) parents.add(p);
    }
    const anc = this.calculateAncestors(parents, vsize, !!opts.bypassLimits);
    if (typeof anc === 'string') return fail('too-long-mempool-chain', anc);
    for (const a of anc) {
      if (conflicts.has(a)) return fail('bad-txns-spends-conflicting-tx', `${txid} spends conflicting transaction ${a}`);
    }

    let allConflicting = new Set<string>();
    if (conflicts.size > 0) {
      const r = this.checkReplacement(tx, modFee, vsize, conflicts);
      if (r instanceof Reject) return stop(r);
      allConflicting = r;
    }

    const scriptFail = verifyInputScripts(tx, checked.spent, STANDARD_SCRIPT_VERIFY_FLAGS, this.deps.secp, { nonMandatoryRetry: true });
    if (scriptFail !== null) return stop(scriptFail);

    // Commit.
    this.index.remove(allConflicting);
    this.index.add(entry);
    if (!opts.bypassLimits) {
      this.limitSize();
      if (!this.index.entries.has(txid)) return fail('mempool full');
    }
    return { status: 'accepted', txid, replaced: [...allConflicting] };
  }

  /** `CalculateMemPoolAncestors` for a new entry: its ancestors, or the limit error text. */
  private calculateAncestors(parents: Set<string>, entrySize: number, noLimits: boolean): Set<string> | string {
    const o = noLimits
      ? { limitAncestorCount: Infinity, limitAncestorSize: Infinity, limitDescendantCount: Infinity, limitDescendantSize: Infinity }
      : this.options;
    if (parents.size + 1 > o.limitAncestorCount) return `too many unconfirmed parents [limit: ${o.limitAncestorCount}]`;
    const ancestors = new Set<string>();
    const staged = [...parents];
    let totalSize = entrySize;
    while (staged.length > 0) {
      const id = staged.pop()!;
      if (ancestors.has(id)) continue;
      const e = this.index.get(id)!;
      ancestors.add(id);
      totalSize += e.vsize;
      if (e.descendants.size + entrySize > o.limitDescendantSize) {
        return `exceeds descendant size limit for tx ${id} [limit: ${o.limitDescendantSize}]`;
      } else if (e.descendants.count + 1 > o.limitDescendantCount) {
        return `too many descendants for tx ${id} [limit: ${o.limitDescendantCount}]`;
      } else if (totalSize > o.limitAncestorSize) {
        return `exceeds ancestor size limit [limit: ${o.limitAncestorSize}]`;
      }
      for (const p of e.parents) if (!ancestors.has(p)) staged.push(p);
      if (ancestors.size + 1 > o.limitAncestorCount) return `too many unconfirmed ancestors [limit: ${o.limitAncestorCount}]`;
    }
    return ancestors;
  }

  /** BIP125 rules 2-5 (rule 1, signalling, was checked with the conflicts). */
  private checkReplacement(tx: Transaction, modFee: bigint, vsize: number, conflicts: Set<string>): Set<string> | Reject {
    const txid = tx.txidHex;
    const parentsOfConflicts = new Set<string>();
    let candidates = 0;
    for (const id of conflicts) {
      const e = this.index.get(id)!;
      if (compareRates(modFee, vsize, e.modifiedFee, e.vsize) <= 0) {
        return mempoolReject(
          'insufficient fee',
          `rejecting replacement ${txid}; new feerate ${formatFeeRate(feeRateOf(modFee, vsize))} <= old feerate ${formatFeeRate(feeRateOf(e.modifiedFee, e.vsize))}`,
        );
      }
      for (const input of e.tx.inputs) parentsOfConflicts.add(hexOf(input.prevout.txid));
      candidates += e.descendants.count;
    }
    if (candidates > MAX_REPLACEMENT_CANDIDATES) {
      return mempoolReject(
        'too many potential replacements',
        `rejecting replacement ${txid}; too many potential replacements (${candidates} > ${MAX_REPLACEMENT_CANDIDATES})`,
      );
    }
    const all = new Set<string>();
    for (const id of conflicts) for (const d of this.index.withDescendants(id)) all.add(d);
    let conflictingFees = 0n;
    for (const id of all) conflictingFees += this.index.get(id)!.modifiedFee;
    for (const input of tx.inputs) {
      const p = hexOf(input.prevout.txid);
      if (!parentsOfConflicts.has(p) && this.index.entries.has(p)) {
        return mempoolReject('replacement-adds-unconfirmed', `replacement ${txid} adds unconfirmed input, idx ${tx.inputs.indexOf(input)}`);
      }
    }
    if (modFee < conflictingFees) {
      return mempoolReject(
        'insufficient fee',
        `rejecting replacement ${txid}, less fees than conflicting txs; ${moneyString(modFee)} < ${moneyString(conflictingFees)}`,
      );
    }
    const delta = modFee - conflictingFees;
    const needed = feeFor(this.options.incrementalRelayFee, vsize);
    if (delta < needed) {
      return mempoolReject(
        'insufficient fee',
        `rejecting replacement ${txid}, not enough additional fees to relay; ${moneyString(delta)} < ${moneyString(needed)}`,
      );
    }
    return all;
  }

  // ---------------------------------------------------------------- size, expiry, fees

  /** `LimitMempoolSize`: expire old entries, then trim to `-maxmempool`. */
  limitSize(): void {
    this.expire(this.deps.clock() - this.options.expirySeconds);
    this.trimToSize(this.options.maxMempoolBytes);
  }

  /** `Expire`: remove entries (with descendants) that entered before `time`; returns the count. */
  expire(time: number): number {
    const stage = new Set<string>();
    for (const e of this.index.entries.values()) if (e.time < time) for (const d of this.index.withDescendants(e.txid)) stage.add(d);
    this.index.remove(stage);
    return stage.size;
  }

  /** `TrimToSize`: evict the lowest descendant-score packages, raising the rolling minimum fee. */
  trimToSize(limit: number): string[] {
    const evicted: string[] = [];
    while (this.index.entries.size > 0 && this.index.totalUsage > limit) {
      let worst: MempoolEntry | undefined;
      for (const e of this.index.entries.values()) if (worst === undefined || compareDescendantScore(e, worst) < 0) worst = e;
      const removedRate = feeRateOf(worst!.descendants.modFees, worst!.descendants.size) + this.options.incrementalRelayFee;
      this.trackPackageRemoved(removedRate);
      const stage = this.index.withDescendants(worst!.txid);
      this.index.remove(stage);
      evicted.push(...stage);
    }
    return evicted;
  }

  private trackPackageRemoved(rate: bigint): void {
    if (Number(rate) > this.rollingMinFee) {
      this.rollingMinFee = Number(rate);
      this.blockSinceLastRollingFeeBump = false;
    }
  }

  /** `GetMinFee(-maxmempool)` in satoshis per kB (decays after blocks, half-life 12 h). */
  minFeeRate(): bigint {
    if (!this.blockSinceLastRollingFeeBump || this.rollingMinFee === 0) return BigInt(Math.trunc(this.rollingMinFee));
    const now = this.deps.clock();
    if (now > this.lastRollingFeeUpdate + 10) {
      let halflife = ROLLING_FEE_HALFLIFE;
      const usage = this.index.totalUsage;
      if (usage < this.options.maxMempoolBytes / 4) halflife /= 4;
      else if (usage < this.options.maxMempoolBytes / 2) halflife /= 2;
      this.rollingMinFee = this.rollingMinFee / 2 ** ((now - this.lastRollingFeeUpdate) / halflife);
      this.lastRollingFeeUpdate = now;
      if (this.rollingMinFee < Number(this.options.incrementalRelayFee) / 2) {
        this.rollingMinFee = 0;
        return 0n;
      }
    }
    const r = BigInt(Math.trunc(this.rollingMinFee));
    return r > this.options.incrementalRelayFee ? r : this.options.incrementalRelayFee;
  }

  /** `prioritisetransaction`: add `feeDelta` to the transaction's modified fee (now or later). */
  prioritiseTransaction(txid: string, feeDelta: bigint): void {
    this.deltas.set(txid, (this.deltas.get(txid) ?? 0n) + feeDelta);
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
      this.removeConflicts(tx);
      this.deltas.delete(id);
    }
    this.orphans.eraseForBlock(txs);
    this.lastRollingFeeUpdate = this.deps.clock();
    this.blockSinceLastRollingFeeBump = true;
  }

  private removeConflicts(tx: Transaction): void {
    if (tx.isCoinbase) return;
    const id = tx.txidHex;
    for (const input of tx.inputs) {
      if (input.isPegin) continue;
      const spender = this.index.spenders.get(outKey(input.prevout));
      if (spender !== undefined && spender !== id) this.index.remove(this.index.withDescendants(spender));
    }
  }

  /** Remove `txid` and everything spending its outputs (`removeRecursive`). */
  removeRecursive(tx: Transaction): void {
    const stage = new Set<string>();
    if (this.index.entries.has(tx.txidHex)) for (const d of this.index.withDescendants(tx.txidHex)) stage.add(d);
    for (let i = 0; i < tx.outputs.length; i++) {
      const child = this.index.spenders.get(outKey(new OutPoint(tx.txid, i)));
      if (child !== undefined) for (const d of this.index.withDescendants(child)) stage.add(d);
    }
    this.index.remove(stage);
  }

  /**
   * After disconnecting blocks (the chain view already shows the new tip): re-add their
   * transactions without fee floors (`fLimitFree = false`), drop what cannot be re-added along
   * with its spenders, then `removeForReorg` (non-final, BIP68 or immature coinbase spends) and
   * limit the size. Returns the txids re-added.
   */
  resurrect(disconnected: readonly Transaction[]): string[] {
    const added: string[] = [];
    for (const tx of disconnected) {
      if (tx.isCoinbase) continue;
      const r = this.accept(tx, { bypassLimits: true, allowHighFees: true });
      if (r.status === 'accepted') added.push(r.txid);
      else this.removeRecursive(tx);
    }
    this.removeForReorg();
    this.limitSize();
    return added.filter((id) => this.index.entries.has(id));
  }

  /** `removeForReorg`: entries no longer final, BIP68-final, or spending immature coinbases. */
  private removeForReorg(): void {
    const chain = this.deps.chain;
    const tip = chain.tipHeight();
    const mtp = chain.medianTimePast();
    const base = chain.coins();
    const stage = new Set<string>();
    for (const e of this.index.entries.values()) {
      const tx = e.tx;
      let bad = !isFinalTx(tx, tip + 1, mtp);
      const heights: number[] = [];
      for (const input of tx.inputs) {
        if (input.isPegin) {
          heights.push(tip + 1);
          continue;
        }
        if (this.index.entries.has(hexOf(input.prevout.txid))) {
          heights.push(tip + 1);
          continue;
        }
        const coin = base.get(input.prevout);
        if (coin === undefined) {
          bad = true;
          heights.push(tip + 1);
          continue;
        }
        if (coin.isCoinbase && tip + 1 - coin.height < COINBASE_MATURITY) bad = true;
        heights.push(coin.height);
      }
      if (!bad) {
        const lock = calculateSequenceLocks(tx, LOCKTIME_VERIFY_SEQUENCE | LOCKTIME_MEDIAN_TIME_PAST, heights, (h) => chain.medianTimePastAt(h));
        bad = !evaluateSequenceLocks(tip + 1, mtp, lock);
      }
      if (bad) for (const d of this.index.withDescendants(e.txid)) stage.add(d);
    }
    this.index.remove(stage);
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
    return this.index.spenders.get(outKey(outpoint));
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
    const e = this.index.get(txid);
    if (e === undefined) return undefined;
    const depends = new Set<string>();
    for (const input of e.tx.inputs) {
      const p = hexOf(input.prevout.txid);
      if (this.index.entries.has(p)) depends.add(p);
    }
    return {
      size: e.vsize,
      fee: e.fee,
      modifiedfee: e.modifiedFee,
      time: e.time,
      height: e.height,
      descendantcount: e.descendants.count,
      descendantsize: e.descendants.size,
      descendantfees: e.descendants.modFees,
      ancestorcount: e.ancestors.count,
      ancestorsize: e.ancestors.size,
      ancestorfees: e.ancestors.modFees,
      depends: [...depends].sort(),
    };
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

  /**
   * Entries by ancestor score (`CompareTxMemPoolEntryByAncestorFee`: highest package fee rate
   * first, ties by txid), each preceded by its not-yet-listed ancestors — a valid block order.
   */
  blockOrder(): MempoolEntry[] {
    const sorted = [...this.index.entries.values()].sort((a, b) => {
      const c = compareRates(b.ancestors.modFees, b.ancestors.size, a.ancestors.modFees, a.ancestors.size);
      return c !== 0 ? c : a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0;
    });
    const done = new Set<string>();
    const out: MempoolEntry[] = [];
    const visit = (e: MempoolEntry): void => {
      if (done.has(e.txid)) return;
      done.add(e.txid);
      for (const p of [...e.parents].sort()) visit(this.index.get(p)!);
      out.push(e);
    };
    for (const e of sorted) visit(e);
    return out;
  }

  /**
   * Internal consistency (`CTxMemPool::check`): every input spent at most once, spender index and
   * links match the transactions, cached statistics equal a recomputation. Throws on failure.
   */
  checkConsistency(): void {
    const seen = new Map<string, string>();
    let size = 0;
    let usage = 0;
    for (const [id, e] of this.index.entries) {
      size += e.vsize;
      usage += e.usage;
      const parents = new Set<string>();
      for (const input of e.tx.inputs) {
        if (input.isPegin) continue;
        const k = outKey(input.prevout);
        if (seen.has(k)) throw new Error(`outpoint ${k} spent by ${seen.get(k)} and ${id}`);
        seen.set(k, id);
        if (this.index.spenders.get(k) !== id) throw new Error(`spender index wrong for ${k}`);
        const p = hexOf(input.prevout.txid);
        if (this.index.entries.has(p)) parents.add(p);
      }
      if (!sameSet(parents, e.parents)) throw new Error(`parents of ${id} wrong`);
      for (const p of parents) if (!this.index.get(p)!.children.has(id)) throw new Error(`child link ${p} -> ${id} missing`);
      for (const c of e.children) if (!this.index.get(c)?.parents.has(id)) throw new Error(`parent link ${c} -> ${id} missing`);
      const a = this.index.stats(id, this.index.ancestorsOf(id));
      const d = this.index.stats(id, this.index.descendantsOf(id));
      if (!sameStats(a, e.ancestors)) throw new Error(`ancestor stats of ${id} stale`);
      if (!sameStats(d, e.descendants)) throw new Error(`descendant stats of ${id} stale`);
    }
    if (seen.size !== this.index.spenders.size) throw new Error('spender index has extra outpoints');
    if (size !== this.index.totalSize || usage !== this.index.totalUsage) throw new Error('size totals wrong');
  }
}

function outKey(p: OutPoint): string {
  return `${hexInternal(p.txid)}:${p.index}`;
}

function hexInternal(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Display hex (reversed) of an internal-order txid. */
function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = b.length - 1; i >= 0; i--) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameStats(a: MempoolEntry['ancestors'], b: MempoolEntry['ancestors']): boolean {
  return a.count === b.count && a.size === b.size && a.modFees === b.modFees && a.sigOpCost === b.sigOpCost;
}

/** Descendant score: the higher of own and package fee rate; ascending = eviction order. */
function compareDescendantScore(a: MempoolEntry, b: MempoolEntry): number {
  const useA = compareRates(a.descendants.modFees, a.descendants.size, a.modifiedFee, a.vsize) > 0;
  const useB = compareRates(b.descendants.modFees, b.descendants.size, b.modifiedFee, b.vsize) > 0;
  const [fa, sa] = useA ? [a.descendants.modFees, a.descendants.size] : [a.modifiedFee, a.vsize];
  const [fb, sb] = useB ? [b.descendants.modFees, b.descendants.size] : [b.modifiedFee, b.vsize];
  const c = compareRates(fa, sa, fb, sb);
  if (c !== 0) return c;
  return a.time !== b.time ? b.time - a.time : a.txid < b.txid ? -1 : 1;
}
