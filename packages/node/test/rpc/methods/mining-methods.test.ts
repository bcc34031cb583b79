// getmininginfo, getnetworkhashps, estimate*priority, getblocktemplate, testproposedblock and
// signblock on in-process nodes (OP_TRUE regtest and a 2-of-3 signed-block chain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  BlockHeader,
  OP,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  checkProof,
  encodeWif,
  fromHex,
  OutPoint,
  toHex,
  type Transaction,
} from '@ocean-ts/core';
import { InitialBlockDownload } from '../../../src/mining/initial-block-download.js';
import { EphemeralBlockSigningKeys, keysForChallenge } from '../../../src/mining/block-signing-keys.js';
import { doubleJson } from '../../../src/rpc/methods/json-double.js';
import { explicitOutput } from '../../../src/mining/coinbase.js';
import { TestNode, chainParams, coinsOf, genesisCoins, json, secp, spend } from './support/test-node.js';

function key(n: number): Uint8Array {
  const k = new Uint8Array(32);
  k[31] = n;
  return k;
}
const KEYS = [key(11), key(12), key(13)];
const PUBS = KEYS.map((k) => secp.publicKeyCreate(k, true));
const MULTISIG = new ScriptBuilder().op(OP.OP_2).push(PUBS[0]!).push(PUBS[1]!).push(PUBS[2]!).op(OP.OP_3, OP.OP_CHECKMULTISIG).build();

async function signedNode(opts: { walletDisabled?: boolean } = {}): Promise<TestNode> {
  return TestNode.create({ params: chainParams([`-signblockscript=${toHex(MULTISIG)}`]), ...opts });
}

/** A proposal on the tip carrying `txs`, built like getnewblockhex. */
function proposal(node: TestNode, txs: readonly Transaction[] = []): Block {
  return node.assembler.createNewBlock({
    tip: node.tipInfo(),
    ancestors: node.ancestors(),
    now: node.time,
    coinbaseScript: Uint8Array.of(OP.OP_TRUE),
    extraNonce: 7,
    source: { candidates: () => txs.map((tx) => ({ tx, fees: new Map(), sigOpCost: 0 })) },
  }).block;
}

/** The same block with its header's Merkle root replaced. */
function withMerkleRoot(block: Block, root: Uint8Array): Block {
  const h = block.header;
  return new Block(new BlockHeader(h.version, h.prevBlockHash, root, h.hashContract, h.hashAttestation, h.hashMapping, h.time, h.height, h.challenge, h.solution), block.transactions);
}

test('doubleJson: UniValue %.16g formatting', () => {
  const cases: [number, string][] = [
    [-1, '-1'],
    [0, '0'],
    [1e9 * 2_100_000_000_000_000, '2.1e+24'],
    [0.1 + 0.2, '0.3000000000000000'.replace(/0+$/, '')],
    [1 / 3, '0.3333333333333333'],
    [7.124662155199971e-9, '7.124662155199971e-09'],
    [123456789012345678, '1.234567890123457e+17'],
    [1234567890123456, '1234567890123456'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
  ];
  for (const [x, text] of cases) assert.equal(doubleJson(x).raw, text, String(x));
});

test('getmininginfo: chain, pool and the last assembled block', async () => {
  const node = await TestNode.create();
  const before = (await node.call('getmininginfo')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(before), ['blocks', 'currentblocksize', 'currentblockweight', 'currentblocktx', 'difficulty', 'errors', 'networkhashps', 'pooledtx', 'chain']);
  assert.deepEqual([before['blocks'], before['currentblocksize'], before['currentblockweight'], before['currentblocktx'], before['networkhashps'], before['pooledtx'], before['chain']], [0, 0, 0, 0, 0, 0, 'elementsregtest']);
  const tx = spend([genesisCoins(node.params)[0]!], 10_000n);
  await node.accept(tx);
  assert.equal(((await node.call('getmininginfo')) as Record<string, unknown>)['pooledtx'], 1);
  await node.generate(1);
  const after = (await node.call('getmininginfo')) as Record<string, unknown>;
  assert.equal(after['blocks'], 1);
  assert.equal(after['currentblocktx'], 1);
  assert.equal(after['currentblockweight'], 4000 + tx.weight);
  // the default -blockmaxsize (750000) keeps size accounting on: reserved 1000 bytes plus the transactions
  assert.equal(after['currentblocksize'], 1000 + tx.size);
  assert.equal(after['pooledtx'], 0);
});

test('getnetworkhashps: blocks of work per second of block time (Ocean chain work is 1 per block)', async () => {
  const node = await TestNode.create();
  assert.equal(await node.call('getnetworkhashps'), 0);
  node.time = 1_600_000_000;
  await node.generate(3); // times 1_600_000_001 … 003
  const genesisTime = node.params.genesisBlock.header.time;
  const g16 = (x: number) => Number(x.toPrecision(16));
  assert.equal(await node.call('getnetworkhashps'), g16(3 / (1_600_000_003 - genesisTime)));
  assert.equal(await node.call('getnetworkhashps', [json(2)]), g16(2 / 2));
  assert.equal(await node.call('getnetworkhashps', [json(1), json(2)]), 1);
  assert.equal(await node.call('getnetworkhashps', [json(-1)]), g16(3 / (1_600_000_003 - genesisTime)));
  assert.equal(await node.call('getnetworkhashps', [json(5), json(0)]), 0);
  assert.equal(((await node.call('getmininginfo')) as Record<string, unknown>)['networkhashps'], g16(3 / (1_600_000_003 - genesisTime)));
  assert.deepEqual(await node.callError('getnetworkhashps', ['x']), { code: -1, message: 'JSON value is not an integer as expected' });
});

test('estimatepriority / estimatesmartpriority: no estimates (Core 0.14), infinite priority while the pool is limiting', async () => {
  const node = await TestNode.create();
  assert.equal(await node.callText('estimatepriority', [json(6)]), '-1');
  assert.equal(await node.callText('estimatesmartpriority', [json(6)]), '{"priority":-1,"blocks":6}');
  assert.deepEqual(await node.callError('estimatepriority', ['6']), { code: -3, message: 'Expected type number, got string' });
  assert.deepEqual(await node.callError('estimatesmartpriority', [json(1.5)]), { code: -1, message: 'JSON integer out of range' });
  assert.equal((await node.callError('estimatepriority', [])).code, -1);
  // force the rolling minimum fee up: trim the pool to nothing
  await node.accept(spend([genesisCoins(node.params)[0]!], 10_000n));
  node.mempool.trimToSize(0);
  assert.equal(await node.callText('estimatesmartpriority', [json(2)]), '{"priority":2.1e+24,"blocks":2}');
});

test('getblocktemplate: not connected, initial download, segwit rule, modes', async () => {
  const node = await TestNode.create();
  assert.deepEqual(await node.callError('getblocktemplate'), { code: -9, message: 'Bitcoin is not connected!' });
  node.connections = 1;
  node.ibd = true;
  assert.deepEqual(await node.callError('getblocktemplate'), { code: -10, message: 'Bitcoin is downloading blocks...' });
  node.ibd = false;
  assert.deepEqual(await node.callError('getblocktemplate'), { code: -8, message: "Support for 'segwit' rule requires explicit client support" });
  assert.deepEqual(await node.callError('getblocktemplate', [json({ mode: 'other' })]), { code: -8, message: 'Invalid mode' });
  assert.deepEqual(await node.callError('getblocktemplate', [json({ mode: 1 })]), { code: -8, message: 'Invalid mode' });
  assert.deepEqual(await node.callError('getblocktemplate', ['template']), { code: -1, message: 'JSON value is not an object as expected' });
});

test('getblocktemplate: a BIP22 template from the mempool', async () => {
  const node = await TestNode.create();
  node.connections = 1;
  await node.generate(1);
  const a = spend([genesisCoins(node.params)[0]!], 10_000n);
  const b = spend(coinsOf(a), 25_000n);
  await node.accept(a);
  await node.accept(b);
  node.time += 100;
  const t = (await node.call('getblocktemplate', [json({ rules: ['segwit'] })])) as Record<string, unknown>;
  const keys = ['capabilities', 'version', 'rules', 'vbavailable', 'vbrequired', 'previousblockhash', 'transactions', 'coinbaseaux', 'coinbasevalue', 'longpollid', 'mintime', 'mutable', 'noncerange', 'sigoplimit', 'sizelimit', 'weightlimit', 'curtime', 'height'];
  if (node.assembler.includeWitnessCommitment) keys.push('default_witness_commitment');
  assert.deepEqual(Object.keys(t), keys);
  assert.deepEqual(t['capabilities'], ['proposal']);
  assert.deepEqual(t['rules'], ['csv', '!segwit']);
  assert.equal(t['previousblockhash'], node.chain.tip.hashHex);
  assert.equal(t['height'], 2);
  assert.equal(t['curtime'], node.time);
  assert.equal(t['mintime'], node.chain.tip.medianTimePast + 1);
  assert.equal(t['coinbasevalue'], 35_000);
  assert.equal(t['longpollid'], `${node.chain.tip.hashHex}1`);
  assert.equal(t['sigoplimit'], 80_000);
  assert.equal(t['weightlimit'], 4_000_000);
  const txs = t['transactions'] as Record<string, unknown>[];
  assert.deepEqual(
    txs.map((x) => [x['txid'], x['data'], x['depends'], x['fee'], x['weight']]),
    [
      [a.txidHex, toHex(a.toBytes()), [], 10_000, a.weight],
      [b.txidHex, toHex(b.toBytes()), [1], 25_000, b.weight],
    ],
  );
  // The template is a valid proposal (with the version the template announces).
  const block = proposal(node, [a, b]);
  assert.equal(await node.call('getblocktemplate', [json({ mode: 'proposal', data: toHex(block.toBytes()) })]), null);
});

test('getblocktemplate proposal mode: BIP22 results', async () => {
  const node = await TestNode.create();
  await node.generate(1);
  const propose = (b: Block | string) => node.call('getblocktemplate', [json({ mode: 'proposal', data: typeof b === 'string' ? b : toHex(b.toBytes()) })]);
  const good = proposal(node);
  assert.equal(await propose(good), null);
  assert.equal(await propose(withMerkleRoot(good, new Uint8Array(32))), 'bad-txnmrklroot');
  const tip = node.chain.getBlock(node.chain.tip.hash)!;
  assert.equal(await propose(tip), 'duplicate');
  await node.generate(1);
  assert.equal(await propose(good), 'inconclusive-not-best-prevblk');
  assert.deepEqual(await node.callError('getblocktemplate', [json({ mode: 'proposal' })]), { code: -3, message: 'Missing data String key for proposal' });
  assert.deepEqual(await node.callError('getblocktemplate', [json({ mode: 'proposal', data: 'zz' })]), { code: -22, message: 'Block decode failed' });
});

test('getblocktemplate long poll: returns when the tip changes; -9 when the server stops', async () => {
  const node = await TestNode.create();
  node.connections = 1;
  const first = (await node.call('getblocktemplate', [json({ rules: ['segwit'] })])) as Record<string, unknown>;
  const polled = node.call('getblocktemplate', [json({ rules: ['segwit'], longpollid: first['longpollid'] })]);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(node.tipWaiter.pending, 1);
  await node.generate(1);
  const next = (await polled) as Record<string, unknown>;
  assert.equal(next['height'], 2);
  assert.equal(node.tipWaiter.pending, 0);
  const stop = new AbortController();
  const waiting = node.call('getblocktemplate', [json({ rules: ['segwit'], longpollid: next['longpollid'] })], stop.signal);
  await new Promise((r) => setTimeout(r, 20));
  stop.abort();
  await assert.rejects(waiting, (e: Error & { code?: number }) => e.code === -9 && e.message === 'Shutting down');
});

test('testproposedblock: valid proposal, already known, not on the tip, invalid, non-standard', async () => {
  const node = await TestNode.create();
  await node.generate(1);
  const good = proposal(node);
  assert.equal(await node.call('testproposedblock', [toHex(good.toBytes())]), null);
  assert.equal(await node.call('testproposedblock', [toHex(good.toBytes()) + 'ff']), null); // DecodeHexBlk ignores trailing bytes
  assert.deepEqual(await node.callError('testproposedblock', [toHex(withMerkleRoot(good, new Uint8Array(32)).toBytes())]), { code: -25, message: 'bad-txnmrklroot' });
  const c0 = genesisCoins(node.params)[0]!;
  const missing = spend([{ outpoint: new OutPoint(c0.outpoint.txid, 999), out: c0.out }], 1000n);
  assert.deepEqual(await node.callError('testproposedblock', [toHex(proposal(node, [missing]).toBytes())]), { code: -25, message: 'bad-txns-inputs-missingorspent' });
  // version-3 transactions are valid but not standard
  const coin = genesisCoins(node.params)[1]!;
  const b = new TransactionBuilder();
  b.version = 3;
  b.addInput(new TxIn(coin.outpoint, new Uint8Array(0), 0xffffffff));
  b.addOutput(explicitOutput(coin.out.asset.id, coin.out.value.amount, Uint8Array.of(OP.OP_TRUE)));
  const nonstd = proposal(node, [b.build()]);
  assert.equal(await node.call('testproposedblock', [toHex(nonstd.toBytes())]), null); // -acceptnonstdtxn default on Ocean
  assert.equal(await node.call('testproposedblock', [toHex(nonstd.toBytes()), true]), null);
  assert.deepEqual(await node.callError('testproposedblock', [toHex(nonstd.toBytes()), false]), { code: -25, message: 'Block proposal included a non-standard transaction: version' });
  const strict = await TestNode.create({ requireStandard: true });
  assert.equal((await strict.callError('testproposedblock', [toHex(proposal(strict, [b.build()]).toBytes())])).message, 'Block proposal included a non-standard transaction: version');
  // known and stale
  const tipBlock = node.chain.getBlock(node.chain.tip.hash)!;
  assert.deepEqual(await node.callError('testproposedblock', [toHex(tipBlock.toBytes())]), { code: -25, message: 'already have block' });
  await node.generate(1);
  assert.deepEqual(await node.callError('testproposedblock', [toHex(good.toBytes())]), { code: -25, message: 'proposal was not based on our best chain' });
  assert.deepEqual(await node.callError('testproposedblock', ['00']), { code: -22, message: 'Block decode failed' });
  assert.deepEqual(await node.callError('testproposedblock', [toHex(good.toBytes()), 'x']), { code: -1, message: 'JSON value is not a boolean as expected' });
});

test('signblock: 2-of-3 signed chain with privkeys, combined and submitted', async () => {
  const node = await signedNode();
  const wif = KEYS.map((k) => encodeWif(k, true, node.params.base58));
  for (let h = 1; h <= 3; h++) {
    node.time++;
    const hex = (await node.call('getnewblockhex')) as string;
    // The node holds no keys (no wallet yet): a multisig fragment without signatures.
    assert.equal(await node.call('signblock', [hex]), '00');
    const f1 = (await node.call('signblock', [hex, [wif[h % 3]!]])) as string;
    const f2 = (await node.call('signblock', [hex, [wif[(h + 1) % 3]!]])) as string;
    assert.match(f1, /^0047|^0048|^0046/);
    const one = (await node.call('combineblocksigs', [hex, [f1]])) as { hex: string; complete: boolean };
    assert.equal(one.complete, false);
    const both = (await node.call('combineblocksigs', [hex, [f1, f2]])) as { hex: string; complete: boolean };
    assert.equal(both.complete, true);
    assert.ok(checkProof(Block.decode(fromHex(both.hex)).header, node.params.genesisHash, secp));
    // both keys in one call: the required two signatures at once
    const pair = (await node.call('signblock', [hex, [wif[0]!, wif[2]!]])) as string;
    assert.equal(((await node.call('combineblocksigs', [hex, [pair]])) as { complete: boolean }).complete, true);
    assert.equal(await node.call('submitblock', [both.hex]), null);
    assert.equal(node.chain.height, h);
    assert.deepEqual(await node.callError('signblock', [hex, [wif[0]!]]), { code: -25, message: 'already have block' });
  }
});

test('signblock: key and wallet errors, stale proposals, keys outside the challenge', async () => {
  const node = await signedNode();
  const hex = (await node.call('getnewblockhex')) as string;
  assert.deepEqual(await node.callError('signblock', [hex, ['notakey']]), { code: -5, message: 'Invalid private key' });
  assert.deepEqual(await node.callError('signblock', [hex, 'x']), { code: -1, message: 'JSON value is not an array as expected' });
  assert.equal(await node.call('signblock', [hex, [encodeWif(key(99), true, node.params.base58)]]), '00');
  // an uncompressed WIF signs for the uncompressed key, which is not in the challenge
  assert.equal(await node.call('signblock', [hex, [encodeWif(KEYS[0]!, false, node.params.base58)]]), '00');
  assert.deepEqual(await node.callError('signblock', ['zz']), { code: -22, message: 'Block decode failed' });

  const disabled = await signedNode({ walletDisabled: true });
  const dhex = (await disabled.call('getnewblockhex')) as string;
  assert.deepEqual(await disabled.callError('signblock', [dhex]), { code: -32601, message: 'Method not found (disabled)' });
  assert.match((await disabled.call('signblock', [dhex, [encodeWif(KEYS[1]!, true, disabled.params.base58)]])) as string, /^00(46|47|48)30/);

  // OP_TRUE challenge: nothing to sign
  const plain = await TestNode.create();
  assert.equal(await plain.call('signblock', [(await plain.call('getnewblockhex')) as string]), '');
});

test('block signing keys: the keys of a challenge by key id; initial block download latch', () => {
  const keys = new EphemeralBlockSigningKeys(secp);
  keys.add(KEYS[2]!, true);
  keys.add(key(50), true);
  assert.deepEqual(keysForChallenge(MULTISIG, keys).map((k) => toHex(k.privateKey)), [toHex(KEYS[2]!)]);
  const p2pkh = new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(fromHex('00'.repeat(20))).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
  assert.deepEqual(keysForChallenge(p2pkh, keys), []);
  assert.deepEqual(keysForChallenge(Uint8Array.of(OP.OP_TRUE), keys), []);

  const ibd = new InitialBlockDownload(3600);
  assert.equal(ibd.check(1000, 1000 + 3601), true);
  assert.equal(ibd.check(1000, 1000 + 3600, true), true);
  assert.equal(ibd.check(1000, 1000 + 3600), false);
  assert.equal(ibd.check(0, 10 ** 9), false); // latched
});

