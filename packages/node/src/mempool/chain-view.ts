/**
 * What the mempool needs from the chain, as a narrow injected interface (the chain-state engine
 * implements it; tests use an in-memory fake). All values describe the current tip.
 */
import type { CoinView, OutPoint, PeginCheck, Transaction } from '@ocean-ts/core';

export interface MempoolChainView {
  /** Height of the active tip (the next block has height `tipHeight() + 1`). */
  tipHeight(): number;
  /** Median time past of the tip. */
  medianTimePast(): number;
  /** Median time past of the active-chain block at `height` (BIP68 time locks). */
  medianTimePastAt(height: number): number;
  /** The confirmed UTXO set at the tip. */
  coins(): CoinView;
  /**
   * Core 0.14 `HaveCoins(txid)`: does the UTXO set hold any unspent output of `txid`? Used to tell
   * `missing-inputs` from `bad-txns-inputs-spent` and for `txn-already-known`. When absent, only
   * the outpoints themselves are looked at (a spent outpoint then reads as a missing input).
   */
  haveTxOutputs?(txid: Uint8Array): boolean;
  /** Pegged asset (peg-in claims) and the parent chain's genesis hash, internal byte order. */
  readonly peggedAsset: Uint8Array;
  readonly parentGenesisBlockHash: Uint8Array;
  /** Has this peg-in claim been made on chain? (default: never) */
  isWithdrawSpent?(parentGenesisHash: Uint8Array, prevout: OutPoint): boolean;
  /**
   * `-validatepegin`: the verdict on a well-formed peg-in witness, read synchronously from what the
   * node fetched from geth before the acceptance ran (default: not asked; docs/adr/0033).
   */
  readonly checkPegin?: PeginCheck;
  /** `-disabledoutput` (default: none). */
  isDisabledOutput?(outpoint: OutPoint): boolean;
}

/**
 * Ocean's list-based mempool policy (whitelist, freezelist, burnlist, issuance blocking, policy
 * assets, redemptions): each hook returns a rejection reason (`null` = pass). Hooks marked
 * "skipped by testAccept" are not called by `testmempoolaccept`, as in the reference.
 */
export interface PolicyHooks {
  /** `-pkhwhitelist` (skipped by testAccept): e.g. `non-whitelisted-address`. */
  checkWhitelist?(tx: Transaction): string | null;
  /** `-contractintx`: e.g. `contract-missing`. */
  checkContract?(tx: Transaction): string | null;
  /** `-freezelist` / redemption rules (skipped by testAccept). */
  checkFreezelist?(tx: Transaction, coins: CoinView): string | null;
  /** `-burnlist` (skipped by testAccept). */
  checkBurnlist?(tx: Transaction, coins: CoinView): string | null;
  /** `-issuanceblock`: e.g. `fblockissuancetx-…` (`coins`: the pool's view, for input 0's spent output). */
  checkIssuance?(tx: Transaction, coins: CoinView): string | null;
  /** Is this explicit asset id (internal order) a policy asset? (exempts from fee rules) */
  isPolicyAsset?(assetId: Uint8Array): boolean;
  /** Is this a redemption (freeze) transaction? (exempts from fee rules) */
  isRedemption?(tx: Transaction, coins: CoinView): boolean;
}

/** No list-based policy at all (every Ocean feature switch off: the default node). */
export const NO_POLICY_HOOKS: PolicyHooks = Object.freeze({});
