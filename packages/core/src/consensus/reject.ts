/**
 * Consensus rejections: the original's `CValidationState` after a failed check, as a value.
 *
 * `reason` is the exact string the original node uses (`bad-txns-in-ne-out`, …; assets spec §8),
 * `code` its BIP61 reject code, `score` the misbehaviour (DoS) score Bitcoin Core 0.14 / Elements /
 * Ocean attach to it (`state.DoS(100, …)` → 100, `state.Invalid(…)` → 0). `corruptionPossible` is
 * Core's flag for failures that a corrupted (rather than invalid) block can produce — a node must
 * not mark such a block permanently invalid. `debug` is free text for logs (Core's debug message).
 */

export const REJECT_MALFORMED = 0x01;
export const REJECT_INVALID = 0x10;
export const REJECT_OBSOLETE = 0x11;
export const REJECT_DUPLICATE = 0x12;
export const REJECT_NONSTANDARD = 0x40;
export const REJECT_DUST = 0x41;
export const REJECT_INSUFFICIENTFEE = 0x42;
export const REJECT_CHECKPOINT = 0x43;
/** Ocean / Elements: peg-in witness problems. */
export const REJECT_PEGIN = 0x44;

export class Reject {
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly score: number,
    readonly debug?: string,
    readonly corruptionPossible = false,
  ) {}

  /** Same rejection with a (different) debug message. */
  withDebug(debug: string): Reject {
    return new Reject(this.code, this.reason, this.score, debug, this.corruptionPossible);
  }

  /** `reason (debug)` like Core's `FormatStateMessage`, plus the code. */
  toString(): string {
    return `${this.reason}${this.debug ? ` (${this.debug})` : ''} (code ${this.code})`;
  }
}

/** [code, score, corruptionPossible] of every fixed consensus reason. */
const TABLE = {
  // CheckTransaction
  'bad-txns-vin-empty': [REJECT_INVALID, 10, false],
  'bad-txns-vout-empty': [REJECT_INVALID, 10, false],
  'bad-txns-oversize': [REJECT_INVALID, 100, false],
  'bad-txns-vout-amount-invalid': [REJECT_INVALID, 100, false],
  'bad-txns-txouttotal-toolarge': [REJECT_INVALID, 100, false],
  'bad-txns-inputs-duplicate': [REJECT_INVALID, 100, false],
  'bad-cb-length': [REJECT_INVALID, 100, false],
  'bad-cb-fee': [REJECT_INVALID, 100, false],
  'bad-txns-prevout-null': [REJECT_INVALID, 10, false],
  // CheckTxInputs / VerifyAmounts / peg-in
  'bad-txns-inputs-missingorspent': [REJECT_INVALID, 100, false],
  'bad-txns-premature-spend-of-coinbase': [REJECT_INVALID, 0, false],
  'bad-txns-inputvalues-outofrange': [REJECT_INVALID, 100, false],
  'bad-txns-fee-outofrange': [REJECT_INVALID, 100, false],
  'bad-txns-in-ne-out': [REJECT_INVALID, 100, false],
  'bad-pegin-witness': [REJECT_PEGIN, 0, false],
  'bad-txns-double-withdraw': [REJECT_INVALID, 0, false],
  'bad-txns-double-withdraw-in-obj': [REJECT_INVALID, 0, false],
  // ConnectBlock
  'bad-txns-BIP30': [REJECT_INVALID, 100, false],
  /** 10 in ContextualCheckBlock (IsFinalTx); ConnectBlock's sequence-lock failure uses 100. */
  'bad-txns-nonfinal': [REJECT_INVALID, 10, false],
  'bad-blk-sigops': [REJECT_INVALID, 100, false],
  'bad-fee-outofrange': [REJECT_INVALID, 100, false],
  'bad-blockreward-outofrange': [REJECT_INVALID, 100, false],
  'bad-cb-amount': [REJECT_INVALID, 100, false],
  'bad-coinbase-txos': [REJECT_INVALID, 100, false],
  'block-validation-failed': [REJECT_INVALID, 100, false],
  // CheckBlockHeader / CheckBlock
  'block-proof-invalid': [REJECT_INVALID, 50, false],
  'time-too-new': [REJECT_INVALID, 0, false],
  'bad-txnmrklroot': [REJECT_INVALID, 100, true],
  'bad-txns-duplicate': [REJECT_INVALID, 100, true],
  'bad-blk-length': [REJECT_INVALID, 100, false],
  'bad-cb-missing': [REJECT_INVALID, 100, false],
  'bad-cb-multiple': [REJECT_INVALID, 100, false],
  // ContextualCheckBlockHeader
  'bad-diffbits': [REJECT_INVALID, 100, false],
  'time-too-old': [REJECT_INVALID, 0, false],
  'bad-header-height': [REJECT_INVALID, 0, false],
  'bad-prevblk': [REJECT_INVALID, 100, false],
  // ContextualCheckBlock
  'bad-cb-height': [REJECT_INVALID, 100, false],
  'bad-witness-nonce-size': [REJECT_INVALID, 100, true],
  'bad-witness-merkle-match': [REJECT_INVALID, 100, true],
  'unexpected-witness': [REJECT_INVALID, 100, true],
  'bad-blk-weight': [REJECT_INVALID, 100, false],
} as const satisfies Record<string, readonly [number, number, boolean]>;

export type RejectReason = keyof typeof TABLE;

/** All fixed reasons (the two formatted ones — script failures and `bad-version` — excluded). */
export const REJECT_REASONS: readonly RejectReason[] = Object.keys(TABLE) as RejectReason[];

/**
 * The rejection for a fixed `reason`, with the original's code and score (`score` overrides it for
 * the few reasons the original raises with different scores at different places).
 */
export function reject(reason: RejectReason, debug?: string, score?: number): Reject {
  const [code, tableScore, corruption] = TABLE[reason];
  return new Reject(code, reason, score ?? tableScore, debug, corruption);
}

/** The original's score for a fixed reason (tests / documentation). */
export function rejectScore(reason: RejectReason): number {
  return TABLE[reason][1];
}

/**
 * Exception form for callers that prefer to throw: carries the `Reject`. Consensus functions in
 * this module return rejects; they never throw them.
 */
export class RejectError extends Error {
  override readonly name = 'RejectError';
  constructor(readonly reject: Reject) {
    super(reject.toString());
  }
}

/** `mandatory-script-verify-flag-failed (<ScriptErrorString>)`: DoS 100. */
export function mandatoryScriptFailure(scriptErrorText: string, debug?: string): Reject {
  return new Reject(REJECT_INVALID, `mandatory-script-verify-flag-failed (${scriptErrorText})`, 100, debug);
}

/**
 * `non-mandatory-script-verify-flag (<ScriptErrorString>)`: the script fails only because of a
 * non-mandatory (standardness) flag — REJECT_NONSTANDARD, no DoS score (Core 0.14 `CheckInputs`).
 */
export function nonMandatoryScriptFailure(scriptErrorText: string, debug?: string): Reject {
  return new Reject(REJECT_NONSTANDARD, `non-mandatory-script-verify-flag (${scriptErrorText})`, 0, debug);
}

/** `bad-version(0x%08x)`: REJECT_OBSOLETE, no DoS score (`state.Invalid`). */
export function badVersion(version: number): Reject {
  const hex = (version >>> 0).toString(16).padStart(8, '0');
  return new Reject(REJECT_OBSOLETE, `bad-version(0x${hex})`, 0, `rejected nVersion=0x${hex} block`);
}
