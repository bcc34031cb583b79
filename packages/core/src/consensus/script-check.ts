/**
 * Deferred per-transaction checks — Core 0.14's `CScriptCheck` / `CCheckQueue` and Elements'
 * deferred range-proof checks, as plain values.
 *
 * `connectBlock` (and the mempool) can hand the expensive part of each transaction's validation to
 * the caller instead of running it inline: the script checks of every input and, for transactions
 * with confidential fields, the Pedersen/range/surjection part of `VerifyAmounts`. The caller runs
 * the checks wherever it likes (worker threads in the node) and settles the outcome with
 * `settleDeferred`: the first failing check in block order wins, exactly as the sequential checks
 * would have reported it (docs/adr/0018-script-verification-threads.md).
 *
 * Pure: no threads, no I/O. `runScriptCheck` is what every executor (inline or worker) calls.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import { assert } from '../encoding/errors.js';
import type { ConfidentialVerifier } from './confidential-verifier.js';
import { verifyAmounts } from './amounts.js';
import { verifyInputScripts } from './input-scripts.js';
import { reject, type Reject } from './reject.js';

/** The deferred checks of one transaction. */
export interface ScriptCheck {
  /** Position of the transaction in its block (the order in which failures are reported). */
  readonly txIndex: number;
  readonly tx: Transaction;
  /** The output spent by each input (a peg-in's synthetic output included). */
  readonly spent: readonly TxOut[];
  /** Run the confidential `VerifyAmounts` first (failure: `bad-txns-in-ne-out`). */
  readonly amounts: boolean;
  /** Run the input scripts with `flags` (failure: `mandatory-script-verify-flag-failed (…)`). */
  readonly scripts: boolean;
  readonly flags: number;
  /** Mempool-style `non-mandatory-script-verify-flag` retry (see input-scripts.ts). */
  readonly nonMandatoryRetry: boolean;
}

/** Receives the checks `connectBlock` defers, in block order. */
export interface ScriptCheckSink {
  add(check: ScriptCheck): void;
}

/** A sink that keeps the checks in a list. */
export class ScriptCheckList implements ScriptCheckSink {
  readonly checks: ScriptCheck[] = [];

  add(check: ScriptCheck): void {
    this.checks.push(check);
  }

  get length(): number {
    return this.checks.length;
  }
}

/**
 * Run one deferred check: the amounts (if deferred), then every input's script, the way
 * `CheckTxInputs` + `CheckInputs` would have; returns the first failure or null. `verifier` is
 * needed when `check.amounts` is set.
 */
export function runScriptCheck(check: ScriptCheck, secp: Secp256k1, verifier?: ConfidentialVerifier): Reject | null {
  if (check.amounts) {
    assert(verifier !== undefined, 'a deferred amounts check needs a ConfidentialVerifier');
    if (!verifyAmounts(check.spent, check.tx, verifier)) return reject('bad-txns-in-ne-out', 'value in != value out');
  }
  if (check.scripts) {
    return verifyInputScripts(check.tx, check.spent, check.flags, secp, { nonMandatoryRetry: check.nonMandatoryRetry });
  }
  return null;
}

/** Run `checks` in order on this thread; the first failure or null. */
export function runScriptChecks(checks: readonly ScriptCheck[], secp: Secp256k1, verifier?: ConfidentialVerifier): Reject | null {
  for (const c of checks) {
    const r = runScriptCheck(c, secp, verifier);
    if (r !== null) return r;
  }
  return null;
}

/**
 * The outcome of a check run with deferred checks, once they have run. Every deferred check of a
 * block precedes (in the sequential order of `ConnectBlock`) any rule that `connectBlock` itself
 * reported, so a failed deferred check wins over both a provisional success and a provisional
 * rejection. `firstFailure` is the failure of the earliest failing check (by `txIndex`).
 */
export function settleDeferred<T>(provisional: T | Reject, firstFailure: Reject | null): T | Reject {
  return firstFailure ?? provisional;
}
