/**
 * Shared pieces of the wallet ledger RPCs: Elements' `AmountMapToUniv` (per-asset amounts keyed by
 * asset label or hex, or one number when an asset is named), the address-book view `GetAmounts`
 * needs, and the asset-argument convention (`request.params[i].isStr()`).
 */
import { JsonObject, addressForDestination, amountJson, extractDestination, fromHex, toDisplayHex, type JsonValue } from '@ocean-ts/core';
import { AssetAmounts } from '../../wallet/ledger/asset-amounts.js';
import type { AddressBookView } from '../../wallet/ledger/ledger-types.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import type { NodeRpcContext } from './context.js';

/** What the asset helpers read: the chain parameters (asset labels, fee asset). */
export type ParamsHolder = Pick<NodeRpcContext, 'params'>;

/** An optional asset argument: used only when it is a string (`params[i].isStr()`), else ''. */
export function assetArg(p: readonly JsonValue[], i: number): string {
  const v = p[i];
  return typeof v === 'string' ? v : '';
}

/** `GetAssetFromString`: a label, else a 64-hex asset id; undefined (Elements' null asset) otherwise. */
export function resolveAsset(ctx: ParamsHolder, text: string): Uint8Array | undefined {
  return ctx.params.assetLabels.resolve(text);
}

/** The label of an asset (internal order), else its display hex. */
export function assetLabelOrHex(ctx: ParamsHolder, asset: Uint8Array): string {
  return ctx.params.assetLabels.labelFor(asset) ?? toDisplayHex(asset);
}

/**
 * `AmountMapToUniv(amounts, strasset)`: with an asset named → the number for it (0 for an unknown
 * label or asset); else `{label or hex: amount}` in asset-id order.
 */
export function amountsJson(ctx: ParamsHolder, amounts: AssetAmounts, strasset: string): JsonValue {
  if (strasset !== '') {
    const asset = resolveAsset(ctx, strasset);
    return amountJson(asset === undefined ? 0n : amounts.get(asset));
  }
  const o = new JsonObject();
  for (const key of amounts.keys()) {
    if (key === '') continue;
    o.push(assetLabelOrHex(ctx, fromHex(key)), amountJson(amounts.getKey(key)));
  }
  return o;
}

/** The wallet's address book as `GetAmounts` / account balances see it. */
export function addressBookView(w: NodeWallet): AddressBookView {
  return {
    // `IsChange`: ours, and without a destination or not in the address book
    isChange: (script) => {
      if (w.keys.isMine(script) === 'no') return false;
      const d = extractDestination(script);
      return d === null || w.keys.addressBookEntry(d) === undefined;
    },
    accountOf: (script) => {
      const d = extractDestination(script);
      return d === null ? undefined : w.keys.addressBookEntry(d)?.name;
    },
  };
}

/** The address of a script's destination, or undefined (`ExtractDestination` failed). */
export function scriptAddress(ctx: ParamsHolder, script: Uint8Array): string | undefined {
  const d = extractDestination(script);
  return d === null ? undefined : addressForDestination(d, ctx.params.base58);
}

export { AssetAmounts };
