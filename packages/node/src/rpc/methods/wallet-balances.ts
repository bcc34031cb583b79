/**
 * Balance RPCs of the wallet ledger (Core 0.14 `rpcwallet.cpp` with Elements' per-asset amounts):
 * getbalance, getunconfirmedbalance, getreceivedbyaddress, getreceivedbyaccount, listaccounts,
 * listreceivedbyaddress, listreceivedbyaccount.
 */
import {
  JsonObject,
  addressForDestination,
  amountJson,
  bytesEqual,
  extractDestination,
  scriptForDestination,
  toDisplayHex,
  type Destination,
  type JsonValue,
} from '@ocean-ts/core';
import { hexKey } from '../../wallet/ledger/hex-key.js';
import { ISMINE_SPENDABLE, ISMINE_WATCH_ONLY, isMineBits } from '../../wallet/ledger/ledger-types.js';
import { accountBalance, receivedBy, totalBalance, txAmounts } from '../../wallet/ledger/tx-amounts.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getBool, getInt, getStr } from './univalue-params.js';
import { AssetAmounts, addressBookView, amountsJson, assetArg } from './wallet-json.js';
import { accountFromValue, destinationOrderKey, walletOf } from './wallet-util.js';

const INT_MAX = 2147483647;

/** `isminefilter` from an optional include_watchonly argument. */
export function watchOnlyFilter(p: readonly JsonValue[], i: number): number {
  return p.length > i && getBool(p[i]) ? ISMINE_SPENDABLE | ISMINE_WATCH_ONLY : ISMINE_SPENDABLE;
}

function minConf(p: readonly JsonValue[], i: number, dflt = 1): number {
  return p.length > i ? getInt(p[i]) : dflt;
}

/** `std::map<std::string, …>` order: byte order of the UTF-8 names. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

interface Tally {
  amount: AssetAmounts;
  conf: number;
  txids: Uint8Array[];
  watchOnly: boolean;
}

/** `ListReceived(params, fByAccounts)`. */
function listReceived(ctx: NodeRpcContext, w: NodeWallet, p: readonly JsonValue[], byAccounts: boolean): JsonValue[] {
  const nMinDepth = minConf(p, 0);
  const includeEmpty = p.length > 1 ? getBool(p[1]) : false;
  const filter = watchOnlyFilter(p, 2);
  const strasset = assetArg(p, 3);
  const ledger = w.ledger;
  const tally = new Map<string, Tally>();
  for (const wtx of ledger.transactions()) {
    if (wtx.isCoinbase || !ledger.isFinal(wtx)) continue;
    const depth = ledger.depth(wtx);
    if (depth < nMinDepth) continue;
    const outs = ledger.outputs(wtx);
    wtx.tx.outputs.forEach((txout, i) => {
      const dest = extractDestination(txout.scriptPubKey);
      if (dest === null) return;
      const mine = isMineBits(w.keys.isMine(scriptForDestination(dest)));
      if ((mine & filter) === 0) return;
      const key = destinationOrderKey(dest);
      let item = tally.get(key);
      if (item === undefined) tally.set(key, (item = { amount: new AssetAmounts(), conf: INT_MAX, txids: [], watchOnly: false }));
      const o = outs[i]!;
      if (o.asset !== null) item.amount.addKey(o.assetKey, o.value);
      item.conf = Math.min(item.conf, depth);
      item.txids.push(wtx.txid);
      if ((mine & ISMINE_WATCH_ONLY) !== 0) item.watchOnly = true;
    });
  }
  const ret: JsonValue[] = [];
  const accountTally = new Map<string, Tally>();
  const book = w.keys.addressBook().sort((a, b) => (destinationOrderKey(a.dest) < destinationOrderKey(b.dest) ? -1 : 1));
  for (const { dest, entry } of book) {
    const it = tally.get(destinationOrderKey(dest));
    if (it === undefined && !includeEmpty) continue;
    const amount = it?.amount ?? new AssetAmounts();
    const conf = it?.conf ?? INT_MAX;
    const watchOnly = it?.watchOnly ?? false;
    if (byAccounts) {
      let item = accountTally.get(entry.name);
      if (item === undefined) accountTally.set(entry.name, (item = { amount: new AssetAmounts(), conf: INT_MAX, txids: [], watchOnly: false }));
      item.amount.addAll(amount);
      item.conf = Math.min(item.conf, conf);
      item.watchOnly = watchOnly;
    } else {
      const o = new JsonObject();
      if (watchOnly) o.push('involvesWatchonly', true);
      o.push('address', addressForDestination(dest, ctx.params.base58));
      o.push('account', entry.name);
      o.push('amount', amountsJson(ctx, amount, strasset));
      o.push('confirmations', conf === INT_MAX ? 0 : conf);
      o.push('label', entry.name);
      o.push('txids', (it?.txids ?? []).map((t) => toDisplayHex(t)));
      ret.push(o);
    }
  }
  if (byAccounts) {
    for (const name of [...accountTally.keys()].sort(byUtf8)) {
      const item = accountTally.get(name)!;
      const o = new JsonObject();
      if (item.watchOnly) o.push('involvesWatchonly', true);
      o.push('account', name);
      o.push('amount', amountsJson(ctx, item.amount, strasset));
      o.push('confirmations', item.conf === INT_MAX ? 0 : item.conf);
      ret.push(o);
    }
  }
  return ret;
}

export function walletBalanceMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'getbalance',
      ['account', 'minconf', 'include_watchonly', 'assetlabel'],
      'getbalance ( "account" minconf include_watchonly "assetlabel" )\n\nIf account is not specified, returns the server\'s total available balance.\nIf account is specified (DEPRECATED), returns the balance in the account.',
      (p) => {
        const w = walletOf(ctx);
        const ledger = w.ledger;
        if (p.length === 0) return amountsJson(ctx, ledger.getBalance(), '');
        // Ocean: a named asset gives the available balance of that asset (the other arguments are ignored).
        const strasset = assetArg(p, 3);
        if (strasset !== '') return amountsJson(ctx, ledger.getBalance(), strasset);
        const nMinDepth = minConf(p, 1);
        const filter = watchOnlyFilter(p, 2);
        const book = addressBookView(w);
        if (getStr(p[0]) === '*') return amountsJson(ctx, totalBalance(ledger, nMinDepth, filter, book), '');
        const account = accountFromValue(p[0]);
        return amountJson(accountBalance(ledger, account, nMinDepth, filter, book).get(ctx.params.feeAsset));
      },
      { okSafeMode: false },
    ),
    m(
      'getunconfirmedbalance',
      ['assetlabel'],
      'getunconfirmedbalance ( "assetlabel" )\nReturns the server\'s total unconfirmed balance',
      (p) => amountsJson(ctx, walletOf(ctx).ledger.getUnconfirmedBalance(), assetArg(p, 0)),
      { okSafeMode: false },
    ),
    m(
      'getreceivedbyaddress',
      ['address', 'minconf', 'assetlabel'],
      'getreceivedbyaddress "address" ( minconf "assetlabel" )\n\nReturns the total amount received by the given address in transactions with at least minconf confirmations.',
      (p) => {
        const w = walletOf(ctx);
        const addr = tryDecodeAddress(getStr(p[0]), ctx.params.base58);
        if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        const script = scriptForDestination({ type: addr.type, hash: addr.hash });
        if (w.keys.isMine(script) === 'no') return amountJson(0n);
        const nMinDepth = minConf(p, 1);
        return amountsJson(ctx, receivedBy(w.ledger, (s) => bytesEqual(s, script), nMinDepth), assetArg(p, 2));
      },
      { minArgs: 1, okSafeMode: false },
    ),
    m(
      'getreceivedbyaccount',
      ['account', 'minconf'],
      'getreceivedbyaccount "account" ( minconf )\n\nDEPRECATED. Returns the total amount received by addresses with <account> in transactions with at least [minconf] confirmations.',
      (p) => {
        const w = walletOf(ctx);
        const nMinDepth = minConf(p, 1);
        const account = accountFromValue(p[0]);
        const addresses = new Set<string>();
        for (const e of w.keys.addressBook()) if (e.entry.name === account) addresses.add(destinationOrderKey(e.dest));
        const matches = (s: Uint8Array): boolean => {
          const d: Destination | null = extractDestination(s);
          return d !== null && w.keys.isMine(scriptForDestination(d)) !== 'no' && addresses.has(destinationOrderKey(d));
        };
        return amountsJson(ctx, receivedBy(w.ledger, matches, nMinDepth), '');
      },
      { minArgs: 1, okSafeMode: false },
    ),
    m(
      'listaccounts',
      ['minconf', 'include_watchonly'],
      'listaccounts ( minconf include_watchonly)\n\nDEPRECATED. Returns Object that has account names as keys, account balances as values.',
      (p) => {
        const w = walletOf(ctx);
        const ledger = w.ledger;
        const nMinDepth = minConf(p, 0);
        const filter = watchOnlyFilter(p, 1);
        const feeKey = hexKey(ctx.params.feeAsset);
        const balances = new Map<string, bigint>();
        const add = (name: string, v: bigint): void => {
          balances.set(name, (balances.get(name) ?? 0n) + v);
        };
        for (const e of w.keys.addressBook()) {
          if ((isMineBits(w.keys.isMine(scriptForDestination(e.dest))) & filter) !== 0) balances.set(e.entry.name, 0n);
        }
        const book = addressBookView(w);
        for (const wtx of ledger.transactions()) {
          const depth = ledger.depth(wtx);
          if (ledger.blocksToMaturity(wtx) > 0 || depth < 0) continue;
          const a = txAmounts(ledger, wtx, filter, book);
          add(a.sentAccount, -a.fee.getKey(feeKey));
          for (const s of a.sent) if (s.assetKey === feeKey) add(a.sentAccount, -s.amount);
          if (depth >= nMinDepth) {
            for (const r of a.received) if (r.assetKey === feeKey) add(book.accountOf(r.scriptPubKey) ?? '', r.amount);
          }
        }
        const o = new JsonObject();
        for (const name of [...balances.keys()].sort(byUtf8)) o.push(name, amountJson(balances.get(name)!));
        return o;
      },
      { okSafeMode: false },
    ),
    m(
      'listreceivedbyaddress',
      ['minconf', 'include_empty', 'include_watchonly', 'assetlabel'],
      'listreceivedbyaddress ( minconf include_empty include_watchonly "assetlabel" )\n\nList balances by receiving address.',
      (p) => listReceived(ctx, walletOf(ctx), p, false),
      { okSafeMode: false },
    ),
    m(
      'listreceivedbyaccount',
      ['minconf', 'include_empty', 'include_watchonly', 'assetlabel'],
      'listreceivedbyaccount ( minconf include_empty include_watchonly "assetlabel" )\n\nDEPRECATED. List balances by account.',
      (p) => listReceived(ctx, walletOf(ctx), p, true),
      { okSafeMode: false },
    ),
  ];
}
