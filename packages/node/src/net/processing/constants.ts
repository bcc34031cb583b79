/** Bitcoin Core 0.14 net_processing / validation constants used by the message processor. */

/** `MAX_BLOCKS_IN_TRANSIT_PER_PEER`. */
export const MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;
/** `BLOCK_DOWNLOAD_WINDOW`: blocks beyond the last common block a peer may be asked for. */
export const BLOCK_DOWNLOAD_WINDOW = 1024;
/** `BLOCK_STALLING_TIMEOUT` (seconds): a peer holding back the download window is dropped after this. */
export const BLOCK_STALLING_TIMEOUT = 2;
/** `BLOCK_DOWNLOAD_TIMEOUT_BASE` / `_PER_PEER` in millionths of the block interval. */
export const BLOCK_DOWNLOAD_TIMEOUT_BASE = 1_000_000;
export const BLOCK_DOWNLOAD_TIMEOUT_PER_PEER = 500_000;
/** `MAX_BLOCKS_TO_ANNOUNCE`: block hashes announced at once; also the "looks like an announcement" bound of `headers`. */
export const MAX_BLOCKS_TO_ANNOUNCE = 8;
/** `MAX_UNCONNECTING_HEADERS`: every this many unconnecting `headers` messages cost 20 points. */
export const MAX_UNCONNECTING_HEADERS = 10;
/** `MAX_CMPCTBLOCK_DEPTH`: `getdata(MSG_CMPCT_BLOCK)` deeper than this is answered with the full block. */
export const MAX_CMPCTBLOCK_DEPTH = 5;
/** `MAX_BLOCKTXN_DEPTH`: `getblocktxn` deeper than this is answered with the full block. */
export const MAX_BLOCKTXN_DEPTH = 10;
/** `getblocks` answers at most this many hashes. */
export const GETBLOCKS_LIMIT = 500;
/** `INVENTORY_BROADCAST_INTERVAL` (seconds, average; half for outbound peers). */
export const INVENTORY_BROADCAST_INTERVAL = 5;
/** `INVENTORY_BROADCAST_MAX`: transactions announced per trickle. */
export const INVENTORY_BROADCAST_MAX = 7 * INVENTORY_BROADCAST_INTERVAL;
/** `AVG_FEEFILTER_BROADCAST_INTERVAL` (seconds). */
export const AVG_FEEFILTER_BROADCAST_INTERVAL = 10 * 60;
/** `MAX_FEEFILTER_CHANGE_DELAY` (seconds). */
export const MAX_FEEFILTER_CHANGE_DELAY = 5 * 60;
/** `GETDATA_TX_INTERVAL` (seconds): before the same transaction is asked from another peer. */
export const GETDATA_TX_INTERVAL = 2 * 60;
/** `MAPASKFOR_MAX_SZ` = `MAX_INV_SZ`. */
export const MAPASKFOR_MAX_SZ = 50_000;
/** `SETASKFOR_MAX_SZ` = 2 * `MAX_INV_SZ`. */
export const SETASKFOR_MAX_SZ = 100_000;
/** `mapRelay` entries expire after 15 minutes. */
export const RELAY_EXPIRY_SECONDS = 15 * 60;
/** Size of a peer's `filterInventoryKnown` (a rolling bloom filter in Core; a rolling set here). */
export const INVENTORY_KNOWN_SIZE = 50_000;
/** Size of `recentRejects` (a rolling bloom filter of 120,000 in Core). */
export const RECENT_REJECTS_SIZE = 120_000;
/** `MAX_BLOCK_BASE_SIZE / MIN_TRANSACTION_BASE_SIZE`: most transactions a compact block may claim. */
export const MAX_COMPACT_BLOCK_TXS = 1_000_000 / 10;
/** Compact-block peers asked to announce with `cmpctblock` (BIP152 high-bandwidth mode). */
export const MAX_HIGH_BANDWIDTH_PEERS = 3;
/** `nOneMonth`: stale blocks younger than this (against the best header) are still served. */
export const STALE_BLOCK_SERVE_SECONDS = 30 * 24 * 60 * 60;
/** `REJECT_INTERNAL`: codes at or above are never sent over P2P. */
export const REJECT_INTERNAL = 0x100;
/** `DEFAULT_MAX_ORPHAN_TRANSACTIONS`. */
export const DEFAULT_MAX_ORPHAN_TRANSACTIONS = 100;

/** `HISTORICAL_BLOCK_AGE`: blocks older than a week count as historical for `-maxuploadtarget`. */
export const HISTORICAL_BLOCK_AGE = 7 * 24 * 60 * 60;
