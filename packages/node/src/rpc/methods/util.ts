/** Util RPCs of a node without a wallet (Core 0.14 `rpc/misc.cpp`, Elements address fields). */
import { JsonObject, concatBytes, encodeAddress, encodePushData, fromHex, hash160, isHex, toHex, unconfidentialAddress, addressForDestination, scriptForDestination, type JsonValue } from '@ocean-ts/core';
import { RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getArray, getInt, getStr } from './univalue-params.js';
import { validateAddressWithWallet } from './wallet-info.js';

const MAX_SCRIPT_ELEMENT_SIZE = 520;
const OP_CHECKMULTISIG = 0xae;

/** `validateaddress` with no wallet: nothing is mine, no script/key details (DescribeAddressVisitor with ISMINE_NO). */
export function validateAddressJson(ctx: NodeRpcContext, text: string): JsonObject {
  const addr = tryDecodeAddress(text, ctx.params.base58);
  const o = new JsonObject().push('isvalid', addr !== undefined);
  if (!addr) return o;
  const prefixes = ctx.params.base58;
  o.push('address', encodeAddress(addr, prefixes));
  o.push('scriptPubKey', toHex(scriptForDestination(addr)));
  o.push('confidential_key', addr.blindingKey ? toHex(addr.blindingKey) : '');
  o.push('unconfidential', unconfidentialAddress(addr, prefixes));
  o.push('ismine', false);
  o.push('iswatchonly', false);
  o.push('isscript', addr.type === 'scripthash');
  return o;
}

function smallInt(n: number): number {
  return n === 0 ? 0x00 : 0x50 + n;
}

/** `_createmultisig_redeemScript` without a wallet: keys must be hex public keys. */
export function multisigRedeemScript(ctx: NodeRpcContext, nRequiredV: JsonValue | undefined, keysV: JsonValue | undefined): Uint8Array {
  const nRequired = getInt(nRequiredV);
  const keys = getArray(keysV);
  if (nRequired < 1) throw new RpcError(RPC_MISC_ERROR, 'a multisignature address must require at least one key to redeem');
  if (keys.length < nRequired) throw new RpcError(RPC_MISC_ERROR, `not enough keys supplied (got ${keys.length} keys, but need at least ${nRequired} to redeem)`);
  if (keys.length > 16) throw new RpcError(RPC_MISC_ERROR, 'Number of addresses involved in the multisignature address creation > 16\nReduce the number');
  const pubkeys = keys.map((k) => {
    const ks = getStr(k);
    if (!isHex(ks)) throw new RpcError(RPC_MISC_ERROR, ` Invalid public key: ${ks}`);
    const pk = fromHex(ks);
    let ok = false;
    if ((pk.length === 33 && (pk[0] === 2 || pk[0] === 3)) || (pk.length === 65 && pk[0]! >= 4 && pk[0]! <= 7)) {
      try {
        ok = ctx.secp.publicKeyVerify(pk);
      } catch {
        ok = false;
      }
    }
    if (!ok) throw new RpcError(RPC_MISC_ERROR, ` Invalid public key: ${ks}`);
    return pk;
  });
  const script = concatBytes(
    new Uint8Array([smallInt(nRequired)]),
    ...pubkeys.map((p) => encodePushData(p)),
    new Uint8Array([smallInt(pubkeys.length), OP_CHECKMULTISIG]),
  );
  if (script.length > MAX_SCRIPT_ELEMENT_SIZE) throw new RpcError(RPC_MISC_ERROR, `redeemScript exceeds size limit: ${script.length} > ${MAX_SCRIPT_ELEMENT_SIZE}`);
  return script;
}

export function utilMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('util');
  return [
    m(
      'validateaddress',
      ['address'],
      'validateaddress "address"\n\nReturn information about the given bitcoin address.',
      (p) => (ctx.wallet !== undefined ? validateAddressWithWallet(ctx, ctx.wallet, getStr(p[0])) : validateAddressJson(ctx, getStr(p[0]))),
      { minArgs: 1 },
    ),
    m(
      'createmultisig',
      ['nrequired', 'keys'],
      'createmultisig nrequired ["key",...]\n\nCreates a multi-signature address with n signature of m keys required.\nIt returns a json object with the address and redeemScript.',
      (p) => {
        const script = multisigRedeemScript(ctx, p[0], p[1]);
        return new JsonObject()
          .push('address', addressForDestination({ type: 'scripthash', hash: hash160(script) }, ctx.params.base58))
          .push('redeemScript', toHex(script));
      },
      { minArgs: 2 },
    ),
  ];
}
