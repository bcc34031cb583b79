import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  ChainParams,
  OP,
  contextualCheckBlock,
  fromHex,
  getFee,
  legacySigOpCount,
  toHex,
  TransactionBuilder,
  TxIn,
  type Transaction,
} from '@ocean-ts/core';
import { BlockAssembler, coinbaseScriptSig, feeOutputs, type TemplateSource } from '../../src/mining/index.js';
import { ancestorsOf, corpusBlocks, corpusChains, corpusParams, readText, tipOf } from './support/corpus.js';

const OP_TRUE = Uint8Array.of(OP.OP_TRUE);

function exampleBlock1Hex(): string {
  const text = readText('spec', 'ocean-core-examples.md');
  const at = text.indexOf('## 2. Block 1 of the functional-test chain');
  const start = text.indexOf('```', at);
  const end = text.indexOf('```', start + 3);
  return text.slice(start + 3, end).replace(/\s+/g, '');
}

function sourceOf(txs: readonly Transaction[]): TemplateSource {
  return { candidates: () => txs.map((tx) => ({ tx, fees: getFee(tx), sigOpCost: legacySigOpCount(tx) * 4 })) };
}

test('coinbase scriptSig: <height> <extraNonce as script number>', () => {
  assert.equal(toHex(coinbaseScriptSig(1, 1)), '510101');
  assert.equal(toHex(coinbaseScriptSig(16, 1)), '600101');
  assert.equal(toHex(coinbaseScriptSig(17, 1)), '01110101');
  assert.equal(toHex(coinbaseScriptSig(128, 2)), '0280000102');
  assert.equal(toHex(coinbaseScriptSig(500, 0)), '02f40100');
});

test('examples §2: block 1 of the functional-test chain, byte for byte', () => {
  const params = ChainParams.fromOptionValues({ regtest: '1', initialfreecoins: '2100000000000000' });
  const expected = exampleBlock1Hex();
  const genesis = params.genesisBlock;
  const tip = { height: 0, hash: params.genesisHash, time: genesis.header.time, medianTimePast: genesis.header.time, challenge: genesis.header.challenge };
  const ancestors = { ancestorAt: () => ({ version: genesis.header.version, medianTimePast: genesis.header.time }) };
  const now = 0x6b049f22;
  const { block } = new BlockAssembler(params).createNewBlock({ tip, ancestors, now, coinbaseScript: OP_TRUE, extraNonce: 1, source: { candidates: () => [] } });
  assert.equal(toHex(block.toBytes()), expected);
  assert.equal(block.header.hashHex, '72609a454e2a4a664ab707ddd75d4c625cebc446cd1c76a09fc2e11b31af7096');
  assert.equal(block.transactions[0]!.txidHex, 'd602422478229eb2ff7226cee01e2ccd4b97815005d21fc06694fae3d26a955f');
  assert.equal(block.size, 399);
  assert.equal(block.strippedSize, 358);
  assert.equal(block.weight, 1473);
  assert.equal(contextualCheckBlock(block, { prevHeight: 0, medianTimePast: tip.medianTimePast }), null);
});

test('block time is max(MTP + 1, now)', () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  const g = params.genesisBlock.header;
  const tip = { height: 0, hash: params.genesisHash, time: g.time, medianTimePast: g.time, challenge: g.challenge };
  const ancestors = { ancestorAt: () => ({ version: 1, medianTimePast: g.time }) };
  const a = new BlockAssembler(params);
  const early = a.createNewBlock({ tip, ancestors, now: g.time - 50, coinbaseScript: OP_TRUE, extraNonce: 1, source: { candidates: () => [] } });
  assert.equal(early.block.header.time, g.time + 1);
  const late = a.createNewBlock({ tip, ancestors, now: g.time + 50, coinbaseScript: OP_TRUE, extraNonce: 1, source: { candidates: () => [] } });
  assert.equal(late.block.header.time, g.time + 50);
});

test('fee outputs: one per non-zero asset in internal byte order, OP_RETURN zero when none', () => {
  const a = 'ff'.repeat(31) + '01'; // internal order starts with 01
  const b = '01' + 'ff'.repeat(31); // internal order starts with ff
  const dest = fromHex('76a914' + '11'.repeat(20) + '88ac');
  const feeAsset = new Uint8Array(32).fill(7);
  const outs = feeOutputs(new Map([[b, 5n], [a, 7n], ['22'.repeat(32), 0n]]), dest, feeAsset);
  assert.deepEqual(outs.map((o) => [o.asset.idHex, o.value.amount]), [[a, 7n], [b, 5n]]);
  const none = feeOutputs(new Map([['22'.repeat(32), 0n]]), dest, feeAsset);
  assert.equal(none.length, 1);
  assert.equal(toHex(none[0]!.scriptPubKey), '6a');
  assert.equal(none[0]!.value.amount, 0n);
  assert.deepEqual(none[0]!.asset.id, feeAsset);
});

// Every corpus block was made by the original's assembler (generate or getnewblockhex, extra nonce
// 1, no -blockmaxweight): rebuilding it from its parent, its time, its transactions and its coinbase
// payee (a wallet key under `generate`) must give the same bytes, solution aside.
for (const chain of corpusChains) {
  test(`corpus ${chain.id}: the assembler rebuilds every block (unsigned) byte for byte`, () => {
    const params = corpusParams(chain.id);
    const blocks = corpusBlocks(chain.id);
    const assembler = new BlockAssembler(params);
    assert.ok(blocks.length > 3);
    for (const cur of blocks.slice(1)) {
      const h = cur.height;
      const paid = cur.block.transactions[0]!.outputs.find((o) => o.value.isExplicit && o.value.amount !== 0n);
      const { block } = assembler.createNewBlock({
        tip: tipOf(blocks[h - 1]!),
        ancestors: ancestorsOf(blocks),
        now: cur.time,
        coinbaseScript: paid ? paid.scriptPubKey : OP_TRUE,
        extraNonce: 1,
        source: sourceOf(cur.block.transactions.slice(1)),
      });
      const original = new Block(cur.block.header.withSolution(new Uint8Array(0)), cur.block.transactions);
      assert.equal(toHex(block.toBytes()), toHex(original.toBytes()), `${chain.id} block ${h}`);
    }
  });
}

test('corpus rt-signed: exact rebuild, header fields across the schedule changes', () => {
  const params = corpusParams('rt-signed');
  const blocks = corpusBlocks('rt-signed');
  const assembler = new BlockAssembler(params);
  const initial = toHex(blocks[0]!.block.header.challenge);
  for (const cur of blocks.slice(1)) {
    const h = cur.height;
    const { block } = assembler.createNewBlock({
      tip: tipOf(blocks[h - 1]!),
      ancestors: ancestorsOf(blocks),
      now: cur.time,
      coinbaseScript: assembler.coinbaseDestination(h, OP_TRUE),
      extraNonce: 1,
      source: sourceOf(cur.block.transactions.slice(1)),
    });
    assert.equal(toHex(block.header.toBytes(false)), toHex(cur.block.header.toBytes(false)), `header ${h}`);
    assert.equal(toHex(block.toBytes()), toHex(new Block(cur.block.header.withSolution(new Uint8Array(0)), cur.block.transactions).toBytes()), `block ${h}`);
    assert.equal(block.header.version, 0x20000000);
    // Challenge: genesis 2-of-3 before 22, the scheduled 1-of-2 from 22.
    if (h < 22) assert.equal(toHex(block.header.challenge), initial);
    else assert.equal(toHex(block.header.challenge), '512103eeb93e316d766548c288603403f9d02daca86acbc31348835f39180d8c6706a52102e851b5d478cc5886ce99247a22af0ac7bd1f86a95e5653b4bd1581ef01a69e2752ae');
    // Mandatory coinbase destination switches at 13.
    const payee = h < 13 ? '76a9145bb834cfd94381a7f5dd68a83386ee4282f0f53188ac' : '76a914e340ea8d148bd25e109cb000d615522f1d6a9a2f88ac';
    for (const o of block.transactions[0]!.outputs) {
      const s = toHex(o.scriptPubKey);
      assert.ok(s === payee || s === '6a' || s.startsWith('6a24aa21a9ed'), `coinbase payee at ${h}: ${s}`);
    }
    assert.equal(contextualCheckBlock(block, { prevHeight: h - 1, medianTimePast: blocks[h - 1]!.medianTimePast }), null);
  }
});

test('selection: weight and sigop limits, parents, required age, finality', () => {
  const params = corpusParams('rt-signed');
  const blocks = corpusBlocks('rt-signed');
  const cur = blocks[4]!; // 4 non-coinbase transactions
  const txs = cur.block.transactions.slice(1);
  const prev = blocks[3]!;
  const base = { tip: tipOf(prev), ancestors: ancestorsOf(blocks), now: cur.time, coinbaseScript: OP_TRUE, extraNonce: 1 };
  const full = new BlockAssembler(params).createNewBlock({ ...base, source: sourceOf(txs) });
  assert.equal(full.block.transactions.length, txs.length + 1);

  // Sigops: a candidate pushing the cost to the limit is skipped, the next still fits.
  const heavy: TemplateSource = {
    candidates: () => txs.map((tx, i) => ({ tx, fees: getFee(tx), sigOpCost: i === 0 ? 79_600 : 0 })),
  };
  assert.equal(new BlockAssembler(params).createNewBlock({ ...base, source: heavy }).block.transactions.length, txs.length);

  // Weight: with the minimum -blockmaxweight nothing fits.
  const tiny = new BlockAssembler(params, { blockMaxWeight: 1 });
  assert.equal(tiny.maxWeight, 4000);
  assert.equal(tiny.createNewBlock({ ...base, source: sourceOf(txs) }).block.transactions.length, 1);
  assert.equal(new BlockAssembler(params, { blockMaxSize: 10 }).maxWeight, 4000);
  assert.equal(new BlockAssembler(params).maxWeight, 3_000_000);

  // Parents: a candidate whose parent was not taken is skipped.
  const orphaned: TemplateSource = {
    candidates: () => txs.map((tx) => ({ tx, fees: getFee(tx), sigOpCost: 0, parents: ['00'.repeat(32)] })),
  };
  assert.equal(new BlockAssembler(params).createNewBlock({ ...base, source: orphaned }).block.transactions.length, 1);

  // Finality: a transaction locked to a later height is left out.
  const b0 = TransactionBuilder.from(txs[0]!);
  b0.locktime = 1000;
  b0.setInput(0, new TxIn(b0.inputs[0]!.prevout, b0.inputs[0]!.scriptSig, 0));
  const locked = b0.build();
  const withLocked = new BlockAssembler(params).createNewBlock({ ...base, source: sourceOf([locked, ...txs.slice(1)]) });
  assert.equal(withLocked.block.transactions.length, txs.length);
  assert.ok(!withLocked.block.transactions.some((t) => t === locked));

  // required_age: entries younger than the age are left out.
  const aged: TemplateSource = {
    candidates: () => txs.map((tx, i) => ({ tx, fees: getFee(tx), sigOpCost: 0, entryTime: i === 0 ? cur.time - 100 : cur.time - 1 })),
  };
  assert.equal(new BlockAssembler(params).createNewBlock({ ...base, source: aged, requiredAge: 60 }).block.transactions.length, 2);
});
