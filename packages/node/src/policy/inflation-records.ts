/**
 * `-recordinflation` (ocean-policy.md §4.6): issuance records and the freeze history, kept in
 * memory from the blocks connected since start-up (not rebuilt at restart, never reverted).
 */
import { OutPoint, bytesEqual, issuanceIds, outpointKey, solver, TxoutType, type Transaction } from '@ocean-ts/core';
import { isAnyBurn, isNullKeyId } from './list-tx-predicates.js';

/** A new issuance: its entropy, asset and (unblinded) reissuance token, internal order. */
export interface IssuanceRecord {
  readonly entropy: Uint8Array;
  readonly asset: Uint8Array;
  readonly token: Uint8Array;
}

/** An output frozen by a redemption transaction. */
export interface FreezeRecord {
  readonly outpoint: OutPoint;
  /** Explicit asset (internal order). */
  readonly asset: Uint8Array;
  /** Explicit value. */
  readonly value: bigint;
  /** Height of the block that froze it. */
  readonly freezeHeight: number;
  /** Height of the block that spent it; 0 while unspent (or when spent by a burn). */
  spendHeight: number;
}

export class InflationRecords {
  readonly #issuances: IssuanceRecord[] = [];
  readonly #freezes: FreezeRecord[] = [];
  readonly #freezeByOutpoint = new Map<string, FreezeRecord>();

  /** Record what `tx`, in a block at `height`, issues, freezes and spends. */
  connectTransaction(tx: Transaction, height: number): void {
    const input0 = tx.inputs[0];
    if (!tx.isCoinbase && input0 !== undefined && input0.hasIssuance && !input0.issuance.isReissuance) {
      const ids = issuanceIds(input0)!;
      this.#issuances.push({ entropy: ids.entropy, asset: ids.asset, token: ids.token });
    }
    const p2pkh = tx.outputs.map((o) => {
      const s = solver(o.scriptPubKey);
      return s.ok && s.type === TxoutType.PUBKEYHASH ? s.solutions[0]! : undefined;
    });
    if (p2pkh.some((id) => id !== undefined && isNullKeyId(id))) {
      p2pkh.forEach((id, n) => {
        if (id === undefined || isNullKeyId(id)) return;
        const outpoint = new OutPoint(tx.txid, n);
        const k = outpointKey(outpoint);
        const out = tx.outputs[n]!;
        // A blinded output has no asset or value to record (the reference aborts on it).
        if (this.#freezeByOutpoint.has(k) || !out.asset.isExplicit || !out.value.isExplicit) return;
        const record: FreezeRecord = {
          outpoint,
          asset: out.asset.id,
          value: out.value.amount,
          freezeHeight: height,
          spendHeight: 0,
        };
        this.#freezes.push(record);
        this.#freezeByOutpoint.set(k, record);
      });
    }
    if (tx.isCoinbase || this.#freezes.length === 0) return;
    const burn = isAnyBurn(tx);
    for (const input of tx.inputs) {
      const record = this.#freezeByOutpoint.get(outpointKey(input.prevout));
      if (record !== undefined && !burn) record.spendHeight = height;
    }
  }

  /** The recorded new issuance of `asset`, if any (the first one recorded). */
  issuanceOf(asset: Uint8Array): IssuanceRecord | undefined {
    return this.#issuances.find((r) => bytesEqual(r.asset, asset));
  }

  get issuances(): readonly IssuanceRecord[] {
    return this.#issuances;
  }

  /** The freeze history in the order recorded. */
  get freezeHistory(): readonly Readonly<FreezeRecord>[] {
    return this.#freezes;
  }
}
