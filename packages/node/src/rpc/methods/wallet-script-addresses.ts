/**
 * Script addresses the wallet learns (Core 0.14 `rpcwallet.cpp`): `addmultisigaddress` (a P2SH
 * multisig redeem script, keys given as hex or as wallet addresses) and `addwitnessaddress` (the
 * P2SH-wrapped segwit form of a key or script the wallet can solve; segwit is always active on
 * Ocean's chains).
 */
import {
  SigVersion,
  TxoutType,
  addressForDestination,
  concatBytes,
  hash160,
  isWitnessProgram,
  scriptForDestination,
  sha256,
  solver,
  type JsonValue,
} from '@ocean-ts/core';
import { isMine } from '../../wallet/keys/is-mine.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_WALLET_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getStr } from './univalue-params.js';
import { multisigRedeemScript } from './util.js';
import { accountFromValue, walletCall, walletOf } from './wallet-util.js';

/** `GetScriptForWitness(script)`: P2PK / P2PKH → P2WPKH of the key, anything else → P2WSH. */
export function scriptForWitness(script: Uint8Array): Uint8Array {
  const s = solver(script);
  if (s.ok && s.type === TxoutType.PUBKEY) return concatBytes(Uint8Array.of(0x00, 20), hash160(s.solutions[0]!));
  if (s.ok && s.type === TxoutType.PUBKEYHASH) return concatBytes(Uint8Array.of(0x00, 20), s.solutions[0]!);
  return concatBytes(Uint8Array.of(0x00, 32), sha256(script));
}

const NOT_KNOWN = 'Public key or redeemscript not known to wallet, or the key is uncompressed';

/** The solvable-under-segwit check of 0.14's `Witnessifier`. */
function witnessSolvable(w: NodeWallet, script: Uint8Array): boolean {
  const t = isMine(w.keys, script, SigVersion.WITNESS_V0);
  return t === 'spendable' || t === 'watch-solvable';
}

export function walletScriptAddressMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  return [
    m(
      'addmultisigaddress',
      ['nrequired', 'keys', 'account'],
      'addmultisigaddress nrequired ["key",...] ( "account" )\n\n' +
        'Add a nrequired-to-sign multisignature address to the wallet.\n' +
        'Each key is a Bitcoin address or hex-encoded public key.\n' +
        "If 'account' is specified (DEPRECATED), assign address to that account.\n\n" +
        'Arguments:\n' +
        '1. nrequired        (numeric, required) The number of required signatures out of the n keys or addresses.\n' +
        '2. "keys"         (string, required) A json array of bitcoin addresses or hex-encoded public keys\n' +
        '     [\n' +
        '       "address"  (string) bitcoin address or hex-encoded public key\n' +
        '       ...,\n' +
        '     ]\n' +
        '3. "account"      (string, optional) DEPRECATED. An account to assign the addresses to.\n\n' +
        'Result:\n' +
        '"address"         (string) A bitcoin address associated with the keys.\n',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const account = p.length > 2 ? accountFromValue(p[2]) : '';
          const inner = multisigRedeemScript(ctx, p[0], p[1], w);
          await w.keys.addScript(inner);
          const dest = { type: 'scripthash', hash: hash160(inner) } as const;
          await w.keys.setAddressBook(dest, account, 'send');
          return addressForDestination(dest, prefixes);
        }),
      { minArgs: 2, maxArgs: 3 },
    ),
    m(
      'addwitnessaddress',
      ['address'],
      'addwitnessaddress "address"\n\n' +
        'Add a witness address for a script (with pubkey or redeemscript known).\n' +
        'It returns the witness script.\n\n' +
        'Arguments:\n' +
        '1. "address"       (string, required) An address known to the wallet\n\n' +
        'Result:\n' +
        '"witnessaddress",  (string) The value of the new address (P2SH of witness script).\n' +
        '}\n',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          // IsWitnessEnabled: segwit is ACTIVE from genesis on every Ocean chain (core spec), so
          // "Segregated witness not enabled on network" cannot occur.
          const addr = tryDecodeAddress(getStr(p[0]), prefixes);
          if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
          let result: Uint8Array;
          if (addr.type === 'keyhash') {
            const base = scriptForDestination({ type: 'keyhash', hash: addr.hash });
            if (!witnessSolvable(w, base)) throw new RpcError(RPC_WALLET_ERROR, NOT_KNOWN);
            const witscript = scriptForWitness(base);
            await w.keys.addScript(witscript);
            result = hash160(witscript);
          } else {
            const sub = w.keys.getScript(addr.hash);
            if (sub === undefined) throw new RpcError(RPC_WALLET_ERROR, NOT_KNOWN);
            if (isWitnessProgram(sub)) {
              result = addr.hash;
            } else {
              if (!witnessSolvable(w, sub)) throw new RpcError(RPC_WALLET_ERROR, NOT_KNOWN);
              const witscript = scriptForWitness(sub);
              await w.keys.addScript(witscript);
              result = hash160(witscript);
            }
          }
          const dest = { type: 'scripthash', hash: result } as const;
          await w.keys.setAddressBook(dest, '', 'receive');
          return addressForDestination(dest, prefixes);
        }),
      { minArgs: 1, maxArgs: 1 },
    ),
  ];
}
