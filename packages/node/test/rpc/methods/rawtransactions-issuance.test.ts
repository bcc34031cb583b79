// createrawissuance / createrawreissuance / createrawburn / createrawtxoutputs rebuild the corpus
// transactions the original made with them (unsigned: scriptSigs removed) byte for byte, with the
// same entropy / asset / token ids; parameter errors as the spec lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, addressForDestination, extractDestination, fromHex, loadNativeSecp256k1, toDisplayHex, toHex, valueFromAmount, type TxIn } from '@ocean-ts/core';
import type { NodeRpcContext } from '../../../src/rpc/methods/context.js';
import { createRawBurn, createRawIssuance, createRawReissuance } from '../../../src/rpc/methods/rawtransactions-issuance.js';
import { createRawTxOutputs } from '../../../src/rpc/methods/rawtransactions-outputs.js';
import { corpusChain, readCorpusJson } from '../../chain/support/corpus.js';
import { args, expectRpcError, unsignedTx } from './support/method-calls.js';

interface CorpusTx {
  chain: string;
  txid: string;
  kinds: string[];
  hex: string;
  decoderawtransaction: { vin: { issuance?: { assetEntropy: string; asset: string; token?: string } }[] };
}
const txs = readCorpusJson<{ transactions: CorpusTx[] }>('transactions.json').transactions;
const secp = loadNativeSecp256k1();
const params = corpusChain('rt-policy').params;
const ctx = { params, secp, chain: { height: 40 } } as unknown as NodeRpcContext;

const of = (kind: string): CorpusTx[] => txs.filter((t) => t.chain === 'rt-policy' && t.kinds.includes(kind));
/** The corpus transactions `kind` made (exactly `count`), decoded, with their first input. */
function made(kind: string, count: number): { t: CorpusTx; tx: Transaction; input: TxIn }[] {
  const list = of(kind);
  assert.equal(list.length, count);
  return list.map((t) => {
    const tx = Transaction.decode(fromHex(t.hex));
    return { t, tx, input: tx.inputs[0]! };
  });
}
const amount = (tx: Transaction, i: number): string => valueFromAmount(tx.outputs[i]!.value.amount);
const unsignedHex = (hex: string): string => toHex(unsignedTx(Transaction.decode(fromHex(hex))).toBytes());

function addressOf(script: Uint8Array): string {
  const d = extractDestination(script);
  assert.ok(d);
  return addressForDestination(d, params.base58);
}

/** The (re)issuance builders' first four arguments: asset address and amount, token address and amount. */
const assetAndTokenArgs = (tx: Transaction) => [addressOf(tx.outputs[0]!.scriptPubKey), amount(tx, 0), addressOf(tx.outputs[1]!.scriptPubKey), amount(tx, 1)];
/** An input's outpoint as the builders take it: display txid and `vout` as a string. */
const outpointArgs = (input: TxIn) => [toDisplayHex(input.prevout.txid), String(input.prevout.index)];

test('createrawissuance reproduces the corpus issuances', () => {
  for (const { t, tx, input } of made('createrawissuance', 2)) {
    const r = createRawIssuance(
      ctx,
      args(...assetAndTokenArgs(tx), addressOf(tx.outputs[2]!.scriptPubKey), amount(tx, 2), String(tx.outputs.length - 2), ...outpointArgs(input)),
    );
    const issuance = t.decoderawtransaction.vin[0]!.issuance!;
    assert.deepEqual(
      [...r.entries].map(([k]) => k),
      ['rawtx', 'vin', 'entropy', 'asset', 'token'],
    );
    assert.equal(r.get('rawtx'), unsignedHex(t.hex));
    assert.equal(r.get('entropy'), issuance.assetEntropy);
    assert.equal(r.get('asset'), issuance.asset);
    assert.equal(r.get('token'), issuance.token);
  }
});

test('createrawreissuance reproduces the corpus reissuances (same asset and token as the issuance)', () => {
  for (const { t, tx, input } of made('createrawreissuance', 2)) {
    const r = createRawReissuance(ctx, args(...assetAndTokenArgs(tx), ...outpointArgs(input), toDisplayHex(input.issuance.assetEntropy)));
    assert.equal(r.get('hex'), unsignedHex(t.hex));
    const original = of('createrawissuance').find((i) => i.decoderawtransaction.vin[0]!.issuance!.assetEntropy === toDisplayHex(input.issuance.assetEntropy))!;
    assert.equal(r.get('asset'), original.decoderawtransaction.vin[0]!.issuance!.asset);
    assert.equal(r.get('token'), original.decoderawtransaction.vin[0]!.issuance!.token);
    assert.equal(r.get('token'), tx.outputs[1]!.asset.idHex);
  }
});

test('createrawburn reproduces the corpus burns', () => {
  const list = [...of('createrawburn'), ...of('createrawburn-frozen')];
  assert.equal(list.length, 2);
  for (const t of list) {
    const tx = Transaction.decode(fromHex(t.hex));
    const input = tx.inputs[0]!;
    const r = createRawBurn(ctx, args(...outpointArgs(input), tx.outputs[0]!.asset.idHex, amount(tx, 0)));
    assert.deepEqual([...r.entries].map(([k]) => k), ['hex']);
    assert.equal(r.get('hex'), unsignedHex(t.hex));
  }
  // An asset label works as well as its id.
  const t = list[0]!;
  const tx = Transaction.decode(fromHex(t.hex));
  const byLabel = createRawBurn(ctx, args(...outpointArgs(tx.inputs[0]!), 'CBT', amount(tx, 0)));
  assert.equal(byLabel.get('hex'), unsignedHex(t.hex));
});

test('createrawtxoutputs reproduces the corpus transaction (repeated address, data and fee outputs)', () => {
  const [t] = of('createrawtxoutputs');
  assert.ok(t);
  const tx = Transaction.decode(fromHex(t.hex));
  const inputs = tx.inputs.map((i) => ({ txid: toDisplayHex(i.prevout.txid), vout: i.prevout.index }));
  const outputs = tx.outputs.map((o, i) => {
    const asset = o.asset.idHex;
    if (o.scriptPubKey.length === 0) return { address: 'fee', amount: Number(amount(tx, i)), asset };
    if (o.scriptPubKey[0] === 0x6a) return { data: toHex(o.scriptPubKey.subarray(2)), asset };
    return { address: addressOf(o.scriptPubKey), amount: Number(amount(tx, i)), asset };
  });
  const hex = createRawTxOutputs(ctx, args(inputs, outputs));
  assert.equal(hex, unsignedHex(t.hex));
  // Without assets the outputs are in the domain asset (the same CBT here).
  const noAssets = outputs.map(({ asset: _asset, ...rest }) => rest);
  assert.equal(createRawTxOutputs(ctx, args(inputs, noAssets)), unsignedHex(t.hex));
});

test('issuance RPC parameter errors', () => {
  const addr = addressOf(fromHex('76a914a38c2debe42555e8b9e12519cbf8e7aefbdf9d3788ac'));
  const txid = '11'.repeat(32);
  const issue = (...a: unknown[]) => () => createRawIssuance(ctx, args(...a));
  expectRpcError(issue('nope', '1', addr, '1', addr, '1', '1', txid, '0'), -5, 'Invalid Asset token address');
  expectRpcError(issue(addr, '1', 'nope', '1', addr, '1', '1', txid, '0'), -5, 'Invalid Reissuance token address');
  expectRpcError(issue(addr, '0', addr, 0, addr, '1', '1', txid, '0'), -3, 'Issuance must have one non-zero component');
  expectRpcError(issue(addr, '1', addr, '1', 'nope', '1', '1', txid, '0'), -5, 'Invalid policy asset return address');
  expectRpcError(issue(addr, '1', addr, '1', addr, '1', 1, txid, '0'), -1, 'JSON value is not a string as expected');
  expectRpcError(issue(addr, '1', addr, '1', addr, '1', '1', txid, 0), -1, 'JSON value is not a string as expected');
  expectRpcError(issue(addr, '1', addr, '1', addr, '1', '1', 'xy', '0'), -8, "inputtxid must be hexadecimal string (not 'xy')");
  expectRpcError(issue(addr, '1', addr, '1', addr, '1', '1', txid, '-1'), -8, 'Invalid parameter, vout must be positive');
  expectRpcError(issue(addr, '-1', addr, '1', addr, '1', '1', txid, '0'), -3, 'Amount out of range');
  // atoi: "2abc" is 2, "x" is 0.
  const r = createRawIssuance(ctx, args(addr, '1', addr, '2', addr, '3', '2abc', txid, 'x'));
  const tx = Transaction.decode(fromHex(r.get('rawtx') as string));
  assert.equal(tx.outputs.length, 4);
  assert.equal(tx.inputs[0]!.prevout.index, 0);
  // The change is in the ISSUANCE policy asset.
  assert.equal(tx.outputs[2]!.asset.idHex, toDisplayHex(params.policyAsset('issuance')!));
  // A zero component leaves its issuance field null and its output out.
  const noToken = Transaction.decode(fromHex(createRawIssuance(ctx, args(addr, '5', addr, '0', addr, '3', '0', txid, '1')).get('rawtx') as string));
  assert.equal(noToken.outputs.length, 1);
  assert.equal(noToken.inputs[0]!.issuance.inflationKeys.isNull, true);

  const reissue = (...a: unknown[]) => () => createRawReissuance(ctx, args(...a));
  expectRpcError(reissue(addr, '0', addr, '1', txid, '0', txid), -3, 'Re-issuance must be non-zero component');
  expectRpcError(reissue(addr, '1', addr, '0', txid, '0', txid), -3, 'Re-issuance must be non-zero component');
  expectRpcError(reissue(addr, '1', addr, '1', txid, '0', 'ab'), -8, "entropy must be of length 64 (not 2, for 'ab')");

  expectRpcError(() => createRawBurn(ctx, args(txid, '0', 'zz', '1')), -8, "asset must be hexadecimal string (not 'zz')");
  expectRpcError(() => createRawTxOutputs(ctx, args([], [{ amount: 1 }])), -8, 'Output object without address or data key');
  expectRpcError(() => createRawTxOutputs(ctx, args([], [{ address: 'nope', amount: 1 }])), -5, 'Invalid Bitcoin address: nope');
  expectRpcError(() => createRawTxOutputs(ctx, args(null, [])), -8, 'Invalid parameter, arguments 1 and 2 must be non-null');
  expectRpcError(() => createRawTxOutputs(ctx, args([], {})), -3, 'Expected type array, got object');
});
