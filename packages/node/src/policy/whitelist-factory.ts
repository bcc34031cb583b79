/**
 * Builds the node's address whitelist from its settings (ocean-policy.md §1): the encrypted variant
 * with `-pkhwhitelist-encrypt`, else the unencrypted one. The object always exists — the
 * maintenance RPCs work without the switches — but only `-pkhwhitelist` enforces it and only
 * `-pkhwhitelist` / `-pkhwhitelist-scan` maintain it from the chain.
 */
import { POLICY_ASSETS, bytesEqual, type ChainParams, type Secp256k1 } from '@ocean-ts/core';
import type { PolicyHooks } from '../mempool/chain-view.js';
import type { AddressWhitelist } from './whitelist.js';
import { EncryptedWhitelist } from './whitelist-encrypted.js';
import { PlainWhitelist } from './whitelist-plain.js';

export interface WhitelistSwitches {
  readonly pkhWhitelist: boolean;
  readonly pkhWhitelistEncrypt: boolean;
  readonly pkhWhitelistScan: boolean;
}

export function createWhitelist(
  switches: WhitelistSwitches,
  deps: {
    params: ChainParams;
    secp: Secp256k1;
    walletEnabled: boolean;
    /** The policy-asset test (default: the genesis policy assets whose destination is configured). */
    isPolicyAsset?: (asset: Uint8Array) => boolean;
    log?: (message: string) => void;
  },
): AddressWhitelist {
  const assets = POLICY_ASSETS.map((p) => deps.params.policyAsset(p.kind)).filter((a): a is Uint8Array => a !== undefined);
  const options = {
    params: deps.params,
    secp: deps.secp,
    enforcing: switches.pkhWhitelist,
    scanning: switches.pkhWhitelistScan,
    walletEnabled: deps.walletEnabled,
    isPolicyAsset: deps.isPolicyAsset ?? ((id: Uint8Array) => assets.some((a) => bytesEqual(a, id))),
    ...(deps.log ? { log: deps.log } : {}),
  };
  return switches.pkhWhitelistEncrypt ? new EncryptedWhitelist(options) : new PlainWhitelist(options);
}

/** The mempool's `checkWhitelist` hook (policy §5.2, §13 step 3) when the node enforces the list. */
export function whitelistHooks(whitelist: AddressWhitelist): PolicyHooks {
  if (!whitelist.enforcing) return {};
  return { checkWhitelist: (tx) => whitelist.checkTransaction(tx) };
}
