/**
 * The wallet's KYC-key RPCs (rpc spec §3.3; ocean-policy §6.2, §6.7, §6.9; ADR 0037):
 * topupkycpubkeys, whitelistkycpubkeys, removekycpubkey, blacklistkycpubkey,
 * recoverencryptionkey, recoverkyckeys, getkycpubkey.
 */
import { JsonNumber, fromHex, hash160, isHex, toHex, type JsonValue, type Secp256k1 } from '@ocean-ts/core';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_MISC_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { AddressWhitelist } from '../../policy/whitelist.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import type { RpcCallContext, RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getArray, getInt, getStr, isNull } from './univalue-params.js';
import { sendKycKeyRegistration, sendRegistrationSpend } from './wallet-kyc-txs.js';
import { whitelistOf } from './wallet-kyc-util.js';
import { audit, ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** At most this many KYC keys are unassigned after `topupkycpubkeys` (`MAX_UNASSIGNED_KYCPUBKEYS`). */
export const MAX_UNASSIGNED_KYC_KEYS = 1000;
/** `whitelistkycpubkeys` takes at most this many keys per transaction. */
export const MAX_KYC_KEYS_PER_TX = 100;
const DEFAULT_MAXNGEN = 100;

/** A fully valid compressed public key given as hex, or -5 `Invalid public key`. */
/** Spends the registration output of KYC key `key` (removekycpubkey, blacklistkycpubkey); the txid. */
async function spendKycRegistration(ctx: NodeRpcContext, w: NodeWallet, wl: AddressWhitelist, call: RpcCallContext, key: Uint8Array): Promise<string> {
  const outpoint = wl.kycKeyOutpoint(hash160(key));
  if (outpoint === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Could not find kycpubkey registration transaction hash');
  const txid = await sendRegistrationSpend(ctx, w, outpoint);
  audit(w, call, toHex(key), txid);
  return txid;
}

export function pubKeyParam(v: JsonValue | undefined, secp: Secp256k1): Uint8Array {
  const s = getStr(v);
  if (!isHex(s) || s.length !== 66) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid public key');
  const k = fromHex(s);
  if (!secp.publicKeyVerify(k)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid public key');
  return k;
}

function positive(v: JsonValue | undefined): number {
  if (isNull(v)) return DEFAULT_MAXNGEN;
  const n = getInt(v);
  if (n <= 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter maxngen: must be greater than 0');
  return n;
}

export function walletKycKeyMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'topupkycpubkeys',
      ['nkeys'],
      'topupkycpubkeys nkeys\n\nTops the number of unassigned KYC public keys up to nkeys (at most 1000): new encryption keys of the wallet,\nregistered on chain with whitelistkycpubkeys (in transactions of at most 100 keys).\n\nResult:\nn    (numeric) the number of keys added',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const nkeys = getInt(p[0]);
        const unassigned = whitelistOf(ctx).unassignedCount;
        const add = Math.min(nkeys - unassigned, MAX_UNASSIGNED_KYC_KEYS - unassigned);
        if (add <= 0) return JsonNumber.of(0);
        const keys = await walletCall(() => w.keys.newEncryptionKeys(add));
        for (let i = 0; i < keys.length; i += MAX_KYC_KEYS_PER_TX) {
          await sendKycKeyRegistration(ctx, w, keys.slice(i, i + MAX_KYC_KEYS_PER_TX).map((k) => k.pubkey));
        }
        audit(w, call, String(nkeys), String(add));
        return JsonNumber.of(add);
      },
      { minArgs: 1 },
    ),
    m(
      'whitelistkycpubkeys',
      ['pubkeys'],
      'whitelistkycpubkeys ["pubkey",...]\n\nRegisters KYC public keys on chain: one 1-satoshi whitelist-asset output per key (at most 100).\n\nResult:\nn    (numeric) 64',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const arr = getArray(p[0]);
        if (arr.length > MAX_KYC_KEYS_PER_TX) throw new RpcError(RPC_INVALID_PARAMETER, 'Error: too many keys in input array');
        const keys = arr.map((v) => pubKeyParam(v, ctx.secp));
        const txid = await sendKycKeyRegistration(ctx, w, keys);
        audit(w, call, ...keys.map(toHex), txid);
        // QUIRK kept: the original returns the length of the broadcast txid.
        return JsonNumber.of(txid.length);
      },
      { minArgs: 1 },
    ),
    m(
      'removekycpubkey',
      ['kycpubkey'],
      'removekycpubkey "kycpubkey"\n\nSpends the registration output of a KYC public key (unencrypted whitelist).\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        const wl = whitelistOf(ctx);
        if (wl.encrypted) throw new RpcError(RPC_MISC_ERROR, 'not implemented for encrypted whitelist');
        ensureUnlocked(w);
        const key = pubKeyParam(p[0], ctx.secp);
        return spendKycRegistration(ctx, w, wl, call, key);
      },
      { minArgs: 1 },
    ),
    m(
      'blacklistkycpubkey',
      ['kycpubkey'],
      'blacklistkycpubkey "kycpubkey"\n\nBlacklists a whitelisted KYC public key by spending its registration output (encrypted whitelist):\nevery address registered under it stops being whitelisted once the transaction is mined.\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        const wl = whitelistOf(ctx);
        if (!wl.encrypted) throw new RpcError(RPC_MISC_ERROR, 'not implemented for unencrypted whitelist');
        ensureUnlocked(w);
        const key = pubKeyParam(p[0], ctx.secp);
        if (wl.kycStatus(key) !== 'white') throw new RpcError(RPC_INVALID_PARAMETER, 'kycpubkey is not whitelisted');
        return spendKycRegistration(ctx, w, wl, call, key);
      },
      { minArgs: 1 },
    ),
    m(
      'recoverencryptionkey',
      ['pubkey', 'maxngen'],
      'recoverencryptionkey "pubkey" ( maxngen )\n\nDerives further keys on the encryption-key chain m/0\'/2\'/k\' until the wallet holds the private key of\n"pubkey" or maxngen (default 100) keys were derived.\n\nResult:\ntrue|false    (boolean) whether the wallet holds the key',
      async (p) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const key = pubKeyParam(p[0], ctx.secp);
        const maxngen = positive(p[1]);
        return walletCall(() => w.keys.recoverEncryptionKeys([key], maxngen));
      },
      { minArgs: 1 },
    ),
    m(
      'recoverkyckeys',
      ['maxngap'],
      'recoverkyckeys ( maxngap )\n\nRecovers the private keys of the unassigned KYC public keys from the encryption-key chain (gap maxngap,\ndefault 100).\n\nResult:\ntrue|false    (boolean) whether the wallet holds every key',
      async (p) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const gap = positive(p[0]);
        const keys = whitelistOf(ctx)
          .unassignedKycKeys()
          .map((k) => k.pubkey);
        return walletCall(() => w.keys.recoverEncryptionKeys(keys, gap));
      },
    ),
    m(
      'getkycpubkey',
      ['address'],
      'getkycpubkey ( "address" )\n\nThe KYC public key of the wallet, or the one an address was registered under (encrypted whitelist).\n\nResult:\n"pubkey"    (string) the KYC public key, hex',
      (p) => {
        const w = walletOf(ctx);
        const wl = whitelistOf(ctx);
        if (!wl.encrypted) throw new RpcError(RPC_MISC_ERROR, 'Not implemented for unencrypted whitelist');
        if (isNull(p[0])) {
          const k = w.keys.kycPubKey;
          if (k === undefined) throw new RpcError(RPC_WALLET_ERROR, 'KYC public key not found');
          return toHex(k);
        }
        const addr = tryDecodeAddress(getStr(p[0]), ctx.params.base58);
        if (addr === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        const k = wl.kycPubKeyOf({ type: addr.type, hash: addr.hash });
        if (k === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'KYC public key not found');
        return toHex(k);
      },
    ),
  ];
}
