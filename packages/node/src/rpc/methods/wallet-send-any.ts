/**
 * Ocean's sendanytoaddress / createanytoaddress (src/wallet/rpcwallet.cpp `SendAnyMoney`,
 * ocean-policy §11.1–11.2): pay an amount with as many non-policy assets as needed.
 */
import { fromHex, scriptForDestination, toHex, type JsonValue } from '@ocean-ts/core';
import { policyAssetHooks } from '../../policy/policy-asset-hooks.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { SendAny, type SendAnyOptions } from '../../wallet/send/send-any.js';
import {
  SEND_ANY_FAIL,
  isHexString,
  isSendAnySortType,
  metadataScript,
  sendAnyBalanceList,
  totalBalance,
  type AssetBalance,
  type SendAnyPlan,
} from '../../wallet/send/send-any-plan.js';
import type { CreatedTransaction } from '../../wallet/send/send-types.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_TYPE_ERROR, RPC_WALLET_INSUFFICIENT_FUNDS, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getBool, getInt, getStr, isNull } from './univalue-params.js';
import { sendNodePort, sendRpcError } from './wallet-send-port.js';
import { ensureUnlocked, walletOf } from './wallet-util.js';

interface ParsedSendAny {
  readonly amount: bigint;
  readonly sortType: number;
  readonly options: SendAnyOptions;
}

function boolAt(p: readonly JsonValue[], i: number, def: boolean): boolean {
  return p.length > i && !isNull(p[i]) ? getBool(p[i]) : def;
}

/** The destination script and blinding key of an address argument, or -5 `Invalid Bitcoin address`. */
function destination(ctx: NodeRpcContext, text: string): { script: Uint8Array; blindingKey: Uint8Array | undefined } {
  const addr = tryDecodeAddress(text, ctx.params.base58);
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
  return { script: scriptForDestination({ type: addr.type, hash: addr.hash }), blindingKey: addr.blindingKey };
}

/** The optional metadata argument: hex, else -3 `Invalid metadata: must be hex string`. */
function metadataAt(p: readonly JsonValue[], i: number): Uint8Array | undefined {
  if (p.length <= i || isNull(p[i])) return undefined;
  const s = getStr(p[i]);
  if (s === '') return undefined;
  if (!isHexString(s)) throw new RpcError(RPC_TYPE_ERROR, SEND_ANY_FAIL.metadata);
  return metadataScript(fromHex(s));
}

function amountAt(v: JsonValue | undefined): bigint {
  const amount = amountFromValue(v);
  if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount for send');
  return amount;
}

/**
 * SendAnyMoney's checks and plan: the sorted non-policy balances (watch-only ones too when
 * allowed), -3 for an unknown sort type, -6 when they do not cover the amount.
 */
function planFor(ctx: NodeRpcContext, w: NodeWallet, sendAny: SendAny, a: ParsedSendAny): { list: AssetBalance[]; plan: SendAnyPlan } {
  if (!isSendAnySortType(a.sortType)) throw new RpcError(RPC_TYPE_ERROR, SEND_ANY_FAIL.sortType);
  const balances = w.ledger.getBalance();
  if (a.options.allowWatchOnly) balances.addAll(w.ledger.getBalance(true));
  const isPolicyAsset = policyAssetHooks(ctx.params).isPolicyAsset ?? (() => false);
  const list = sendAnyBalanceList(balances, isPolicyAsset, a.sortType);
  if (totalBalance(list) < a.amount) throw new RpcError(RPC_WALLET_INSUFFICIENT_FUNDS, SEND_ANY_FAIL.insufficientFunds);
  return { list, plan: sendAny.plan(list, a.amount, a.options.scriptPubKey) };
}

function sendAnyOf(ctx: NodeRpcContext, w: NodeWallet): SendAny {
  return new SendAny({
    builder: w.sender.builder,
    ledger: w.ledger,
    isPolicyAsset: policyAssetHooks(ctx.params).isPolicyAsset ?? (() => false),
    dustRelayFeePerKb: w.fees.dustRelayFeePerKb,
  });
}

export function walletSendAnyMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'sendanytoaddress',
      ['address', 'amount', 'comment', 'comment_to', 'ignoreblindfail', 'splitlargetxs', 'balanceSortType', 'metadata'],
      'sendanytoaddress "address" amount ( "comment" "comment_to" ignoreblindfail splitlargetxs balanceSortType "metadata" "changeaddress" )\n\n' +
        'Send an amount to a given address using any non-policy assets the wallet holds (as many as needed).\n' +
        'Returns the txid, or an array of txids when the transaction was split.',
      async (p) => {
        const w = walletOf(ctx);
        const dest = destination(ctx, getStr(p[0]));
        const amount = amountAt(p[1]);
        const values: [string, string][] = [];
        if (p.length > 2 && !isNull(p[2]) && getStr(p[2]) !== '') values.push(['comment', getStr(p[2])]);
        if (p.length > 3 && !isNull(p[3]) && getStr(p[3]) !== '') values.push(['to', getStr(p[3])]);
        const ignoreBlindFail = boolAt(p, 4, true);
        const splitLargeTxs = boolAt(p, 5, false);
        const sortType = p.length > 6 && !isNull(p[6]) ? getInt(p[6]) : 1;
        const metadata = metadataAt(p, 7);
        const changeScript = p.length > 8 && !isNull(p[8]) ? destination(ctx, getStr(p[8])).script : undefined;
        ensureUnlocked(w);
        const sendAny = sendAnyOf(ctx, w);
        const a: ParsedSendAny = {
          amount,
          sortType,
          options: { scriptPubKey: dest.script, blindingPubkey: dest.blindingKey, ignoreBlindFail, splitLargeTxs, allowWatchOnly: false, metadataScript: metadata, changeScript },
        };
        const port = sendNodePort(ctx);
        let committed;
        try {
          committed = await w.sender.sendBatch(
            async () => {
              const { list, plan } = planFor(ctx, w, sendAny, a);
              return sendAny.create(plan, list, a.options, port);
            },
            { values },
            port,
          );
        } catch (e) {
          throw sendRpcError(e);
        }
        if (committed.length === 1) return committed[0]!.tx.txidHex;
        return committed.map((c) => c.tx.txidHex);
      },
      { minArgs: 2, maxArgs: 9, okSafeMode: false },
    ),
    m(
      'createanytoaddress',
      ['address', 'amount', 'ignoreblindfail', 'splitlargetxs', 'balancesorttype', 'allowwatchonly', 'metadata'],
      'createanytoaddress "address" amount ( ignoreblindfail splitlargetxs balancesorttype allowwatchonly "metadata" )\n\n' +
        'Create (and sign, without broadcasting) the transactions that send an amount to a given address using any\n' +
        'non-policy assets the wallet holds. Returns an array of transaction hex strings.',
      async (p) => {
        const w = walletOf(ctx);
        const dest = destination(ctx, getStr(p[0]));
        const amount = amountAt(p[1]);
        const ignoreBlindFail = boolAt(p, 2, true);
        const splitLargeTxs = boolAt(p, 3, false);
        const sortType = p.length > 4 && !isNull(p[4]) ? getInt(p[4]) : 1;
        const allowWatchOnly = boolAt(p, 5, false);
        const metadata = metadataAt(p, 6);
        ensureUnlocked(w);
        const sendAny = sendAnyOf(ctx, w);
        const a: ParsedSendAny = {
          amount,
          sortType,
          options: { scriptPubKey: dest.script, blindingPubkey: dest.blindingKey, ignoreBlindFail, splitLargeTxs, allowWatchOnly, metadataScript: metadata },
        };
        const port = sendNodePort(ctx);
        let created: CreatedTransaction[];
        try {
          created = await w.sender.exclusive(async () => {
            const { list, plan } = planFor(ctx, w, sendAny, a);
            return sendAny.create(plan, list, a.options, port);
          });
          // As fundrawtransaction: the change keys are kept (the transactions may be broadcast later).
          for (const c of created) await c.keepKeys();
        } catch (e) {
          throw sendRpcError(e);
        }
        return created.map((c) => toHex(c.tx.toBytes()));
      },
      { minArgs: 2, maxArgs: 7, okSafeMode: false },
    ),
  ];
}
