/**
 * The acceptance checks of Core 0.14's `AcceptToMemoryPoolWorker` (check order, reject reasons and
 * codes) with Ocean's policy (ocean-policy.md §11.3 and §13), up to — not including — the script
 * checks and the insertion. What is left is returned as a `ScriptCheck` (core script-check.ts) plus
 * what follows if it passes, so that the caller can run the scripts inline or on the worker pool.
 */
import {
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
  outpointKey,
  toDisplayHex,
  transactionSigOpCost,
  type Coin,
  type ScriptCheck,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import type { PolicyHooks } from './chain-view.js';
import { feeFor } from './fee-rate.js';
import { isAllBurn, isFeeExempt, isSplitOutputsSpam, mempoolFee } from './fee-policy.js';
import { MempoolEntry } from './mempool-entry.js';
import { mempoolReject, policyReject, type MempoolRejectReason } from './mempool-reject.js';
import type { AcceptOptions, AcceptResult, MempoolDeps } from './mempool-types.js';
import { MempoolView } from './mempool-view.js';
import { MAX_STANDARD_TX_SIGOPS_COST, MEMPOOL_HEIGHT, type MempoolOptions } from './options.js';
import { calculateAncestors } from './package-limits.js';
import type { PoolIndex } from './pool-index.js';
import { checkReplacement } from './replacement.js';
import { areInputsStandard, isWitnessStandard, standardTxReason } from './standardness.js';

/** What the checks read: the pool's state and settings. */
export interface AcceptanceContext {
  readonly options: MempoolOptions;
  readonly deps: MempoolDeps;
  readonly hooks: PolicyHooks;
  readonly index: PoolIndex;
  /** `prioritisetransaction` deltas by txid. */
  readonly deltas: ReadonlyMap<string, bigint>;
  /** The rolling minimum fee rate now (satoshis per kB). */
  minFeeRate(): bigint;
}

/** A transaction that passed every check but its scripts: what to insert. */
export interface Admission {
  readonly entry: MempoolEntry;
  /** The pool entries it replaces (BIP125 conflicts with their descendants). */
  readonly replaced: ReadonlySet<string>;
}

/**
 * Where the checks stopped: a final answer, or a deferred `check` followed by `next` — the
 * admission, or a rule that failed after it. If the check fails, its failure is the answer (it
 * comes first in the sequential order); otherwise `next` is.
 */
export type Evaluation =
  | { readonly kind: 'final'; readonly result: AcceptResult }
  | { readonly kind: 'deferred'; readonly check: ScriptCheck; readonly next: Admission | Reject };

export interface EvaluateOptions extends AcceptOptions {
  /** `testmempoolaccept`: stop after policy §13 step 10, skip the whitelist/freezelist/burnlist hooks. */
  readonly testOnly?: boolean;
  /** Leave the confidential part of `VerifyAmounts` to the deferred check as well. */
  readonly deferAmounts?: boolean;
}

/** Run the acceptance checks on `tx` against the pool and the chain view in `ctx`. Changes nothing. */
export function evaluateAcceptance(ctx: AcceptanceContext, tx: Transaction, opts: EvaluateOptions = {}): Evaluation {
  const txid = tx.txidHex;
  const o = ctx.options;
  const chain = ctx.deps.chain;
  const testOnly = opts.testOnly === true;
  const stop = (reject: Reject): Evaluation => ({ kind: 'final', result: { status: 'rejected', txid, reject } });
  const fail = (reason: MempoolRejectReason, debug?: string): Evaluation => stop(mempoolReject(reason, debug));

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
    const w = ctx.hooks.checkWhitelist?.(tx) ?? null;
    if (w !== null) return stop(policyReject(w));
  }
  const c = ctx.hooks.checkContract?.(tx) ?? null;
  if (c !== null) return stop(policyReject(c));

  // 5. Finality, duplicates, conflicts, inputs.
  const tipHeight = chain.tipHeight();
  const mtp = chain.medianTimePast();
  if (!isFinalTx(tx, tipHeight + 1, mtp)) return fail('non-final');
  if (ctx.index.entries.has(txid)) return fail('txn-already-in-mempool');

  const conflicts = new Set<string>();
  for (const input of tx.inputs) {
    if (input.isPegin) continue;
    const spender = ctx.index.spenders.get(outpointKey(input.prevout));
    if (spender === undefined || conflicts.has(spender)) continue;
    const e = ctx.index.get(spender)!;
    if (!o.enableReplacement || !e.signalsRbf) return fail('txn-mempool-conflict');
    conflicts.add(spender);
  }

  const base = chain.coins();
  const view = new MempoolView(base, (id) => ctx.index.get(id)?.tx);
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
    const parentKnown = view.inPool(toDisplayHex(parentTxid)) || (chain.haveTxOutputs?.(parentTxid) ?? false);
    if (!parentKnown) return { kind: 'final', result: { status: 'missing-inputs', txid } };
  }
  if (coins.some((coin, i) => coin === undefined && !tx.inputs[i]!.isPegin)) return fail('bad-txns-inputs-spent');

  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    if (!input.isPegin) continue;
    const stack = tx.inWitness[i]!.peginWitness;
    if (!isValidPeginWitness(stack, input.prevout, chain, ctx.deps.secp, chain.checkPegin)) return fail('pegin-no-witness');
    if (chain.isWithdrawSpent?.(stack[2]!, input.prevout)) return fail('pegin-already-claimed');
  }

  const prevHeights = coins.map((coin) => (coin === undefined || coin.height === MEMPOOL_HEIGHT ? tipHeight + 1 : coin.height));
  const lock = calculateSequenceLocks(tx, LOCKTIME_VERIFY_SEQUENCE | LOCKTIME_MEDIAN_TIME_PAST, prevHeights, (h) => chain.medianTimePastAt(h));
  if (!evaluateSequenceLocks(tipHeight + 1, mtp, lock)) return fail('non-BIP68-final');

  const spentOuts: (TxOut | undefined)[] = coins.map((coin) => coin?.out);
  if (o.requireStandard && !areInputsStandard(tx, spentOuts)) return fail('bad-txns-nonstandard-inputs');

  // 6-9. Ocean list policy and split-output spam.
  if (!testOnly) {
    const f = ctx.hooks.checkFreezelist?.(tx, view) ?? null;
    if (f !== null) return stop(policyReject(f));
    const b = ctx.hooks.checkBurnlist?.(tx, view) ?? null;
    if (b !== null) return stop(policyReject(b));
  }
  const iss = ctx.hooks.checkIssuance?.(tx, view) ?? null;
  if (iss !== null) return stop(policyReject(iss));
  if (o.fixedTxFee > 0n && !isAllBurn(tx) && isSplitOutputsSpam(tx, ctx.hooks)) return fail('split-outputs-spam');

  // 10. testmempoolaccept stops here.
  if (testOnly) return { kind: 'final', result: { status: 'accepted', txid, replaced: [] } };

  // 11. Witness standardness, value balance, sigops, fees, package limits, RBF, scripts.
  if (o.requireStandard && tx.hasWitness && !isWitnessStandard(tx, spentOuts)) return fail('bad-witness-nonstandard');
  const checked = checkTxInputsNoScripts(tx, view, tipHeight + 1, {
    params: chain,
    secp: ctx.deps.secp,
    ...(ctx.deps.verifier ? { verifier: ctx.deps.verifier } : {}),
    ...(chain.isWithdrawSpent ? { isWithdrawSpent: (g: Uint8Array, p: OutPoint) => chain.isWithdrawSpent!(g, p) } : {}),
    ...(chain.checkPegin ? { checkPegin: chain.checkPegin } : {}),
    deferConfidentialAmounts: opts.deferAmounts === true,
  });
  if (checked instanceof Reject) return stop(checked);

  // From here on a failing rule is reported only if the deferred amounts check (which comes first
  // in Core's order) passes; the scripts come last and are not reached at all.
  const amounts = checked.amountsDeferred === true;
  const check: ScriptCheck = {
    txIndex: 0,
    tx,
    spent: checked.spent,
    amounts,
    scripts: true,
    flags: STANDARD_SCRIPT_VERIFY_FLAGS,
    nonMandatoryRetry: true,
  };
  const later = (reject: Reject): Evaluation => (amounts ? { kind: 'deferred', check: { ...check, scripts: false }, next: reject } : stop(reject));
  const laterFail = (reason: MempoolRejectReason, debug?: string): Evaluation => later(mempoolReject(reason, debug));

  const sigOpCost = transactionSigOpCost(tx, checked.spent, STANDARD_SCRIPT_VERIFY_FLAGS);
  if (sigOpCost > MAX_STANDARD_TX_SIGOPS_COST) return laterFail('bad-txns-too-many-sigops', `${sigOpCost}`);

  const fee = mempoolFee(tx);
  const vsize = tx.virtualSize(sigOpCost, o.bytesPerSigOp);
  const modFee = fee + (ctx.deltas.get(txid) ?? 0n);
  const spendsCoinbase = coins.some((coin) => coin?.isCoinbase === true);
  const exempt = isFeeExempt(tx, ctx.hooks, view, spendsCoinbase);
  if (o.fixedTxFee > 0n) {
    if (!exempt && fee !== o.fixedTxFee) return laterFail('incorrect transaction fee', `${fee} != ${o.fixedTxFee}`);
  } else if (!exempt && !opts.bypassLimits) {
    const mempoolRejectFee = feeFor(ctx.minFeeRate(), vsize);
    if (mempoolRejectFee > 0n && modFee < mempoolRejectFee) return laterFail('mempool min fee not met', `${fee} < ${mempoolRejectFee}`);
    const relayFee = feeFor(o.minRelayTxFee, vsize);
    if (modFee < relayFee) return laterFail('min relay fee not met', `${modFee} < ${relayFee}`);
  }
  if (!opts.allowHighFees && fee > o.maxTxFee) return laterFail('absurdly-high-fee', `${fee} > ${o.maxTxFee}`);

  const entry = new MempoolEntry(tx, fee, ctx.deps.clock(), tipHeight, spendsCoinbase, sigOpCost, vsize);
  entry.feeDelta = modFee - fee;
  const parents = new Set<string>();
  for (const input of tx.inputs) {
    const p = toDisplayHex(input.prevout.txid);
    if (!input.isPegin && ctx.index.entries.has(p)) parents.add(p);
  }
  const anc = calculateAncestors(ctx.index, parents, vsize, o, !!opts.bypassLimits);
  if (typeof anc === 'string') return laterFail('too-long-mempool-chain', anc);
  for (const a of anc) {
    if (conflicts.has(a)) return laterFail('bad-txns-spends-conflicting-tx', `${txid} spends conflicting transaction ${a}`);
  }

  let replaced: ReadonlySet<string> = new Set<string>();
  if (conflicts.size > 0) {
    const r = checkReplacement(ctx.index, tx, modFee, vsize, conflicts, o.incrementalRelayFee);
    if (r instanceof Reject) return later(r);
    replaced = r;
  }
  return { kind: 'deferred', check, next: { entry, replaced } };
}
