import { ConfigError } from './config-error.js';
import type { OptionReader } from './option-reader.js';

/**
 * Ocean policy switches (rpc spec §4.2) and the Ethereum peg connection (§4.5). Chain-shaping
 * options (`-fixedtxfee` aside) live in `ChainParams`.
 */
export interface OceanSettings {
  readonly pkhWhitelist: boolean;
  readonly pkhWhitelistEncrypt: boolean;
  readonly pkhWhitelistScan: boolean;
  readonly recoverWhitelistKeys: boolean;
  readonly freezelist: boolean;
  readonly burnlist: boolean;
  readonly issuanceBlock: boolean;
  readonly requestList: boolean;
  readonly recordInflation: boolean;
  readonly registerAddress: boolean;
  readonly registerAddressSize: number;
  /** `-fixedtxfee` in satoshis (0 = off). */
  readonly fixedTxFee: bigint;
  readonly contractInKycFile: boolean;
  readonly mainchainRpc: {
    readonly host: string;
    readonly port: number;
    readonly user: string | undefined;
    readonly password: string | undefined;
    readonly uri: string | undefined;
    readonly cookieFile: string;
    /** `-rpcclienttimeout` seconds for the geth calls (default 900, 0 = none). */
    readonly timeoutSeconds: number;
  };
}

/**
 * The whitelist switches' init errors (ocean-policy.md §1), in the reference's order; the texts are
 * the original's (including `frecoverwhitelistkeys`).
 */
function checkWhitelistSwitches(w: { pkhWhitelist: boolean; pkhWhitelistEncrypt: boolean; pkhWhitelistScan: boolean; recoverWhitelistKeys: boolean }): void {
  const fail = (msg: string, option: string): never => {
    throw new ConfigError(`Error: ${msg}`, option);
  };
  if (w.pkhWhitelistEncrypt && !w.pkhWhitelist && !w.pkhWhitelistScan) fail('-pkhwhitelist-encrypt requires either -pkhwhitelist or -pkhwhitelist-scan', 'pkhwhitelist-encrypt');
  if (w.pkhWhitelistScan && !w.pkhWhitelistEncrypt) fail('-pkhwhitelist-scan requires -pkhwhitelist-encrypt', 'pkhwhitelist-scan');
  if (w.pkhWhitelist && w.pkhWhitelistScan) fail('cannot enable both -pkhwhitelist and -pkhwhitelist-scan', 'pkhwhitelist-scan');
  if (w.recoverWhitelistKeys && !w.pkhWhitelist && !w.pkhWhitelistScan) fail('frecoverwhitelistkeys requires either -pkhwhitelist or -pkhwhitelist-scan', 'recoverwhitelistkeys');
}

export function readOceanSettings(r: OptionReader, mainchainRpcPort: number): OceanSettings {
  const whitelist = {
    pkhWhitelist: r.bool('pkhwhitelist', false),
    pkhWhitelistEncrypt: r.bool('pkhwhitelist-encrypt', false),
    pkhWhitelistScan: r.bool('pkhwhitelist-scan', false),
    recoverWhitelistKeys: r.bool('recoverwhitelistkeys', false),
  };
  checkWhitelistSwitches(whitelist);
  return {
    ...whitelist,
    freezelist: r.bool('freezelist', false),
    burnlist: r.bool('burnlist', false),
    issuanceBlock: r.bool('issuanceblock', false),
    requestList: r.bool('requestlist', false),
    recordInflation: r.bool('recordinflation', false),
    registerAddress: r.bool('registeraddress', true),
    registerAddressSize: r.int('registeraddresssize', 3203),
    fixedTxFee: BigInt(r.int('fixedtxfee', 0, 0, Number.MAX_SAFE_INTEGER)),
    contractInKycFile: r.bool('contractinkycfile', true),
    mainchainRpc: {
      host: r.string('mainchainrpchost', '127.0.0.1'),
      port: r.port('mainchainrpcport', mainchainRpcPort),
      user: r.optString('mainchainrpcuser'),
      password: r.optString('mainchainrpcpassword'),
      uri: r.optString('mainchainrpcuri'),
      cookieFile: r.string('mainchainrpccookiefile', 'regtest/.cookie'),
      timeoutSeconds: r.int('rpcclienttimeout', 900),
    },
  };
}
