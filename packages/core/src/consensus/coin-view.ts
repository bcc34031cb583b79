/**
 * Unspent outputs as the consensus checks see them: a read-only `CoinView` (the node's UTXO set
 * or a test map) and `CoinViewOverlay`, which applies a block's transactions on top of a view
 * without touching it (spent coins hidden, new coins added) — what ConnectBlock needs so that a
 * transaction may spend an output created earlier in the same block.
 */
import type { OutPoint } from '../primitives/outpoint.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import { OutPoint as OutPointClass } from '../primitives/outpoint.js';
import { toHex } from '../encoding/hex.js';
import { isUnspendable } from '../script/script.js';
import { OP } from '../script/opcodes.js';

/** An unspent output with the height of the block that created it. */
export interface Coin {
  readonly out: TxOut;
  readonly height: number;
  readonly isCoinbase: boolean;
}

export interface CoinView {
  /** The unspent coin at `outpoint` (masked index), or undefined when missing or spent. */
  get(outpoint: OutPoint): Coin | undefined;
}

export function outpointKey(outpoint: OutPoint): string {
  return `${toHex(outpoint.txid)}:${outpoint.index}`;
}

/**
 * Does the output enter the UTXO set? Unspendable outputs (empty script — fee outputs —, OP_RETURN,
 * over-long scripts) do not, except register-address outputs (first byte OP_REGISTERADDRESS /
 * OP_DEREGISTERADDRESS), which are stored although they can never be spent.
 */
export function isStoredOutput(out: TxOut): boolean {
  const s = out.scriptPubKey;
  if (s.length > 0 && (s[0] === OP.OP_REGISTERADDRESS || s[0] === OP.OP_DEREGISTERADDRESS)) return true;
  return !isUnspendable(s);
}

/** A plain in-memory coin map (tests, genesis bootstrap). */
export class MemoryCoinView implements CoinView {
  private readonly coins = new Map<string, Coin>();

  get(outpoint: OutPoint): Coin | undefined {
    return this.coins.get(outpointKey(outpoint));
  }

  set(outpoint: OutPoint, coin: Coin): void {
    this.coins.set(outpointKey(outpoint), coin);
  }

  delete(outpoint: OutPoint): void {
    this.coins.delete(outpointKey(outpoint));
  }

  get size(): number {
    return this.coins.size;
  }

  /** Commit the effects collected in `overlay` (which must sit on this view). */
  applyOverlay(overlay: CoinViewOverlay): void {
    for (const k of overlay.spentKeys()) this.coins.delete(k);
    for (const [k, coin] of overlay.addedCoins()) this.coins.set(k, coin);
  }

  /** Add the stored outputs of `tx` created at `height`. */
  addTransaction(tx: Transaction, height: number, isCoinbase = tx.isCoinbase): void {
    tx.outputs.forEach((out, i) => {
      if (isStoredOutput(out)) this.set(new OutPointClass(tx.txid, i), { out, height, isCoinbase });
    });
  }

  /** `UpdateCoins`: spend the non-peg-in inputs of `tx`, then add its outputs. */
  applyTransaction(tx: Transaction, height: number): void {
    if (!tx.isCoinbase) for (const input of tx.inputs) if (!input.isPegin) this.delete(input.prevout);
    this.addTransaction(tx, height);
  }
}

/** A view of `base` with a block's effects applied on top (base untouched). */
export class CoinViewOverlay implements CoinView {
  private readonly added = new Map<string, Coin>();
  private readonly spent = new Set<string>();

  constructor(private readonly base: CoinView) {}

  get(outpoint: OutPoint): Coin | undefined {
    const k = outpointKey(outpoint);
    if (this.spent.has(k)) return undefined;
    return this.added.get(k) ?? this.base.get(outpoint);
  }

  /** `UpdateCoins` for one transaction: spend its (non-peg-in) inputs, add its stored outputs. */
  applyTransaction(tx: Transaction, height: number): void {
    if (!tx.isCoinbase) {
      for (const input of tx.inputs) {
        if (input.isPegin) continue;
        const k = outpointKey(input.prevout);
        if (this.added.delete(k)) continue;
        this.spent.add(k);
      }
    }
    this.addOutputs(tx, height, tx.isCoinbase);
  }

  /** Add the stored outputs of `tx` (genesis transactions: without spending anything). */
  addOutputs(tx: Transaction, height: number, isCoinbase: boolean): void {
    tx.outputs.forEach((out, i) => {
      if (!isStoredOutput(out)) return;
      const k = `${toHex(tx.txid)}:${i}`;
      this.spent.delete(k);
      this.added.set(k, { out, height, isCoinbase });
    });
  }

  /** Outpoints of `base` spent by the applied transactions (keys `txidhex(internal):n`). */
  spentKeys(): ReadonlySet<string> {
    return this.spent;
  }

  /** Coins created by the applied transactions and still unspent. */
  addedCoins(): ReadonlyMap<string, Coin> {
    return this.added;
  }
}
