import { KeyspaceLayout } from '../storage/layout.js';

/**
 * Key layout of the chain state (one store, one atomic batch per connected block). Keys are the
 * prefix byte followed by the parts shown; hashes and txids are in internal byte order.
 */
export const CHAIN_LAYOUT = new KeyspaceLayout('chain', 1, {
  block: { byte: 0x62, description: "'b' block hash -> serialized block (with witness)" },
  coin: { byte: 0x63, description: "'c' txid || u32be index -> coin: u32le (height << 1 | coinbase) || TxOut" },
  ext: { byte: 0x65, description: "'e' u8 name length || extension name || extension key -> extension data (own undo records)" },
  index: { byte: 0x69, description: "'i' block hash -> block index entry: var header || u32le height || u8 status || u32le sequence" },
  meta: { byte: 0x6d, description: "'m' name -> chain-state settings (txindex flag, reindex-in-progress flag)" },
  tip: { byte: 0x74, description: "'t' -> hash of the active chain's tip (the block the coins are for)" },
  undo: { byte: 0x75, description: "'u' block hash -> block undo: coins spent in order, peg-in claims made" },
  withdraw: { byte: 0x77, description: "'w' parent genesis hash || txid || u32be index -> peg-in claim (\"withdraw spent\", empty value)" },
  txindex: { byte: 0x78, description: "'x' txid -> block hash || u32le position in the block (only with -txindex)" },
});

export type ChainPrefix = Parameters<typeof CHAIN_LAYOUT.key>[0];

/** The tip record's key. */
export const TIP_KEY = CHAIN_LAYOUT.key('tip');

/** `meta` records. */
export const META_TXINDEX = CHAIN_LAYOUT.key('meta', new TextEncoder().encode('txindex'));
export const META_REINDEXING = CHAIN_LAYOUT.key('meta', new TextEncoder().encode('reindexing'));
