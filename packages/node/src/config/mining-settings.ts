import type { OptionReader } from './option-reader.js';

/** Block creation (`getnewblockhex`, `generate`). */
export interface MiningSettings {
  readonly blockMaxWeight: number;
  readonly blockMaxWeightSet: boolean;
  readonly blockMaxSize: number;
  readonly blockMaxSizeSet: boolean;
  readonly blockPrioritySize: number;
  /** Lowest fee rate (satoshis per 1000 bytes) of transactions put into new blocks. */
  readonly blockMinTxFeePerKb: bigint;
  /** `-blockversion` (testing; only honoured on chains that mine on demand). */
  readonly blockVersion: number | undefined;
  readonly printPriority: boolean;
}

export function readMiningSettings(r: OptionReader): MiningSettings {
  return {
    blockMaxWeight: r.int('blockmaxweight', 3_000_000),
    blockMaxWeightSet: r.isSet('blockmaxweight'),
    blockMaxSize: r.int('blockmaxsize', 750_000),
    blockMaxSizeSet: r.isSet('blockmaxsize'),
    blockPrioritySize: r.int('blockprioritysize', 0),
    blockMinTxFeePerKb: r.money('blockmintxfee', 1000n),
    blockVersion: r.isSet('blockversion') ? r.int('blockversion', 0, -0x80000000, 0x7fffffff) : undefined,
    printPriority: r.bool('printpriority', false),
  };
}
