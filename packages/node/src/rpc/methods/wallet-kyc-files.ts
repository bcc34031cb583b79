/**
 * The wallet's KYC-file and onboarding RPCs (rpc spec §3.4; ocean-policy §6.4–§6.6; ADR 0037):
 * dumpkycfile, createkycfile, readkycfile, validatekycfile, onboarduser, blacklistuser,
 * sendaddtowhitelisttx, sendaddmultitowhitelisttx.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  JsonNumber,
  JsonObject,
  ONBOARDING_SCRIPT_MAX_SIZE,
  addressForDestination,
  eciesEncrypt,
  encryptedOnboardingScript,
  formatKycFile,
  hash160,
  kycAddressCount,
  kycPlaintext,
  kycPlaintextLines,
  plainOnboardingScript,
  registerEntryDestination,
  toHex,
  tweakedMultisigScript,
  type Destination,
  type JsonValue,
  type KycAddressData,
  type KycContent,
  type KycKeyEntry,
  type KycMultisigEntry,
  type RegisterEntry,
} from '@ocean-ts/core';
import type { AddressWhitelist } from '../../policy/whitelist.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_MISC_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { findValue, getArray, getBool, getInt, getObj, getStr, isNull } from './univalue-params.js';
import { pubKeyParam } from './wallet-kyc-keys.js';
import { sendEncryptedAddresses, sendOnboardTx } from './wallet-kyc-txs.js';
import {
  checkOnboardingValidity,
  contractInKycFile,
  kycEcho,
  kycFileHeader,
  readKycFile,
  readKycText,
  tipContractHash,
  whitelistOf,
  type ReadKycFile,
} from './wallet-kyc-util.js';
import { walletAssetParam } from './wallet-send.js';
import { audit, ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

const NO_UNASSIGNED = 'No unassigned KYC public keys available.';
const SIZE_WOULD_EXCEED = 'Onboarding script size would exceed MAX_SCRIPT_SIZE';
const MAX_ADD_ADDRESSES = 100;

function invalidParameter(message: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMETER, message);
}

/** The KYC key a new file is encrypted to: the argument, else one of the node's unassigned keys. */
function onboardKeyFor(ctx: NodeRpcContext, v: JsonValue | undefined): Uint8Array {
  if (!isNull(v)) return pubKeyParam(v, ctx.secp);
  const k = whitelistOf(ctx).peekUnassignedKycKey((n) => randomInt(n));
  if (k === undefined) throw invalidParameter(NO_UNASSIGNED);
  return k;
}

/**
 * Writes the text of a KYC file: the lines (with the contract hash when `withContract`), padded
 * (QUIRK), encrypted from a new encryption-chain key of the wallet to `onboardPubKey`.
 */
async function kycFileText(
  ctx: NodeRpcContext,
  w: NodeWallet,
  kind: 'dump' | 'create',
  data: KycAddressData,
  onboardPubKey: Uint8Array,
  withContract: boolean,
): Promise<{ text: string; userPubKey: Uint8Array }> {
  const [user] = await walletCall(() => w.keys.newEncryptionKeys(1));
  const userPriv = user === undefined ? undefined : w.keys.privateKeyFor(user.pubkey);
  if (user === undefined || userPriv === undefined) throw invalidParameter('Encryption failed.');
  const contract = withContract ? tipContractHash(ctx) : undefined;
  const plain = kycPlaintext(kycPlaintextLines(data, ctx.params.base58, contract));
  let ciphertext: Uint8Array;
  try {
    ciphertext = eciesEncrypt(ctx.secp, plain, userPriv, onboardPubKey, new Uint8Array(randomBytes(16)));
  } catch {
    throw invalidParameter('Encryption failed.');
  }
  const text = formatKycFile({ headerLines: kycFileHeader(ctx, kind), onboardPubKey, userPubKey: user.pubkey, ciphertext });
  return { text, userPubKey: user.pubkey };
}

function writeKeyDumpFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    throw invalidParameter('Cannot open key dump file');
  }
}

/**
 * The onboarding script the authority would build from a file (`getOnboardingScript`): encrypted,
 * with the KYC key's private key (ocean-ts: a throw-away key of the same size when only the
 * onboarding user's wallet checks the size — the original fails there, ADR 0037), else plain.
 */
function onboardingScriptOf(ctx: NodeRpcContext, w: NodeWallet, r: ReadKycFile, version: 0 | 1, kycPrivateKey?: Uint8Array, kycPubKey?: Uint8Array): Uint8Array | undefined {
  const contractInTx = ctx.params.options.contractInTx;
  if (!whitelistOf(ctx).encrypted) return plainOnboardingScript(r.content, version, contractInTx);
  const priv = kycPrivateKey ?? w.keys.privateKeyFor(r.envelope.onboardPubKey) ?? new Uint8Array(randomBytes(32));
  const pub = kycPubKey ?? ctx.secp.publicKeyCreate(priv, true);
  return encryptedOnboardingScript(ctx.secp, r.content, { kycPrivateKey: priv, kycPubKey: pub, userPubKey: r.envelope.userPubKey, iv: new Uint8Array(randomBytes(16)) }, contractInTx);
}

/** The read-back check of a generated file: it reads, is valid and gives a script of at most 10 000 bytes. */
function checkGenerated(ctx: NodeRpcContext, w: NodeWallet, text: string, cannotGenerate: string): void {
  const r = readKycText(ctx, w, text);
  try {
    checkOnboardingValidity(ctx, w, r.content);
  } catch {
    throw invalidParameter(cannotGenerate);
  }
  const script = onboardingScriptOf(ctx, w, r, defaultVersion(ctx));
  if (script === undefined) throw invalidParameter(cannotGenerate);
  if (script.length > ONBOARDING_SCRIPT_MAX_SIZE) throw invalidParameter(SIZE_WOULD_EXCEED);
}

/** Script version 1 for the unencrypted whitelist, 0 for the encrypted one (whose reader knows only v0). */
function defaultVersion(ctx: NodeRpcContext): 0 | 1 {
  return whitelistOf(ctx).encrypted ? 0 : 1;
}

/** Every address of a file: bare addresses, then the key addresses, then the multisig addresses. */
function fileDestinations(c: KycContent): Destination[] {
  return [
    ...c.bare,
    ...c.keys.map((k): Destination => ({ type: 'keyhash', hash: k.keyId })),
    ...c.multisig.map((m): Destination => ({ type: 'scripthash', hash: m.scriptId })),
  ];
}

function ensureEncrypted(wl: AddressWhitelist): void {
  if (!wl.encrypted) throw new RpcError(RPC_MISC_ERROR, 'Not implemented for unencrypted whitelist');
}

/** A funding address of an onboarded user's registration: whitelisted under the user's KYC key. */
function fundableUnder(wl: AddressWhitelist, kyc: Uint8Array): (keyId: Uint8Array) => boolean {
  return (keyId) => {
    const d: Destination = { type: 'keyhash', hash: keyId };
    const k = wl.kycPubKeyOf(d);
    return wl.isWhitelisted(d) && k !== undefined && k.every((b, i) => b === kyc[i]);
  };
}

/** The wallet's KYC key, which must be whitelisted (-8 `KYC public key not whitelisted`). */
function whitelistedKycKey(w: NodeWallet, wl: AddressWhitelist): Uint8Array {
  const k = w.keys.kycPubKey;
  if (k === undefined || wl.kycStatus(k) !== 'white') throw invalidParameter('KYC public key not whitelisted');
  return k;
}

export function walletKycFileMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  const address = (d: Destination): string => addressForDestination(d, prefixes);
  return [
    m(
      'dumpkycfile',
      ['filename', 'onboardpubkey'],
      'dumpkycfile "filename" ( "onboardpubkey" )\n\nWrites a KYC file with the key-pool addresses of the wallet, encrypted to a KYC public key of the\nwhitelisting authority (an unassigned one unless given).\n\nResult:\n"pubkey"    (string) the onboarding user public key of the file',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const file = getStr(p[0]);
        const onboard = onboardKeyFor(ctx, p[1]);
        const pool = w.keys.poolKeys();
        if (pool.length === 0) throw new RpcError(RPC_WALLET_ERROR, 'Key pool empty.');
        const data: KycAddressData = { keys: pool.map((k) => ({ keyId: k.keyId, pubkey: k.derivedPubkey })), bare: [], multisig: [] };
        const withContract = contractInKycFile(w) && ctx.params.options.embedContract;
        const { text, userPubKey } = await kycFileText(ctx, w, 'dump', data, onboard, withContract);
        writeKeyDumpFile(file, text);
        checkGenerated(ctx, w, text, 'cannot generate onboarding script from generated KYC file');
        audit(w, call, file);
        return toHex(userPubKey);
      },
      { minArgs: 1 },
    ),
    m(
      'createkycfile',
      ['filename', 'pubkeylist', 'multisiglist', 'onboardpubkey'],
      'createkycfile "filename" [{"address":"addr","pubkey":"key"},...] [{"nmultisig":n,"pubkeys":["key",...]},...] ( "onboardpubkey" )\n\nWrites a KYC file with the given addresses (filename "" returns the file instead).\n\nResult:\n{"onboardpubkey":"hex", "onboarduserpubkey":"hex", "kycfile":"text"}',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const file = getStr(p[0]);
        if (isNull(p[1]) && isNull(p[2])) throw invalidParameter("Invalid parameters, arguments 2 and 3 can't both be null");
        const contractInTx = ctx.params.options.contractInTx;
        const keys: KycKeyEntry[] = [];
        const bare: Destination[] = [];
        const multisig: KycMultisigEntry[] = [];
        if (!isNull(p[1])) {
          for (const item of getArray(p[1])) {
            const o = getObj(item);
            const a = findValue(o, 'address');
            if (isNull(a)) throw invalidParameter('Address missing in pubkeylist');
            const text = getStr(a);
            const dest = tryDecodeAddress(text, prefixes);
            if (dest === undefined) throw invalidParameter(`Invalid address in pubkeylist: ${text}`);
            const k = findValue(o, 'pubkey');
            if (isNull(k)) {
              if (!contractInTx) throw invalidParameter('Pubkey missing in pubkeylist');
              bare.push({ type: dest.type, hash: dest.hash });
              continue;
            }
            const ks = getStr(k);
            let pub: Uint8Array;
            try {
              pub = pubKeyParam(ks, ctx.secp);
            } catch {
              throw invalidParameter(`Invalid pubkey in pubkeylist: ${ks}`);
            }
            keys.push({ keyId: dest.hash, pubkey: pub });
          }
        }
        if (!isNull(p[2])) {
          for (const item of getArray(p[2])) {
            const o = getObj(item);
            const nv = findValue(o, 'nmultisig');
            if (isNull(nv)) throw invalidParameter('nmultisig missing in multisiglist');
            const pv = findValue(o, 'pubkeys');
            if (isNull(pv)) throw invalidParameter('pubkeys missing in multisiglist');
            if (!(nv instanceof JsonNumber)) throw invalidParameter('nmultisig must be an integer');
            const n = getInt(nv);
            if (n < 1 || n > 15) throw invalidParameter('nmultisig must be an integer between 1 and 15');
            const pubs = getArray(pv).map((v) => {
              const s = getStr(v);
              try {
                return pubKeyParam(s, ctx.secp);
              } catch {
                throw invalidParameter(`Invalid pubkey in multisiglist: ${s}`);
              }
            });
            if (pubs.length < n || pubs.length > 15) throw invalidParameter('Invalid address from pubkeys in multisiglist');
            let scriptId: Uint8Array;
            try {
              scriptId = hash160(tweakedMultisigScript(n, pubs, ctx.params.keyTweakHash, ctx.secp));
            } catch {
              throw invalidParameter('Invalid address from pubkeys in multisiglist');
            }
            multisig.push({ m: n, scriptId, pubkeys: pubs });
          }
        }
        const onboard = onboardKeyFor(ctx, p[3]);
        const withContract = contractInKycFile(w);
        const { text, userPubKey } = await kycFileText(ctx, w, 'create', { keys, bare, multisig }, onboard, withContract);
        const result = new JsonObject().push('onboardpubkey', toHex(onboard)).push('onboarduserpubkey', toHex(userPubKey));
        if (file === '') return result.push('kycfile', text);
        writeKeyDumpFile(file, text);
        checkGenerated(ctx, w, text, 'KYC file invalid - cannot generate onboarding script from file');
        audit(w, call, file);
        return result;
      },
      { minArgs: 3 },
    ),
    m(
      'readkycfile',
      ['filename', 'outfilename'],
      'readkycfile "filename" "outfilename"\n\nDecrypts a KYC file and writes its content (with an error after each invalid line) to outfilename.',
      (p) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const r = readKycFile(ctx, w, getStr(p[0]));
        try {
          writeFileSync(getStr(p[1]), kycEcho(r));
        } catch {
          throw invalidParameter('Cannot open output file');
        }
        return null;
      },
      { minArgs: 2 },
    ),
    m(
      'validatekycfile',
      ['filename', 'verbose'],
      'validatekycfile "filename" ( verbose )\n\nChecks a KYC file and whether its addresses are whitelisted.\n\nResult:\n{"iswhitelisted": true|false, "addresses": ["address",...] (verbose only)}',
      (p) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const r = readKycFile(ctx, w, getStr(p[0]));
        const verbose = isNull(p[1]) ? false : getBool(p[1]);
        try {
          checkOnboardingValidity(ctx, w, r.content);
        } catch {
          throw invalidParameter('kycfile is invalid');
        }
        if (kycAddressCount(r.content) === 0) throw new RpcError(RPC_MISC_ERROR, 'is_valid: no address data in file');
        const wl = whitelistOf(ctx);
        const dests = fileDestinations(r.content);
        const out = new JsonObject().push('iswhitelisted', dests.every((d) => wl.isWhitelisted(d)));
        if (verbose) out.push('addresses', dests.map(address));
        return out;
      },
      { minArgs: 1 },
    ),
    m(
      'onboarduser',
      ['filename', 'scriptversion'],
      'onboarduser "filename" ( scriptversion )\n\nWhitelists the addresses of a KYC file: sends a register-address transaction in the whitelist asset\n(script version 1 by default on the unencrypted whitelist, 0 on the encrypted one).\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const file = getStr(p[0]);
        const r = readKycFile(ctx, w, file);
        checkOnboardingValidity(ctx, w, r.content);
        const wl = whitelistOf(ctx);
        const version = isNull(p[1]) ? defaultVersion(ctx) : getInt(p[1]);
        if ((version !== 0 && version !== 1) || kycAddressCount(r.content) === 0) throw invalidParameter('Cannot generate onboarding script');
        let script: Uint8Array | undefined;
        if (wl.encrypted) {
          const head = wl.peekUnassignedKycKey(() => 0);
          if (head === undefined) throw new RpcError(RPC_MISC_ERROR, 'no unassigned whitelist KYC keys available');
          const priv = w.keys.privateKeyFor(head);
          if (priv === undefined) throw new RpcError(RPC_MISC_ERROR, 'getOnboardingScript: cannot get KYC private key from wallet');
          wl.takeUnassignedKycKey();
          script = onboardingScriptOf(ctx, w, r, 0, priv, head);
        } else script = onboardingScriptOf(ctx, w, r, version);
        if (script === undefined) throw invalidParameter('Cannot generate onboarding script');
        if (script.length > ONBOARDING_SCRIPT_MAX_SIZE) throw invalidParameter('Onboarding script size exceeds MAX_SCRIPT_SIZE');
        const txid = await sendOnboardTx(ctx, w, script);
        audit(w, call, file, txid);
        return txid;
      },
      { minArgs: 1 },
    ),
    m(
      'blacklistuser',
      ['filename'],
      'blacklistuser "filename"\n\nRemoves the addresses of a KYC file from the whitelist: sends a deregister-address transaction.\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const file = getStr(p[0]);
        const r = readKycFile(ctx, w, file);
        checkOnboardingValidity(ctx, w, r.content);
        const script = kycAddressCount(r.content) === 0 ? undefined : plainOnboardingScript(r.content, 1, ctx.params.options.contractInTx, true);
        if (script === undefined) throw invalidParameter('Cannot generate blacklisting script');
        if (script.length > ONBOARDING_SCRIPT_MAX_SIZE) throw invalidParameter('Onboarding script size exceeds MAX_SCRIPT_SIZE');
        const txid = await sendOnboardTx(ctx, w, script);
        audit(w, call, file, txid);
        return txid;
      },
      { minArgs: 1 },
    ),
    m(
      'sendaddtowhitelisttx',
      ['naddresses', 'feeasset'],
      'sendaddtowhitelisttx naddresses ( "feeasset" )\n\nRegisters naddresses (1 to 100) new key-pool addresses of an onboarded wallet with the encrypted\nwhitelist; the fee is paid in feeasset (default "CBT").\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        const wl = whitelistOf(ctx);
        ensureEncrypted(wl);
        const n = getInt(p[0]);
        if (n < 1 || n > MAX_ADD_ADDRESSES) throw invalidParameter('Invalid naddresses');
        const feeAsset = walletAssetParam(ctx, isNull(p[1]) ? 'CBT' : getStr(p[1]));
        ensureUnlocked(w);
        const kyc = whitelistedKycKey(w, wl);
        await walletCall(() => w.keys.topUpKeyPool(Math.max(n, w.keys.keypoolTarget)));
        const fresh = (d: Destination): boolean => !wl.contains(d) && !wl.isPending(d);
        const picked = w.keys
          .poolKeys()
          .filter((k) => fresh({ type: 'keyhash', hash: k.keyId }))
          .slice(0, n);
        if (picked.length === 0) throw new RpcError(RPC_WALLET_ERROR, 'Key pool empty.');
        const entries: RegisterEntry[] = picked.map((k) => ({ kind: 'derived', keyId: k.keyId, pubkey: k.derivedPubkey }));
        const txid = await sendEncryptedAddresses(ctx, w, entries, kyc, feeAsset, fundableUnder(wl, kyc));
        for (const e of entries) wl.addPending(registerEntryDestination(e));
        audit(w, call, String(n), txid);
        return txid;
      },
      { minArgs: 1 },
    ),
    m(
      'sendaddmultitowhitelisttx',
      ['tweakedaddress', 'basepubkeys', 'nmultisig', 'feeasset'],
      'sendaddmultitowhitelisttx "tweakedaddress" ["basepubkey",...] nmultisig ( "feeasset" )\n\nRegisters a P2SH multisig address of an onboarded wallet with the encrypted whitelist; the fee is\npaid in feeasset (default "CBT").\n\nResult:\n"txid"    (string) the transaction id',
      async (p, call) => {
        const w = walletOf(ctx);
        const wl = whitelistOf(ctx);
        ensureEncrypted(wl);
        const text = getStr(p[0]);
        const addr = tryDecodeAddress(text, prefixes);
        if (addr === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        if (isNull(p[1])) throw invalidParameter('Invalid parameter, argument 2 must be non-null');
        const pubs = getArray(p[1]).map((v) => pubKeyParam(v, ctx.secp));
        const nm = getInt(p[2]);
        if (nm < 1) throw invalidParameter("N of multisig can't be less than 1");
        if (nm > 15) throw invalidParameter("N of multisig can't be larger than 255 (1 byte)");
        const feeAsset = walletAssetParam(ctx, isNull(p[3]) ? 'CBT' : getStr(p[3]));
        ensureUnlocked(w);
        const dest: Destination = { type: addr.type, hash: addr.hash };
        if (wl.contains(dest) || wl.isPending(dest)) throw invalidParameter('This P2SH address is pending or has been whitelisted already');
        let derives = false;
        if (dest.type === 'scripthash' && nm <= pubs.length && pubs.length <= 15) {
          derives = hash160(tweakedMultisigScript(nm, pubs, ctx.params.keyTweakHash, ctx.secp)).every((b, i) => b === dest.hash[i]);
        }
        if (!derives) throw invalidParameter('add_multisig_whitelist: address does not derive from public keys when tweaked with contract hash');
        const kyc = whitelistedKycKey(w, wl);
        const entries: RegisterEntry[] = [{ kind: 'multisig', m: nm, scriptId: dest.hash, pubkeys: pubs }];
        const txid = await sendEncryptedAddresses(ctx, w, entries, kyc, feeAsset, fundableUnder(wl, kyc));
        wl.addPending(dest);
        audit(w, call, text, String(nm), txid);
        return txid;
      },
      { minArgs: 3 },
    ),
  ];
}
