// gettxoutproof / verifytxoutproof and the CMerkleBlock / CPartialMerkleTree codec they use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MerkleBlock, PartialMerkleTree, Reader, Writer, bytesEqual, fromHex, merkleRoot, toDisplayHex, toHex } from '@ocean-ts/core';
import { TestNode, coinsOf, genesisCoins, spend } from './support/test-node.js';

const leaf = (i: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? i & 0xff : k === 1 ? i >> 8 : k === 31 ? 0x5a : 0));

function roundTrip(t: PartialMerkleTree): PartialMerkleTree {
  const w = new Writer();
  t.write(w);
  return PartialMerkleTree.read(new Reader(w.finish()));
}

test('PartialMerkleTree: the root and the matched leaves survive serialization (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(299), { maxLength: 12 }), (n, picks) => {
      const ids = Array.from({ length: n }, (_, i) => leaf(i));
      const match = ids.map((_, i) => picks.includes(i));
      const r = roundTrip(PartialMerkleTree.build(ids, match)).extractMatches();
      assert.ok(r);
      assert.ok(bytesEqual(r.root, merkleRoot(ids).root));
      const want = match.flatMap((m, i) => (m ? [i] : []));
      assert.deepEqual(r.indexes, want);
      assert.deepEqual(r.matches.map(toHex), want.map((i) => toHex(ids[i]!)));
    }),
    { numRuns: 150 },
  );
});

test('PartialMerkleTree: malformed proofs extract nothing', () => {
  const ids = Array.from({ length: 7 }, (_, i) => leaf(i));
  const good = PartialMerkleTree.build(ids, ids.map((_, i) => i === 3));
  const w = new Writer();
  good.write(w);
  const bytes = w.finish();
  // nTransactions 0
  const zero = bytes.slice();
  zero.set([0, 0, 0, 0], 0);
  assert.equal(PartialMerkleTree.read(new Reader(zero)).extractMatches(), undefined);
  // a hash too few: drop the last hash and fix the count
  const short = new Writer().u32le(7).compactSize(good.hashes.length - 1);
  for (const h of good.hashes.slice(0, -1)) short.bytes(h);
  const flagBytes = bytes.subarray(4 + 1 + 32 * good.hashes.length);
  short.bytes(flagBytes);
  assert.equal(PartialMerkleTree.read(new Reader(short.finish())).extractMatches(), undefined);
  // an extra unused flag byte
  const extra = new Writer().u32le(7).compactSize(good.hashes.length);
  for (const h of good.hashes) extra.bytes(h);
  const fb = flagBytes.subarray(1);
  extra.varBytes(Uint8Array.of(...fb, 0));
  assert.equal(PartialMerkleTree.read(new Reader(extra.finish())).extractMatches(), undefined);
  // CVE-2012-2459: duplicated children
  const dup = PartialMerkleTree.build([leaf(1), leaf(1)], [true, false]);
  assert.equal(dup.extractMatches(), undefined);
});

async function nodeWithBlock(txindex: boolean): Promise<{ node: TestNode; ids: string[] }> {
  const node = await TestNode.create({ txindex });
  const coins = genesisCoins(node.params);
  const a = spend([coins[0]!], 10_000n, 2);
  const b = spend([coins[1]!], 10_000n);
  const c = spend([coinsOf(a)[0]!, coinsOf(a)[1]!], 10_000n);
  for (const tx of [a, b, c]) await node.accept(tx);
  await node.generate(1);
  return { node, ids: [a.txidHex, b.txidHex, c.txidHex] };
}

test('gettxoutproof / verifytxoutproof: a proof of transactions with unspent outputs, of a given block, via txindex', async () => {
  const { node, ids } = await nodeWithBlock(true);
  const [a, b, c] = ids as [string, string, string];
  const blockHash = node.chain.tip.hashHex;
  const proof = (await node.call('gettxoutproof', [[b]])) as string;
  const mb = MerkleBlock.decodePrefix(fromHex(proof));
  assert.equal(toHex(mb.header.toBytes()), toHex(node.chain.getBlock(node.chain.tip.hash)!.header.toBytes()));
  assert.deepEqual(await node.call('verifytxoutproof', [proof]), [b]);
  // order of the proof = block order, whatever the order asked
  const both = (await node.call('gettxoutproof', [[c, b], blockHash])) as string;
  const order = node.chain.getBlock(node.chain.tip.hash)!.transactions.map((t) => t.txidHex).filter((id) => id === b || id === c);
  assert.deepEqual(await node.call('verifytxoutproof', [both]), order);
  // a has no unspent output (c spent both): found through the txindex
  assert.deepEqual(await node.call('verifytxoutproof', [(await node.call('gettxoutproof', [[a]])) as string]), [a]);
  // trailing bytes are ignored, like a CDataStream read
  assert.deepEqual(await node.call('verifytxoutproof', [proof + '00']), [b]);
});

test('gettxoutproof: Core 0.14 errors', async () => {
  const { node, ids } = await nodeWithBlock(false);
  const [a, b] = ids as [string, string];
  assert.deepEqual(await node.callError('gettxoutproof', [['zz']]), { code: -8, message: 'Invalid txid zz' });
  assert.deepEqual(await node.callError('gettxoutproof', [[b, b]]), { code: -8, message: `Invalid parameter, duplicated txid: ${b}` });
  assert.deepEqual(await node.callError('gettxoutproof', [b]), { code: -1, message: 'JSON value is not an array as expected' });
  // without -txindex a fully spent transaction cannot be found
  assert.deepEqual(await node.callError('gettxoutproof', [[a]]), { code: -5, message: 'Transaction not yet in block' });
  // … unless the block is named
  assert.deepEqual(await node.call('verifytxoutproof', [(await node.call('gettxoutproof', [[a], node.chain.tip.hashHex])) as string]), [a]);
  assert.deepEqual(await node.callError('gettxoutproof', [[b], '11'.repeat(32)]), { code: -5, message: 'Block not found' });
  const genesis = toDisplayHex(node.params.genesisHash);
  assert.deepEqual(await node.callError('gettxoutproof', [[b], genesis]), { code: -5, message: '(Not all) transactions not found in specified block' });
  const pending = spend([genesisCoins(node.params)[5]!], 10_000n);
  await node.accept(pending);
  assert.deepEqual(await node.callError('gettxoutproof', [[pending.txidHex]]), { code: -5, message: 'Transaction not yet in block' });
  assert.deepEqual(await node.callError('gettxoutproof', [[]]), { code: -5, message: 'Transaction not yet in block' });
});

test('verifytxoutproof: invalid proofs, proofs of blocks off the active chain, bad input', async () => {
  const { node, ids } = await nodeWithBlock(true);
  const proof = (await node.call('gettxoutproof', [[ids[1]!]])) as string;
  const bytes = fromHex(proof);
  // corrupt a hash inside the tree: the root no longer matches → empty result
  const bad = bytes.slice();
  bad[bad.length - 10]! ^= 1;
  assert.deepEqual(await node.call('verifytxoutproof', [toHex(bad)]), []);
  assert.deepEqual(await node.callError('verifytxoutproof', ['zz']), { code: -8, message: "proof must be hexadecimal string (not 'zz')" });
  assert.deepEqual(await node.callError('verifytxoutproof', [toHex(bytes.subarray(0, 100))]), { code: -1, message: 'CDataStream::read(): end of data: iostream error' });
  await node.call('invalidateblock', [node.chain.tip.hashHex]);
  assert.deepEqual(await node.callError('verifytxoutproof', [proof]), { code: -5, message: 'Block not found in chain' });
});
