import { ConfigError } from './config-error.js';
import type { OptionReader } from './option-reader.js';

/** `-prune`: off, manual (`-prune=1`, pruneblockchain RPC only) or automatic to a target size. */
export type PruneSetting = { readonly mode: 'off' } | { readonly mode: 'manual' } | { readonly mode: 'auto'; readonly targetBytes: number };

/** Smallest automatic prune target the original accepts. */
export const MIN_PRUNE_TARGET_MIB = 550;

/** Block storage, indexes and start-up checks. */
export interface StorageSettings {
  readonly txIndex: boolean;
  readonly reindex: boolean;
  readonly reindexChainstate: boolean;
  readonly prune: PruneSetting;
  /** `-dbcache` clamped to 4–16384 MiB, in bytes. */
  readonly dbCacheBytes: number;
  readonly dbBatchSizeBytes: number;
  /** `-par` as given (0 = one thread per core, negative = leave that many cores free). */
  readonly par: number;
  readonly checkBlocks: number;
  readonly checkLevel: number;
  /** `-checkblockindex` (default: the chain's consistency-check setting, on for Ocean chains). */
  readonly checkBlockIndex: boolean;
  readonly checkpoints: boolean;
  /** `-assumevalid` as given (hex hash; `0` = verify everything); undefined = chain default. */
  readonly assumeValid: string | undefined;
  readonly loadBlock: readonly string[];
  readonly stopAfterBlockImport: boolean;
  readonly maxSigCacheMiB: number;
  readonly maxTipAgeSeconds: number;
}

export function readStorageSettings(r: OptionReader, chain: { readonly defaultConsistencyChecks: boolean }): StorageSettings {
  const txIndex = r.bool('txindex', false);
  const pruneArg = r.int('prune', 0, -0x80000000, 0x7fffffff);
  if (pruneArg !== 0 && txIndex) throw new ConfigError('Error: Prune mode is incompatible with -txindex.', 'prune');
  if (pruneArg < 0) throw new ConfigError('Error: Prune cannot be configured with a negative value.', 'prune');
  let prune: PruneSetting = { mode: 'off' };
  if (pruneArg === 1) prune = { mode: 'manual' };
  else if (pruneArg > 0) {
    if (pruneArg < MIN_PRUNE_TARGET_MIB) {
      throw new ConfigError(`Error: Prune configured below the minimum of ${MIN_PRUNE_TARGET_MIB} MiB.  Please use a higher number.`, 'prune');
    }
    prune = { mode: 'auto', targetBytes: pruneArg * 1024 * 1024 };
  }
  const dbCacheMiB = Math.min(Math.max(r.int('dbcache', 300, -0x80000000), 4), 16384);
  return {
    txIndex,
    reindex: r.bool('reindex', false),
    reindexChainstate: r.bool('reindex-chainstate', false),
    prune,
    dbCacheBytes: dbCacheMiB * 1024 * 1024,
    dbBatchSizeBytes: r.int('dbbatchsize', 16 << 20, 1),
    par: r.int('par', 0, -0x80000000),
    checkBlocks: r.int('checkblocks', 6),
    checkLevel: Math.min(r.int('checklevel', 3), 4),
    checkBlockIndex: r.bool('checkblockindex', chain.defaultConsistencyChecks),
    checkpoints: r.bool('checkpoints', true),
    assumeValid: r.optString('assumevalid'),
    loadBlock: r.all('loadblock'),
    stopAfterBlockImport: r.bool('stopafterblockimport', false),
    maxSigCacheMiB: r.int('maxsigcachesize', 32),
    maxTipAgeSeconds: r.int('maxtipage', 86400),
  };
}
