/** Helpers shared by the wallet RPCs (Core 0.14 `rpcwallet.cpp` / `rpcdump.cpp`). */
import { toHex, type Destination } from '@ocean-ts/core';
import { WalletKeyError } from '../../wallet/keys/wallet-key-error.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_METHOD_NOT_FOUND,
  RPC_WALLET_ERROR,
  RPC_WALLET_INVALID_ACCOUNT_NAME,
  RPC_WALLET_KEYPOOL_RAN_OUT,
  RPC_WALLET_PASSPHRASE_INCORRECT,
  RPC_WALLET_UNLOCK_NEEDED,
  RPC_WALLET_WRONG_ENC_STATE,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcCallContext } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { getStr } from './univalue-params.js';

export const UNLOCK_NEEDED_MESSAGE = 'Error: Please enter the wallet passphrase with walletpassphrase first.';
export const KEYPOOL_RAN_OUT_MESSAGE = 'Error: Keypool ran out, please call keypoolrefill first';
export const PASSPHRASE_INCORRECT_MESSAGE = 'Error: The wallet passphrase entered was incorrect.';

/** The wallet, or -32601 `Method not found (disabled)` (`EnsureWalletIsAvailable`). */
export function walletOf(ctx: NodeRpcContext): NodeWallet {
  if (ctx.wallet === undefined) throw new RpcError(RPC_METHOD_NOT_FOUND, 'Method not found (disabled)');
  return ctx.wallet;
}

/** `EnsureWalletIsUnlocked`: -13 when the wallet is encrypted and locked. */
export function ensureUnlocked(w: NodeWallet): void {
  if (w.keys.isLocked) throw new RpcError(RPC_WALLET_UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE);
}

/** `AccountFromValue`: a string; `*` → -11 `Invalid account name`. */
export function accountFromValue(v: Parameters<typeof getStr>[0]): string {
  const s = getStr(v);
  if (s === '*') throw new RpcError(RPC_WALLET_INVALID_ACCOUNT_NAME, 'Invalid account name');
  return s;
}

/** A key-store refusal as the original's RPC error. */
export function walletRpcError(e: unknown): unknown {
  if (!(e instanceof WalletKeyError)) return e;
  switch (e.kind) {
    case 'locked':
      return new RpcError(RPC_WALLET_UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE);
    case 'wrong-passphrase':
      return new RpcError(RPC_WALLET_PASSPHRASE_INCORRECT, PASSPHRASE_INCORRECT_MESSAGE);
    case 'keypool-ran-out':
      return new RpcError(RPC_WALLET_KEYPOOL_RAN_OUT, KEYPOOL_RAN_OUT_MESSAGE);
    case 'not-encrypted':
    case 'already-encrypted':
      return new RpcError(RPC_WALLET_WRONG_ENC_STATE, e.message);
    case 'invalid':
      return new RpcError(RPC_INVALID_ADDRESS_OR_KEY, e.message);
    default:
      return new RpcError(RPC_WALLET_ERROR, e.message);
  }
}

/** Runs `fn`, turning key-store refusals into RPC errors. */
export async function walletCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw walletRpcError(e);
  }
}

/** Appends `<user> : <method> <details>` to the audit log (rpc spec §1). */
export function audit(w: NodeWallet, call: RpcCallContext, ...details: string[]): void {
  w.audit.append(call.authUser, call.method, ...details);
}

/** Map-key of a destination in `CTxDestination` order: key ids before script ids, then by bytes. */
export function destinationOrderKey(d: Destination): string {
  return `${d.type === 'keyhash' ? '0' : '1'}${toHex(d.hash)}`;
}
