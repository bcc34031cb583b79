import { basename } from 'node:path';
import { ConfigError } from './config-error.js';
import { formatMoney } from './money.js';
import type { OptionReader } from './option-reader.js';

/** Wallet options. Fee rates are satoshis per 1000 bytes. */
export interface WalletSettings {
  readonly disabled: boolean;
  /** `-wallet`: a file name inside the chain data directory. */
  readonly fileName: string;
  readonly keypool: number;
  readonly useHd: boolean;
  readonly rescan: boolean;
  readonly salvage: boolean;
  /** `-zapwallettxes`: undefined = off, 1 = keep metadata, 2 = drop it. */
  readonly zapWalletTxes: 1 | 2 | undefined;
  /** `-upgradewallet`: undefined = off, 0 = latest version, n = up to version n. */
  readonly upgradeWallet: number | undefined;
  readonly spendZeroConfChange: boolean;
  readonly txConfirmTarget: number;
  readonly broadcast: boolean;
  readonly rbf: boolean;
  readonly sendFreeTransactions: boolean;
  readonly payTxFeePerKb: bigint;
  readonly minTxFeePerKb: bigint;
  readonly fallbackFeePerKb: bigint;
  readonly rejectLongChains: boolean;
  readonly flushWallet: boolean;
  readonly dbLogSizeKb: number;
  readonly notify: string | undefined;
  /** `-anyonecanspendaremine` (default on): OP_TRUE outputs count as the wallet's. */
  readonly anyoneCanSpendAreMine: boolean;
  /** `-disablect` (default **on** in Ocean): unconfidential addresses and issuances. */
  readonly disableCt: boolean;
  readonly ctBits: number | undefined;
  readonly ctExponent: number | undefined;
}

/** The wallet's parameter interactions (0.14 `CWallet::ParameterInteraction`), before reading. */
export function applyWalletInteractions(r: OptionReader): void {
  if (r.bool('disablewallet', false)) return;
  if (r.bool('blocksonly', false)) r.softSetBool('walletbroadcast', false, '-blocksonly=1');
  if (r.bool('salvagewallet', false)) r.softSetBool('rescan', true, '-salvagewallet=1');
  if (r.bool('zapwallettxes', false)) r.softSetBool('rescan', true, '-zapwallettxes=<mode>');
}

export function readWalletSettings(r: OptionReader, chainDataDir: string, minRelayTxFeePerKb: bigint, pruning: boolean): WalletSettings {
  const disabled = r.bool('disablewallet', false);
  const fileName = r.string('wallet', 'wallet.dat');
  const zap = r.raw('zapwallettxes');
  const upgrade = r.raw('upgradewallet');
  const settings: WalletSettings = {
    disabled,
    fileName,
    keypool: Math.max(r.int('keypool', 100, -0x80000000), 0),
    useHd: r.bool('usehd', true),
    rescan: r.bool('rescan', false),
    salvage: r.bool('salvagewallet', false),
    zapWalletTxes: zap !== undefined && r.bool('zapwallettxes', false) ? (zap.trim().startsWith('2') ? 2 : 1) : undefined,
    upgradeWallet: upgrade === undefined ? undefined : r.int('upgradewallet', 0),
    spendZeroConfChange: r.bool('spendzeroconfchange', true),
    txConfirmTarget: r.int('txconfirmtarget', 6),
    broadcast: r.bool('walletbroadcast', true),
    rbf: r.bool('walletrbf', false),
    sendFreeTransactions: r.bool('sendfreetransactions', false),
    payTxFeePerKb: r.money('paytxfee', 0n),
    minTxFeePerKb: r.money('mintxfee', 1000n, { allowZero: false }),
    fallbackFeePerKb: r.money('fallbackfee', 20_000n),
    rejectLongChains: r.bool('walletrejectlongchains', false),
    flushWallet: r.bool('flushwallet', true),
    dbLogSizeKb: r.int('dblogsize', 100),
    notify: r.optString('walletnotify'),
    anyoneCanSpendAreMine: r.bool('anyonecanspendaremine', true),
    disableCt: r.bool('disablect', true),
    ctBits: r.isSet('ct_bits') ? r.int('ct_bits', 0, 0, 64) : undefined,
    ctExponent: r.isSet('ct_exponent') ? r.int('ct_exponent', 0, -1, 18) : undefined,
  };
  if (disabled) return settings;

  // Checks the original makes only when the wallet is enabled.
  if (basename(fileName) !== fileName || fileName === '' || fileName === '.' || fileName === '..') {
    throw new ConfigError(`Error: Wallet ${fileName} resides outside data directory ${chainDataDir}`, 'wallet');
  }
  if (r.bool('sysperms', false)) {
    throw new ConfigError('Error: -sysperms is not allowed in combination with enabled wallet functionality', 'sysperms');
  }
  if (pruning && settings.rescan) {
    throw new ConfigError(
      'Error: Rescans are not possible in pruned mode. You will need to use -reindex which will download the whole blockchain again.',
      'rescan',
    );
  }
  if (r.isSet('paytxfee') && settings.payTxFeePerKb < minRelayTxFeePerKb) {
    throw new ConfigError(
      `Error: Invalid amount for -paytxfee=<amount>: '${r.raw('paytxfee')}' (must be at least ${formatMoney(minRelayTxFeePerKb)} BTC/kB)`,
      'paytxfee',
    );
  }
  return settings;
}
