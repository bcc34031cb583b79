import type { Block, Transaction, TxOut } from '@ocean-ts/core';

/**
 * `isminetype` of Core 0.14 as the wallet key store reports it (same strings as the key store's
 * `IsMineType`, so its `isMine` plugs in directly): `spendable` (ISMINE_SPENDABLE), `watch-solvable`
 * (ISMINE_WATCH_SOLVABLE), `watch-unsolvable` (ISMINE_WATCH_UNSOLVABLE), `no`.
 */
export type LedgerIsMineType = 'spendable' | 'watch-solvable' | 'watch-unsolvable' | 'no';

/** Which outputs a script belongs to: the narrow view of the key store the ledger needs. */
export interface IsMine {
  isMine(scriptPubKey: Uint8Array): LedgerIsMineType;
}

/** `isminefilter` bits (Core 0.14 script/ismine.h). */
export const ISMINE_NO = 0;
export const ISMINE_WATCH_UNSOLVABLE = 1;
export const ISMINE_WATCH_SOLVABLE = 2;
export const ISMINE_WATCH_ONLY = ISMINE_WATCH_UNSOLVABLE | ISMINE_WATCH_SOLVABLE;
export const ISMINE_SPENDABLE = 4;
export const ISMINE_ALL = ISMINE_WATCH_ONLY | ISMINE_SPENDABLE;

export function isMineBits(t: LedgerIsMineType): number {
  switch (t) {
    case 'spendable':
      return ISMINE_SPENDABLE;
    case 'watch-solvable':
      return ISMINE_WATCH_SOLVABLE;
    case 'watch-unsolvable':
      return ISMINE_WATCH_UNSOLVABLE;
    case 'no':
      return ISMINE_NO;
  }
}

/** Value, asset and blinding factors of an output (zero blinders for explicit fields). */
export interface UnblindedOutput {
  readonly value: bigint;
  /** Asset id, internal byte order. */
  readonly asset: Uint8Array;
  readonly valueBlinder: Uint8Array;
  readonly assetBlinder: Uint8Array;
}

/** Opens confidential outputs with the wallet's blinding keys; `undefined` when it cannot. */
export interface Unblinder {
  unblind(txOut: TxOut, index: number, tx: Transaction): UnblindedOutput | undefined;
}

/** Why the mempool dropped a transaction (Core's `MemPoolRemovalReason`). */
export type MempoolRemovalReason = 'expiry' | 'sizelimit' | 'reorg' | 'block' | 'conflict' | 'replaced' | 'unknown';

/** A block that became part of the active chain (delivered in chain order). */
export interface ConnectedBlock {
  readonly block: Block;
  readonly height: number;
}

/** The tip block that left the active chain (delivered tip first). */
export interface DisconnectedBlock {
  readonly block: Block;
  readonly height: number;
}

/**
 * What the ledger follows (Core 0.14's `SyncTransaction` signals, split by cause). The chain and
 * mempool deliver these in the order the changes happen; each returns once the ledger's state for
 * it is durable. During a reorg: every disconnected block tip first, then the connected blocks
 * oldest first, then the mempool additions of resurrected transactions.
 */
export interface WalletChainListener {
  blockConnected(event: ConnectedBlock): Promise<void>;
  blockDisconnected(event: DisconnectedBlock): Promise<void>;
  transactionAddedToMempool(tx: Transaction): Promise<void>;
  transactionRemovedFromMempool(txid: Uint8Array, reason: MempoolRemovalReason): Promise<void>;
}

/** The active chain as a rescan / restart sync reads it. */
export interface LedgerChainSource {
  /** Height of the active tip, −1 when there is no chain. */
  readonly tipHeight: number;
  /** Hash of the active-chain block at `height`, or undefined above the tip. */
  blockHashAt(height: number): Uint8Array | undefined;
  /** The active-chain block at `height` (its data must be available). */
  blockAt(height: number): Block | undefined;
}

/**
 * The address book as `GetAmounts` / account balances need it: `IsChange` (ours and not in the
 * address book) and the account (label) a script's address belongs to, if it is in the book.
 */
export interface AddressBookView {
  isChange(scriptPubKey: Uint8Array): boolean;
  accountOf(scriptPubKey: Uint8Array): string | undefined;
}
