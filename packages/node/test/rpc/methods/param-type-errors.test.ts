// Wrong-typed parameters through the real JSON-RPC handler: Core 0.14 reports a UniValue accessor
// error (get_str, get_int, …) as -1, an RPCTypeCheck mismatch as -3 "Expected type X, got Y", and a
// ParseHashV / ParseHexV failure as -8 (a non-string reads as "").
import test from 'node:test';
import assert from 'node:assert/strict';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue, TxOut, parseJson, toHex, writeJson, type JsonObject } from '@ocean-ts/core';
import { JsonRpcHandler } from '../../../src/rpc/server/json-rpc-handler.js';
import { OP_TRUE, TestNode, genesisCoins, secp, spend } from './support/test-node.js';

const NOT_STRING = 'JSON value is not a string as expected';
const NOT_INT = 'JSON value is not an integer as expected';
const NOT_BOOL = 'JSON value is not a boolean as expected';
const NOT_ARRAY = 'JSON value is not an array as expected';
const NOT_OBJECT = 'JSON value is not an object as expected';
const NOT_HEX_P1 = "parameter 1 must be hexadecimal string (not '')";

interface Reply {
  readonly result: unknown;
  readonly error: { code: number; message: string } | null;
}

async function rpc(handler: JsonRpcHandler, method: string, params: unknown): Promise<Reply> {
  const body = parseJson(JSON.stringify({ method, params, id: 1 }));
  const r = await handler.handleValue(body, { authUser: '', uri: '/', peer: '', signal: new AbortController().signal });
  return JSON.parse(r.body) as Reply;
}

async function setup(): Promise<{ node: TestNode; handler: JsonRpcHandler }> {
  const node = await TestNode.create();
  await node.generate(2);
  return { node, handler: new JsonRpcHandler(node.methods, { warmupStatus: null }) };
}

/** [method, params, code, message]: the first parameter has the wrong type. */
type Row = readonly [string, readonly unknown[], number, string];

test('every node method with a wrong-typed first parameter: Core 0.14 code and message', async () => {
  const { node, handler } = await setup();
  const hash = node.chain.tip.hashHex;
  const asset = toHex(Uint8Array.from(node.params.feeAsset).reverse());
  const rows: Row[] = [
    // blockchain.cpp: accessors only (-1); ParseHashV (-8)
    ['getblockhash', ['1'], -1, NOT_INT],
    ['getblock', [1], -1, NOT_STRING],
    ['getblockheader', [1], -1, NOT_STRING],
    ['getrawmempool', ['x'], -1, NOT_BOOL],
    ['getmempoolentry', [1], -8, NOT_HEX_P1],
    ['getmempoolancestors', [1], -8, NOT_HEX_P1],
    ['getmempooldescendants', [1], -8, NOT_HEX_P1],
    ['gettxout', [1, 0], -1, NOT_STRING],
    ['verifychain', ['3'], -1, NOT_INT],
    ['preciousblock', [1], -1, NOT_STRING],
    ['invalidateblock', [1], -1, NOT_STRING],
    ['reconsiderblock', [1], -1, NOT_STRING],
    ['waitfornewblock', ['1'], -1, NOT_INT],
    ['waitforblock', [1], -1, NOT_STRING],
    ['waitforblockheight', ['1'], -1, NOT_INT],
    ['gettxoutproof', ['x'], -1, NOT_ARRAY],
    ['verifytxoutproof', [1], -8, "proof must be hexadecimal string (not '')"],
    ['getblockstats', [true], -8, NOT_HEX_P1],
    ['pruneblockchain', ['x'], -32601, 'Cannot prune blocks because node is not in prune mode.'],
    ['getcontracthash', ['1'], -1, NOT_INT],
    ['getmappinghash', ['1'], -1, NOT_INT],
    // mining.cpp (Elements): accessors (-1); the fee/priority estimates type-check (-3)
    ['generate', ['1'], -1, NOT_INT],
    ['getnetworkhashps', ['120'], -1, NOT_INT],
    ['getnewblockhex', ['0'], -1, NOT_INT],
    ['getblocktemplate', ['x'], -1, NOT_OBJECT],
    ['submitblock', [1], -1, NOT_STRING],
    ['combineblocksigs', [1, []], -1, NOT_STRING],
    ['testproposedblock', [1], -1, NOT_STRING],
    ['signblock', [1], -1, NOT_STRING],
    ['prioritisetransaction', [1, 0, 0], -1, NOT_STRING],
    ['estimatefee', ['6'], -3, 'Expected type number, got string'],
    ['estimatesmartfee', [true], -3, 'Expected type number, got bool'],
    ['estimatepriority', [[]], -3, 'Expected type number, got array'],
    ['estimatesmartpriority', [{}], -3, 'Expected type number, got object'],
    // net.cpp: accessors (-1)
    ['addnode', [1, 'add'], -1, NOT_STRING],
    ['disconnectnode', [1], -1, NOT_STRING],
    ['getaddednodeinfo', [1], -1, NOT_STRING],
    ['setban', [1, 'add'], -1, NOT_STRING],
    ['setnetworkactive', ['x'], -1, NOT_BOOL],
    // rawtransaction.cpp: RPCTypeCheck (-3) except getrawtransaction (ParseHashV, -8)
    ['getrawtransaction', [1], -8, NOT_HEX_P1],
    ['createrawtransaction', [{}, {}], -3, 'Expected type array, got object'],
    ['createrawtxoutputs', [{}, []], -3, 'Expected type array, got object'],
    ['decoderawtransaction', [1], -3, 'Expected type string, got number'],
    ['decodescript', [1], -3, 'Expected type string, got number'],
    ['sendrawtransaction', [{}], -3, 'Expected type string, got object'],
    ['testmempoolaccept', [[]], -3, 'Expected type string, got array'],
    ['signrawtransaction', [1], -3, 'Expected type string, got number'],
    // Ocean raw issuance builders: get_str (-1) / ParseHashV (-8)
    ['createrawissuance', [1, '1', 'a', '1', 'a', '1', '1', hash, '0'], -1, NOT_STRING],
    ['createrawreissuance', [1, '1', 'a', '1', hash, '0', hash], -1, NOT_STRING],
    ['createrawburn', [1, '0', asset, '1'], -8, "txid must be hexadecimal string (not '')"],
    // misc.cpp: accessors (-1), setmocktime type-checks (-3)
    ['validateaddress', [1], -1, NOT_STRING],
    ['createmultisig', ['1', []], -1, NOT_INT],
    ['createblindedaddress', [1, '02'], -1, NOT_STRING],
    ['verifymessage', [1, 'c2ln', 'm'], -1, NOT_STRING],
    ['signmessagewithprivkey', [1, 'm'], -1, NOT_STRING],
    ['setmocktime', ['1'], -3, 'Expected type number, got string'],
  ];
  for (const [method, params, code, message] of rows) {
    assert.ok(node.methods.has(method), `${method} is registered`);
    const r = await rpc(handler, method, params);
    assert.deepEqual(r.error, { code, message }, `${method} ${JSON.stringify(params)}`);
  }
});

test('explicit nulls and later parameters: size-based reads as in Core 0.14', async () => {
  const { node, handler } = await setup();
  const hash = node.chain.tip.hashHex;
  const blockHex = (await rpc(handler, 'getnewblockhex', [])).result as string;
  const rows: Row[] = [
    // RPCTypeCheck's default fAllowNull = false
    ['decoderawtransaction', [null], -3, 'Expected type string, got null'],
    ['setmocktime', [null], -3, 'Expected type number, got null'],
    ['estimatefee', [null], -3, 'Expected type number, got null'],
    ['sendrawtransaction', ['00', null], -3, 'Expected type bool, got null'],
    ['sendrawtransaction', ['00', false, 'yes'], -3, 'Expected type bool, got string'],
    ['testmempoolaccept', ['00', 1], -3, 'Expected type bool, got number'],
    // a given parameter is read even when null
    ['getrawmempool', [null], -1, NOT_BOOL],
    ['getblock', [hash, 'x'], -1, NOT_BOOL],
    ['getblock', [hash, null], -1, NOT_BOOL],
    ['getblock', [hash, 1.5], -1, 'JSON integer out of range'],
    ['getblockheader', [hash, 'yes'], -1, NOT_BOOL],
    ['gettxout', [hash, '0'], -1, NOT_INT],
    ['gettxout', [hash, 0, 'x'], -1, NOT_BOOL],
    ['verifychain', [3, null], -1, NOT_INT],
    ['getcontracthash', [null], -1, NOT_INT],
    ['getrawtransaction', [hash, null], -3, 'Invalid type provided. Verbose parameter must be a boolean.'],
    ['getrawtransaction', [hash, 'x'], -3, 'Invalid type provided. Verbose parameter must be a boolean.'],
    ['getrawtransaction', [hash, 1.5], -1, 'JSON integer out of range'],
    ['combineblocksigs', [blockHex, 'x'], -1, NOT_ARRAY],
    ['combineblocksigs', [blockHex, ['zz', 1]], -1, NOT_STRING],
    ['submitblock', [''], -22, 'Block decode failed'],
    ['decodescript', ['xyz'], -8, "argument must be hexadecimal string (not 'xyz')"],
    ['createrawtransaction', [[{ txid: 1, vout: 0 }], {}], -8, "txid must be hexadecimal string (not '')"],
    ['createrawtransaction', [[1], {}], -1, NOT_OBJECT],
    ['createmultisig', [1, 'x'], -1, NOT_ARRAY],
    ['createmultisig', [1, [1]], -1, NOT_STRING],
  ];
  for (const [method, params, code, message] of rows) {
    const r = await rpc(handler, method, params);
    assert.deepEqual(r.error, { code, message }, `${method} ${JSON.stringify(params)}`);
  }
  // hashes read with get_str + uint256S: text that is not hex is the zero hash
  assert.deepEqual((await rpc(handler, 'getblock', ['xyz'])).error, { code: -5, message: 'Block not found' });
  assert.deepEqual((await rpc(handler, 'gettxout', ['xyz', 0])).result, null);
  // uint256S skips leading blanks and 0x
  const coin = genesisCoins(node.params)[0]!.outpoint;
  const coinTxid = toHex(coin.txid.slice().reverse());
  assert.equal((await rpc(handler, 'gettxout', [coinTxid, coin.index])).error, null);
  assert.notEqual((await rpc(handler, 'gettxout', [coinTxid, coin.index])).result, null);
  assert.deepEqual((await rpc(handler, 'gettxout', [` 0x${coinTxid}`, coin.index])).result, (await rpc(handler, 'gettxout', [coinTxid, coin.index])).result);
  // getrawtransaction: numbers as verbosity, non-zero is verbose
  const cb = node.params.genesisBlock.transactions[0]!.txidHex;
  assert.equal(typeof (await rpc(handler, 'getrawtransaction', [cb, 0])).result, 'string');
  assert.ok((await rpc(handler, 'getrawtransaction', [cb, 2])).result instanceof Object);
  // combineblocksigs reads the signatures one by one and stops when the proof is complete (OP_TRUE: any
  // hex fragment completes it), so a non-string after that is never read
  assert.deepEqual((await rpc(handler, 'combineblocksigs', [blockHex, ['00', 1]])).result, { hex: blockHex, complete: true });
  assert.deepEqual((await rpc(handler, 'combineblocksigs', [blockHex, ['zz']])).result, { hex: blockHex, complete: false });
});

test('getblockchaininfo: bip9_softforks csv/segwit with status, startTime, timeout and since (always active: since 0)', async () => {
  const { handler } = await setup();
  const info = parseJson(JSON.stringify((await rpc(handler, 'getblockchaininfo', [])).result)) as JsonObject;
  const forks = info.get('bip9_softforks') as JsonObject;
  assert.equal(
    writeJson(forks),
    '{"csv":{"status":"active","startTime":0,"timeout":999999999999,"since":0},"segwit":{"status":"active","startTime":0,"timeout":999999999999,"since":0}}',
  );
});

test('sendrawtransaction: an explicit value with a blinding pubkey is refused unless allowblindfails', async () => {
  const { node, handler } = await setup();
  const coin = genesisCoins(node.params)[0]!;
  const pub = secp.publicKeyCreate(new Uint8Array(32).fill(1), true);
  const withKey = new TxOut(ConfidentialAsset.fromId(coin.out.asset.id), ConfidentialValue.fromAmount(1000n), ConfidentialNonce.fromBytes(pub), OP_TRUE);
  const tx = spend([coin], 10_000n, 1, [withKey]);
  const hex = toHex(tx.toBytes());
  const message = 'Output 0 is unblinded, but has blinding pubkey attached, please use [raw]blindrawtransaction';
  assert.deepEqual((await rpc(handler, 'sendrawtransaction', [hex])).error, { code: -25, message });
  assert.deepEqual((await rpc(handler, 'sendrawtransaction', [hex, true, false])).error, { code: -25, message });
  const r = await rpc(handler, 'sendrawtransaction', [hex, false, true]);
  assert.equal(r.error, null);
  assert.equal(r.result, tx.txidHex);
  assert.ok(node.mempool.has(tx.txidHex));
});
