/**
 * Wallet transaction RPCs (Core 0.14 `rpcwallet.cpp` with Elements' per-asset amounts):
 * listtransactions, listsinceblock, gettransaction, abandontransaction.
 */
import { JsonObject, amountJson, toDisplayHex, toHex, type JsonValue, type Transaction } from '@ocean-ts/core';
import { hexKey } from '../../wallet/ledger/hex-key.js';
import { ISMINE_WATCH_ONLY, isMineBits } from '../../wallet/ledger/ledger-types.js';
import { feeMap } from '../../wallet/ledger/ledger-rules.js';
import { txAmounts } from '../../wallet/ledger/tx-amounts.js';
import type { WalletTx } from '../../wallet/ledger/wallet-tx.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { uint256SBytes } from './parse-params.js';
import { getInt, getStr } from './univalue-params.js';
import { watchOnlyFilter } from './wallet-balances.js';
import { AssetAmounts, addressBookView, amountsJson, scriptAddress } from './wallet-json.js';
import { walletOf } from './wallet-util.js';

const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

function signalsOptInRbf(tx: Transaction): boolean {
  return tx.inputs.some((i) => i.sequence <= MAX_BIP125_RBF_SEQUENCE);
}

/** `IsRBFOptIn` as `bip125-replaceable` reports it for an unconfirmed transaction. */
function rbfStatus(ctx: NodeRpcContext, tx: Transaction): string {
  if (signalsOptInRbf(tx)) return 'yes';
  const pool = ctx.mempool;
  const ancestors = pool.ancestorsOf(tx.txidHex);
  if (ancestors === undefined) return 'unknown';
  for (const id of ancestors) {
    const e = pool.get(id);
    if (e !== undefined && signalsOptInRbf(e.tx)) return 'yes';
  }
  return 'no';
}

/** `GetConflicts`: other wallet transactions spending an output this one spends (display hex, txid order). */
function conflictsOf(w: NodeWallet, wtx: WalletTx): string[] {
  if (wtx.isCoinbase) return [];
  const view = w.ledger.view;
  const out = new Set<string>();
  for (const input of wtx.tx.inputs) {
    for (const s of view.spenders(hexKey(input.prevout.txid), input.prevout.index)) if (s !== wtx.key) out.add(s);
  }
  return [...out].sort().map((k) => toDisplayHex(Buffer.from(k, 'hex')));
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `WalletTxToJSON`. */
function walletTxToJson(ctx: NodeRpcContext, w: NodeWallet, wtx: WalletTx, entry: JsonObject): void {
  const ledger = w.ledger;
  const confirms = ledger.depth(wtx);
  entry.push('confirmations', confirms);
  if (wtx.isCoinbase) entry.push('generated', true);
  const s = wtx.record.status;
  if (confirms > 0 && s.kind === 'confirmed') {
    entry.push('blockhash', toDisplayHex(s.blockHash));
    entry.push('blockindex', s.index);
    entry.push('blocktime', ctx.chain.getEntry(s.blockHash)?.header.time ?? 0);
  } else {
    entry.push('trusted', ledger.isTrusted(wtx));
  }
  entry.push('txid', toDisplayHex(wtx.txid));
  entry.push('walletconflicts', conflictsOf(w, wtx));
  const r = wtx.record;
  entry.push('time', r.timeSmart !== 0 ? r.timeSmart : r.timeReceived);
  entry.push('timereceived', r.timeReceived);
  entry.push('bip125-replaceable', confirms <= 0 ? rbfStatus(ctx, wtx.tx) : 'no');
  for (const [k, v] of [...r.values].sort((a, b) => byUtf8(a[0], b[0]))) entry.push(k, v);
}

/** The asset fields of a list entry: `asset` (display hex) and `assetlabel` when the asset has one. */
function pushAsset(ctx: NodeRpcContext, entry: JsonObject, asset: Uint8Array | null): void {
  entry.push('asset', asset === null ? '' : toDisplayHex(asset));
  const label = asset === null ? undefined : ctx.params.assetLabels.labelFor(asset);
  if (label !== undefined) entry.push('assetlabel', label);
}

/** `ListTransactions(wtx, strAccount, nMinDepth, fLong, ret, filter)`. */
function listTransactions(ctx: NodeRpcContext, w: NodeWallet, wtx: WalletTx, account: string, minDepth: number, long: boolean, ret: JsonValue[], filter: number): void {
  const ledger = w.ledger;
  const book = addressBookView(w);
  const a = txAmounts(ledger, wtx, filter, book);
  const allAccounts = account === '*';
  const involvesWatchonly = ledger.isFromMe(wtx.tx, ISMINE_WATCH_ONLY);
  const watchOnlyScript = (s: Uint8Array): boolean => (isMineBits(w.keys.isMine(s)) & ISMINE_WATCH_ONLY) !== 0;
  const fee = a.fee.get(ctx.params.feeAsset);
  if ((a.sent.length > 0 || a.fee.isPositive) && (allAccounts || account === a.sentAccount)) {
    for (const s of a.sent) {
      const entry = new JsonObject();
      if (involvesWatchonly || watchOnlyScript(s.scriptPubKey)) entry.push('involvesWatchonly', true);
      entry.push('account', a.sentAccount);
      const address = scriptAddress(ctx, s.scriptPubKey);
      if (address !== undefined) entry.push('address', address);
      entry.push('category', 'send');
      entry.push('amount', amountJson(-s.amount));
      pushAsset(ctx, entry, s.asset);
      const label = book.accountOf(s.scriptPubKey);
      if (label !== undefined) entry.push('label', label);
      entry.push('vout', s.index);
      entry.push('fee', amountJson(-fee));
      if (long) walletTxToJson(ctx, w, wtx, entry);
      entry.push('abandoned', wtx.record.isAbandoned);
      ret.push(entry);
    }
  }
  if (a.received.length > 0 && ledger.depth(wtx) >= minDepth) {
    for (const r of a.received) {
      const label = book.accountOf(r.scriptPubKey);
      const acct = label ?? '';
      if (!allAccounts && acct !== account) continue;
      const entry = new JsonObject();
      if (involvesWatchonly || watchOnlyScript(r.scriptPubKey)) entry.push('involvesWatchonly', true);
      entry.push('account', acct);
      const address = scriptAddress(ctx, r.scriptPubKey);
      if (address !== undefined) entry.push('address', address);
      let category = 'receive';
      if (wtx.isCoinbase) {
        if (ledger.depth(wtx) < 1) category = 'orphan';
        else if (ledger.blocksToMaturity(wtx) > 0) category = 'immature';
        else category = 'generate';
      }
      entry.push('category', category);
      entry.push('amount', amountJson(r.amount));
      pushAsset(ctx, entry, r.asset);
      if (label !== undefined) entry.push('label', label);
      entry.push('vout', r.index);
      if (long) walletTxToJson(ctx, w, wtx, entry);
      ret.push(entry);
    }
  }
}

function parseTxid(v: JsonValue | undefined): Uint8Array {
  // uint256::SetHex: lenient, as the original
  return uint256SBytes(getStr(v));
}

export function walletTransactionMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'listtransactions',
      ['account', 'count', 'skip', 'include_watchonly'],
      'listtransactions ( "account" count skip include_watchonly)\n\nReturns up to \'count\' most recent transactions skipping the first \'from\' transactions for account \'account\'.',
      (p) => {
        const w = walletOf(ctx);
        const account = p.length > 0 ? getStr(p[0]) : '*';
        let count = p.length > 1 ? getInt(p[1]) : 10;
        let from = p.length > 2 ? getInt(p[2]) : 0;
        const filter = watchOnlyFilter(p, 3);
        if (count < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Negative count');
        if (from < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Negative from');
        const ret: JsonValue[] = [];
        const ordered = [...w.ledger.transactionsByOrder()];
        for (let i = ordered.length - 1; i >= 0; i--) {
          listTransactions(ctx, w, ordered[i]!, account, 0, true, ret, filter);
          if (ret.length >= count + from) break;
        }
        // ret is newest to oldest
        if (from > ret.length) from = ret.length;
        if (from + count > ret.length) count = ret.length - from;
        return ret.slice(from, from + count).reverse();
      },
      { okSafeMode: false },
    ),
    m(
      'listsinceblock',
      ['blockhash', 'target_confirmations', 'include_watchonly'],
      'listsinceblock ( "blockhash" target_confirmations include_watchonly)\n\nGet all transactions in blocks since block [blockhash], or all transactions if omitted',
      (p) => {
        const w = walletOf(ctx);
        const cs = ctx.chain;
        let forkHeight: number | undefined;
        if (p.length > 0) {
          const hash = uint256SBytes(getStr(p[0]));
          let entry = cs.getEntry(hash);
          if (entry !== undefined) {
            // a block off the active chain: its last common ancestor with it
            while (entry !== undefined) {
              const active = cs.getBlockHash(entry.height);
              if (active !== undefined && toHex(active) === toHex(entry.hash)) break;
              entry = entry.ancestor(entry.height - 1);
            }
            forkHeight = entry?.height;
          }
        }
        let targetConfirms = 1;
        if (p.length > 1) {
          targetConfirms = getInt(p[1]);
          if (targetConfirms < 1) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter');
        }
        const filter = watchOnlyFilter(p, 2);
        const depth = forkHeight === undefined ? -1 : 1 + cs.height - forkHeight;
        const transactions: JsonValue[] = [];
        for (const wtx of w.ledger.transactions()) {
          if (depth === -1 || w.ledger.depth(wtx) < depth) listTransactions(ctx, w, wtx, '*', 0, true, transactions, filter);
        }
        const lastHeight = cs.height + 1 - targetConfirms;
        const last = lastHeight >= 0 ? cs.getBlockHash(lastHeight) : undefined;
        return new JsonObject()
          .push('transactions', transactions)
          .push('lastblock', last === undefined ? '0'.repeat(64) : toDisplayHex(last));
      },
      { okSafeMode: false },
    ),
    m(
      'gettransaction',
      ['txid', 'include_watchonly', 'assetlabel'],
      'gettransaction "txid" ( include_watchonly "assetlabel" )\n\nGet detailed information about in-wallet transaction <txid>',
      (p) => {
        const w = walletOf(ctx);
        const txid = parseTxid(p[0]);
        const filter = watchOnlyFilter(p, 1);
        const strasset = typeof p[2] === 'string' ? p[2] : '';
        const ledger = w.ledger;
        const wtx = ledger.get(txid);
        if (wtx === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
        const credit = ledger.credit(wtx, filter);
        const debit = ledger.debit(wtx.tx, filter);
        const fromMe = ledger.isFromMe(wtx.tx, filter);
        // Core: nFee = value out − debit (the fee, negated); Elements: the explicit fee outputs
        const fee = fromMe ? new AssetAmounts().subtractAll(feeMap(wtx.tx)) : new AssetAmounts();
        const amount = credit.clone().subtractAll(debit).subtractAll(fee);
        const entry = new JsonObject();
        entry.push('amount', amountsJson(ctx, amount, strasset));
        if (fromMe) entry.push('fee', amountsJson(ctx, fee, strasset));
        walletTxToJson(ctx, w, wtx, entry);
        const details: JsonValue[] = [];
        listTransactions(ctx, w, wtx, '*', 0, false, details, filter);
        entry.push('details', details);
        entry.push('hex', toHex(wtx.tx.toBytes()));
        return entry;
      },
      { minArgs: 1, okSafeMode: false },
    ),
    m(
      'abandontransaction',
      ['txid'],
      'abandontransaction "txid"\n\nMark in-wallet transaction <txid> as abandoned',
      async (p) => {
        const w = walletOf(ctx);
        const txid = parseTxid(p[0]);
        if (w.ledger.get(txid) === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
        const r = await w.ledger.abandonTransaction(txid);
        if (r !== 'abandoned') throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Transaction not eligible for abandonment');
        return null;
      },
      { minArgs: 1, maxArgs: 1, okSafeMode: false },
    ),
  ];
}
