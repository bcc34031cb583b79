/** Elements' `createblindedaddress address blinding_key` (rpc spec §3.7). */
import { addressForDestination, fromHex, isHex, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { tryDecodeAddress } from './rawtransactions-outputs.js';
import { getStr } from './univalue-params.js';

/** The confidential form of an unblinded address with the given (unchecked) 33-byte blinding key. */
export function createBlindedAddress(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  const addr = tryDecodeAddress(ctx, getStr(p[0]));
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address or script');
  if (addr.blindingKey) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Not an unblinded address');
  const keyHex = getStr(p[1]);
  if (keyHex.length === 0 || !isHex(keyHex)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal for key');
  const key = fromHex(keyHex);
  if (key.length !== 33) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal key length, must be length 66.');
  return addressForDestination({ type: addr.type, hash: addr.hash }, ctx.params.base58, key);
}

export function utilBlindedAddressMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    {
      name: 'createblindedaddress',
      category: 'util',
      argNames: ['address', 'blinding_key'],
      okSafeMode: true,
      help:
        'createblindedaddress address blinding_key\n\nCreates a blinded address using the provided blinding key.\n\nArguments:\n' +
        '1. "address"        (string, required) The unblinded address to be blinded.\n' +
        '2. "blinding_key"   (string, required) The blinding public key. This can be obtained for a given address using `validateaddress`.\n\n' +
        'Result:\n"blinded_address"   (string) The blinded address.',
      minArgs: 2,
      maxArgs: 2,
      handler: (p) => createBlindedAddress(ctx, p),
    },
  ];
}
