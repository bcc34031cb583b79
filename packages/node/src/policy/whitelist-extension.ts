/**
 * The address whitelist follows the chain (ocean-policy.md §5.3, §5.5, §6.2): a chain-state
 * extension that runs RegisterAddress / Update for every transaction of each connected block, and
 * the start-up rebuild from the UTXO set.
 *
 * Like the reference, the list lives in memory only: the extension writes nothing to the block's
 * batch and a disconnected block is not reverted (QUIRK kept, ADR 0036). A block connecting before
 * the wallet is loaded — `-reindex` / `-reindex-chainstate` reconnect the chain inside the chain
 * state's start-up, which here precedes the wallet — is held and applied once the wallet is
 * attached (`release`), so registrations that need the wallet are not lost, as in the reference
 * where the reindex runs with the wallet loaded.
 */
import { OutPoint, outpointKey, type Block, type Coin, type TxOut } from '@ocean-ts/core';
import type { ChainStateExtension, ExtensionContext } from '../chain/chain-state-extension.js';
import { StoredCoinView } from '../chain/stored-coin-view.js';
import type { WriteBatch } from '../storage/write-batch.js';
import type { AddressWhitelist, SpentOutputLookup, UtxoEntry } from './whitelist.js';

/** What `release` reads from the chain state. */
export interface HeldBlockSource {
  getBlock(hash: Uint8Array): Block | undefined;
  getBlockUndo(hash: Uint8Array): { readonly spent: readonly { readonly outpoint: OutPoint; readonly coin: Coin }[] } | undefined;
}

/** A lookup of spent outputs: `base` for coins of earlier blocks, plus the outputs `block` created itself. */
function blockSpentLookup(block: Block, base: (o: OutPoint) => TxOut | undefined): SpentOutputLookup {
  const own = new Map<string, TxOut>();
  for (const tx of block.transactions) tx.outputs.forEach((out, i) => own.set(outpointKey(new OutPoint(tx.txid, i)), out));
  return (o) => base(o) ?? own.get(outpointKey(o));
}

export class WhitelistExtension implements ChainStateExtension {
  static readonly NAME = 'whitelist';
  readonly name = WhitelistExtension.NAME;
  /** Blocks connected while holding (hash, height), oldest first; undefined when not holding. */
  #held: { hash: Uint8Array; height: number }[] | undefined;

  /** `hold`: keep connected blocks until `release` (the wallet is not loaded yet). */
  constructor(
    private readonly whitelist: AddressWhitelist,
    options: { hold?: boolean } = {},
  ) {
    this.#held = options.hold === true && whitelist.maintained ? [] : undefined;
  }

  connect(block: Block, height: number, _batch: WriteBatch, ctx: ExtensionContext): void {
    if (!this.whitelist.maintained) return;
    if (this.#held !== undefined) {
      this.#held.push({ hash: ctx.blockHash, height });
      return;
    }
    const view = new StoredCoinView(ctx.store);
    this.whitelist.connectBlock(block, height, blockSpentLookup(block, (o) => view.get(o)?.out));
  }

  disconnect(): void {
    // never reverted (the reference keeps its lists across a disconnect)
  }

  /** Applies the held blocks in order (their spent coins from the undo records) and stops holding. */
  release(chain: HeldBlockSource): number {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const { hash, height } of held) {
      const block = chain.getBlock(hash);
      if (block === undefined) continue;
      const undo = new Map((chain.getBlockUndo(hash)?.spent ?? []).map((s) => [outpointKey(s.outpoint), s.coin.out] as const));
      this.whitelist.connectBlock(block, height, blockSpentLookup(block, (o) => undo.get(outpointKey(o))));
    }
    return held.length;
  }

  /** Held blocks are dropped (the list is rebuilt from the UTXO set instead). */
  discardHeld(): void {
    if (this.#held !== undefined) this.#held.length = 0;
  }
}

/** The start-up rebuild: reset the list, then (height > 1) load it from the UTXO set in txid order. */
export function rebuildWhitelist(whitelist: AddressWhitelist, height: number, utxos: () => Iterable<{ outpoint: OutPoint; coin: Coin }>): void {
  whitelist.reset();
  if (!whitelist.maintained || height <= 1) return;
  whitelist.loadFromUtxo(utxoEntries(utxos()));
}

function* utxoEntries(utxos: Iterable<{ outpoint: OutPoint; coin: Coin }>): Generator<UtxoEntry> {
  for (const { outpoint, coin } of utxos) yield { outpoint, out: coin.out };
}
