/**
 * Coin RPCs of the wallet ledger (Core 0.14 `rpcwallet.cpp` with Elements' asset fields):
 * listunspent, lockunspent, listlockunspent, listaddressgroupings.
 */
import {
  JsonObject,
  addressForDestination,
  amountJson,
  extractDestination,
  isHex,
  toDisplayHex,
  toHex,
  type Destination,
  type JsonValue,
} from '@ocean-ts/core';
import { hexKey } from '../../wallet/ledger/hex-key.js';
import { ISMINE_ALL, ISMINE_NO } from '../../wallet/ledger/ledger-types.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { uint256SBytes } from './parse-params.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { rpcTypeCheck, rpcTypeCheckArgument, rpcTypeCheckObj } from './rpc-type-check.js';
import { getArray, getBool, getInt, getObj, getStr, findValue, isNull } from './univalue-params.js';
import { addressBookView, resolveAsset } from './wallet-json.js';
import { destinationOrderKey, walletOf } from './wallet-util.js';

/** The address-derived fields of a `listunspent` entry for one scriptPubKey. */
interface ScriptFields {
  readonly destKey: string | undefined;
  readonly address: string | undefined;
  readonly account: string | undefined;
  readonly redeemScript: string | undefined;
}

function scriptFields(w: NodeWallet, script: Uint8Array): ScriptFields {
  const dest = extractDestination(script);
  if (dest === null) return { destKey: undefined, address: undefined, account: undefined, redeemScript: undefined };
  const redeem = dest.type === 'scripthash' ? w.keys.getScript(dest.hash) : undefined;
  return {
    destKey: destinationOrderKey(dest),
    address: addressForDestination(dest, w.params.base58),
    account: w.keys.addressBookEntry(dest)?.name,
    redeemScript: redeem === undefined ? undefined : toHex(redeem),
  };
}

/** `GetAddressBalances`: unspent value per destination of trusted, mature wallet outputs (fee asset). */
function addressBalances(ctx: NodeRpcContext, w: NodeWallet): Map<string, bigint> {
  const ledger = w.ledger;
  const feeKey = hexKey(ctx.params.feeAsset);
  const balances = new Map<string, bigint>();
  for (const wtx of ledger.transactions()) {
    if (!ledger.isTrusted(wtx)) continue;
    if (wtx.isCoinbase && ledger.blocksToMaturity(wtx) > 0) continue;
    if (ledger.depth(wtx) < (ledger.isFromMe(wtx.tx, ISMINE_ALL) ? 0 : 1)) continue;
    const outs = ledger.outputs(wtx);
    wtx.tx.outputs.forEach((txout, i) => {
      const o = outs[i]!;
      if (o.mine === ISMINE_NO) return;
      const dest = extractDestination(txout.scriptPubKey);
      if (dest === null) return;
      const k = destinationOrderKey(dest);
      const n = ledger.isSpent(wtx.txid, i) || o.assetKey !== feeKey ? 0n : o.value;
      balances.set(k, (balances.get(k) ?? 0n) + n);
    });
  }
  return balances;
}

/** `GetAddressGroupings`: addresses used together as inputs (with their change), merged transitively. */
function addressGroupings(w: NodeWallet): Map<string, Destination>[] {
  const ledger = w.ledger;
  const book = addressBookView(w);
  const groupings: Map<string, Destination>[] = [];
  for (const wtx of ledger.transactions()) {
    const tx = wtx.tx;
    if (tx.inputs.length > 0) {
      const grouping = new Map<string, Destination>();
      let anyMine = false;
      if (!tx.isCoinbase) {
        for (const input of tx.inputs) {
          const prev = ledger.get(input.prevout.txid);
          const prevOut = prev?.tx.outputs[input.prevout.index];
          if (prev === undefined || prevOut === undefined || w.keys.isMine(prevOut.scriptPubKey) === 'no') continue;
          const d = extractDestination(prevOut.scriptPubKey);
          if (d === null) continue;
          grouping.set(destinationOrderKey(d), d);
          anyMine = true;
        }
      }
      if (anyMine) {
        for (const txout of tx.outputs) {
          if (!book.isChange(txout.scriptPubKey)) continue;
          const d = extractDestination(txout.scriptPubKey);
          if (d !== null) grouping.set(destinationOrderKey(d), d);
        }
      }
      if (grouping.size > 0) groupings.push(grouping);
    }
    for (const txout of tx.outputs) {
      if (w.keys.isMine(txout.scriptPubKey) === 'no') continue;
      const d = extractDestination(txout.scriptPubKey);
      if (d !== null) groupings.push(new Map([[destinationOrderKey(d), d]]));
    }
  }
  // merge groups sharing an address
  const owner = new Map<string, Map<string, Destination>>();
  const unique = new Set<Map<string, Destination>>();
  for (const g of groupings) {
    const hits = new Set<Map<string, Destination>>();
    for (const k of g.keys()) {
      const h = owner.get(k);
      if (h !== undefined) hits.add(h);
    }
    const merged = new Map(g);
    for (const hit of hits) {
      for (const [k, d] of hit) merged.set(k, d);
      unique.delete(hit);
    }
    unique.add(merged);
    for (const k of merged.keys()) owner.set(k, merged);
  }
  // std::set<std::set<CTxDestination>> order: lexicographic over the sorted members
  const sorted = [...unique].map((g) => [...g.keys()].sort());
  const uniq = new Map<string, string[]>();
  for (const s of sorted) uniq.set(s.join(','), s);
  const lists = [...uniq.values()].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length - b.length;
  });
  const all = new Map<string, Destination>();
  for (const g of unique) for (const [k, d] of g) all.set(k, d);
  return lists.map((keys) => new Map(keys.map((k) => [k, all.get(k)!])));
}

export function walletCoinMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  return [
    m(
      'listunspent',
      ['minconf', 'maxconf', 'addresses', 'include_unsafe', 'asset'],
      'listunspent ( minconf maxconf  ["addresses",...] [include_unsafe] "asset" )\n\nReturns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.',
      (p) => {
        const w = walletOf(ctx);
        let nMinDepth = 1;
        if (p.length > 0 && !isNull(p[0])) {
          rpcTypeCheckArgument(p[0], 'number');
          nMinDepth = getInt(p[0]);
        }
        let nMaxDepth = 9999999;
        if (p.length > 1 && !isNull(p[1])) {
          rpcTypeCheckArgument(p[1], 'number');
          nMaxDepth = getInt(p[1]);
        }
        let addresses: Set<string> | undefined;
        if (p.length > 2 && !isNull(p[2])) {
          rpcTypeCheckArgument(p[2], 'array');
          addresses = new Set();
          for (const v of getArray(p[2])) {
            const text = getStr(v);
            const addr = tryDecodeAddress(text, prefixes);
            if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `Invalid Bitcoin address: ${text}`);
            const key = destinationOrderKey({ type: addr.type, hash: addr.hash });
            if (addresses.has(key)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, duplicated address: ${text}`);
            addresses.add(key);
          }
        }
        let includeUnsafe = true;
        if (p.length > 3 && !isNull(p[3])) {
          rpcTypeCheckArgument(p[3], 'bool');
          includeUnsafe = getBool(p[3]);
        }
        const strasset = typeof p[4] === 'string' ? p[4] : '';
        const asset = strasset === '' ? undefined : resolveAsset(ctx, strasset);
        if (strasset !== '' && asset === undefined) return [];
        const coins = w.ledger.availableCoins({ onlySafe: !includeUnsafe, includeZeroValue: true, ...(asset ? { asset } : {}) });
        const out: JsonValue[] = [];
        // Wallets pay few distinct scripts many times: their address fields are worked out once per call.
        const byScript = new Map<string, ScriptFields>();
        for (const c of coins) {
          if (c.depth < nMinDepth || c.depth > nMaxDepth) continue;
          const script = c.txOut.scriptPubKey;
          const scriptHex = toHex(script);
          let fields = byScript.get(scriptHex);
          if (fields === undefined) {
            fields = scriptFields(w, script);
            byScript.set(scriptHex, fields);
          }
          if (addresses !== undefined && addresses.size > 0 && (fields.destKey === undefined || !addresses.has(fields.destKey))) continue;
          // outputs that cannot be unblinded are not listed
          if (c.value === -1n || c.asset === null) continue;
          const o = new JsonObject().push('txid', toDisplayHex(c.txid)).push('vout', c.index);
          if (fields.address !== undefined) o.push('address', fields.address);
          if (fields.account !== undefined) o.push('account', fields.account);
          if (fields.redeemScript !== undefined) o.push('redeemScript', fields.redeemScript);
          o.push('scriptPubKey', scriptHex);
          o.push('amount', amountJson(c.value));
          o.push('asset', toDisplayHex(c.asset));
          if (c.txOut.asset.isCommitment) o.push('assetcommitment', c.txOut.asset.hex);
          const label = ctx.params.assetLabels.labelFor(c.asset);
          if (label !== undefined) o.push('assetlabel', label);
          o.push('confirmations', c.depth);
          o.push('spendable', c.spendable);
          o.push('solvable', c.solvable);
          if (c.txOut.value.isCommitment) o.push('amountcommitment', c.txOut.value.hex);
          o.push('blinder', toDisplayHex(c.valueBlinder));
          o.push('assetblinder', toDisplayHex(c.assetBlinder));
          out.push(o);
        }
        return out;
      },
      { okSafeMode: false },
    ),
    m(
      'lockunspent',
      ['unlock', 'transactions'],
      'lockunspent unlock ([{"txid":"txid","vout":n},...])\n\nUpdates list of temporarily unspendable outputs.',
      (p) => {
        const w = walletOf(ctx);
        if (p.length === 1) rpcTypeCheck(p, ['bool']);
        else rpcTypeCheck(p, ['bool', 'array']);
        const unlock = getBool(p[0]);
        if (p.length === 1) {
          if (unlock) w.ledger.unlockAllCoins();
          return true;
        }
        for (const output of getArray(p[1])) {
          if (!(output instanceof JsonObject)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, expected object');
          const o = getObj(output);
          rpcTypeCheckObj(o, { txid: 'string', vout: 'number' });
          const txid = getStr(findValue(o, 'txid'));
          if (!isHex(txid)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, expected hex txid');
          const n = getInt(findValue(o, 'vout'));
          if (n < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, vout must be positive');
          const hash = uint256SBytes(txid);
          if (unlock) w.ledger.unlockCoin(hash, n);
          else w.ledger.lockCoin(hash, n);
        }
        return true;
      },
      { minArgs: 1 },
    ),
    m(
      'listlockunspent',
      [],
      'listlockunspent\n\nReturns list of temporarily unspendable outputs.',
      () => {
        const w = walletOf(ctx);
        const locked = w.ledger.lockedCoins().sort((a, b) => {
          const ka = hexKey(a.txid);
          const kb = hexKey(b.txid);
          return ka < kb ? -1 : ka > kb ? 1 : a.index - b.index;
        });
        return locked.map((c) => new JsonObject().push('txid', toDisplayHex(c.txid)).push('vout', c.index));
      },
      { okSafeMode: false },
    ),
    m(
      'listaddressgroupings',
      [],
      'listaddressgroupings\n\nLists groups of addresses which have had their common ownership\nmade public by common use as inputs or as the resulting change\nin past transactions',
      () => {
        const w = walletOf(ctx);
        const balances = addressBalances(ctx, w);
        return addressGroupings(w).map((g) =>
          [...g].map(([k, d]) => {
            const info: JsonValue[] = [addressForDestination(d, prefixes), amountJson(balances.get(k) ?? 0n)];
            const entry = w.keys.addressBookEntry(d);
            if (entry !== undefined) info.push(entry.name);
            return info;
          }),
        );
      },
      { okSafeMode: false },
    ),
  ];
}

