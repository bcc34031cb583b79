// createrawtransaction: rebuilding the corpus's `raw-` transactions (made by createrawtransaction +
// signrawtransaction on the original) gives their unsigned form; error codes and texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Transaction,
  addressForDestination,
  extractDestination,
  fromHex,
  loadNativeSecp256k1,
  parseJson,
  scriptForDestination,
  toDisplayHex,
  toHex,
  valueFromAmount,
  type JsonValue,
} from '@ocean-ts/core';
import type { NodeRpcContext } from '../../../src/rpc/methods/context.js';
import { amountFromValue, createRawTransaction, parseFixedPoint8 } from '../../../src/rpc/methods/rawtransactions-create.js';
import { corpusChain, readCorpusJson } from '../../chain/support/corpus.js';
import { rpcErrorOf, unsignedTx } from './support/method-calls.js';

const txs = readCorpusJson<{ transactions: { chain: string; kinds: string[]; hex: string }[] }>('transactions.json').transactions;
const secp = loadNativeSecp256k1();
const ctxs = new Map<string, NodeRpcContext>();
function ctxFor(chain: string): NodeRpcContext {
  let c = ctxs.get(chain);
  if (!c) {
    c = { params: corpusChain(chain).params, secp } as unknown as NodeRpcContext;
    ctxs.set(chain, c);
  }
  return c;
}
const params = (text: string): JsonValue[] => parseJson(text) as JsonValue[];

test('corpus raw transactions: createrawtransaction reproduces the unsigned transaction', () => {
  let checked = 0;
  for (const t of txs) {
    if (!t.kinds.some((k) => k.startsWith('raw-'))) continue;
    const tx = Transaction.decode(fromHex(t.hex));
    const ctx = ctxFor(t.chain);
    if (tx.outputs.some((o) => !o.value.isExplicit || !o.asset.isExplicit || !o.nonce.isNull)) continue;
    const inputs = tx.inputs.map((i) => ({ txid: toDisplayHex(i.prevout.txid), vout: i.prevout.index, sequence: i.sequence }));
    const outs: string[] = [];
    const assets: string[] = [];
    const keys = new Set<string>();
    let ok = tx.inputs.every((i) => !i.hasIssuance && !i.isPegin);
    for (const o of tx.outputs) {
      let key: string;
      if (o.scriptPubKey.length === 0) key = 'fee';
      else {
        const d = extractDestination(o.scriptPubKey);
        if (!d || (d.type !== 'keyhash' && d.type !== 'scripthash') || toHex(scriptForDestination(d)) !== toHex(o.scriptPubKey)) {
          ok = false;
          break;
        }
        key = addressForDestination(d, ctx.params.base58);
      }
      if (keys.has(key)) {
        ok = false;
        break;
      }
      keys.add(key);
      outs.push(`${JSON.stringify(key)}: ${valueFromAmount(o.value.amount)}`);
      assets.push(`${JSON.stringify(key)}: ${JSON.stringify(o.asset.idHex)}`);
    }
    if (!ok) continue;
    const text = `[${JSON.stringify(inputs)}, {${outs.join(', ')}}, ${tx.locktime}, {${assets.join(', ')}}]`;
    const expected = toHex(unsignedTx(tx).toBytes());
    assert.equal(createRawTransaction(ctx, params(text)), expected, `${t.kinds.join(',')}: ${text}`);
    checked++;
  }
  assert.ok(checked >= 5, `checked ${checked}`);
});

test('createrawtransaction: default asset, data/vdata/fee outputs, asset labels, locktime sequences', () => {
  const ctx = ctxFor('rt-policy');
  const txid = '11'.repeat(32);
  const hex = createRawTransaction(ctx, params(`[[{"txid":"${txid}","vout":1}], {"2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU": "1.5", "data": "abcd", "vdata": ["01", "0203"], "fee": 0.0001}, 7, {"data": "WHITELIST"}]`));
  const tx = Transaction.decode(fromHex(hex));
  assert.equal(tx.version, 2);
  assert.equal(tx.locktime, 7);
  assert.equal(tx.inputs[0]!.sequence, 0xfffffffe);
  assert.equal(toDisplayHex(tx.inputs[0]!.prevout.txid), txid);
  assert.equal(tx.outputs.length, 4);
  assert.equal(toDisplayHex(tx.outputs[0]!.asset.id), toDisplayHex(ctx.params.feeAsset));
  assert.equal(tx.outputs[0]!.value.amount, 150_000_000n);
  assert.equal(toHex(tx.outputs[0]!.scriptPubKey), '76a914c35f0213898282686f626e2903b38af1963b9cdc88ac');
  assert.equal(toDisplayHex(tx.outputs[1]!.asset.id), toDisplayHex(ctx.params.assetLabels.assetFor('WHITELIST')!));
  assert.equal(toHex(tx.outputs[1]!.scriptPubKey), '6a02abcd');
  assert.equal(tx.outputs[1]!.value.amount, 0n);
  assert.equal(toHex(tx.outputs[2]!.scriptPubKey), '6a01010202' + '03');
  assert.equal(toHex(tx.outputs[3]!.scriptPubKey), '');
  assert.equal(tx.outputs[3]!.value.amount, 10_000n);
  // blinded address: nonce = blinding key
  const ct = 'CTEmYkVD6YSaXkdgmFnvNsetQe8F5Kucma3Xr1ZBYgLHtz7vSxXyPvUYLxHVUFsapugR6mhA3GNikT2W';
  const ctx2 = createRawTransaction(ctx, params(`[[], {"${ct}": 1}]`));
  const o = Transaction.decode(fromHex(ctx2)).outputs[0]!;
  assert.equal(o.nonce.isNull, false);
  assert.equal(toHex(o.scriptPubKey), '76a914c35f0213898282686f626e2903b38af1963b9cdc88ac');
});

const err = (ctx: NodeRpcContext, text: string) => rpcErrorOf(() => createRawTransaction(ctx, params(text)));

test('createrawtransaction: errors', () => {
  const ctx = ctxFor('rt-policy');
  const txid = '11'.repeat(32);
  assert.deepEqual(err(ctx, '[null, {}]'), { code: -8, message: 'Invalid parameter, arguments 1 and 2 must be non-null' });
  assert.deepEqual(err(ctx, '[{}, {}]'), { code: -3, message: 'Expected type array, got object' });
  assert.deepEqual(err(ctx, '[[], {}, -1]'), { code: -8, message: 'Invalid parameter, locktime out of range' });
  assert.deepEqual(err(ctx, '[[], {}, 4294967296]'), { code: -8, message: 'Invalid parameter, locktime out of range' });
  assert.deepEqual(err(ctx, `[[{"txid":"${txid}"}], {}]`), { code: -8, message: 'Invalid parameter, missing vout key' });
  assert.deepEqual(err(ctx, `[[{"txid":"${txid}","vout":-1}], {}]`), { code: -8, message: 'Invalid parameter, vout must be positive' });
  assert.deepEqual(err(ctx, `[[{"txid":"${txid}","vout":0,"sequence":-1}], {}]`), { code: -8, message: 'Invalid parameter, sequence number is out of range' });
  assert.deepEqual(err(ctx, `[[{"txid":"zz","vout":0}], {}]`), { code: -8, message: "txid must be hexadecimal string (not 'zz')" });
  assert.deepEqual(err(ctx, '[[], {"foo": 1}]'), { code: -5, message: 'Invalid Bitcoin address: foo' });
  assert.deepEqual(err(ctx, '[[], {"2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU": 1, "2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU": 2}]'), {
    code: -8,
    message: 'Invalid parameter, duplicated address: 2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU',
  });
  assert.deepEqual(err(ctx, '[[], {"2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU": -1}]'), { code: -3, message: 'Amount out of range' });
  assert.deepEqual(err(ctx, '[[], {"2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU": "x"}]'), { code: -3, message: 'Invalid amount' });
  assert.deepEqual(err(ctx, '[[], {"data": "zz"}]'), { code: -8, message: "Data must be hexadecimal string (not 'zz')" });
});

test('AmountFromValue / ParseFixedPoint', () => {
  assert.equal(parseFixedPoint8('0'), 0n);
  assert.equal(parseFixedPoint8('1'), 100_000_000n);
  assert.equal(parseFixedPoint8('0.00000001'), 1n);
  assert.equal(parseFixedPoint8('0.000000010'), 1n);
  assert.equal(parseFixedPoint8('0.000000001'), undefined);
  assert.equal(parseFixedPoint8('1e-8'), 1n);
  assert.equal(parseFixedPoint8('1.5E+1'), 1_500_000_000n);
  assert.equal(parseFixedPoint8('01'), undefined);
  assert.equal(parseFixedPoint8('1.'), undefined);
  assert.equal(parseFixedPoint8('-2'), -200_000_000n);
  assert.equal(parseFixedPoint8('99999999999'), undefined);
  assert.equal(amountFromValue('21000000'), 2_100_000_000_000_000n);
  assert.throws(() => amountFromValue('21000000.00000001'), /Amount out of range/);
  assert.throws(() => amountFromValue(true), /Amount is not a number or string/);
});
