/** The wallet RPCs (keys, balances, transactions, coins); registered only when the node has a wallet. */
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { walletAddressMethods } from './wallet-addresses.js';
import { walletDerivedKeyMethods } from './wallet-derived-keys.js';
import { walletEncryptionMethods } from './wallet-encryption.js';
import { walletImportExportMethods } from './wallet-import-export.js';
import { walletImportMultiMethods } from './wallet-import-multi.js';
import { walletMiscMethods } from './wallet-misc.js';
import { walletPrunedFundsMethods } from './wallet-pruned-funds.js';
import { walletScriptAddressMethods } from './wallet-script-addresses.js';
import { walletInfoMethods } from './wallet-info.js';
import { walletBalanceMethods } from './wallet-balances.js';
import { walletCoinMethods } from './wallet-coins.js';
import { walletTransactionMethods } from './wallet-transactions.js';
import { walletBlindingMethods } from './wallet-blinding.js';
import { walletIssuanceMethods } from './wallet-issuances.js';
import { walletSendMethods } from './wallet-send.js';
import { walletSendAnyMethods } from './wallet-send-any.js';
import { walletIssueMethods } from './wallet-issuance.js';
import { walletFundMethods } from './wallet-fund.js';
import { walletPegEthMethods } from './wallet-peg-eth.js';
import { walletPegBitcoinMethods } from './wallet-peg-bitcoin.js';

export function walletMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    ...walletAddressMethods(ctx),
    ...walletImportExportMethods(ctx),
    ...walletImportMultiMethods(ctx),
    ...walletPrunedFundsMethods(ctx),
    ...walletScriptAddressMethods(ctx),
    ...walletMiscMethods(ctx),
    ...walletEncryptionMethods(ctx),
    ...walletDerivedKeyMethods(ctx),
    ...walletInfoMethods(ctx),
    ...walletBalanceMethods(ctx),
    ...walletTransactionMethods(ctx),
    ...walletCoinMethods(ctx),
    ...walletBlindingMethods(ctx),
    ...walletIssuanceMethods(ctx),
    ...walletSendMethods(ctx),
    ...walletSendAnyMethods(ctx),
    ...walletIssueMethods(ctx),
    ...walletFundMethods(ctx),
    ...walletPegEthMethods(ctx),
    ...walletPegBitcoinMethods(ctx),
  ];
}
