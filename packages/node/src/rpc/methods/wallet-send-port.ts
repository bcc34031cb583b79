/** The node as the wallet's send path sees it (`SendNodePort`), and the send errors as RPC errors. */
import { toDisplayHex } from '@ocean-ts/core';
import { formatReject } from '../../mempool/mempool-reject.js';
import { worthOffloading } from '../../mempool/mempool.js';
import { WalletSendError } from '../../wallet/send/send-error.js';
import type { SendNodePort } from '../../wallet/send/send-types.js';
import { RPC_WALLET_ERROR, RPC_WALLET_UNLOCK_NEEDED, RpcError } from '../server/rpc-error.js';
import type { NodeRpcContext } from './context.js';
import { walletRpcError } from './wallet-util.js';

/**
 * `CommitTransaction`'s broadcast is `AcceptToMemoryPool(maxTxFee)` under the chain lock; the
 * wallet learns the outcome through the usual mempool events (the composition root's
 * `acceptToMempool` hook), which have run when this resolves.
 */
export function sendNodePort(ctx: NodeRpcContext): SendNodePort {
  const pool = ctx.mempool;
  return {
    tipHeight: () => ctx.chain.height,
    submit: async (tx) =>
      await ctx.acceptToMempool(async (p) => {
        if (p.has(tx.txidHex)) return undefined;
        const { result } = worthOffloading(tx) ? await p.submitAsync(tx, {}) : p.submit(tx, {});
        if (result.status === 'accepted') return undefined;
        if (result.status === 'missing-inputs') return 'Missing inputs';
        return formatReject(result.reject);
      }),
    withinChainLimit: (txid, limit) => {
      const id = toDisplayHex(txid);
      const anc = pool.ancestorsOf(id);
      if (anc === undefined) return true;
      const desc = pool.descendantsOf(id) ?? [];
      return anc.length + 1 < limit && desc.length + 1 < limit;
    },
    ancestorLimit: pool.options.limitAncestorCount,
    descendantLimit: pool.options.limitDescendantCount,
  };
}

/** A send failure as the original's RPC error (`CreateTransaction` failures: `code`, default -4). */
export function sendRpcError(e: unknown, code = RPC_WALLET_ERROR): unknown {
  if (e instanceof WalletSendError) {
    if (e.kind === 'locked') return new RpcError(RPC_WALLET_UNLOCK_NEEDED, e.message);
    if (e.kind === 'commit') return new RpcError(RPC_WALLET_ERROR, e.message);
    return new RpcError(code, e.message);
  }
  return walletRpcError(e);
}
