/**
 * Why the wallet could not create or commit a transaction, with the JSON-RPC code the original
 * reports it under (Core 0.14 / Elements 0.14 `rpcwallet.cpp`). `CreateTransaction`'s own failure
 * texts (`strFailReason`) are `wallet` errors; the RPC layer may re-code them (sendmany: -6).
 */
export type WalletSendErrorKind =
  /** `CreateTransaction` / `FundTransaction` failed: `strFailReason`. */
  | 'create'
  /** The wallet is locked (`EnsureWalletIsUnlocked`, -13). */
  | 'locked'
  /** `CommitTransaction` could not store the transaction. */
  | 'commit';

export class WalletSendError extends Error {
  override readonly name = 'WalletSendError';

  constructor(
    readonly kind: WalletSendErrorKind,
    message: string,
    /** The fee of the last attempt (`nFeeRet`), for "requires a transaction fee of at least". */
    readonly feeRequired = 0n,
  ) {
    super(message);
  }
}

/** `strFailReason` texts of Core 0.14 / Elements 0.14 `CreateTransaction`. */
export const FAIL = Object.freeze({
  negative: 'Transaction amounts must not be negative',
  noRecipients: 'Transaction must have at least one recipient',
  tooSmallToPayFee: 'The transaction amount is too small to pay the fee',
  tooSmallAfterFee: 'The transaction amount is too small to send after the fee has been deducted',
  tooSmall: 'Transaction amount too small',
  insufficientFunds: 'Insufficient funds',
  keypoolRanOut: 'Keypool ran out, please call keypoolrefill first',
  changeIndex: 'Change index out of range',
  signing: 'Signing transaction failed',
  tooLarge: 'Transaction too large',
  feePolicy: 'Transaction too large for fee policy',
  longChain: 'Transaction has too long of a mempool chain',
  blind: 'Unable to blind the transaction properly. This should not happen.',
  locked: 'Error: Please enter the wallet passphrase with walletpassphrase first.',
});
