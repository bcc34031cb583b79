/**
 * The pure part of `ConnectBlock` (chain spec §7): everything that needs only a `CoinView` —
 * mandatory coinbase destination, BIP30, per-transaction inputs, BIP68 sequence locks, sigop
 * cost, `CheckTxInputs` with scripts, per-asset fee accumulation and `VerifyCoinbaseAmount`.
 * The base view is never modified: the block's effects are returned as a `CoinViewOverlay` for the
 * caller to commit.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { Block } from '../primitives/block.js';
import type { Transaction } from '../primitives/transaction.js';
import type { OutPoint } from '../primitives/outpoint.js';
import { OutPoint as OutPointClass } from '../primitives/outpoint.js';
import { moneyRange } from '../primitives/amount.js';
import { bytesEqual } from '../encoding/hex.js';
import { isUnspendable } from '../script/script.js';
import { BLOCK_SCRIPT_VERIFY_FLAGS } from '../script/flags.js';
import type { CoinView } from './coin-view.js';
import { CoinViewOverlay } from './coin-view.js';
import type { ConfidentialVerifier } from './confidential-verifier.js';
import type { ConsensusRules } from './consensus-rules.js';
import { addAmount, amountMapInMoneyRange, getFee, hasValidFee, type AmountMap } from './fees.js';
import { transactionSigOpCost } from './sigops.js';
import { MAX_BLOCK_SIGOPS_COST } from './limits.js';
import { calculateSequenceLocks, evaluateSequenceLocks, LOCKTIME_VERIFY_SEQUENCE } from './sequence-locks.js';
import {
  checkTxInputsFull,
  checkTxInputsNoScripts,
  peginClaimKey,
  resolveInputs,
  type CheckedInputs,
  type TxInputsOptions,
  type WithdrawSpentLookup,
} from './tx-inputs.js';
import type { ScriptCheckSink } from './script-check.js';
import { reject, type Reject } from './reject.js';

/** Where the block sits: its height and the median times of its ancestors. */
export interface ConnectContext {
  /** Height of the block being connected (parent height + 1). */
  readonly height: number;
  /** Median time past of the parent block (BIP68 time locks). */
  readonly medianTimePast: number;
  /** Median time past of the ancestor at `height` (for time-based sequence locks). */
  medianTimePastAt(height: number): number;
}

export interface ConnectBlockOptions {
  readonly rules: ConsensusRules;
  readonly secp: Secp256k1;
  /** Needed only for blocks with confidential transactions. */
  readonly verifier?: ConfidentialVerifier;
  /** Peg-in claims recorded by earlier blocks. */
  readonly isWithdrawSpent?: WithdrawSpentLookup;
  /** `-validatepegin`: the verdict on each well-formed peg-in witness (see `TxInputsOptions`). */
  readonly checkPegin?: TxInputsOptions['checkPegin'];
  /** Script flags (default: the block flags). */
  readonly scriptFlags?: number;
  /** Verify scripts (default true). */
  readonly checkScripts?: boolean;
  /**
   * Defer the expensive checks instead of running them: each non-coinbase transaction's input
   * scripts (unless `checkScripts` is false) and, with a `verifier`, the confidential part of its
   * `VerifyAmounts` go to this sink as one `ScriptCheck`, in block order. The returned result is
   * then provisional: the block's outcome is `settleDeferred(result, first failing check)` — the
   * same reject the inline checks give (script-check.ts).
   */
  readonly scriptChecks?: ScriptCheckSink;
}

export interface ConnectBlockResult {
  /** The base view with the block applied (spent coins removed, new coins added). */
  readonly view: CoinViewOverlay;
  /** Per-asset fees collected by the block. */
  readonly fees: AmountMap;
  /** Peg-in claims made by the block, to be recorded as "withdraw spent". */
  readonly pegins: readonly { readonly parentGenesisHash: Uint8Array; readonly prevout: OutPoint }[];
}

/** `ConnectBlock` checks. Returns the block's effects, or the first failed rule. */
export function connectBlock(block: Block, view: CoinView, ctx: ConnectContext, opts: ConnectBlockOptions): ConnectBlockResult | Reject {
  const overlay = new CoinViewOverlay(view);
  const fees: AmountMap = new Map();
  const pegins: { parentGenesisHash: Uint8Array; prevout: OutPoint }[] = [];

  // The genesis block is never validated: its outputs go straight into the UTXO set.
  if (bytesEqual(block.hash, opts.rules.genesisHash)) {
    block.transactions.forEach((tx, i) => overlay.addOutputs(tx, 0, i === 0));
    return { view: overlay, fees, pegins };
  }

  const txs = block.transactions;
  const coinbase = txs[0]!;
  const required = opts.rules.mandatoryCoinbaseAt(ctx.height);
  if (required.length > 0) {
    for (const out of coinbase.outputs) {
      const explicitZero = out.value.isExplicit && out.value.amount === 0n;
      if (!explicitZero && !bytesEqual(out.scriptPubKey, required)) {
        return reject('bad-coinbase-txos', "coinbase outputs didn't match required scriptPubKey");
      }
    }
  }

  // BIP30: no transaction may overwrite unspent outputs of an earlier one with the same txid.
  for (const tx of txs) {
    for (let j = 0; j < tx.outputs.length; j++) {
      if (view.get(new OutPointClass(tx.txid, j)) !== undefined) return reject('bad-txns-BIP30', 'tried to overwrite transaction');
    }
  }

  const flags = opts.scriptFlags ?? BLOCK_SCRIPT_VERIFY_FLAGS;
  const claimed = new Set<string>();
  const isWithdrawSpent: WithdrawSpentLookup = (g, prevout) =>
    claimed.has(peginClaimKey(g, prevout)) || (opts.isWithdrawSpent?.(g, prevout) ?? false);
  let sigOpsCost = 0;

  const inputOpts: TxInputsOptions = {
    params: opts.rules,
    secp: opts.secp,
    verifier: opts.verifier,
    isWithdrawSpent,
    ...(opts.checkPegin ? { checkPegin: opts.checkPegin } : {}),
    scriptFlags: flags,
    checkScripts: opts.checkScripts,
  };
  const sink = opts.scriptChecks;

  for (let txIndex = 0; txIndex < txs.length; txIndex++) {
    const tx = txs[txIndex]!;
    const spentOuts = tx.isCoinbase ? [] : resolveSpent(tx, overlay, opts.rules, ctx);
    if (!Array.isArray(spentOuts)) return spentOuts;

    sigOpsCost += transactionSigOpCost(tx, spentOuts, flags);
    if (sigOpsCost > MAX_BLOCK_SIGOPS_COST) return reject('bad-blk-sigops', 'too many sigops');

    if (!tx.isCoinbase) {
      let checked: CheckedInputs | Reject;
      if (sink === undefined) {
        checked = checkTxInputsFull(tx, overlay, ctx.height, inputOpts);
      } else {
        checked = checkTxInputsNoScripts(tx, overlay, ctx.height, { ...inputOpts, deferConfidentialAmounts: true });
        if (!('spent' in checked)) return checked;
        const amounts = checked.amountsDeferred === true;
        const scripts = opts.checkScripts !== false;
        if (amounts || scripts) sink.add({ txIndex, tx, spent: checked.spent, amounts, scripts, flags, nonMandatoryRetry: false });
      }
      if (!('spent' in checked)) return checked;
      if (!hasValidFee(tx)) return reject('bad-fee-outofrange');
      for (const [asset, v] of getFee(tx)) addAmount(fees, asset, v);
      if (!amountMapInMoneyRange(fees)) return reject('bad-blockreward-outofrange');
      for (const p of checked.pegins) {
        claimed.add(peginClaimKey(p.parentGenesisHash, p.prevout));
        pegins.push(p);
      }
    }
    overlay.applyTransaction(tx, ctx.height);
  }

  if (!verifyCoinbaseAmount(coinbase, fees)) return reject('bad-cb-amount', 'coinbase pays too much');
  return { view: overlay, fees, pegins };
}

/**
 * Inputs exist (peg-ins excepted) and BIP68 sequence locks hold; returns each input's spent output
 * (undefined for peg-ins, whose witness is only checked later by CheckTxInputs).
 */
function resolveSpent(tx: Transaction, view: CoinView, rules: ConsensusRules, ctx: ConnectContext) {
  const resolved = resolveInputs(tx, view, rules);
  if ('reject' in resolved) return resolved.reject;
  const prevHeights = resolved.coins.map((c) => c?.height ?? 0);
  const lock = calculateSequenceLocks(tx, LOCKTIME_VERIFY_SEQUENCE, prevHeights, (h) => ctx.medianTimePastAt(h));
  if (!evaluateSequenceLocks(ctx.height, ctx.medianTimePast, lock)) {
    return reject('bad-txns-nonfinal', 'contains a non-BIP68-final transaction', 100);
  }
  return resolved.coins.map((c) => c?.out);
}

/**
 * `VerifyCoinbaseAmount` (chain spec §7): explicit outputs only, in money range, zero only on an
 * unspendable script, and per asset no more than the fees collected. No subsidy.
 */
export function verifyCoinbaseAmount(coinbase: Transaction, fees: AmountMap): boolean {
  const remaining: AmountMap = new Map(fees);
  for (const out of coinbase.outputs) {
    if (!out.value.isExplicit || !out.asset.isExplicit) return false;
    const v = out.value.amount;
    if (!moneyRange(v) || (v === 0n && !isUnspendable(out.scriptPubKey))) return false;
    addAmount(remaining, out.asset.idHex, -v);
  }
  return amountMapInMoneyRange(remaining);
}
