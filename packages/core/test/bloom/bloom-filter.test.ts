import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BLOOM_UPDATE_ALL,
  BLOOM_UPDATE_NONE,
  BLOOM_UPDATE_P2PUBKEY_ONLY,
  Block,
  BloomFilter,
  NobleSecp256k1,
  OutPoint,
  Transaction,
  base58CheckDecode,
  bytesEqual,
  filteredMerkleBlock,
  fromHex,
  hash160,
  murmurHash3,
  toHex,
} from '../../src/index.js';
import { readJson } from '../support/vectors.js';

// Bitcoin Core 0.14 src/test/hash_tests.cpp, murmurhash3
const MURMUR: [number, number, string][] = [
  [0x00000000, 0x00000000, ''],
  [0x6a396f08, 0xfba4c795, ''],
  [0x81f16f39, 0xffffffff, ''],
  [0x514e28b7, 0x00000000, '00'],
  [0xea3f0b17, 0xfba4c795, '00'],
  [0xfd6cf10d, 0x00000000, 'ff'],
  [0x16c6b7ab, 0x00000000, '0011'],
  [0x8eb51c3d, 0x00000000, '001122'],
  [0xb4471bf8, 0x00000000, '00112233'],
  [0xe2301fa8, 0x00000000, '0011223344'],
  [0xfc2e4a15, 0x00000000, '001122334455'],
  [0xb074502c, 0x00000000, '00112233445566'],
  [0x8034d2a0, 0x00000000, '0011223344556677'],
  [0xb4698def, 0x00000000, '001122334455667788'],
];

test('MurmurHash3 matches Core hash_tests.cpp', () => {
  for (const [expected, seed, data] of MURMUR) assert.equal(murmurHash3(seed, fromHex(data)), expected, `seed ${seed.toString(16)} data '${data}'`);
});

function insertSerialize(tweak: number): BloomFilter {
  const f = BloomFilter.create(3, 0.01, tweak, BLOOM_UPDATE_ALL);
  f.insert(fromHex('99108ad8ed9bb6274d3980bab5a85c048f0950c8'));
  assert.ok(f.contains(fromHex('99108ad8ed9bb6274d3980bab5a85c048f0950c8')), "doesn't contain just-inserted object");
  assert.ok(!f.contains(fromHex('19108ad8ed9bb6274d3980bab5a85c048f0950c8')), 'contains something it should not');
  f.insert(fromHex('b5a2c786d9ef4658287ced5914b37a1b4aa32eee'));
  assert.ok(f.contains(fromHex('b5a2c786d9ef4658287ced5914b37a1b4aa32eee')));
  f.insert(fromHex('b9300670b4c5366e95b2699e8b18bc75e5f729c5'));
  assert.ok(f.contains(fromHex('b9300670b4c5366e95b2699e8b18bc75e5f729c5')));
  return f;
}

test('bloom_create_insert_serialize (Core bloom_tests.cpp)', () => {
  assert.equal(toHex(insertSerialize(0).toBytes()), '03614e9b050000000000000001');
});

test('bloom_create_insert_serialize_with_tweak (Core bloom_tests.cpp)', () => {
  assert.equal(toHex(insertSerialize(2147483649).toBytes()), '03ce4299050000000100008001');
});

test('bloom_create_insert_key (Core bloom_tests.cpp)', () => {
  const wif = base58CheckDecode('5Kg1gnAjaLfKiwhhPpGS3QfRg2m6awQvaj98JCZBZQ5SuS2F15C');
  const pubkey = new NobleSecp256k1().publicKeyCreate(wif.subarray(1, 33), false);
  const f = BloomFilter.create(2, 0.001, 0, BLOOM_UPDATE_ALL);
  f.insert(pubkey);
  f.insert(hash160(pubkey));
  assert.equal(toHex(f.toBytes()), '038fc16b080000000000000001');
});

test('a loaded filter: full / empty shortcuts, size constraints', () => {
  const full = BloomFilter.load(new Uint8Array([0xff, 0xff]), 3, 0, 0);
  assert.ok(full.isFull && full.contains(fromHex('00')));
  const empty = BloomFilter.load(new Uint8Array(2), 3, 0, 0);
  assert.ok(empty.isEmpty && !empty.contains(fromHex('00')));
  empty.insert(fromHex('00'));
  assert.ok(!empty.isEmpty && empty.contains(fromHex('00')));
  // the default filter (before filterload in 0.14) matches everything, and inserting is a no-op
  const all = BloomFilter.matchAll();
  all.insert(fromHex('00'));
  assert.ok(all.isFull && all.contains(fromHex('01')) && all.toBytes().length === 10);
  // a zero-length loaded filter counts as full (UpdateEmptyFull over no bytes)
  assert.ok(BloomFilter.load(new Uint8Array(0), 1, 0, 0).isFull);
  assert.ok(BloomFilter.load(new Uint8Array(36_000), 50, 0, 0).isWithinSizeConstraints());
  assert.ok(!BloomFilter.load(new Uint8Array(36_001), 50, 0, 0).isWithinSizeConstraints());
  assert.ok(!BloomFilter.load(new Uint8Array(10), 51, 0, 0).isWithinSizeConstraints());
  // the constructor caps at the protocol limits
  const big = BloomFilter.create(1_000_000, 0.0000001, 0, 0);
  assert.equal(big.data.length, 36_000);
  assert.ok(big.hashFuncs <= 50 && big.isWithinSizeConstraints());
});

interface CorpusTx {
  chain: string;
  txid: string;
  hex: string;
  block_hash: string;
  index_in_block: number;
}
interface CorpusBlock {
  hash: string;
  hex: string;
}
const corpus = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
const blocks = readJson<{ blocks: CorpusBlock[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;
const txs = corpus.map((c) => ({ c, tx: Transaction.decode(fromHex(c.hex)) }));

/** P2PKH `76 a9 14 <20> 88 ac` → the key hash. */
function p2pkhHash(script: Uint8Array): Uint8Array | undefined {
  if (script.length === 25 && script[0] === 0x76 && script[1] === 0xa9 && script[2] === 0x14 && script[23] === 0x88 && script[24] === 0xac) return script.subarray(3, 23);
  return undefined;
}

/** A corpus transaction paying a P2PKH output, and a later one spending that output (not paying the same key hash). */
function paymentAndSpend(): { pay: Transaction; vout: number; pkh: Uint8Array; spend: Transaction; spendInfo: CorpusTx } {
  for (const { tx: pay } of txs) {
    // a few outputs only: BLOOM_UPDATE_ALL inserts one outpoint per matched output into a filter sized for ten
    if (pay.outputs.length > 4) continue;
    for (const [vout, out] of pay.outputs.entries()) {
      const pkh = p2pkhHash(out.scriptPubKey);
      if (pkh === undefined) continue;
      const spender = txs.find(({ tx }) => tx.inputs.some((i) => i.prevout.equals(new OutPoint(pay.txid, vout))));
      if (spender === undefined) continue;
      const paysSame = spender.tx.outputs.some((o) => o.scriptPubKey.length > 0 && Buffer.from(o.scriptPubKey).includes(Buffer.from(pkh)));
      const sigHasIt = spender.tx.inputs.some((i) => Buffer.from(i.scriptSig).includes(Buffer.from(pkh)));
      if (!paysSame && !sigHasIt) return { pay, vout, pkh, spend: spender.tx, spendInfo: spender.c };
    }
  }
  throw new Error('no P2PKH payment with a spend in the corpus');
}

test('IsRelevantAndUpdate on corpus transactions: an output pubkey hash matches, BLOOM_UPDATE_ALL then matches its spend', () => {
  const { pay, vout, pkh, spend } = paymentAndSpend();
  const unrelated = txs.find(({ tx }) => !tx.outputs.some((o) => Buffer.from(o.scriptPubKey).includes(Buffer.from(pkh))) && !tx.inputs.some((i) => bytesEqual(i.prevout.txid, pay.txid)))!.tx;

  const all = BloomFilter.create(10, 0.000001, 5, BLOOM_UPDATE_ALL);
  all.insert(pkh);
  assert.ok(!all.containsOutPoint(new OutPoint(pay.txid, vout)));
  assert.ok(all.isRelevantAndUpdate(pay), 'the payment to the key hash matches');
  assert.ok(all.containsOutPoint(new OutPoint(pay.txid, vout)), 'BLOOM_UPDATE_ALL inserted the matched outpoint');
  assert.ok(all.isRelevantAndUpdate(spend), 'the spend matches through the inserted outpoint');
  assert.ok(!all.isRelevantAndUpdate(unrelated), 'an unrelated transaction does not');

  for (const flags of [BLOOM_UPDATE_NONE, BLOOM_UPDATE_P2PUBKEY_ONLY]) {
    const f = BloomFilter.create(10, 0.000001, 5, flags);
    f.insert(pkh);
    assert.ok(f.isRelevantAndUpdate(pay));
    assert.ok(!f.containsOutPoint(new OutPoint(pay.txid, vout)), `flags ${flags}: a P2PKH outpoint is not inserted`);
    assert.ok(!f.isRelevantAndUpdate(spend), `flags ${flags}: the spend does not match`);
  }

  // matching by txid, and by a spent outpoint
  const byTxid = BloomFilter.create(10, 0.000001, 0, BLOOM_UPDATE_NONE);
  byTxid.insert(spend.txid);
  assert.ok(byTxid.isRelevantAndUpdate(spend) && !byTxid.isRelevantAndUpdate(pay));
  const byOutpoint = BloomFilter.create(10, 0.000001, 0, BLOOM_UPDATE_NONE);
  byOutpoint.insertOutPoint(new OutPoint(pay.txid, vout));
  assert.ok(byOutpoint.isRelevantAndUpdate(spend) && !byOutpoint.isRelevantAndUpdate(pay));
});

test('IsRelevantAndUpdate matches a data push of a scriptSig (the spender\'s public key)', () => {
  const { spend } = paymentAndSpend();
  const input = spend.inputs.find((i) => i.scriptSig.length > 0)!;
  // P2PKH scriptSig: <sig> <pubkey>; the last push is the key
  const key = input.scriptSig.subarray(input.scriptSig.length - 33);
  const f = BloomFilter.create(10, 0.000001, 0, BLOOM_UPDATE_NONE);
  f.insert(key);
  assert.ok(f.isRelevantAndUpdate(spend));
});

test('CMerkleBlock(block, filter) over a corpus block: the partial tree proves exactly the matched transactions', () => {
  const { spendInfo, spend } = paymentAndSpend();
  const blockHex = blocks.find((b) => b.hash === spendInfo.block_hash)!.hex;
  const block = Block.decode(fromHex(blockHex));
  assert.ok(block.transactions.length >= 2, 'the block holds the coinbase and the spend');
  const f = BloomFilter.create(10, 0.000001, 0, BLOOM_UPDATE_ALL);
  f.insert(spend.txid);
  const { merkleBlock, matched } = filteredMerkleBlock(block, f);
  assert.deepEqual(
    matched.map((m) => m.index),
    [spendInfo.index_in_block],
  );
  const extracted = merkleBlock.tree.extractMatches()!;
  assert.equal(toHex(extracted.root), toHex(block.header.merkleRoot));
  assert.deepEqual(extracted.indexes, [spendInfo.index_in_block]);
  assert.equal(toHex(extracted.matches[0]!), toHex(spend.txid));
  // a match-all filter proves every transaction
  const every = filteredMerkleBlock(block, BloomFilter.matchAll());
  assert.equal(every.matched.length, block.transactions.length);
  assert.equal(every.merkleBlock.tree.extractMatches()!.matches.length, block.transactions.length);
});
