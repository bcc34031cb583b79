/** Consensus limits that are the same on every Ocean chain (chain spec §2.2). */

/** Coinbase outputs can be spent this many blocks after their own. */
export const COINBASE_MATURITY = 2;
export const MAX_BLOCK_WEIGHT = 4_000_000;
/** Maximum stripped block size (also the maximum transaction count and transaction size). */
export const MAX_BLOCK_BASE_SIZE = 1_000_000;
export const MAX_BLOCK_SIGOPS_COST = 80_000;
/** A block's time may be at most this far (seconds) ahead of the adjusted time. */
export const MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
/** Minimum `nVersion` of a non-genesis block. */
export const MIN_BLOCK_VERSION = 4;
