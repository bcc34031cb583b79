/** Util RPCs of a node without a wallet (Core 0.14 `rpc/misc.cpp`, Elements address fields). */
import { JsonObject, concatBytes, encodeAddress, encodePushData, fromHex, hash160, toHex, unconfidentialAddress, addressForDestination, scriptForDestination, type JsonValue } from '@ocean-ts/core';
import { RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { methodFactory } from './method-factory.js';
import { isCoreHex } from './parse-params.js';
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

/** `CPubKey::IsFullyValid`. */
function fullyValidPubKey(ctx: NodeRpcContext, pk: Uint8Array): boolean {
  if (!((pk.length === 33 && (pk[0] === 2 || pk[0] === 3)) || (pk.length === 65 && pk[0]! >= 4 && pk[0]! <= 7))) return false;
  try {
    return ctx.secp.publicKeyVerify(pk);
  } catch {
    return false;
  }
}

/**
 * `_createmultisig_redeemScript(pwallet, params)`: each key is a hex public key or, when a wallet is
 * given, a P2PKH address whose full public key the wallet knows. Errors are -1 (0.14's
 * `runtime_error`s).
 */
export function multisigRedeemScript(ctx: NodeRpcContext, nRequiredV: JsonValue | undefined, keysV: JsonValue | undefined, wallet?: NodeWallet): Uint8Array {
  const misc = (message: string): RpcError => new RpcError(RPC_MISC_ERROR, message);
  const nRequired = getInt(nRequiredV);
  const keys = getArray(keysV);
  if (nRequired < 1) throw misc('a multisignature address must require at least one key to redeem');
  if (keys.length < nRequired) throw misc(`not enough keys supplied (got ${keys.length} keys, but need at least ${nRequired} to redeem)`);
  if (keys.length > 16) throw misc('Number of addresses involved in the multisignature address creation > 16\nReduce the number');
  const pubkeys = keys.map((k) => {
    const ks = getStr(k);
    const addr = wallet === undefined ? undefined : tryDecodeAddress(ks, ctx.params.base58);
    let pk: Uint8Array;
    if (wallet !== undefined && addr) {
      // `CBitcoinAddress::GetKeyID`: a plain P2PKH address.
      if (addr.versionKind !== 'pubkey' || addr.blindingKey) throw misc(`${ks} does not refer to a key`);
      const pub = wallet.keys.getPubKey(addr.hash);
      if (pub === undefined) throw misc(`no full public key for address ${ks}`);
      pk = pub;
    } else if (isCoreHex(ks)) {
      pk = fromHex(ks);
    } else {
      throw misc(` Invalid public key: ${ks}`);
    }
    if (!fullyValidPubKey(ctx, pk)) throw misc(` Invalid public key: ${ks}`);
    return pk;
  });
  const script = concatBytes(
    new Uint8Array([smallInt(nRequired)]),
    ...pubkeys.map((p) => encodePushData(p)),
    new Uint8Array([smallInt(pubkeys.length), OP_CHECKMULTISIG]),
  );
  if (script.length > MAX_SCRIPT_ELEMENT_SIZE) throw misc(`redeemScript exceeds size limit: ${script.length} > ${MAX_SCRIPT_ELEMENT_SIZE}`);
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
        const script = multisigRedeemScript(ctx, p[0], p[1], ctx.wallet);
        return new JsonObject()
          .push('address', addressForDestination({ type: 'scripthash', hash: hash160(script) }, ctx.params.base58))
          .push('redeemScript', toHex(script));
      },
      { minArgs: 2 },
    ),
  ];
}
