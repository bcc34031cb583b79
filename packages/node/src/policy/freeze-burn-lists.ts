/**
 * The freezelist and burnlist (ocean-policy.md §4): two in-memory key-id sets, edited by the RPCs,
 * updated from connected blocks (§4.2, with `-freezelist` / `-burnlist`) and rebuilt from the UTXO
 * set at start-up (§4.3). As in the reference they are never reverted when a block is disconnected
 * (docs/adr/0035-freeze-and-burn-lists.md).
 */
import { bytesEqual, type Coin, type OutPoint, type Transaction, type TxOut } from '@ocean-ts/core';
import type { CurrentPolicyAssets } from './current-policy-assets.js';
import { listEntryKeyId } from './list-tx-predicates.js';
import { PolicyList } from './policy-list.js';

export interface FreezeBurnSwitches {
  /** `-freezelist`: enforce the freezelist and redemption rules; follow the freezelist from blocks. */
  readonly freezelist: boolean;
  /** `-burnlist`: enforce the burn rules; follow the burnlist from blocks. */
  readonly burnlist: boolean;
}

/** The output a transaction input spends (undefined: unknown, e.g. a peg-in). */
export type SpentOutputLookup = (prevout: OutPoint) => TxOut | undefined;

function hasExplicitAsset(out: TxOut | undefined, asset: Uint8Array | undefined): boolean {
  return out !== undefined && asset !== undefined && out.asset.isExplicit && bytesEqual(out.asset.id, asset);
}

export class FreezeBurnLists {
  readonly freezelist = new PolicyList();
  readonly burnlist = new PolicyList();

  constructor(
    readonly switches: FreezeBurnSwitches,
    private readonly assets: CurrentPolicyAssets,
  ) {}

  /**
   * §4.2 for one transaction of a connected block (the caller has advanced the policy assets to
   * the block's height): output 0 in the freezelist (burnlist) asset makes it a list update.
   */
  connectTransaction(tx: Transaction, spent: SpentOutputLookup): void {
    if (tx.isCoinbase) return;
    const out0 = tx.outputs[0];
    if (this.switches.freezelist && hasExplicitAsset(out0, this.assets.get('freezelist'))) this.#update(this.freezelist, tx, spent);
    if (this.switches.burnlist && hasExplicitAsset(out0, this.assets.get('burnlist'))) this.#update(this.burnlist, tx, spent);
  }

  /** Spent registration outputs (any asset) leave the list, then created ones (any asset) join it. */
  #update(list: PolicyList, tx: Transaction, spent: SpentOutputLookup): void {
    for (const input of tx.inputs) {
      if (input.isPegin) continue;
      const prev = spent(input.prevout);
      const id = prev === undefined ? undefined : listEntryKeyId(prev.scriptPubKey);
      if (id !== undefined) list.remove(id);
    }
    for (const out of tx.outputs) {
      const id = listEntryKeyId(out.scriptPubKey);
      if (id !== undefined) list.add(id);
    }
  }

  /**
   * §4.3 start-up rebuild (the caller checks the height is above 1): every unspent registration
   * output in the freezelist (burnlist) asset adds its key id, for the lists whose switch is on.
   * Uses the current (at start-up: genesis) policy assets.
   */
  rebuildFromUtxo(coins: Iterable<{ coin: Coin }>): void {
    const freezeAsset = this.switches.freezelist ? this.assets.get('freezelist') : undefined;
    const burnAsset = this.switches.burnlist ? this.assets.get('burnlist') : undefined;
    if (freezeAsset === undefined && burnAsset === undefined) return;
    for (const { coin } of coins) {
      const out = coin.out;
      const inFreeze = hasExplicitAsset(out, freezeAsset);
      const inBurn = hasExplicitAsset(out, burnAsset);
      if (!inFreeze && !inBurn) continue;
      const id = listEntryKeyId(out.scriptPubKey);
      if (id === undefined) continue;
      if (inFreeze) this.freezelist.add(id);
      if (inBurn) this.burnlist.add(id);
    }
  }
}
