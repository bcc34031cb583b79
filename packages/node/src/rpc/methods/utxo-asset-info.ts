/**
 * `getutxoassetinfo` (Ocean, policy spec §4.5): per asset, the unspent outputs and explicit amounts
 * that are spendable or "frozen" — every unspent output of a transaction that still has an unspent
 * output paying the null key id (a redemption) counts as frozen.
 */
import { JsonObject, compareBytes, toDisplayHex, toHex, type Coin, type OutPoint } from '@ocean-ts/core';
import { RPC_INTERNAL_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { amountJson } from './json-util.js';
import { methodFactory } from './method-factory.js';
import type { FreezeBurnRpcContext } from './policy-freeze-burn.js';

/** `OP_DUP OP_HASH160 <20 zero bytes> OP_EQUALVERIFY OP_CHECKSIG`: the null ("zero") address. */
const NULL_P2PKH = Uint8Array.of(0x76, 0xa9, 0x14, ...new Uint8Array(20), 0x88, 0xac);

interface AssetStats {
  readonly asset: Uint8Array;
  spendableOuts: number;
  spendableAmount: bigint;
  frozenOuts: number;
  frozenAmount: bigint;
}

function isNullAddress(script: Uint8Array): boolean {
  return script.length === NULL_P2PKH.length && script.every((b, i) => b === NULL_P2PKH[i]);
}

/**
 * The statistics over the UTXO set. Outputs with a blinded asset are skipped (the original aborts on
 * them); blinded values count in the output counters only. `disabled` outputs that are unspent are
 * then taken out of their asset's spendable figures.
 */
export function utxoAssetStats(coins: Iterable<{ outpoint: OutPoint; coin: Coin }>, disabled: readonly OutPoint[] = []): AssetStats[] {
  const byAsset = new Map<string, AssetStats>();
  const statsFor = (asset: Uint8Array): AssetStats => {
    const k = toHex(asset);
    let s = byAsset.get(k);
    if (!s) byAsset.set(k, (s = { asset, spendableOuts: 0, spendableAmount: 0n, frozenOuts: 0, frozenAmount: 0n }));
    return s;
  };
  let group: Coin[] = [];
  let groupTxid = '';
  const flush = (): void => {
    const frozen = group.some((c) => isNullAddress(c.out.scriptPubKey));
    for (const c of group) {
      if (!c.out.asset.isExplicit) continue;
      const s = statsFor(c.out.asset.id);
      const amount = c.out.value.isExplicit ? c.out.value.amount : 0n;
      if (frozen) {
        s.frozenOuts++;
        s.frozenAmount += amount;
      } else {
        s.spendableOuts++;
        s.spendableAmount += amount;
      }
    }
    group = [];
  };
  const unspent = new Map<string, Coin>();
  const disabledKeys = new Set(disabled.map((o) => `${toHex(o.txid)}:${o.index}`));
  for (const { outpoint, coin } of coins) {
    const txid = toHex(outpoint.txid);
    if (txid !== groupTxid) {
      flush();
      groupTxid = txid;
    }
    group.push(coin);
    const k = `${txid}:${outpoint.index}`;
    if (disabledKeys.has(k)) unspent.set(k, coin);
  }
  flush();
  for (const coin of unspent.values()) {
    if (!coin.out.asset.isExplicit) continue;
    const s = statsFor(coin.out.asset.id);
    s.spendableOuts--;
    if (coin.out.value.isExplicit) s.spendableAmount -= coin.out.value.amount;
  }
  return [...byAsset.values()].sort((a, b) => compareBytes(a.asset, b.asset));
}

export function utxoAssetInfoMethods(ctx: NodeRpcContext & FreezeBurnRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m('getutxoassetinfo', [], `getassetstats

Returns an object containing asset statistics from the unspent output set.

Result:
[
  {
    "asset":            (string) The asset id
    "spendabletxouts":  (numeric) The number of spendable unspent outputs of the asset
    "amountspendable":  (numeric) The total spendable amount of the asset
    "frozentxouts":     (numeric) The number of frozen unspent outputs of the asset
    "amountfrozen":     (numeric) The total frozen amount of the asset
  },
  ...
]`, () => {
      const disabled = ctx.params.consensus.disabledOutputs;
      if (disabled.length > 0 && !ctx.txIndex) throw new RpcError(RPC_INTERNAL_ERROR, 'Use -txindex to enable blockchain transaction queries');
      return utxoAssetStats(ctx.chain.unspentOutputs(), disabled).map((s) => {
        const o = new JsonObject()
          .push('asset', toDisplayHex(s.asset))
          .push('spendabletxouts', s.spendableOuts)
          .push('amountspendable', amountJson(s.spendableAmount))
          .push('frozentxouts', s.frozenOuts)
          .push('amountfrozen', amountJson(s.frozenAmount));
        // -recordinflation: the new issuances recorded from the blocks connected since start-up
        // (policy §4.6; not rebuilt at restart): other assets read as unknown.
        if (ctx.recordInflation) {
          const issued = ctx.inflationRecords?.issuanceOf(s.asset);
          o.push('entropy', issued ? toDisplayHex(issued.entropy) : 'null').push('token', issued ? toDisplayHex(issued.token) : 'null');
        }
        return o;
      });
    }),
  ];
}
