import type { Block } from '@ocean-ts/core';
import type { KvReader, PrefixRange } from '../storage/kv-store.js';
import type { WriteBatch } from '../storage/write-batch.js';

/**
 * What an extension sees while a block is connected or disconnected. Reads see the committed state
 * before this block (the batch is not read back); keys must be made with `key()`, which places them
 * in the extension's own namespace under the chain layout's `ext` prefix (cleared by `reindex`).
 */
export interface ExtensionContext {
  readonly store: KvReader;
  readonly blockHash: Uint8Array;
  key(...parts: Uint8Array[]): Uint8Array;
  range(...parts: Uint8Array[]): PrefixRange;
}

/**
 * Chain-derived state beyond the UTXO set (policy lists, requests, asset statistics, ...), written in
 * the same per-block batch as the coins. `disconnect` must exactly undo `connect` (keep undo records
 * under your own keys). Both must be deterministic and must not throw for a valid block.
 */
export interface ChainStateExtension {
  /** Namespace of the extension's keys: 1..64 chars of [a-z0-9-]. */
  readonly name: string;
  connect(block: Block, height: number, batch: WriteBatch, ctx: ExtensionContext): void;
  disconnect(block: Block, height: number, batch: WriteBatch, ctx: ExtensionContext): void;
}
