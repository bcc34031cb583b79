/**
 * Sending RPCs of the wallet (Core 0.14 / Elements 0.14 `rpcwallet.cpp` with Ocean's asset labels
 * and fee asset): sendtoaddress, sendmany, destroyamount, settxfee. ADR 0030.
 */
import { OP, scriptForDestination, type JsonValue } from '@ocean-ts/core';
import { AssetAmounts } from '../../wallet/ledger/asset-amounts.js';
import { ISMINE_SPENDABLE } from '../../wallet/ledger/ledger-types.js';
import { accountBalance } from '../../wallet/ledger/tx-amounts.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { WalletSendError } from '../../wallet/send/send-error.js';
import type { CommitMetadata, CreateTransactionRequest, SendRecipient } from '../../wallet/send/send-types.js';
import { formatMoney } from '../../wallet/send/wallet-fee-settings.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_TYPE_ERROR,
  RPC_WALLET_ERROR,
  RPC_WALLET_INSUFFICIENT_FUNDS,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { findValue, getArray, getBool, getInt, getObj, getStr, isNull } from './univalue-params.js';
import { addressBookView, resolveAsset } from './wallet-json.js';
import { sendNodePort, sendRpcError } from './wallet-send-port.js';
import { accountFromValue, ensureUnlocked, walletOf } from './wallet-util.js';

/** `GetAssetFromString` or -4 `Unknown label and invalid asset hex: <null asset hex>` (Elements' text). */
export function walletAssetParam(ctx: NodeRpcContext, text: string): Uint8Array {
  const asset = resolveAsset(ctx, text);
  if (asset === undefined) throw new RpcError(RPC_WALLET_ERROR, `Unknown label and invalid asset hex: ${'0'.repeat(64)}`);
  return asset;
}

/** An optional string argument that is stored only when non-empty (`mapValue["comment"]`, …). */
function optionalText(p: readonly JsonValue[], i: number): string | undefined {
  if (p.length <= i || isNull(p[i])) return undefined;
  const s = getStr(p[i]);
  return s === '' ? undefined : s;
}

/**
 * `SendMoney(address, nValue, asset, fSubtractFeeFromAmount, confidentiality_key, wtx)`: the
 * balance check (-6 `Insufficient funds`), CreateTransaction (-4 with its reason, or the fee it
 * would need) and CommitTransaction. Returns the txid (also when the local mempool refused it).
 */
export async function sendMoney(
  ctx: NodeRpcContext,
  w: NodeWallet,
  recipient: SendRecipient,
  feeAsset: Uint8Array,
  meta: CommitMetadata,
  ignoreBlindFail: boolean,
): Promise<string> {
  const curBalance = w.ledger.getBalance().get(recipient.asset);
  if (recipient.amount <= 0n) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid amount');
  if (recipient.amount > curBalance) throw new RpcError(RPC_WALLET_INSUFFICIENT_FUNDS, 'Insufficient funds');
  const req: CreateTransactionRequest = { recipients: [recipient], feeAsset, ignoreBlindFail };
  try {
    const r = await w.sender.send(req, meta, sendNodePort(ctx));
    return r.tx.txidHex;
  } catch (e) {
    if (e instanceof WalletSendError && e.kind === 'create' && !recipient.subtractFeeFromAmount && recipient.amount + e.feeRequired > curBalance) {
      throw new RpcError(RPC_WALLET_ERROR, `Error: This transaction requires a transaction fee of at least ${formatMoney(e.feeRequired)}`);
    }
    throw sendRpcError(e);
  }
}

/** Elements' `CAmountMap` `a < b`: no entry of `a` above `b`'s and at least one below. */
function amountMapLess(a: AssetAmounts, b: AssetAmounts): boolean {
  let smaller = false;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const av = a.getKey(k);
    const bv = b.getKey(k);
    if (av > bv) return false;
    if (av < bv) smaller = true;
  }
  return smaller;
}

export function walletSendMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  return [
    m(
      'sendtoaddress',
      ['address', 'amount', 'comment', 'comment_to', 'subtractfeefromamount', 'assetlabel', 'ignoreblindfail'],
      'sendtoaddress "address" amount ( "comment" "comment_to" subtractfeefromamount "assetlabel" ignoreblindfail )\n\n' +
        'Send an amount to a given address. The amount is in the asset named by assetlabel (default "CBT"),\nwhich also pays the fee.',
      async (p) => {
        const w = walletOf(ctx);
        const text = getStr(p[0]);
        const addr = tryDecodeAddress(text, prefixes);
        if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        const amount = amountFromValue(p[1]);
        if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount for send');
        const values: [string, string][] = [];
        const comment = optionalText(p, 2);
        if (comment !== undefined) values.push(['comment', comment]);
        const to = optionalText(p, 3);
        if (to !== undefined) values.push(['to', to]);
        const subtract = p.length > 4 && !isNull(p[4]) ? getBool(p[4]) : false;
        const strasset = p.length > 5 && typeof p[5] === 'string' ? p[5] : 'CBT';
        const asset = walletAssetParam(ctx, strasset);
        const ignoreBlindFail = p.length > 6 && !isNull(p[6]) ? getBool(p[6]) : true;
        ensureUnlocked(w);
        const recipient: SendRecipient = {
          scriptPubKey: scriptForDestination({ type: addr.type, hash: addr.hash }),
          amount,
          asset,
          blindingPubkey: addr.blindingKey,
          subtractFeeFromAmount: subtract,
        };
        // Ocean: the sent asset pays the fee (none for a policy asset).
        return sendMoney(ctx, w, recipient, asset, { values }, ignoreBlindFail);
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'sendmany',
      ['fromaccount', 'amounts', 'minconf', 'comment', 'subtractfeefrom', 'output_assets', 'ignoreblindfail'],
      'sendmany "fromaccount" {"address":amount,...} ( minconf "comment" ["address",...] {"address":"asset","fee":"asset"} ignoreblindfail )\n\n' +
        'Send multiple times. Amounts are double-precision floating point numbers.',
      async (p) => {
        const w = walletOf(ctx);
        const account = accountFromValue(p[0]);
        const sendTo = getObj(p[1]);
        const nMinDepth = p.length > 2 && !isNull(p[2]) ? getInt(p[2]) : 1;
        const values: [string, string][] = [];
        const comment = optionalText(p, 3);
        if (comment !== undefined) values.push(['comment', comment]);
        const subtractFrom = p.length > 4 && !isNull(p[4]) ? getArray(p[4]) : [];
        const assets = p.length > 5 && !isNull(p[5]) ? getObj(p[5]) : undefined;
        if (assets !== undefined && account !== '') throw new RpcError(RPC_TYPE_ERROR, 'Accounts can not be used with assets.');
        const ignoreBlindFail = p.length > 6 && !isNull(p[6]) ? getBool(p[6]) : true;

        const seen = new Set<string>();
        const recipients: SendRecipient[] = [];
        const total = new AssetAmounts();
        for (const [name, value] of sendTo.entries) {
          const addr = tryDecodeAddress(name, prefixes);
          if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `Invalid Bitcoin address: ${name}`);
          const av = assets === undefined ? undefined : findValue(assets, name);
          const asset = walletAssetParam(ctx, typeof av === 'string' ? av : 'CBT');
          const key = `${addr.blindingKey ? Buffer.from(addr.blindingKey).toString('hex') : ''}:${addr.version}:${Buffer.from(addr.payload).toString('hex')}`;
          if (seen.has(key)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, duplicated address: ${name}`);
          seen.add(key);
          const amount = amountFromValue(value);
          if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount for send');
          total.add(asset, amount);
          const subtract = subtractFrom.some((a) => getStr(a) === name);
          recipients.push({ scriptPubKey: scriptForDestination({ type: addr.type, hash: addr.hash }), amount, asset, blindingPubkey: addr.blindingKey, subtractFeeFromAmount: subtract });
        }
        // Ocean: {"fee": asset} names the fee asset (default: the domain asset).
        const feeV = assets === undefined ? undefined : findValue(assets, 'fee');
        const feeAsset = typeof feeV === 'string' ? walletAssetParam(ctx, feeV) : ctx.params.feeAsset;

        ensureUnlocked(w);
        const balance = accountBalance(w.ledger, account, nMinDepth, ISMINE_SPENDABLE, addressBookView(w));
        if (amountMapLess(balance, total)) throw new RpcError(RPC_WALLET_INSUFFICIENT_FUNDS, 'Account has insufficient funds');
        try {
          const r = await w.sender.send({ recipients, feeAsset, ignoreBlindFail }, { values, fromAccount: account }, sendNodePort(ctx));
          return r.tx.txidHex;
        } catch (e) {
          throw sendRpcError(e, RPC_WALLET_INSUFFICIENT_FUNDS);
        }
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'destroyamount',
      ['asset', 'amount', 'comment'],
      'destroyamount "asset" amount ( "comment" )\n\nDestroy an amount of a given asset (an OP_RETURN output; the fee is paid in the domain asset).',
      async (p) => {
        const w = walletOf(ctx);
        const asset = walletAssetParam(ctx, getStr(p[0]));
        const amount = amountFromValue(p[1]);
        if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount to destroy');
        const values: [string, string][] = [];
        const comment = optionalText(p, 2);
        if (comment !== undefined) values.push(['comment', comment]);
        ensureUnlocked(w);
        const recipient: SendRecipient = { scriptPubKey: Uint8Array.of(OP.OP_RETURN), amount, asset, subtractFeeFromAmount: false };
        return sendMoney(ctx, w, recipient, ctx.params.feeAsset, { values }, true);
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'settxfee',
      ['amount'],
      'settxfee amount\n\nSet the transaction fee per kB. Overwrites the paytxfee parameter.',
      (p) => {
        const w = walletOf(ctx);
        w.payTxFeePerKb = amountFromValue(p[0]);
        return true;
      },
      { minArgs: 1, okSafeMode: false },
    ),
  ];
}
