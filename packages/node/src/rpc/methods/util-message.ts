/**
 * Message signing RPCs of Core 0.14 `rpc/misc.cpp`: `verifymessage` and `signmessagewithprivkey`
 * (the Bitcoin message magic, compact recoverable signatures in base64).
 */
import { decodeBase64Lenient, encodeBase64, hash160, bytesEqual, recoverMessageSigner, signMessage, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { parsePrivateKey } from './parse-params.js';
import { getStr } from './univalue-params.js';

export function verifyMessage(ctx: NodeRpcContext, p: readonly JsonValue[]): boolean {
  const address = getStr(p[0]);
  const signature = getStr(p[1]);
  const message = getStr(p[2]);
  const addr = tryDecodeAddress(address, ctx.params.base58);
  if (!addr) throw new RpcError(RPC_TYPE_ERROR, 'Invalid address');
  // `GetKeyID`: only a plain (unblinded) PUBKEY_ADDRESS refers to a key.
  if (addr.versionKind !== 'pubkey' || addr.blindingKey) throw new RpcError(RPC_TYPE_ERROR, 'Address does not refer to key');
  const sig = decodeBase64Lenient(signature);
  if (sig.invalid) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Malformed base64 encoding');
  const pubkey = recoverMessageSigner(ctx.secp, sig.bytes, message);
  if (!pubkey) return false;
  return bytesEqual(hash160(pubkey), addr.hash);
}

export function signMessageWithPrivKey(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  const privkey = getStr(p[0]);
  const message = getStr(p[1]);
  const key = parsePrivateKey(privkey, ctx.params.base58, ctx.secp);
  return encodeBase64(signMessage(ctx.secp, key, message));
}

export function utilMessageMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('util');
  return [
    m(
      'verifymessage',
      ['address', 'signature', 'message'],
      'verifymessage "address" "signature" "message"\n\nVerify a signed message\n\nArguments:\n' +
        '1. "address"         (string, required) The bitcoin address to use for the signature.\n' +
        '2. "signature"       (string, required) The signature provided by the signer in base 64 encoding (see signmessage).\n' +
        '3. "message"         (string, required) The message that was signed.\n\n' +
        'Result:\ntrue|false   (boolean) If the signature is verified or not.',
      (p) => verifyMessage(ctx, p),
      { minArgs: 3 },
    ),
    m(
      'signmessagewithprivkey',
      ['privkey', 'message'],
      'signmessagewithprivkey "privkey" "message"\n\nSign a message with the private key of an address\n\nArguments:\n' +
        '1. "privkey"         (string, required) The private key to sign the message with.\n' +
        '2. "message"         (string, required) The message to create a signature of.\n\n' +
        'Result:\n"signature"          (string) The signature of the message encoded in base 64',
      (p) => signMessageWithPrivKey(ctx, p),
      { minArgs: 2 },
    ),
  ];
}
