/** Elements 0.14's `listissuances` (rpc spec §2.7): the issuances in the wallet's transactions; `dumpassetlabels`. */
import { JsonNumber, JsonObject, amountJson, bytesEqual, fromDisplayHex, issuanceIds, toDisplayHex, type JsonValue } from '@ocean-ts/core';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { isCoreHex } from './parse-params.js';
import { getStr } from './univalue-params.js';
import { walletOf } from './wallet-util.js';

/** An issued amount: the amount, or the integer −1 when it is blinded and the wallet cannot open it. */
function issuedAmountJson(value: bigint): JsonValue {
  return value === -1n ? JsonNumber.of(-1) : amountJson(value);
}

/**
 * Every issuance input of every wallet transaction (`mapWallet`, txid order), as
 * `{isreissuance, token?, tokenamount?, tokenblinds?, entropy, txid, vin, asset, assetlabel?,
 * assetamount, assetblinds}`; with `filter`, only issuances of that asset.
 */
export function listIssuances(ctx: NodeRpcContext, w: NodeWallet, filter: Uint8Array | undefined): JsonValue[] {
  const out: JsonValue[] = [];
  for (const wtx of w.ledger.transactions()) {
    const tx = wtx.tx;
    tx.inputs.forEach((input, vin) => {
      const ids = issuanceIds(input);
      if (ids === undefined) return;
      const item = new JsonObject();
      if (!ids.isReissuance) {
        const token = w.blinding.issuanceAmount(tx, vin, true);
        item
          .push('isreissuance', false)
          .push('token', toDisplayHex(ids.token))
          .push('tokenamount', issuedAmountJson(token.value))
          .push('tokenblinds', toDisplayHex(token.blinder))
          .push('entropy', toDisplayHex(ids.entropy));
      } else {
        item.push('isreissuance', true).push('entropy', toDisplayHex(ids.entropy));
      }
      item.push('txid', toDisplayHex(wtx.txid)).push('vin', vin).push('asset', toDisplayHex(ids.asset));
      const label = ctx.params.assetLabels.labelFor(ids.asset);
      if (label !== undefined) item.push('assetlabel', label);
      const amount = w.blinding.issuanceAmount(tx, vin, false);
      item.push('assetamount', issuedAmountJson(amount.value)).push('assetblinds', toDisplayHex(amount.blinder));
      if (filter !== undefined && !bytesEqual(filter, ids.asset)) return;
      out.push(item);
    });
  }
  return out;
}

export function walletIssuanceMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    // Elements registers dumpassetlabels with the wallet RPCs: unknown with -disablewallet.
    m('dumpassetlabels', [], 'dumpassetlabels\n\nLists all known asset id/label pairs in this wallet. This list can be modified with `-assetdir` configuration argument.', () => {
      const rec = ctx.params.assetLabels.toRecord();
      const o = new JsonObject();
      for (const k of Object.keys(rec).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) o.push(k, rec[k]!);
      return o;
    }),
    m(
      'listissuances',
      ['asset'],
      'listissuances ( asset )\n\nList all issuances known to the wallet for the given asset, or for all issued assets if none provided.\n\n' +
        'Arguments:\n1. "asset"                 (string, optional) The asset whose issaunces you wish to list.\n\n' +
        'Result:\n[                     (json array of objects)\n  {\n' +
        '    "txid":"<txid>",   (string) Transaction id for issuance.\n' +
        '    "entropy":"<entropy>" (string) Entropy of the asset type.\n' +
        '    "asset":"<asset>", (string) Asset type for issuance if known.\n' +
        '    "assetlabel":"<assetlabel>", (string) Asset label for issuance if set.\n' +
        '    "token":"<token>", (string) Token type for issuance.\n' +
        '    "vin":"n",         (numeric) The input position of the issuance in the transaction.\n' +
        '    "assetamount":"X.XX",     (numeric) The amount of asset issued. Is -1 if blinded and unknown to wallet.\n' +
        '    "tokenamount":"X.XX",     (numeric) The reissuance token amount issued. Is -1 if blinded and unknown to wallet.\n' +
        '    "isreissuance":"<bool>",  (bool) True if this is a reissuance.\n' +
        '    "assetblinds":"<blinder>" (string) Hex blinding factor for asset amounts.\n' +
        '    "tokenblinds":"<blinder>" (string) Hex blinding factor for token amounts.\n' +
        '  }\n  ,...\n]',
      (p) => {
        const w = walletOf(ctx);
        let filter: Uint8Array | undefined;
        if (p.length > 0) {
          const text = getStr(p[0]);
          if (!isCoreHex(text) || text.length !== 64) throw new RpcError(RPC_TYPE_ERROR, 'Asset must be a hex string of length 64');
          const asset = fromDisplayHex(text.toLowerCase());
          // A null asset (all zeros) is no filter, as in Elements.
          if (asset.some((b) => b !== 0)) filter = asset;
        }
        return listIssuances(ctx, w, filter);
      },
    ),
  ];
}
