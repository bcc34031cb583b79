/** The validation state block processing reported for the submitted block (`BlockChecked`). */
export interface CheckedState {
  readonly valid: boolean;
  /** `state.IsError()` (a system error, not a rule violation). */
  readonly error?: boolean;
  readonly rejectReason?: string;
}

/** What `submitblock` learnt while handling one block. */
export interface SubmitOutcome {
  /** Index status before processing: absent, fully validated, failed, or known without data (header only). */
  readonly known?: 'valid' | 'failed' | 'header-only';
  /** `ProcessNewBlock`'s return value (ignored when known as valid/failed: nothing is processed). */
  readonly accepted?: boolean;
  /** The state the validation callback caught for this hash, if it ran. */
  readonly checked?: CheckedState;
}

/** Thrown for `state.IsError()` (-25 RPC_VERIFY_ERROR with the reason). */
export class SubmitBlockError extends Error {}

/**
 * Core 0.14 `submitblock` after decoding: `duplicate` / `duplicate-invalid` for known blocks,
 * `duplicate-inconclusive` / `duplicate` for header-only ones, `inconclusive` when no validation
 * result was seen, else `BIP22ValidationResult`: null when valid, the reject reason, or `rejected`.
 */
export function submitBlockResult(o: SubmitOutcome): string | null {
  if (o.known === 'valid') return 'duplicate';
  if (o.known === 'failed') return 'duplicate-invalid';
  if (o.known === 'header-only') return o.accepted === true && o.checked === undefined ? 'duplicate-inconclusive' : 'duplicate';
  if (o.checked === undefined) return 'inconclusive';
  if (o.checked.valid) return null;
  const reason = o.checked.rejectReason ?? '';
  if (o.checked.error) throw new SubmitBlockError(reason);
  return reason === '' ? 'rejected' : reason;
}
