/** The wallet RPCs of this slice (key management); registered only when the node has a wallet. */
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { walletAddressMethods } from './wallet-addresses.js';
import { walletDerivedKeyMethods } from './wallet-derived-keys.js';
import { walletEncryptionMethods } from './wallet-encryption.js';
import { walletImportExportMethods } from './wallet-import-export.js';
import { walletInfoMethods } from './wallet-info.js';

export function walletMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    ...walletAddressMethods(ctx),
    ...walletImportExportMethods(ctx),
    ...walletEncryptionMethods(ctx),
    ...walletDerivedKeyMethods(ctx),
    ...walletInfoMethods(ctx),
  ];
}
