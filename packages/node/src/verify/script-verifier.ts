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
  begin?(): ScriptCheckBatch;
}

/** A batch for `sv`: its streaming form if it has one, else a list verified at `finish`. */
export function beginBatch(sv: ScriptVerifier): ScriptCheckBatch {
  if (sv.begin) return sv.begin();
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
