// RPCs of guardnode requests and policy transactions: the raw builders rebuild the original's
// transactions byte for byte (rt-policy corpus), their errors, getrequests / getrequestbids in both
// modes, and the request/bid decorations of verbose getrawtransaction against the original's output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  JsonNumber,
  JsonObject,
  TransactionBuilder,
  TxIn,
  TxInWitness,
  Transaction,
  addressForDestination,
  bidFromSolutions,
  fromHex,
  hiddenKeyEntry,
  jsonDiff,
  parseJson,
  parseOps,
  requestFromSolutions,
  solver,
  toDisplayHex,
  toHex,
  valueFromAmount,
  type JsonValue,
} from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { RequestListExtension } from '../../src/policy/request-list-extension.js';
import { RequestQueries } from '../../src/policy/request-queries.js';
import type { NodeRpcContext } from '../../src/rpc/methods/context.js';
import { requestMethods } from '../../src/rpc/methods/requests.js';
import { rawTransactionMethods } from '../../src/rpc/methods/rawtransactions.js';
import { createRawBidTx, createRawPolicyTx, createRawRequestTx, type PolicyTxEnv } from '../../src/rpc/methods/rawtransactions-policy.js';
import type { RpcMethod } from '../../src/rpc/server/rpc-method.js';
import { corpusChain, openCorpusChainstate, replayCorpus } from '../chain/support/corpus.js';
import { callMethod, callMethodError, rpcErrorOf } from '../rpc/methods/support/method-calls.js';
import { guardnodeAssets, secp } from './support.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');
const corpusText = readFileSync(join(SHARED, 'vectors', 'ocean-corpus', 'transactions.json'), 'utf8');
const corpusTxs = (parseJson(corpusText) as JsonObject).get('transactions') as JsonObject[];

const str = (o: JsonObject, k: string) => o.get(k) as string;
const num = (v: number | bigint | string) => (typeof v === 'string' ? JsonNumber.parse(v) : JsonNumber.of(v));
const obj = (entries: Record<string, JsonValue | number | bigint>) => {
  const o = new JsonObject();
  for (const [k, v] of Object.entries(entries)) o.push(k, v);
  return o;
};
const arr = (...xs: JsonValue[]): JsonValue => xs;

const rtPolicy = corpusChain('rt-policy');
const env = (tipHeight: number): PolicyTxEnv => ({
  tipHeight,
  permissionAsset: rtPolicy.params.policyAsset('permission'),
  domainAsset: rtPolicy.params.feeAsset,
  base58: rtPolicy.params.base58,
  secp,
});

function corpusOf(kind: (k: string) => boolean): { txid: string; tx: Transaction }[] {
  return corpusTxs
    .filter((t) => str(t, 'chain') === 'rt-policy' && (t.get('kinds') as string[]).some(kind))
    .map((t) => ({ txid: str(t, 'txid'), tx: Transaction.decode(fromHex(str(t, 'hex'))) }));
}

/** The transaction as the builder returned it: no scriptSigs, no witness. */
function unsigned(tx: Transaction): string {
  const b = TransactionBuilder.from(tx);
  b.inputs = tx.inputs.map((i) => new TxIn(i.prevout, new Uint8Array(0), i.sequence, i.issuance, i.isPegin));
  b.inWitness = tx.inputs.map(() => TxInWitness.EMPTY);
  return toHex(b.build().toBytes());
}

const outpointJson = (i: TxIn) => obj({ txid: toDisplayHex(i.prevout.txid), vout: i.prevout.index });
const amount = (v: bigint) => num(valueFromAmount(v));

describe('raw builders rebuild the original’s transactions (rt-policy)', () => {
  test('createrawrequesttx', () => {
    const txs = corpusOf((k) => k === 'request');
    assert.equal(txs.length, 2);
    for (const { tx } of txs) {
      const out = tx.outputs[0]!;
      const s = solver(out.scriptPubKey);
      const r = requestFromSolutions(s.solutions)!;
      const params: JsonValue[] = [
        outpointJson(tx.inputs[0]!),
        obj({
          pubkey: toHex(r.targetPubKey),
          genesisBlockHash: toDisplayHex(r.genesisHash),
          decayConst: r.decayConst,
          fee: r.feePercentage,
          startBlockHeight: r.startBlockHeight,
          tickets: r.numTickets,
          startPrice: amount(r.startPrice),
          endBlockHeight: r.endBlockHeight,
          value: amount(out.value.amount),
        }),
      ];
      assert.equal(createRawRequestTx(env(tx.locktime), params), unsigned(tx));
    }
  });

  test('createrawbidtx', () => {
    const txs = corpusOf((k) => k === 'bid');
    assert.equal(txs.length, 3);
    for (const { tx } of txs) {
      const stake = tx.outputs[0]!;
      const change = tx.outputs[1]!;
      const fee = tx.outputs[2]!;
      const s = solver(stake.scriptPubKey);
      const bid = bidFromSolutions(s.solutions)!;
      const changeDest = solver(change.scriptPubKey).solutions[0]!;
      const params: JsonValue[] = [
        tx.inputs.map(outpointJson),
        obj({
          endBlockHeight: bid.lockHeight,
          requestTxid: toDisplayHex(bid.requestTxid),
          feePubkey: toHex(bid.feePubKey),
          pubkey: toHex(bid.stakePubKey),
          fee: amount(fee.value.amount),
          value: amount(stake.value.amount),
          change: amount(change.value.amount),
          changeAddress: addressForDestination({ type: 'keyhash', hash: changeDest }, rtPolicy.params.base58),
        }),
      ];
      assert.equal(createRawBidTx(env(tx.locktime), params), unsigned(tx));
      // without change: stake and fee only
      const noChange = TransactionBuilder.from(Transaction.decode(fromHex(unsigned(tx))));
      noChange.removeOutput(1);
      const p2 = [params[0]!, obj({ ...Object.fromEntries((params[1] as JsonObject).entries.filter(([k]) => k !== 'change')) })];
      assert.equal(createRawBidTx(env(tx.locktime), p2), toHex(noChange.build().toBytes()));
    }
  });

  test('createrawpolicytx: address entries, a hidden user key, no data key, a lock time', () => {
    const txs = corpusOf((k) => k.startsWith('policy-') && k !== 'policy-asset-transfer-nofee');
    assert.equal(txs.length, 8);
    for (const { tx } of txs) {
      const asset = tx.outputs[0]!.asset.idHex;
      const defaultSeq = tx.locktime !== 0 ? 0xfffffffe : 0xffffffff;
      const inputs = tx.inputs.map((i) => {
        const o = outpointJson(i);
        if (i.sequence !== defaultSeq) o.push('sequence', i.sequence);
        return o;
      });
      const outputs = tx.outputs.map((out) => {
        const [, admin, data] = parseOps(out.scriptPubKey).ops.map((op) => op.data); // OP_1 <admin> <data> OP_2 OP_CHECKMULTISIG
        const o = obj({ pubkey: toHex(admin!), value: amount(out.value.amount) });
        if (data!.length === 33 && data!.subarray(1, 13).every((b) => b === 0)) {
          o.push('address', addressForDestination({ type: 'keyhash', hash: data!.slice(13) }, rtPolicy.params.base58));
        } else if (data!.length === 33) o.push('userkey', toHex(hiddenKeyEntry(data!)));
        return o;
      });
      assert.equal(createRawPolicyTx(env(0), [inputs, outputs, num(tx.locktime), asset]), unsigned(tx));
    }
  });
});

describe('raw builder errors', () => {
  const goodRequest = () =>
    obj({
      pubkey: '0202652db913c67c1e14ecc3f035ef32e508d4e7c1758d405660ec95e61ba8b3f0',
      genesisBlockHash: '7e0b8b4d7de390031bfff0284ac61b3ea2b5cc511aa73ac080361a96913b715b',
      decayConst: 15,
      fee: 6,
      startBlockHeight: 46,
      tickets: 1,
      startPrice: num('17.49049997'),
      endBlockHeight: 49,
      value: num(5000),
    });
  const input = obj({ txid: '35b2aabe576a808122d27f4ed55c2b13bb3a003e5cd3b8919b889766572aa713', vout: 0 });
  const without = (o: JsonObject, key: string) => new JsonObject(o.entries.filter(([k]) => k !== key));
  const withValue = (o: JsonObject, key: string, v: JsonValue) => new JsonObject(o.entries.map(([k, x]) => [k, k === key ? v : x]));

  test('createrawrequesttx', () => {
    const e = env(43);
    const err = (outputs: JsonObject, inp: JsonValue = input) => rpcErrorOf(() => createRawRequestTx(e, [inp, outputs]));
    assert.deepEqual(err(without(goodRequest(), 'decayConst')), { code: -8, message: 'Invalid parameter, missing decayConst key' });
    assert.deepEqual(err(without(goodRequest(), 'fee')), { code: -8, message: 'Invalid parameter, missing fee key' });
    assert.deepEqual(err(withValue(goodRequest(), 'fee', num(-1))), { code: -8, message: 'Invalid parameter, endBlockHeight must be positive' });
    assert.deepEqual(err(without(goodRequest(), 'startBlockHeight')), { code: -8, message: 'Invalid parameter, missing startBlockHeight key' });
    assert.deepEqual(err(withValue(goodRequest(), 'startBlockHeight', num(-2))), { code: -8, message: 'Invalid parameter, startBlockHeight must be positive' });
    assert.deepEqual(err(without(goodRequest(), 'tickets')), { code: -8, message: 'Invalid parameter, missing tickets key' });
    assert.deepEqual(err(withValue(goodRequest(), 'tickets', num(-2))), { code: -8, message: 'Invalid parameter, tickets must be positive' });
    assert.deepEqual(err(without(goodRequest(), 'endBlockHeight')), { code: -8, message: 'Invalid parameter, missing endBlockHeight key' });
    assert.deepEqual(err(withValue(goodRequest(), 'endBlockHeight', num(-2))), { code: -8, message: 'Invalid parameter, endBlockHeight must be positive' });
    assert.deepEqual(err(goodRequest(), without(input, 'vout')), { code: -8, message: 'Invalid parameter, missing vout key' });
    assert.deepEqual(err(goodRequest(), withValue(input, 'vout', num(-1))), { code: -8, message: 'Invalid parameter, vout must be positive' });
    assert.deepEqual(err(withValue(goodRequest(), 'pubkey', 'xyz')), { code: -5, message: 'Pubkey must be a hex string' });
    assert.deepEqual(err(withValue(goodRequest(), 'pubkey', '02' + '00'.repeat(32))), { code: -5, message: 'Pubkey is not a valid public key' });
    assert.equal(err(without(goodRequest(), 'pubkey')).code, -1);
    assert.deepEqual(err(withValue(goodRequest(), 'genesisBlockHash', 'abcd')), { code: -8, message: "genesisBlockHash must be of length 64 (not 4, for 'abcd')" });
    assert.deepEqual(err(without(goodRequest(), 'genesisBlockHash')), { code: -8, message: "genesisBlockHash must be hexadecimal string (not '')" });
    assert.deepEqual(err(without(goodRequest(), 'value')), { code: -3, message: 'Amount is not a number or string' });
    assert.deepEqual(rpcErrorOf(() => createRawRequestTx(e, [arr(), goodRequest()])), { code: -3, message: 'Expected type object, got array' });
    // a valid call: lock time = tip height, sequence 0xfffffffe, one PERMISSION output
    const tx = Transaction.decode(fromHex(createRawRequestTx(e, [input, goodRequest()])));
    assert.equal(tx.locktime, 43);
    assert.equal(tx.inputs[0]!.sequence, 0xfffffffe);
    assert.equal(tx.outputs.length, 1);
    assert.equal(tx.outputs[0]!.asset.idHex, toDisplayHex(rtPolicy.params.policyAsset('permission')!));
  });

  test('createrawbidtx', () => {
    const e = env(44);
    const good = obj({
      endBlockHeight: 49,
      requestTxid: '0393f844fbda7b5d11fdad488c002f3925498fc6ee1c6010ada3633f307f5d0e',
      feePubkey: '03e6ac32bbdfa81b8c47941eb28efeead1593d170c54b4461d677f2c497d160662',
      pubkey: '02267cf38ce52615a0d563b592e0ba9259f518ee01b1f97eee34803b0dd3ef3e55',
      fee: num('0.0001'),
      value: num('17.54200792'),
    });
    const err = (o: JsonObject) => rpcErrorOf(() => createRawBidTx(e, [arr(input), o]));
    assert.deepEqual(err(withValue(good, 'pubkey', 'zz')), { code: -5, message: 'Pubkey must be a hex string' });
    assert.deepEqual(err(withValue(good, 'pubkey', '03' + 'ff'.repeat(32))), { code: -5, message: 'Pubkey is not a valid public key' });
    assert.deepEqual(err(withValue(good, 'feePubkey', 'zz')), { code: -5, message: 'Fee Pubkey must be a hex string' });
    assert.deepEqual(err(withValue(good, 'feePubkey', '05' + '11'.repeat(32))), { code: -5, message: 'Fee Pubkey is not a valid public key' });
    assert.deepEqual(err(without(good, 'endBlockHeight')), { code: -8, message: 'Invalid parameter, missing endBlockHeight key' });
    assert.deepEqual(err(withValue(good, 'endBlockHeight', num(-1))), { code: -8, message: 'Invalid parameter, endBlockHeight must be positive' });
    const bad = new JsonObject([...good.entries, ['change', num(1)], ['changeAddress', 'nonsense']]);
    assert.deepEqual(err(bad), { code: -5, message: 'Invalid Bitcoin address: nonsense' });
    const tx = Transaction.decode(fromHex(createRawBidTx(e, [arr(input, withValue(input, 'vout', num(3))), good])));
    assert.deepEqual(tx.inputs.map((i) => i.sequence), [0xfffffffe, 0xfffffffe]);
    assert.equal(tx.locktime, 44);
    assert.deepEqual(tx.outputs.map((o) => o.asset.idHex), [toDisplayHex(rtPolicy.params.feeAsset), toDisplayHex(rtPolicy.params.feeAsset)]);
    assert.equal(tx.outputs[1]!.scriptPubKey.length, 0);
  });

  test('createrawpolicytx', () => {
    const e = env(0);
    const asset = '6e3376f4b0065bf55c0660e5873eae6c1ceb9ed3af3d106ec8228dfa7af8761b';
    const out = obj({ pubkey: '03b5980bd909558534ee21a34d72544e777845bd9335996b21ec3db390667af4de', value: num(1) });
    const err = (o: JsonObject) => rpcErrorOf(() => createRawPolicyTx(e, [arr(input), arr(o), num(0), asset]));
    const p2sh = addressForDestination({ type: 'scripthash', hash: new Uint8Array(20) }, rtPolicy.params.base58);
    assert.deepEqual(err(new JsonObject([...out.entries, ['address', 'nonsense']])), { code: -5, message: 'Invalid  address' });
    assert.deepEqual(err(new JsonObject([...out.entries, ['address', p2sh]])), { code: -5, message: 'Invalid key id' });
    assert.deepEqual(err(new JsonObject([...out.entries, ['address', p2sh], ['userkey', '02']])), { code: -5, message: 'Cannot have both address and userkey' });
    assert.deepEqual(err(new JsonObject([...out.entries, ['userkey', 'qq']])), { code: -5, message: 'Userkey must be a hex string' });
    assert.deepEqual(err(new JsonObject([...out.entries, ['userkey', '0202']])), { code: -5, message: 'Userkey must be 33 bytes in length' });
    assert.deepEqual(err(withValue(out, 'pubkey', '')), { code: -5, message: 'Pubkey must be a hex string' });
    assert.deepEqual(rpcErrorOf(() => createRawPolicyTx(e, [arr(input), arr(out), num(-1), asset])), { code: -8, message: 'Invalid parameter, locktime out of range' });
    assert.deepEqual(rpcErrorOf(() => createRawPolicyTx(e, [arr(input), arr(out), '0', asset])), { code: -3, message: 'Expected type number, got string' });
    // lenient asset hex (uint256S) and the sequence rule
    const tx = Transaction.decode(fromHex(createRawPolicyTx(e, [arr(input), arr(out), num(7), `0x${asset}zz`])));
    assert.equal(tx.outputs[0]!.asset.idHex, asset);
    assert.equal(tx.inputs[0]!.sequence, 0xfffffffe);
  });
});

async function replayedContext(id: string, upTo: number) {
  const chain = corpusChain(id);
  const store = new MemoryKvStore();
  const assets = guardnodeAssets(chain.params);
  const cs = await openCorpusChainstate(chain, store, { extensions: [new RequestListExtension(assets)] });
  await replayCorpus(cs, chain, { to: upTo });
  const ctx = { params: chain.params, chain: cs, mempool: { get: () => undefined }, secp, txIndex: true } as unknown as NodeRpcContext;
  const methods = (listMode: boolean) => {
    const map = new Map<string, RpcMethod>();
    for (const m of [...requestMethods(ctx, new RequestQueries(store, { ...assets, listMode })), ...rawTransactionMethods(ctx)]) map.set(m.name, m);
    return map;
  };
  return { ctx, cs, store, methods };
}

const call = callMethod;
const callError = callMethodError;

describe('getrequests / getrequestbids', async () => {
  const { methods, cs } = await replayedContext('rt-policy', 45);
  const list = methods(true);
  const scan = methods(false);
  const requestA = obj({
    genesisBlock: '7e0b8b4d7de390031bfff0284ac61b3ea2b5cc511aa73ac080361a96913b715b',
    confirmedBlockHeight: 44,
    startBlockHeight: 46,
    numTickets: 1,
    decayConst: 15,
    feePercentage: 6,
    endBlockHeight: 49,
    startPrice: num('17.49049997'),
    auctionPrice: num('16.92629029'), // at tip 45: t = 1
    txid: '0393f844fbda7b5d11fdad488c002f3925498fc6ee1c6010ada3633f307f5d0e',
  });
  const requestB = obj({
    genesisBlock: '7f165cebec0b9f8c2f7e2ee669684767112d85c9b69ee025b0258c240ea1579b',
    confirmedBlockHeight: 44,
    startBlockHeight: 46,
    numTickets: 4,
    decayConst: 416,
    feePercentage: 5,
    endBlockHeight: 49,
    startPrice: num('1.60532628'),
    auctionPrice: num('1.60339911'), // 1.60532628 · 2 / (2 + 1/416)
    txid: '3f78bce38f9e188da8b8a6c1034aa175c9afcea7d0e8b3006ad981dfe5c24f59',
  });

  test('getrequests lists both requests (list and scan agree at tip 45)', async () => {
    assert.equal(cs.height, 45);
    for (const m of [list, scan]) {
      const got = await call(m, 'getrequests', []);
      assert.equal(jsonDiff(got, arr(requestA, requestB)), undefined);
      assert.equal(jsonDiff(await call(m, 'getrequests', ['', true]), arr(requestA, requestB)), undefined);
      assert.equal(jsonDiff(await call(m, 'getrequests', [null, num(0)]), arr(requestA, requestB)), undefined);
    }
  });

  test('getrequests filters by genesis hash (unknown → [])', async () => {
    assert.equal(jsonDiff(await call(list, 'getrequests', ['7f165cebec0b9f8c2f7e2ee669684767112d85c9b69ee025b0258c240ea1579b']), arr(requestB)), undefined);
    assert.equal(jsonDiff(await call(list, 'getrequests', ['11'.repeat(32)]), arr()), undefined);
  });

  test('getrequests type errors', async () => {
    assert.deepEqual(await callError(list, 'getrequests', [num(1)]), { code: -3, message: 'Invalid type provided. genesisHash parameter must be string.' });
    assert.deepEqual(await callError(list, 'getrequests', ['', 'yes']), { code: -3, message: 'Invalid type provided. inAuction parameter must be boolean.' });
  });

  test('getrequestbids: the request with its ticket holders', async () => {
    const bidsA = new JsonObject([...requestA.entries, ['bids', arr(obj({ txid: 'd7cf04626f6847857c5a6e35b2f9ca8df0ad568e7b2340b7c8b68074fb8a20d2', feePubKey: '0294aa804282dab549d2d4ebe61aac9a0f684b85233e01fd00f4bb935d8a563785' }))]]);
    for (const m of [list, scan]) {
      assert.equal(jsonDiff(await call(m, 'getrequestbids', [str(requestA, 'txid')]), bidsA), undefined);
      assert.deepEqual(await callError(m, 'getrequestbids', ['22'.repeat(32)]), { code: -5, message: 'No such request transaction' });
    }
    assert.deepEqual(await callError(list, 'getrequestbids', ['zz']), { code: -8, message: "parameter 1 must be hexadecimal string (not 'zz')" });
  });

  test('inAuction: nothing once the tip reaches the start height', async () => {
    const chain = corpusChain('rt-policy');
    assert.equal(await cs.processBlock(chain.blocks.find((b) => b.height === 46)!.block), null);
    assert.equal(jsonDiff(await call(list, 'getrequests', ['', true]), arr()), undefined);
    assert.equal((await call(list, 'getrequests', ['', false]) as JsonValue[]).length, 2);
  });
});

describe('verbose getrawtransaction decorations', () => {
  test('rt-policy at tip 53: the request/bid objects of every output equal the original’s', async () => {
    const { methods } = await replayedContext('rt-policy', 53);
    const m = methods(true);
    let decorated = 0;
    for (const t of corpusTxs.filter((x) => str(x, 'chain') === 'rt-policy')) {
      const want = t.get('getrawtransaction_verbose') as JsonObject;
      const got = (await call(m, 'getrawtransaction', [str(t, 'txid'), true])) as JsonObject;
      const wantVout = want.get('vout') as JsonObject[];
      const gotVout = got.get('vout') as JsonObject[];
      assert.equal(gotVout.length, wantVout.length);
      wantVout.forEach((w, i) => {
        const g = gotVout[i]!;
        for (const key of ['request', 'bid']) {
          assert.equal(g.has(key), w.has(key), `${str(t, 'txid')}:${i} ${key}`);
          if (w.has(key)) {
            decorated++;
            assert.equal(jsonDiff(g.get(key)!, w.get(key)!), undefined, `${str(t, 'txid')}:${i} ${key}`);
          }
        }
      });
    }
    assert.equal(decorated, 6);
  });

  test('rt-ct: the one-key locked multisig output gets no bid object and the call answers', async () => {
    const t = corpusTxs.find((x) => (x.get('kinds') as string[]).includes('raw-send-bare-cltv-lockedmultisig-1key'))!;
    const { methods } = await replayedContext('rt-ct', 1000);
    const got = (await call(methods(true), 'getrawtransaction', [str(t, 'txid'), true])) as JsonObject;
    const vout = got.get('vout') as JsonObject[];
    assert.ok(vout.some((o) => (o.get('scriptPubKey') as JsonObject).get('type') === 'lockedmultisig'));
    assert.ok(vout.every((o) => !o.has('bid') && !o.has('request')));
  });
});
