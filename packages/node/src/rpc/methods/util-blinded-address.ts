/** Elements' `createblindedaddress address blinding_key` (rpc spec §3.7). */
import { addressForDestination, fromHex, isHex, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getStr } from './univalue-params.js';

/** The confidential form of an unblinded address with the given (unchecked) 33-byte blinding key. */
export function createBlindedAddress(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  const addr = tryDecodeAddress(getStr(p[0]), ctx.params.base58);
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address or script');
  if (addr.blindingKey) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Not an unblinded address');
  const keyHex = getStr(p[1]);
  if (keyHex.length === 0 || !isHex(keyHex)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal for key');
  const key = fromHex(keyHex);
  if (key.length !== 33) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal key length, must be length 66.');
  return addressForDestination({ type: addr.type, hash: addr.hash }, ctx.params.base58, key);
}

export function utilBlindedAddressMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('util');
  return [
    m(
      'createblindedaddress',
      ['address', 'blinding_key'],
      'createblindedaddress address blinding_key\n\nCreates a blinded address using the provided blinding key.\n\nArguments:\n' +
        '1. "address"        (string, required) The unblinded address to be blinded.\n' +
        '2. "blinding_key"   (string, required) The blinding public key. This can be obtained for a given address using `validateaddress`.\n\n' +
        'Result:\n"blinded_address"   (string) The blinded address.',
      (p) => createBlindedAddress(ctx, p),
      { minArgs: 2 },
    ),
  ];
}
