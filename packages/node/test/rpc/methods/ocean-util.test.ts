// Unit tests of the no-wallet Ocean/util RPC handlers over a corpus chain loaded into a MemoryKvStore
// chain state; results compared with the corpus nodes' answers (chains.json, addresses.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, OutPoint, loadNativeSecp256k1, parseJson, toDisplayHex, writeJson, type JsonValue } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import type { NodeRpcContext } from '../../../src/rpc/methods/context.js';
import { controlInfoMethods, feeEstimateMethods, oceanMethods } from '../../../src/rpc/methods/ocean.js';
import { utilMethods } from '../../../src/rpc/methods/util.js';
import { walletIssuanceMethods } from '../../../src/rpc/methods/wallet-issuances.js';
import type { RpcMethod } from '../../../src/rpc/server/rpc-method.js';
import { corpusChain, openCorpusChainstate, readCorpusJson, replayCorpus } from '../../chain/support/corpus.js';
import { callMethod, callMethodError } from './support/method-calls.js';


const secp = loadNativeSecp256k1();

interface ChainJson {
  id: string;
  getsidechaininfo: unknown;
  dumpassetlabels: unknown;
  getcontract: unknown;
  getcontracthash_0: string;
  getcontracthash_tip: string;
  getmappinghash_tip: string;
}
const chainsJson = readCorpusJson<{ chains: ChainJson[] }>('chains.json').chains;
const addressesJson = readCorpusJson<{ addresses: { chain: string; address: string; validateaddress_other: Record<string, unknown> }[] }>('addresses.json').addresses;

async function contextFor(id: string, withBlocks: boolean): Promise<{ ctx: NodeRpcContext; methods: Map<string, RpcMethod>; chain: ReturnType<typeof corpusChain> }> {
  const chain = corpusChain(id);
  const cs = await openCorpusChainstate(chain, new MemoryKvStore());
  if (withBlocks) await replayCorpus(cs, chain);
  const mempool = {
    get: () => undefined,
    spenderOf: () => undefined,
    info: () => ({ mempoolminfee: 0n }),
    options: { minRelayTxFee: 1000n },
  };
  const ctx = { params: chain.params, chain: cs, mempool, secp, txIndex: true, network: { timeOffset: 0, connectionCount: 0 } } as unknown as NodeRpcContext;
  const methods = new Map<string, RpcMethod>();
  for (const m of [...oceanMethods(ctx), ...feeEstimateMethods(ctx), ...controlInfoMethods(ctx), ...utilMethods(ctx), ...walletIssuanceMethods(ctx)]) methods.set(m.name, m);
  return { ctx, methods, chain };
}

const call = async (methods: Map<string, RpcMethod>, name: string, params: JsonValue[] = []): Promise<unknown> => JSON.parse(writeJson(await callMethod(methods, name, params)));
const callError = callMethodError;
const num = (n: number): JsonNumber => JsonNumber.of(n);

for (const cj of chainsJson) {
  test(`${cj.id}: getsidechaininfo, dumpassetlabels, getcontract, getcontracthash, getmappinghash match the corpus index node`, async () => {
    const { methods } = await contextFor(cj.id, true);
    assert.deepEqual(await call(methods, 'getsidechaininfo'), cj.getsidechaininfo);
    assert.deepEqual(await call(methods, 'dumpassetlabels'), cj.dumpassetlabels);
    assert.deepEqual(Object.keys((await call(methods, 'dumpassetlabels')) as object), Object.keys(cj.dumpassetlabels as object));
    assert.deepEqual(await call(methods, 'getcontract'), cj.getcontract);
    assert.equal(await call(methods, 'getcontracthash', [num(0)]), cj.getcontracthash_0);
    assert.equal(await call(methods, 'getcontracthash'), cj.getcontracthash_tip);
    assert.equal(await call(methods, 'getmappinghash'), cj.getmappinghash_tip);
    assert.deepEqual(await callError(methods, 'getcontracthash', [num(100000)]), { code: -8, message: 'Block height out of range' });
    assert.deepEqual(await callError(methods, 'getmappinghash', [num(-1)]), { code: -8, message: 'Block height out of range' });
  });
}

test('validateaddress (no wallet) matches validateaddress_other of the corpus for plain results', async () => {
  const byChain = new Map<string, Map<string, RpcMethod>>();
  let checked = 0;
  for (const a of addressesJson) {
    const expected = a.validateaddress_other;
    // entries where the other node's wallet knew the script carry wallet-only detail fields
    if ('script' in expected || 'account' in expected || expected['ismine'] === true || expected['iswatchonly'] === true) continue;
    let methods = byChain.get(a.chain);
    if (!methods) {
      methods = (await contextFor(a.chain, false)).methods;
      byChain.set(a.chain, methods);
    }
    assert.deepEqual(await call(methods, 'validateaddress', [a.address]), expected, a.address);
    checked++;
  }
  assert.ok(checked > 200, `checked ${checked}`);
  const methods = byChain.get('rt-policy')!;
  assert.deepEqual(await call(methods, 'validateaddress', ['notanaddress']), { isvalid: false });
  assert.deepEqual(await call(methods, 'validateaddress', ['']), { isvalid: false });
});

test('createmultisig: address/redeemScript and the original error texts', async () => {
  const { methods } = await contextFor('rt-policy', false);
  // rt-policy p2sh-multisig-2of3 of the corpus: redeem script and address
  const keys = [
    '024bc3ee224c82b390b8a71095a6345708e640ea0fc658e20c80ea6c389bbcc9f6',
    '036367a15611a6a8c25f8d152b33b2ac8ece544420819e77becb543fcbb790cbc9',
    '025f65e0014e72d87874709dca519380cc8acd1df5f76c168cab4bb93cfa872cd2',
  ];
  const r = (await call(methods, 'createmultisig', [num(2), keys])) as { address: string; redeemScript: string };
  assert.equal(r.address, 'XBqDUdPYnBhm7ybGdAcLHYfKypA25qQVTZ');
  assert.equal(
    r.redeemScript,
    '5221024bc3ee224c82b390b8a71095a6345708e640ea0fc658e20c80ea6c389bbcc9f621036367a15611a6a8c25f8d152b33b2ac8ece544420819e77becb543fcbb790cbc921025f65e0014e72d87874709dca519380cc8acd1df5f76c168cab4bb93cfa872cd253ae',
  );
  const r1 = (await call(methods, 'createmultisig', [num(1), keys.slice(0, 2)])) as { address: string };
  assert.equal(r1.address, 'XR8P2AAtiCejyyuYRRzSvRANmwH6hApQSb');
  assert.deepEqual(await callError(methods, 'createmultisig', [num(0), keys]), { code: -1, message: 'a multisignature address must require at least one key to redeem' });
  assert.deepEqual(await callError(methods, 'createmultisig', [num(4), keys]), { code: -1, message: 'not enough keys supplied (got 3 keys, but need at least 4 to redeem)' });
  assert.deepEqual(await callError(methods, 'createmultisig', [num(1), ['02aa']]), { code: -1, message: ' Invalid public key: 02aa' });
  assert.deepEqual(await callError(methods, 'createmultisig', [num(1), ['2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU']]), { code: -1, message: ' Invalid public key: 2dsEmyCr2s7rJVrtdUFAd3JB4LiAjCPXQXU' });
});

test('gettxout, gettxoutsetinfo, verifychain, estimatefee/estimatesmartfee, getinfo over the rt-policy corpus chain', async () => {
  const { ctx, methods, chain } = await contextFor('rt-policy', true);
  // the newest unspent output of the chain
  let found: { height: number; tx: (typeof chain.blocks)[number]['block']['transactions'][number]; index: number } | undefined;
  for (const b of [...chain.blocks].reverse()) {
    for (const tx of b.block.transactions) {
      const i = tx.outputs.findIndex((_, j) => ctx.chain.getCoin(new OutPoint(tx.txid, j)) !== undefined);
      if (i >= 0) {
        found = { height: b.height, tx, index: i };
        break;
      }
    }
    if (found) break;
  }
  assert.ok(found);
  const cb = found.tx;
  const cbIndex = found.index;
  const out = (await call(methods, 'gettxout', [cb.txidHex, num(cbIndex)])) as Record<string, unknown>;
  assert.equal(out['bestblock'], chain.tipHash);
  assert.equal(out['confirmations'], chain.tipHeight - found.height + 1);
  assert.equal(out['coinbase'], cb.isCoinbase);
  assert.deepEqual(await call(methods, 'gettxout', [cb.txidHex, num(cbIndex), false]), out);
  assert.equal(out['version'], cb.version);
  assert.deepEqual(Object.keys(out), ['bestblock', 'confirmations', 'value', 'asset', 'scriptPubKey', 'version', 'coinbase'].filter((k) => k in out));
  assert.equal(await call(methods, 'gettxout', [cb.txidHex, num(999)]), null);
  assert.equal(await call(methods, 'gettxout', ['00'.repeat(32), num(0)]), null);
  // a spent output (the genesis outputs are not in the UTXO set or have been spent) → null
  const spent = chain.blocks[1]!.block.transactions.slice(1).flatMap((t) => t.inputs.map((i) => i.prevout));
  if (spent.length > 0 && !ctx.chain.getCoin(spent[0]!)) assert.equal(await call(methods, 'gettxout', [toDisplayHex(spent[0]!.txid), num(spent[0]!.index)]), null);
  // Core 0.14 reads the txid with get_str + uint256S: text that is not hex is the zero hash (no coin)
  assert.equal(await call(methods, 'gettxout', ['zz', num(0)]), null);
  assert.deepEqual(await callError(methods, 'gettxout', [num(1), num(0)]), { code: -1, message: 'JSON value is not a string as expected' });
  assert.deepEqual(await callError(methods, 'gettxout', [cb.txidHex, '0']), { code: -1, message: 'JSON value is not an integer as expected' });

  const info = (await call(methods, 'gettxoutsetinfo')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(info), ['height', 'bestblock', 'transactions', 'txouts', 'bytes_serialized', 'hash_serialized']);
  assert.equal(info['height'], chain.tipHeight);
  assert.equal(info['bestblock'], chain.tipHash);
  assert.equal(info['txouts'], ctx.chain.utxoSetHash().coins);
  assert.ok((info['transactions'] as number) > 0 && (info['transactions'] as number) <= (info['txouts'] as number));

  assert.equal(await call(methods, 'verifychain'), true);
  assert.equal(await call(methods, 'verifychain', [num(4), num(0)]), true);

  assert.equal(await call(methods, 'estimatefee', [num(6)]), -1);
  assert.deepEqual(await call(methods, 'estimatesmartfee', [num(2)]), { feerate: -1, blocks: 25 });
  assert.deepEqual(await call(methods, 'estimatesmartfee', [num(30)]), { feerate: -1, blocks: 30 });
  assert.deepEqual(await callError(methods, 'estimatefee', ['6']), { code: -3, message: 'Expected type number, got string' });

  const gi = (await call(methods, 'getinfo')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(gi), ['version', 'protocolversion', 'blocks', 'timeoffset', 'connections', 'proxy', 'difficulty', 'chain', 'relayfee', 'errors']);
  assert.equal(gi['blocks'], chain.tipHeight);
  assert.equal(gi['chain'], 'elementsregtest');
  void parseJson;
});

test('verifychain detects a stored block that fails CheckBlock', async () => {
  const { ctx, methods } = await contextFor('rt-policy', true);
  const cs = ctx.chain;
  const tipHash = cs.tip.hash;
  const good = cs.getBlock(tipHash)!;
  // serve a block whose merkle root does not match from the chain state's block lookup
  const bad = { ...good, hash: good.hash, header: good.header, transactions: good.transactions.slice(0, 1), computeMerkleRoot: () => ({ root: new Uint8Array(32), mutated: false }), strippedSize: good.strippedSize };
  (cs as unknown as { getBlock: (h: Uint8Array) => unknown }).getBlock = (h: Uint8Array) => (Buffer.compare(Buffer.from(h), Buffer.from(tipHash)) === 0 ? bad : good);
  assert.equal(await call(methods, 'verifychain', [num(1), num(1)]), false);
  assert.equal(await call(methods, 'verifychain', [num(0), num(1)]), true);
});
