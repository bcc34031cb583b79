/** The node's RPC methods by category (rpc spec §2); registered by the composition root. */
import type { MethodTable } from '../server/method-table.js';
import { blockchainMethods } from './blockchain.js';
import type { NodeRpcContext } from './context.js';
import { miningMethods } from './mining.js';
import { networkMethods } from './network.js';
import { controlInfoMethods, feeEstimateMethods, oceanMethods } from './ocean.js';
import { rawTransactionMethods } from './rawtransactions.js';
import { rawTransactionCreateMethods } from './rawtransactions-create.js';
import { utilMethods } from './util.js';

export type { NodeRpcContext } from './context.js';

export function registerNodeMethods(table: MethodTable, ctx: NodeRpcContext): MethodTable {
  return table.registerAll([
    ...blockchainMethods(ctx),
    ...miningMethods(ctx),
    ...networkMethods(ctx),
    ...rawTransactionMethods(ctx),
    ...rawTransactionCreateMethods(ctx),
    ...oceanMethods(ctx),
    ...feeEstimateMethods(ctx),
    ...controlInfoMethods(ctx),
    ...utilMethods(ctx),
  ]);
}
