/** The node's RPC methods by category (rpc spec §2); registered by the composition root. */
import type { MethodTable } from '../server/method-table.js';
import { blockchainMethods } from './blockchain.js';
import type { NodeRpcContext } from './context.js';
import { miningMethods } from './mining.js';
import { networkMethods } from './network.js';
import { controlInfoMethods, feeEstimateMethods, oceanMethods } from './ocean.js';
import { rawTransactionMethods } from './rawtransactions.js';
import { rawTransactionCreateMethods } from './rawtransactions-create.js';
import { rawTransactionPolicyMethods } from './rawtransactions-policy.js';
import { utilMethods } from './util.js';
import { blockProposalMethods } from './block-proposal.js';
import { blockStatsMethods } from './blockchain-stats.js';
import { blockTemplateMethods } from './block-template.js';
import { mempoolMethods } from './mempool-methods.js';
import { txOutProofMethods } from './txout-proof.js';
import { utxoAssetInfoMethods } from './utxo-asset-info.js';
import { waitForBlockMethods } from './wait-for-block.js';
import { rawTransactionSignMethods } from './rawtransactions-sign.js';
import { rawTransactionOutputsMethods } from './rawtransactions-outputs.js';
import { rawIssuanceMethods } from './rawtransactions-issuance.js';
import { utilMessageMethods } from './util-message.js';
import { utilBlindedAddressMethods } from './util-blinded-address.js';
import { utilTestingMethods } from './util-testing.js';
import { walletMethods } from './wallet-methods.js';
import { rawBlindMethods } from './rawtransactions-blind.js';
import { policyWhitelistMethods, policyWhitelistWalletMethods } from './policy-whitelist.js';
import { freezeBurnMethods, type FreezeBurnRpcContext } from './policy-freeze-burn.js';

export type { NodeRpcContext } from './context.js';

/** The wallet RPCs, for a node whose wallet opens after the other methods were registered. */
export function registerWalletMethods(table: MethodTable, ctx: NodeRpcContext): MethodTable {
  return table.registerAll([...walletMethods(ctx), ...policyWhitelistWalletMethods(ctx)]);
}

export function registerNodeMethods(table: MethodTable, ctx: NodeRpcContext & FreezeBurnRpcContext): MethodTable {
  return table.registerAll([
    ...blockchainMethods(ctx),
    ...miningMethods(ctx),
    ...networkMethods(ctx),
    ...rawTransactionMethods(ctx),
    ...rawTransactionCreateMethods(ctx),
    ...rawTransactionPolicyMethods(ctx),
    ...oceanMethods(ctx),
    ...feeEstimateMethods(ctx),
    ...controlInfoMethods(ctx),
    ...utilMethods(ctx),
    ...mempoolMethods(ctx),
    ...blockStatsMethods(ctx),
    ...txOutProofMethods(ctx),
    ...waitForBlockMethods(ctx),
    ...utxoAssetInfoMethods(ctx),
    ...freezeBurnMethods(ctx),
    ...blockProposalMethods(ctx),
    ...blockTemplateMethods(ctx),
    ...rawTransactionSignMethods(ctx),
    ...rawTransactionOutputsMethods(ctx),
    ...rawIssuanceMethods(ctx),
    ...utilMessageMethods(ctx),
    ...utilBlindedAddressMethods(ctx),
    ...utilTestingMethods(ctx),
    // Elements registers rawblindrawtransaction outside the wallet: it works with -disablewallet.
    ...rawBlindMethods(ctx),
    // The whitelist maintenance RPCs (policy §5, §6).
    ...policyWhitelistMethods(ctx),
    // Wallet RPCs only with a wallet: with -disablewallet they are unknown (-32601 Method not found).
    ...(ctx.wallet !== undefined ? [...walletMethods(ctx), ...policyWhitelistWalletMethods(ctx)] : []),
  ]);
}
