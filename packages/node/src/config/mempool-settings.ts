import { ConfigError } from './config-error.js';
import { formatMoney } from './money.js';
import type { OptionReader } from './option-reader.js';

/** Memory-pool limits and relay policy. Fee rates are satoshis per 1000 bytes. */
export interface MempoolSettings {
  readonly maxMempoolBytes: number;
  readonly expiryHours: number;
  readonly limitAncestorCount: number;
  readonly limitAncestorSizeKb: number;
  readonly limitDescendantCount: number;
  readonly limitDescendantSizeKb: number;
  readonly maxOrphanTx: number;
  readonly persist: boolean;
  /** `-mempoolreplacement` (also on when its value is a comma list containing `fee`). */
  readonly replacement: boolean;
  readonly minRelayTxFeePerKb: bigint;
  readonly incrementalRelayFeePerKb: bigint;
  readonly dustRelayFeePerKb: bigint;
  /** `-maxtxfee`: the largest absolute fee of one transaction we create or send, in satoshis. */
  readonly maxTxFee: bigint;
  /** `-acceptnonstdtxn`: default = the chain does not require standardness (true on Ocean chains). */
  readonly acceptNonStdTxn: boolean;
  readonly bytesPerSigop: number;
  readonly dataCarrier: boolean;
  readonly dataCarrierSize: number;
  readonly permitBareMultisig: boolean;
  readonly limitFreeRelay: number;
  readonly relayPriority: boolean;
  readonly blockReconstructionExtraTxn: number;
  /** Check the pool's consistency once every n transactions (0 = never; default 1 on chains with consistency checks). */
  readonly checkMempoolRatio: number;
  readonly promiscuousMempoolFlags: number | undefined;
}

const COIN = 100_000_000n;

export function readMempoolSettings(
  r: OptionReader,
  chain: { readonly name: string; readonly requireStandard: boolean; readonly defaultConsistencyChecks: boolean },
  warnings: string[],
): MempoolSettings {
  const limitDescendantSizeKb = r.int('limitdescendantsize', 101);
  const maxMempoolMb = r.int('maxmempool', 300, -0x80000000);
  const minBytes = limitDescendantSizeKb * 1000 * 40;
  if (maxMempoolMb < 0 || maxMempoolMb * 1_000_000 < minBytes) {
    throw new ConfigError(`Error: -maxmempool must be at least ${Math.ceil(minBytes / 1_000_000)} MB`, 'maxmempool');
  }

  const incremental = r.money('incrementalrelayfee', 1000n, { allowZero: false });
  let minRelay = r.money('minrelaytxfee', 1000n, { allowZero: false });
  if (!r.isSet('minrelaytxfee') && incremental > minRelay) {
    minRelay = incremental;
    warnings.push(`Increasing minrelaytxfee to ${formatMoney(minRelay)} to match incrementalrelayfee`);
  }
  const maxTxFee = r.money('maxtxfee', COIN / 10n);
  if (maxTxFee < minRelay) {
    throw new ConfigError(
      `Error: Invalid amount for -maxtxfee=<amount>: '${r.raw('maxtxfee')}' (must be at least the minrelay fee of ${formatMoney(minRelay)} BTC/kB to prevent stuck transactions)`,
      'maxtxfee',
    );
  }

  const acceptNonStdTxn = r.bool('acceptnonstdtxn', !chain.requireStandard);
  if (chain.requireStandard && acceptNonStdTxn) {
    throw new ConfigError(`Error: acceptnonstdtxn is not currently supported for ${chain.name} chain`, 'acceptnonstdtxn');
  }

  // A number, or (the original's forward-compatible form) a comma list of modes containing `fee`.
  const replacementText = r.raw('mempoolreplacement');
  const replacement =
    replacementText === undefined || replacementText === '' || /^\s*[+-]?\d/.test(replacementText)
      ? r.bool('mempoolreplacement', true) || (replacementText ?? '').split(',').includes('fee')
      : replacementText.split(',').includes('fee');

  const ratio = r.int('checkmempool', chain.defaultConsistencyChecks ? 1 : 0, -0x80000000);
  const flags = r.optString('promiscuousmempoolflags');
  return {
    maxMempoolBytes: maxMempoolMb * 1_000_000,
    expiryHours: r.int('mempoolexpiry', 336),
    limitAncestorCount: r.int('limitancestorcount', 25),
    limitAncestorSizeKb: r.int('limitancestorsize', 101),
    limitDescendantCount: r.int('limitdescendantcount', 25),
    limitDescendantSizeKb,
    maxOrphanTx: r.int('maxorphantx', 100),
    persist: r.bool('persistmempool', true),
    replacement,
    minRelayTxFeePerKb: minRelay,
    incrementalRelayFeePerKb: incremental,
    dustRelayFeePerKb: r.money('dustrelayfee', 3000n, { allowZero: false }),
    maxTxFee,
    acceptNonStdTxn,
    bytesPerSigop: r.int('bytespersigop', 20),
    dataCarrier: r.bool('datacarrier', true),
    dataCarrierSize: r.int('datacarriersize', 83),
    permitBareMultisig: r.bool('permitbaremultisig', true),
    limitFreeRelay: r.int('limitfreerelay', 0),
    relayPriority: r.bool('relaypriority', false),
    blockReconstructionExtraTxn: r.int('blockreconstructionextratxn', 100),
    checkMempoolRatio: Math.min(Math.max(ratio, 0), 1_000_000),
    promiscuousMempoolFlags: flags === undefined ? undefined : r.int('promiscuousmempoolflags', 0, 0, 0xffffffff),
  };
}
