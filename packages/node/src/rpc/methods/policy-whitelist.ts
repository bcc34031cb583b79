/**
 * Whitelist maintenance RPCs (rpc spec §3.2; ocean-policy.md §5, §6): addtowhitelist,
 * addmultitowhitelist, readwhitelist, querywhitelist, removefromwhitelist, dumpwhitelist,
 * clearwhitelist, dumpkycpubkeys — and the wallet-category getnunassignedkycpubkeys (§3.3).
 * They act on the node's in-memory list whether or not `-pkhwhitelist` is on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DecodeError, JsonNumber, addressForDestination, decodeAddress, fromHex, hash160, isHex, toHex, type Destination, type JsonValue } from '@ocean-ts/core';
import type { AddressWhitelist } from '../../policy/whitelist.js';
import { WhitelistError } from '../../policy/whitelist.js';
import { parseDerivedKeysDump } from '../../wallet/keys/derived-keys-dump.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { getArray, getInt, getStr, isNull } from './univalue-params.js';

const NULL_KEY_ID = new Uint8Array(20);

function whitelistOf(ctx: NodeRpcContext): AddressWhitelist {
  const w = ctx.whitelist;
  if (w === undefined) throw new Error('the address whitelist is not available');
  return w;
}

/** Runs a whitelist edit, reporting its `std::invalid_argument` with `code`. */
function edit(code: number, f: () => void): null {
  try {
    f();
  } catch (e) {
    if (e instanceof WhitelistError) throw new RpcError(code, e.message);
    throw e;
  }
  return null;
}

/** An address argument of querywhitelist / removefromwhitelist (-5 `Invalid  address`, two spaces). */
function addressArg(ctx: NodeRpcContext, v: JsonValue | undefined): Destination {
  try {
    const a = decodeAddress(getStr(v), ctx.params.base58);
    return { type: a.type, hash: a.hash };
  } catch (e) {
    if (e instanceof DecodeError) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid  address');
    throw e;
  }
}

function writeFile(file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch {
    throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open key dump file');
  }
}

/** `dumpwhitelist`'s file (rpc spec §3.2): header, one line per whitelisted destination in list order, footer. */
export function formatWhitelistDump(w: AddressWhitelist, ctx: Pick<NodeRpcContext, 'params'>): string {
  const prefixes = ctx.params.base58;
  let out = '# Whitelisted address dump - format: [address] [kyckey]\n';
  for (const d of w.whitelisted()) {
    out += addressForDestination(d, prefixes);
    if (w.encrypted) {
      const kyc = w.kycPubKeyOf(d);
      out += ` ${addressForDestination({ type: 'keyhash', hash: kyc === undefined ? NULL_KEY_ID : hash160(kyc) }, prefixes)}`;
    }
    out += '\n';
  }
  return out + '\n# End of dump\n';
}

/** `dumpkycpubkeys`'s file: every unassigned KYC key (serialized-key order) with whether the wallet holds it. */
export function formatKycPubKeysDump(w: AddressWhitelist, ctx: Pick<NodeRpcContext, 'params' | 'wallet'>): string {
  let out = '# KYC public key dump - format: [address] [kycPubKey] [ismine]\n';
  for (const { pubkey } of w.unassignedKycKeys()) {
    const id = hash160(pubkey);
    const mine = ctx.wallet?.keys.haveKey(id) === true;
    out += `${addressForDestination({ type: 'keyhash', hash: id }, ctx.params.base58)} ${toHex(pubkey)} ${mine ? 1 : 0}\n`;
  }
  return out + '\n# End of dump\n';
}

export function policyWhitelistMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m(
      'addtowhitelist',
      ['tweakedaddress', 'basepubkey', 'kycpubkey'],
      'addtowhitelist "tweakedaddress" "basepubkey" ( "kycpubkey" )\n\n' +
        'Validates the tweaked address against the untweaked public key and adds it to the whitelist.\n\n' +
        'Arguments:\n1. "tweakedaddress"   (string, required) the contract-tweaked P2PKH address\n' +
        '2. "basepubkey"       (string, required) the untweaked public key (hex)\n' +
        '3. "kycpubkey"        (string, optional) the KYC public key (encrypted whitelist only)',
      (p) => {
        const w = whitelistOf(ctx);
        const address = getStr(p[0]);
        const pub = getStr(p[1]);
        const kyc = p.length > 2 ? getStr(p[2]) : undefined;
        return edit(RPC_INVALID_PARAMETER, () => w.addDerived(address, pub, kyc));
      },
      { minArgs: 2 },
    ),
    m(
      'addmultitowhitelist',
      ['tweakedaddress', 'basepubkeys', 'nmultisig', 'kycpubkey'],
      'addmultitowhitelist "tweakedaddress" ["basepubkey",...] nmultisig ( "kycpubkey" )\n\n' +
        'Validates a P2SH multisig address against its untweaked public keys and adds it to the whitelist.\n\n' +
        'Arguments:\n1. "tweakedaddress"   (string, required) the P2SH address\n' +
        '2. "basepubkeys"      (array, required) the untweaked public keys (hex)\n' +
        '3. nmultisig          (numeric, required) signatures required\n' +
        '4. "kycpubkey"        (string, optional) the KYC public key (encrypted whitelist only)',
      (p) => {
        const w = whitelistOf(ctx);
        const address = getStr(p[0]);
        if (isNull(p[1])) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, argument 2 must be non-null');
        const keys = getArray(p[1]).map((k) => getStr(k));
        const nmultisig = getInt(p[2]);
        let kyc: string | undefined;
        if (p.length > 3) {
          if (!w.encrypted) throw new RpcError(RPC_MISC_ERROR, 'kycaddress argument not implemented for unencrypted whitelist');
          kyc = getStr(p[3]);
        }
        return edit(RPC_INVALID_PARAMETER, () => w.addMultisig(address, keys, nmultisig, kyc));
      },
      { minArgs: 3 },
    ),
    m(
      'readwhitelist',
      ['filename', 'kycpubkey'],
      'readwhitelist "filename" ( "kycpubkey" )\n\n' +
        'Adds every address of a derived-keys dump (dumpderivedkeys) to the whitelist.\n\n' +
        'Arguments:\n1. "filename"    (string, required) the file (relative to the working directory)\n' +
        '2. "kycpubkey"   (string, optional) the KYC public key (encrypted whitelist only)',
      (p) => {
        const w = whitelistOf(ctx);
        const file = getStr(p[0]);
        let text: string;
        try {
          text = readFileSync(file, 'latin1');
        } catch {
          throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open key dump file');
        }
        let kyc: string | undefined;
        if (p.length > 1) {
          if (!w.encrypted) throw new RpcError(RPC_INVALID_PARAMETER, 'kycpubkey argument not implemented for unencrypted whitelist');
          kyc = getStr(p[1]);
          if (!isHex(kyc) || !ctx.secp.publicKeyVerify(fromHex(kyc))) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid public key');
          w.setKycStatus(fromHex(kyc), 'white');
        }
        for (const line of parseDerivedKeysDump(text)) edit(RPC_MISC_ERROR, () => w.addDerived(line.address, line.pubkey, kyc));
        return null;
      },
      { minArgs: 1 },
    ),
    m('querywhitelist', ['address'], 'querywhitelist "address"\n\nReturns whether the address is whitelisted.', (p) => whitelistOf(ctx).isWhitelisted(addressArg(ctx, p[0])), {
      minArgs: 1,
    }),
    m(
      'removefromwhitelist',
      ['address'],
      'removefromwhitelist "address"\n\nRemoves the address from the whitelist.',
      (p) => {
        whitelistOf(ctx).remove(addressArg(ctx, p[0]));
        return null;
      },
      { minArgs: 1 },
    ),
    m(
      'dumpwhitelist',
      [],
      'dumpwhitelist "filename"\n\nWrites every whitelisted address to a file (encrypted whitelist: with the address of its KYC key).',
      (p) => {
        const w = whitelistOf(ctx);
        const file = getStr(p[0]);
        writeFile(file, formatWhitelistDump(w, ctx));
        return null;
      },
      { minArgs: 1, maxArgs: 1 },
    ),
    m('clearwhitelist', [], 'clearwhitelist\n\nRemoves every address from the whitelist.', () => {
      whitelistOf(ctx).clear();
      return null;
    }),
    m(
      'dumpkycpubkeys',
      ['filename'],
      'dumpkycpubkeys "filename"\n\nWrites the unassigned KYC public keys to a file: address, public key and whether the wallet holds its private key.',
      (p) => {
        const w = whitelistOf(ctx);
        const file = getStr(p[0]);
        writeFile(file, formatKycPubKeysDump(w, ctx));
        return null;
      },
      { minArgs: 1 },
    ),
  ];
}

/** `getnunassignedkycpubkeys` (wallet category: registered with the wallet). */
export function policyWhitelistWalletMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m('getnunassignedkycpubkeys', [], 'getnunassignedkycpubkeys\n\nReturns the number of unassigned KYC public keys.', () => {
      const w = whitelistOf(ctx);
      if (!w.maintained) throw new RpcError(RPC_MISC_ERROR, 'pkhwhitelist and pkhwhitelist-scan are nor enabled\n');
      return JsonNumber.of(w.unassignedCount);
    }),
  ];
}
