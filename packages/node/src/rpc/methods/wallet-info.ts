/**
 * The wallet's parts of validateaddress, getinfo and getwalletinfo (Core 0.14 `misc.cpp` /
 * `rpcwallet.cpp` with Elements' `confidential` field and Ocean's `derivedpubkey`). Balances come
 * from the wallet ledger, per asset (`AmountMapToUniv`: keyed by label or hex, or one number when an
 * asset label is given).
 */
import {
  JsonObject,
  addressForDestination,
  amountJson,
  encodeAddress,
  extractDestinations,
  scriptForDestination,
  toDisplayHex,
  toHex,
  unconfidentialAddress,
  type JsonValue,
} from '@ocean-ts/core';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import type { AssetAmounts } from '../../wallet/ledger/asset-amounts.js';
import { amountsJson, type ParamsHolder } from './wallet-json.js';
import { walletOf } from './wallet-util.js';

/** `validateaddress` with the wallet's fields (key order as the original's). */
export function validateAddressWithWallet(ctx: NodeRpcContext, w: NodeWallet, text: string): JsonObject {
  const prefixes = ctx.params.base58;
  const addr = tryDecodeAddress(text, prefixes);
  const o = new JsonObject().push('isvalid', addr !== undefined);
  if (!addr) return o;
  const dest = { type: addr.type, hash: addr.hash } as const;
  const scriptPubKey = scriptForDestination(dest);
  o.push('address', encodeAddress(addr, prefixes));
  o.push('scriptPubKey', toHex(scriptPubKey));
  o.push('confidential_key', addr.blindingKey ? toHex(addr.blindingKey) : '');
  o.push('unconfidential', unconfidentialAddress(addr, prefixes));
  const mine = w.keys.isMine(scriptPubKey);
  o.push('ismine', mine === 'spendable');
  o.push('iswatchonly', mine === 'watch-solvable' || mine === 'watch-unsolvable');
  if (mine !== 'no' && addr.blindingKey === undefined) o.push('confidential', w.confidentialAddress(dest));
  // DescribeAddressVisitor
  if (dest.type === 'keyhash') {
    o.push('isscript', false);
    const pub = w.keys.getPubKey(dest.hash);
    if (pub !== undefined) {
      o.push('pubkey', toHex(pub));
      o.push('iscompressed', pub.length === 33);
    }
  } else {
    o.push('isscript', true);
    const sub = w.keys.getScript(dest.hash);
    if (sub !== undefined) {
      const d = extractDestinations(sub);
      o.push('script', d.type);
      o.push('hex', toHex(sub));
      o.push('addresses', (d.ok ? d.destinations : []).map((x) => addressForDestination(x, prefixes)) as JsonValue[]);
      if (d.type === 'multisig') o.push('sigsrequired', d.required);
    }
  }
  const book = w.keys.addressBookEntry(dest);
  if (book !== undefined) o.push('account', book.name);
  const info = dest.type === 'keyhash' ? w.keys.keyInfo(dest.hash) : undefined;
  if (info !== undefined) {
    o.push('timestamp', info.meta.createTime);
    if (info.meta.hdKeypath.length > 0) {
      o.push('hdkeypath', info.meta.hdKeypath);
      // CKeyID::GetHex: the bytes reversed
      if (info.meta.hdMasterKeyId) o.push('hdmasterkeyid', toDisplayHex(info.meta.hdMasterKeyId));
    }
    // Ocean: the untweaked key behind the address key (equal to pubkey when not tweaked)
    o.push('derivedpubkey', toHex(info.derivedPubkey));
  } else {
    const t = w.keys.watchOnlyTime(scriptPubKey);
    if (t !== undefined) o.push('timestamp', t);
  }
  return o;
}

/** A balance field: per-asset object, or a number when the asset argument is a string. */
function balanceJson(ctx: ParamsHolder, amounts: AssetAmounts, label: JsonValue | undefined): JsonValue {
  return amountsJson(ctx, amounts, typeof label === 'string' ? label : '');
}

/** getinfo's wallet fields before `blocks`: walletversion, balance. */
export function getInfoWalletHead(w: NodeWallet, o: JsonObject, label: JsonValue | undefined): void {
  o.push('walletversion', w.keys.walletVersion);
  o.push('balance', balanceJson(w, w.ledger.getBalance(), label));
}

/** getinfo's wallet fields after `chain`: keypoololdest, keypoolsize, unlocked_until?, paytxfee. */
export function getInfoWalletTail(w: NodeWallet, o: JsonObject): void {
  o.push('keypoololdest', w.keys.keypoolOldest());
  o.push('keypoolsize', w.keys.keypoolSize);
  if (w.keys.isCrypted) o.push('unlocked_until', w.keys.isLocked ? 0 : w.keys.unlockedUntil);
  o.push('paytxfee', amountJson(w.payTxFeePerKb));
}

export function walletInfoMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'getwalletinfo',
      ['assetlabel'],
      'getwalletinfo ( "assetlabel" )\nReturns an object containing various wallet state info.',
      (p) => {
        const w = walletOf(ctx);
        const b = w.ledger.balances();
        const o = new JsonObject()
          .push('walletversion', w.keys.walletVersion)
          .push('balance', balanceJson(ctx, b.trusted, p[0]))
          .push('unconfirmed_balance', balanceJson(ctx, b.unconfirmed, p[0]))
          .push('immature_balance', balanceJson(ctx, b.immature, p[0]))
          .push('txcount', w.ledger.size)
          .push('keypoololdest', w.keys.keypoolOldest())
          .push('keypoolsize', w.keys.keypoolSize);
        if (w.keys.isCrypted) o.push('unlocked_until', w.keys.isLocked ? 0 : w.keys.unlockedUntil);
        o.push('paytxfee', amountJson(w.payTxFeePerKb));
        const master = w.keys.hdMasterKeyId;
        if (master) o.push('hdmasterkeyid', toDisplayHex(master));
        return o;
      },
      { okSafeMode: false },
    ),
  ];
}
