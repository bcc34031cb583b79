/**
 * Wallet address RPCs (Core 0.14 `rpcwallet.cpp`): getnewaddress, getrawchangeaddress, the 0.14
 * accounts (address-book labels) and keypoolrefill.
 */
import { addressForDestination, scriptForDestination, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RPC_WALLET_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getInt, getStr, isNull } from './univalue-params.js';
import { accountFromValue, destinationOrderKey, ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

function invalidAddress(): RpcError {
  return new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
}

export function walletAddressMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'getnewaddress',
      ['account'],
      'getnewaddress ( "account" )\n\nReturns a new Bitcoin address for receiving payments.\nIf \'account\' is specified (DEPRECATED), it is added to the address book\nso payments received with the address will be credited to \'account\'.',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const account = p.length > 0 ? accountFromValue(p[0]) : '';
          // TopUpKeyPool when unlocked, then the oldest pool key, labelled in the same batch.
          const key = await w.keys.getNewKey({ name: account, purpose: 'receive' });
          return w.receiveAddress({ type: 'keyhash', hash: key.keyId });
        }),
    ),
    m(
      'getrawchangeaddress',
      ['account'],
      'getrawchangeaddress\n\nReturns a new Bitcoin address, for receiving change.\nThis is for use with raw transactions, NOT normal use.',
      () =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const key = await w.keys.getChangeKey();
          return w.receiveAddress({ type: 'keyhash', hash: key.keyId });
        }),
    ),
    m(
      'getaccountaddress',
      ['account'],
      'getaccountaddress "account"\n\nDEPRECATED. Returns the current Bitcoin address for receiving payments to this account.',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const account = accountFromValue(p[0]);
          return w.receiveAddress(await w.accountDestination(account, false));
        }),
      { minArgs: 1 },
    ),
    m(
      'getaccount',
      ['address'],
      'getaccount "address"\n\nDEPRECATED. Returns the account associated with the given address.',
      (p) => {
        const w = walletOf(ctx);
        const addr = tryDecodeAddress(getStr(p[0]), ctx.params.base58);
        if (!addr) throw invalidAddress();
        return w.keys.addressBookEntry(addr)?.name ?? '';
      },
      { minArgs: 1, okSafeMode: false },
    ),
    m(
      'setaccount',
      ['address', 'account'],
      'setaccount "address" "account"\n\nDEPRECATED. Sets the account associated with the given address.',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const addr = tryDecodeAddress(getStr(p[0]), ctx.params.base58);
          if (!addr) throw invalidAddress();
          const account = p.length > 1 ? accountFromValue(p[1]) : '';
          const dest = { type: addr.type, hash: addr.hash } as const;
          // Only add the account if the address is yours.
          if (w.keys.isMine(scriptForDestination(dest)) === 'no') throw new RpcError(RPC_MISC_ERROR, 'setaccount can only be used with own address');
          const old = w.keys.addressBookEntry(dest);
          // Changing the account of another account's unused current key gives that account a new key.
          if (old !== undefined && w.isAccountKey(old.name, dest)) await w.accountDestination(old.name, true);
          await w.keys.setAddressBook(dest, account, 'receive');
          return null;
        }),
      { minArgs: 1 },
    ),
    m(
      'getaddressesbyaccount',
      ['account'],
      'getaddressesbyaccount "account"\n\nDEPRECATED. Returns the list of addresses for the given account.',
      (p) => {
        const w = walletOf(ctx);
        const account = accountFromValue(p[0]);
        const book = w.keys
          .addressBook()
          .filter((e) => e.entry.name === account)
          .sort((a, b) => (destinationOrderKey(a.dest) < destinationOrderKey(b.dest) ? -1 : 1));
        return book.map((e) => addressForDestination(e.dest, ctx.params.base58)) as JsonValue[];
      },
      { minArgs: 1 },
    ),
    m(
      'keypoolrefill',
      ['newsize'],
      'keypoolrefill ( newsize )\n\nFills the keypool.\n\nArguments\n1. newsize     (numeric, optional, default=100) The new keypool size',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          let kpSize = 0;
          if (!isNull(p[0]) || p.length > 0) {
            const n = getInt(p[0]);
            if (n < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, expected valid size.');
            kpSize = n;
          }
          ensureUnlocked(w);
          await w.keys.topUpKeyPool(kpSize);
          if (w.keys.keypoolSize < kpSize) throw new RpcError(RPC_WALLET_ERROR, 'Error refreshing keypool.');
          return null;
        }),
    ),
  ];
}
