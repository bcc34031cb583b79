/**
 * `importmulti` (Core 0.14 `rpcdump.cpp`): addresses / scripts with their public keys, private keys
 * or P2SH redeem script, each request processed on its own (`ProcessImport`: a failure is that
 * request's `{success: false, error: {code, message}}`), then one rescan from the oldest import
 * timestamp less `TIMESTAMP_WINDOW` (2 h). See docs/adr/0032-remaining-wallet-rpcs.md.
 */
import {
  JsonNumber,
  JsonObject,
  base58CheckDecode,
  bytesEqual,
  extractDestination,
  fromHex,
  hash160,
  isPayToScriptHash,
  scriptForDestination,
  type Destination,
  type JsonValue,
} from '@ocean-ts/core';
import { WalletKeyError } from '../../wallet/keys/wallet-key-error.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { earliestHeightAtLeast } from '../../wallet/wallet-chain-link.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_MISC_ERROR,
  RPC_TYPE_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { isCoreHex } from './parse-params.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getArray, getBool, getInt64, getStr, hasKey, jsonTypeName } from './univalue-params.js';
import { audit, ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** `TIMESTAMP_WINDOW`: rescans start this many seconds before the oldest key time. */
export const TIMESTAMP_WINDOW = 7200;

const ALREADY_MINE = 'The wallet already contains the private key for this address or script';

/** A `JSONRPCError` thrown inside `ProcessImport`: it becomes the request's `error` object. */
class ImportError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** `GetImportTimestamp(data, now)`: -3 errors fail the whole call (checked before any import). */
export function importTimestamp(data: JsonValue | undefined, now: number): number {
  if (data instanceof JsonObject && hasKey(data, 'timestamp')) {
    const ts = findValue(data, 'timestamp');
    if (ts instanceof JsonNumber) return Number(getInt64(ts));
    if (ts === 'now') return now;
    throw new RpcError(RPC_TYPE_ERROR, `Expected number or "now" timestamp value for key. got type ${jsonTypeName(ts)}`);
  }
  throw new RpcError(RPC_TYPE_ERROR, 'Missing required timestamp field for key');
}

/** `CBitcoinSecret::SetString` + `GetKey`: the WIF format, then the key range (importmulti's two errors). */
function parseImportKey(ctx: NodeRpcContext, text: string): { privateKey: Uint8Array; compressed: boolean } {
  let raw: Uint8Array | undefined;
  try {
    raw = base58CheckDecode(text);
  } catch {
    raw = undefined;
  }
  const data = raw?.subarray(1);
  const compressed = data !== undefined && data.length === 33 && data[32] === 1;
  if (raw === undefined || raw[0] !== ctx.params.base58.secretKey || data === undefined || (data.length !== 32 && !compressed)) {
    throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid private key encoding');
  }
  const privateKey = data.slice(0, 32);
  if (!ctx.secp.privateKeyVerify(privateKey)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Private key outside allowed range');
  return { privateKey, compressed };
}

/** `CPubKey(hex).IsFullyValid()`. */
function validPubKey(ctx: NodeRpcContext, pub: Uint8Array): boolean {
  const len = pub[0] === 2 || pub[0] === 3 ? 33 : pub[0] !== undefined && pub[0] >= 4 && pub[0] <= 7 ? 65 : 0;
  if (len === 0 || pub.length !== len) return false;
  try {
    return ctx.secp.publicKeyVerify(pub);
  } catch {
    return false;
  }
}

function sameDestination(a: Destination, b: Destination): boolean {
  return a.type === b.type && bytesEqual(a.hash, b.hash);
}

function p2pk(pub: Uint8Array): Uint8Array {
  const s = new Uint8Array(pub.length + 2);
  s[0] = pub.length;
  s.set(pub, 1);
  s[pub.length + 1] = 0xac;
  return s;
}

/** One request's result: `{success}`, `{success: false, error}`, or — 0.14's `return false` — a bare `false`. */
type ImportResult = JsonObject | false;

/** `ProcessImport(data, timestamp)`. */
async function processImport(ctx: NodeRpcContext, w: NodeWallet, data: JsonObject, timestamp: number): Promise<ImportResult> {
  try {
    return await processImportInner(ctx, w, data, timestamp);
  } catch (e) {
    if (e instanceof ImportError) {
      return new JsonObject().push('success', false).push('error', new JsonObject().push('code', e.code).push('message', e.message));
    }
    // Anything else (a UniValue accessor's runtime_error: a field of the wrong type) is `catch (...)`.
    if (e instanceof RpcError || e instanceof WalletKeyError) {
      return new JsonObject().push('success', false).push('error', new JsonObject().push('code', RPC_MISC_ERROR).push('message', 'Missing required fields'));
    }
    throw e;
  }
}

async function processImportInner(ctx: NodeRpcContext, w: NodeWallet, data: JsonObject, timestamp: number): Promise<ImportResult> {
  const keys = w.keys;
  const prefixes = ctx.params.base58;
  let success = false;

  // Required fields.
  const scriptPubKey = findValue(data, 'scriptPubKey');
  const isObj = scriptPubKey instanceof JsonObject;
  if (!(isObj && hasKey(scriptPubKey, 'address')) && typeof scriptPubKey !== 'string') throw new ImportError(RPC_INVALID_PARAMETER, 'Invalid scriptPubKey');

  // Optional fields, read in 0.14's order (a wrong type is "Missing required fields").
  const strRedeemScript = hasKey(data, 'redeemscript') ? getStr(findValue(data, 'redeemscript')) : '';
  const pubKeys = hasKey(data, 'pubkeys') ? getArray(findValue(data, 'pubkeys')) : [];
  const privKeys = hasKey(data, 'keys') ? getArray(findValue(data, 'keys')) : [];
  const internal = hasKey(data, 'internal') ? getBool(findValue(data, 'internal')) : false;
  const watchOnly = hasKey(data, 'watchonly') ? getBool(findValue(data, 'watchonly')) : false;
  const label = hasKey(data, 'label') && !internal ? getStr(findValue(data, 'label')) : '';

  const isScript = typeof scriptPubKey === 'string';
  const isP2SH = strRedeemScript.length > 0;
  const output = isScript ? scriptPubKey : getStr(findValue(scriptPubKey as JsonObject, 'address'));

  // Parse the output.
  let script: Uint8Array;
  let address: Destination | undefined;
  if (!isScript) {
    const a = tryDecodeAddress(output, prefixes);
    if (!a) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid address');
    address = { type: a.type, hash: a.hash };
    script = scriptForDestination(address);
  } else {
    if (!isCoreHex(output)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid scriptPubKey');
    script = fromHex(output);
  }

  if (watchOnly && privKeys.length > 0) throw new ImportError(RPC_INVALID_PARAMETER, 'Incompatibility found between watchonly and keys');
  if (internal && hasKey(data, 'label')) throw new ImportError(RPC_INVALID_PARAMETER, 'Incompatibility found between internal and label');
  if (!internal && isScript) throw new ImportError(RPC_INVALID_PARAMETER, 'Internal must be set for hex scriptPubKey');
  if (!isP2SH && (privKeys.length > 1 || pubKeys.length > 1)) throw new ImportError(RPC_INVALID_PARAMETER, 'More than private key given for one address');
  if (isP2SH && !isCoreHex(strRedeemScript)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid redeem script');

  /** The consistency checks of a key against the output (its key id must be the address / the script's destination). */
  const checkConsistency = (keyId: Uint8Array): void => {
    const keyDest: Destination = { type: 'keyhash', hash: keyId };
    if (!isScript && !sameDestination(keyDest, address!)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Consistency check failed');
    if (isScript) {
      const d = extractDestination(script);
      if (d !== null && !sameDestination(d, keyDest)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Consistency check failed');
    }
  };

  if (isP2SH) {
    const redeemScript = fromHex(strRedeemScript);
    if (!isPayToScriptHash(script)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid P2SH address / script');
    await keys.addWatchOnly(redeemScript, timestamp);
    if (!keys.haveScript(hash160(redeemScript)) && !(await keys.addScript(redeemScript))) {
      throw new ImportError(RPC_WALLET_ERROR, 'Error adding p2sh redeemScript to wallet');
    }
    const redeemDestination = scriptForDestination({ type: 'scripthash', hash: hash160(redeemScript) });
    if (keys.isMine(redeemDestination) === 'spendable') throw new ImportError(RPC_WALLET_ERROR, ALREADY_MINE);
    await keys.addWatchOnly(redeemDestination, timestamp);
    if (address !== undefined) await keys.setAddressBook(address, label, 'receive');
    for (const k of privKeys) {
      const key = parseImportKey(ctx, getStr(k));
      const r = await importKey(w, key, label, timestamp);
      if (!r) throw new ImportError(RPC_WALLET_ERROR, 'Already have this key');
    }
    success = true;
  } else {
    // Import public keys.
    if (pubKeys.length > 0 && privKeys.length === 0) {
      const strPubKey = getStr(pubKeys[0]);
      if (!isCoreHex(strPubKey)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Pubkey must be a hex string');
      const pub = fromHex(strPubKey);
      if (!validPubKey(ctx, pub)) throw new ImportError(RPC_INVALID_ADDRESS_OR_KEY, 'Pubkey is not a valid public key');
      const keyId = hash160(pub);
      checkConsistency(keyId);
      const pubKeyDest: Destination = { type: 'keyhash', hash: keyId };
      const pubKeyScript = scriptForDestination(pubKeyDest);
      if (keys.isMine(pubKeyScript) === 'spendable') throw new ImportError(RPC_WALLET_ERROR, ALREADY_MINE);
      await keys.addWatchOnly(pubKeyScript, timestamp);
      await keys.setAddressBook(pubKeyDest, label, 'receive');
      const rawPubKeyScript = p2pk(pub);
      if (keys.isMine(rawPubKeyScript) === 'spendable') throw new ImportError(RPC_WALLET_ERROR, ALREADY_MINE);
      await keys.addWatchOnly(rawPubKeyScript, timestamp);
      success = true;
    }
    // Import private keys.
    if (privKeys.length > 0) {
      const key = parseImportKey(ctx, getStr(privKeys[0]));
      checkConsistency(hash160(ctx.secp.publicKeyCreate(key.privateKey, key.compressed)));
      // 0.14 `return false;` when the wallet already holds the key (after labelling it).
      if (!(await importKey(w, key, label, timestamp))) return false;
      success = true;
    }
    // Import the scriptPubKey only.
    if (pubKeys.length === 0 && privKeys.length === 0) {
      if (keys.isMine(script) === 'spendable') throw new ImportError(RPC_WALLET_ERROR, ALREADY_MINE);
      await keys.addWatchOnly(script, timestamp);
      if (isObj && address !== undefined) await keys.setAddressBook(address, label, 'receive');
      success = true;
    }
  }
  return new JsonObject().push('success', success);
}

/**
 * `SetAddressBook(keyid, label, "receive")`, then — unless the wallet holds the key already (false) —
 * `AddKeyPubKey` with `nCreateTime = timestamp`. A key the store cannot add is -4 `Error adding key to wallet`.
 */
async function importKey(w: NodeWallet, key: { privateKey: Uint8Array; compressed: boolean }, label: string, timestamp: number): Promise<boolean> {
  try {
    const r = await w.keys.importPrivateKey(key.privateKey, key.compressed, { label, createTime: timestamp });
    return r.added;
  } catch (e) {
    if (e instanceof WalletKeyError) throw new ImportError(RPC_WALLET_ERROR, 'Error adding key to wallet');
    throw e;
  }
}

/** What the audit log names for a request: its address or script (never keys). */
function auditDetail(data: JsonValue): string {
  if (!(data instanceof JsonObject)) return '';
  const spk = findValue(data, 'scriptPubKey');
  if (typeof spk === 'string') return spk;
  if (spk instanceof JsonObject) {
    const a = findValue(spk, 'address');
    if (typeof a === 'string') return a;
  }
  return '';
}

export function walletImportMultiMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'importmulti',
      ['requests', 'options'],
      'importmulti "requests" "options"\n\n' +
        'Import addresses/scripts (with private or public keys, redeem script (P2SH)), rescanning all addresses in one-shot-only (rescan can be disabled via options).\n\n' +
        'Arguments:\n' +
        '1. requests     (array, required) Data to be imported\n' +
        '  [     (array of json objects)\n' +
        '    {\n' +
        '      "scriptPubKey": "<script>" | { "address":"<address>" }, (string / json, required) Type of scriptPubKey (string for script, json for address)\n' +
        '      "timestamp": timestamp | "now"                        , (integer / string, required) Creation time of the key in seconds since epoch (Jan 1 1970 GMT),\n' +
        '                                                              or the string "now" to substitute the current synced blockchain time. The timestamp of the oldest\n' +
        '                                                              key will determine how far back blockchain rescans need to begin for missing wallet transactions.\n' +
        '                                                              "now" can be specified to bypass scanning, for keys which are known to never have been used, and\n' +
        '                                                              0 can be specified to scan the entire blockchain. Blocks up to 2 hours before the earliest key\n' +
        '                                                              creation time of all keys being imported by the importmulti call will be scanned.\n' +
        '      "redeemscript": "<script>"                            , (string, optional) Allowed only if the scriptPubKey is a P2SH address or a P2SH scriptPubKey\n' +
        '      "pubkeys": ["<pubKey>", ... ]                         , (array, optional) Array of strings giving pubkeys that must occur in the output or redeemscript\n' +
        '      "keys": ["<key>", ... ]                               , (array, optional) Array of strings giving private keys whose corresponding public keys must occur in the output or redeemscript\n' +
        '      "internal": <true>                                    , (boolean, optional, default: false) Stating whether matching outputs should be be treated as not incoming payments\n' +
        "      \"watchonly\": <true>                                   , (boolean, optional, default: false) Stating whether matching outputs should be considered watched even when they're not spendable, only allowed if keys are empty\n" +
        "      \"label\": <label>                                      , (string, optional, default: '') Label to assign to the address (aka account name, for now), only allowed with internal=false\n" +
        '    }\n' +
        '  ,...\n' +
        '  ]\n' +
        '2. options                 (json, optional)\n' +
        '  {\n' +
        '     "rescan": <false>,         (boolean, optional, default: true) Stating if should rescan the blockchain after all imports\n' +
        '  }\n' +
        '\nResponse is an array with the same size as the input that has the execution result :\n' +
        '  [{ "success": true } , { "success": false, "error": { "code": -1, "message": "Internal Server Error"} }, ... ]\n',
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          rpcTypeCheck(p, ['array', 'object']);
          const requests = p[0] as readonly JsonValue[];
          let rescan = true;
          const options = p[1];
          if (options instanceof JsonObject && hasKey(options, 'rescan')) rescan = getBool(findValue(options, 'rescan'));
          ensureUnlocked(w);

          // Every timestamp is checked before anything is imported.
          const now = ctx.chain.tip.medianTimePast;
          for (const data of requests) importTimestamp(data, now);

          const minimumTimestamp = 1;
          let lowest = ctx.chain.tip.header.time;
          let runScan = false;
          const response: JsonValue[] = [];
          try {
            for (const data of requests) {
              const timestamp = Math.max(importTimestamp(data, now), minimumTimestamp);
              const result = await processImport(ctx, w, data as JsonObject, timestamp);
              response.push(result);
              if (!rescan) continue;
              // `result["success"].get_bool()`: 0.14's bare `false` result has no "success".
              if (result === false) throw new RpcError(RPC_MISC_ERROR, 'JSON value is not a boolean as expected');
              if (findValue(result, 'success') === true) runScan = true;
              if (timestamp < lowest) lowest = timestamp;
            }
          } finally {
            audit(w, call, ...requests.map(auditDetail));
          }

          if (rescan && runScan && requests.length > 0) {
            const from = lowest > minimumTimestamp ? earliestHeightAtLeast(ctx.chain, Math.max(lowest - TIMESTAMP_WINDOW, 0)) : 0;
            if (from !== undefined) {
              await w.rescanFrom(from);
              // ReacceptWalletTransactions
              for (const tx of w.ledger.transactionsToReaccept()) {
                if (!ctx.mempool.has(tx.txidHex)) await ctx.acceptToMempool((pool) => pool.accept(tx));
              }
            }
          }
          return response;
        }),
      { minArgs: 1 },
    ),
  ];
}
