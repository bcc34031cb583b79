import type { OutPoint, Transaction } from '@ocean-ts/core';
import type { AvailableCoin } from '../ledger/available-coins.js';
import type { UnblindedOutput } from '../ledger/ledger-types.js';

/** `CRecipient` with Elements' asset and confidentiality key. */
export interface SendRecipient {
  readonly scriptPubKey: Uint8Array;
  readonly amount: bigint;
  /** Asset id, internal order. */
  readonly asset: Uint8Array;
  /** The receiver's blinding public key (`confidentiality_key`): the output is blinded. */
  readonly blindingPubkey?: Uint8Array | undefined;
  readonly subtractFeeFromAmount: boolean;
}

/** Where a new issuance's outputs go (`issueasset`; amounts 0 mean "no output"). */
export interface NewIssuanceRequest {
  readonly kind: 'issue';
  readonly assetAmount: bigint;
  readonly tokenAmount: bigint;
  readonly assetScript: Uint8Array;
  readonly tokenScript: Uint8Array;
  readonly assetBlindingPubkey?: Uint8Array | undefined;
  readonly tokenBlindingPubkey?: Uint8Array | undefined;
  /** Blind the issuance amounts (`blind` argument). */
  readonly blind: boolean;
}

/** A reissuance (`reissueasset`): spends a token coin and returns it to `tokenScript`. */
export interface ReissuanceRequest {
  readonly kind: 'reissue';
  readonly asset: Uint8Array;
  readonly token: Uint8Array;
  readonly entropy: Uint8Array;
  readonly amount: bigint;
  readonly assetScript: Uint8Array;
  readonly tokenScript: Uint8Array;
  readonly assetBlindingPubkey?: Uint8Array | undefined;
  readonly tokenBlindingPubkey?: Uint8Array | undefined;
  /** Blind the reissued amount (the token is the confidential kind). */
  readonly blind: boolean;
}

export type IssuanceRequest = NewIssuanceRequest | ReissuanceRequest;

/** Coin control (`CCoinControl`) as CreateTransaction reads it. */
export interface SendCoinControl {
  /** Preset inputs. */
  readonly selected?: readonly OutPoint[];
  /** `fAllowOtherInputs` (default true). */
  readonly allowOtherInputs?: boolean;
  /** `fAllowWatchOnly`. */
  readonly allowWatchOnly?: boolean;
  /** `fOverrideFeeRate` + `nFeeRate` (satoshis per 1000 bytes). */
  readonly feeRatePerKb?: bigint;
  /** `destChange` per asset: a script for every asset, or a lookup by internal-order asset hex. */
  readonly changeScript?: Uint8Array | ((assetKey: string) => Uint8Array | undefined);
  /** Only the coins in `restrictTo` may be used (e.g. a later split transaction's share). */
  readonly restrictTo?: readonly AvailableCoin[];
}

/** A request to `WalletTxBuilder.create` (Elements' CreateTransaction arguments). */
export interface CreateTransactionRequest {
  readonly recipients: readonly SendRecipient[];
  /** The asset the fee is paid in (default: the chain's fee asset). */
  readonly feeAsset?: Uint8Array;
  /** `nChangePosInOut` requested for the fee-asset change (default −1: random). */
  readonly changePosition?: number;
  readonly coinControl?: SendCoinControl;
  readonly issuance?: IssuanceRequest;
  /** Leave a recipient unblinded rather than fail when it cannot be blinded (default true). */
  readonly ignoreBlindFail?: boolean;
  /** Blind outputs that carry a blinding key (default true; fundrawtransaction: false). */
  readonly blind?: boolean;
  /** Sign the inputs (default true). */
  readonly sign?: boolean;
}

/** What CreateTransaction made; the reserved change keys stay reserved until commit or release. */
export interface CreatedTransaction {
  readonly tx: Transaction;
  readonly fee: bigint;
  readonly feeAsset: Uint8Array;
  /** Position of the fee-asset change output, −1 when there is none. */
  readonly changePosition: number;
  /** Positions of every change output (any asset). */
  readonly changePositions: readonly number[];
  /** The wallet coins the inputs spend, in input order. */
  readonly coins: readonly AvailableCoin[];
  /** Blinding data of the outputs the wallet blinded (for the ledger). */
  readonly known: ReadonlyMap<number, UnblindedOutput>;
  /** Issuance ids when an issuance was made (`vin` = the input carrying it). */
  readonly issuance?: { readonly vin: number; readonly entropy: Uint8Array; readonly asset: Uint8Array; readonly token: Uint8Array };
  /** Keep the change keys (after the transaction is stored). */
  keepKeys(): Promise<void>;
  /** Return the change keys to the pool (the transaction is dropped). */
  releaseKeys(): void;
}

/** What `CommitTransaction` stores with the transaction (`mapValue`, `strFromAccount`). */
export interface CommitMetadata {
  readonly values?: ReadonlyArray<readonly [string, string]>;
  readonly fromAccount?: string;
}

/** The local node as the wallet commits to it. */
export interface SendNodePort {
  /** Active chain height (anti fee-sniping locktime, contract hash). */
  tipHeight(): number;
  /**
   * Offer the transaction to the local mempool; resolves with undefined when it was accepted (or
   * already there), else the reject text. Rejection is not an error for the wallet (0.14).
   */
  submit(tx: Transaction): Promise<string | undefined>;
  /** `mempool.TransactionWithinChainLimit(txid, limit)`. */
  withinChainLimit(txid: Uint8Array, limit: number): boolean;
  /** `-limitancestorcount` / `-limitdescendantcount`. */
  readonly ancestorLimit: number;
  readonly descendantLimit: number;
}
