/**
 * What the chain state and the mempool need to run deferred checks (`ScriptCheck`, core
 * script-check.ts): run them — anywhere — and report the first failure in order.
 */
import {
  ScriptCheckList,
  runScriptChecks,
  type ConfidentialVerifier,
  type Reject,
  type ScriptCheck,
  type ScriptCheckSink,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';

/** A batch fed one check at a time (e.g. by `connectBlock` as it goes), so work can start early. */
export interface ScriptCheckBatch extends ScriptCheckSink {
  /** No more checks: resolves like `ScriptVerifier.verify` on everything added, in add order. */
  finish(): Promise<Reject | null>;
  /** Drop the batch (its producer failed): queued work is discarded, nothing is reported. */
  abandon(): void;
}

export interface ScriptVerifier {
  /**
   * Run `checks` and resolve with the failure of the earliest failing one (in array order), or
   * null when all pass. Rejects (with an Error, not a `Reject`) when the checks could not be run —
   * e.g. a worker died — which says nothing about the validity of what was checked.
   */
  verify(checks: readonly ScriptCheck[]): Promise<Reject | null>;
  /** The streaming form of `verify` (optional: callers fall back to collecting the checks). */
  begin?(options?: BatchOptions): ScriptCheckBatch;
}

export interface BatchOptions {
  /**
   * Once `finish()` is called, the calling thread verifies checks the workers have not started,
   * from the end of the batch, while the workers go on from the front — Core's `CCheckQueue`,
   * whose master thread joins in `Wait()`. For a caller that has nothing else to do meanwhile
   * (block connection); it keeps the event loop busy for up to the batch's remaining work.
   */
  readonly callerHelps?: boolean;
}

/** Cost of one confidential `VerifyAmounts` output in input-script units (a range proof ≈ 40 ms in WASM). */
export const PROOF_COST = 500;

/**
 * Blocks whose checks cost less than this (input scripts; a confidential output counts
 * `PROOF_COST`) are verified inline: below it, the hand-off to a worker measured slower than
 * verifying on the calling thread (1,000-input blocks gain ≈ 25 %, 200 still gain, 50–100 lose).
 */
export const POOL_MIN_BLOCK_COST = 128;

/** The estimated cost of verifying `txs` (a block's transactions; the coinbase is not checked). */
export function transactionsCheckCost(txs: readonly Transaction[]): number {
  let cost = 0;
  for (const tx of txs) {
    if (tx.isCoinbase) continue;
    cost += tx.inputs.length;
    if (tx.outputs.some((o) => !o.value.isExplicit)) cost += PROOF_COST * (tx.outputs.length + 1);
  }
  return cost;
}

/** A batch for `sv`: its streaming form if it has one, else a list verified at `finish`. */
export function beginBatch(sv: ScriptVerifier, options?: BatchOptions): ScriptCheckBatch {
  if (sv.begin) return sv.begin(options);
  const list = new ScriptCheckList();
  return { add: (c) => list.add(c), finish: () => (list.length === 0 ? Promise.resolve(null) : sv.verify(list.checks)), abandon: () => {} };
}

/** Runs the checks on the calling thread (`-par` ≤ 1, tests, small batches). */
export class InlineScriptVerifier implements ScriptVerifier {
  constructor(
    private readonly secp: Secp256k1,
    private readonly verifier?: ConfidentialVerifier,
  ) {}

  verify(checks: readonly ScriptCheck[]): Promise<Reject | null> {
    try {
      return Promise.resolve(this.verifyNow(checks));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** The same, synchronously. */
  verifyNow(checks: readonly ScriptCheck[]): Reject | null {
    return runScriptChecks(checks, this.secp, this.verifier);
  }
}
