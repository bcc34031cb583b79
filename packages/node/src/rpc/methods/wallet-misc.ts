/**
 * `signmessage` and the hidden `resendwallettransactions` (Core 0.14 `rpcwallet.cpp`).
 */
import { compareBytes, encodeBase64, signMessage, type Transaction } from '@ocean-ts/core';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_TYPE_ERROR, RPC_WALLET_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getStr } from './univalue-params.js';
import { ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/**
 * `ResendWalletTransactionsBefore(now)` → `RelayWalletTransaction` for every wallet transaction
 * received at or before `now`, oldest first (ties in txid order, as `mapWallet`): a non-coinbase,
 * unabandoned transaction at depth 0 is relayed when it is in the mempool or the mempool takes it
 * again now. Returns the relayed ones (with the connection manager up, relaying counts even without
 * peers).
 */
export async function resendWalletTransactions(ctx: NodeRpcContext, w: NodeWallet, now: number): Promise<Transaction[]> {
  const ledger = w.ledger;
  const sorted = [...ledger.transactionsByOrder()]
    .filter((wtx) => wtx.record.timeReceived <= now)
    .sort((a, b) => a.record.timeReceived - b.record.timeReceived || compareBytes(a.txid, b.txid));
  const relayed: Transaction[] = [];
  for (const wtx of sorted) {
    const tx = wtx.tx;
    if (tx.isCoinbase || wtx.record.isAbandoned || ledger.depth(wtx) !== 0) continue;
    let inPool = ctx.mempool.has(tx.txidHex);
    if (!inPool) inPool = (await ctx.acceptToMempool((pool) => pool.accept(tx))).status === 'accepted';
    if (inPool) relayed.push(tx);
  }
  return relayed;
}

export function walletMiscMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'signmessage',
      ['address', 'message'],
      'signmessage "address" "message"\n\nSign a message with the private key of an address\n\n' +
        'Arguments:\n' +
        '1. "address"         (string, required) The bitcoin address to use for the private key.\n' +
        '2. "message"         (string, required) The message to create a signature of.\n\n' +
        'Result:\n"signature"          (string) The signature of the message encoded in base 64',
      (p) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const address = getStr(p[0]);
        const message = getStr(p[1]);
        const addr = tryDecodeAddress(address, ctx.params.base58);
        if (!addr) throw new RpcError(RPC_TYPE_ERROR, 'Invalid address');
        // `GetKeyID`: only a plain (unblinded) PUBKEY_ADDRESS refers to a key.
        if (addr.versionKind !== 'pubkey' || addr.blindingKey) throw new RpcError(RPC_TYPE_ERROR, 'Address does not refer to key');
        const key = w.keys.getKey(addr.hash);
        if (key === undefined) throw new RpcError(RPC_WALLET_ERROR, 'Private key not available');
        return encodeBase64(signMessage(ctx.secp, key, message));
      },
      { minArgs: 2, maxArgs: 2 },
    ),
    m(
      'resendwallettransactions',
      [],
      'resendwallettransactions\n' +
        'Immediately re-broadcast unconfirmed wallet transactions to all peers.\n' +
        'Intended only for testing; the wallet code periodically re-broadcasts\n' +
        'automatically.\n' +
        'Returns array of transaction ids that were re-broadcast.\n',
      () =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const txs = await resendWalletTransactions(ctx, w, ctx.now());
          return txs.map((tx) => tx.txidHex);
        }),
      { category: 'hidden', maxArgs: 0 },
    ),
  ];
}
