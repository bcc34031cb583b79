import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOOM_UPDATE_ALL, Block, BloomFilter, filteredMerkleBlock, fromHex, toHex } from '@ocean-ts/core';
import { FilterLoadMessage, MerkleBlockMessage, decodeMessage } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared');

test('filterload carries a BloomFilter byte for byte (Core bloom_create_insert_serialize payload)', () => {
  const f = BloomFilter.create(3, 0.01, 0, BLOOM_UPDATE_ALL);
  for (const h of ['99108ad8ed9bb6274d3980bab5a85c048f0950c8', 'b5a2c786d9ef4658287ced5914b37a1b4aa32eee', 'b9300670b4c5366e95b2699e8b18bc75e5f729c5']) f.insert(fromHex(h));
  const m = FilterLoadMessage.fromFilter(f);
  assert.equal(toHex(m.encode()), '03614e9b050000000000000001');
  const back = (decodeMessage('filterload', m.encode()) as FilterLoadMessage).toFilter();
  assert.equal(toHex(back.toBytes()), toHex(f.toBytes()));
  assert.ok(back.contains(fromHex('b5a2c786d9ef4658287ced5914b37a1b4aa32eee')));
  assert.ok(!back.isEmpty && !back.isFull);
});

test('merkleblock of a filtered corpus block round-trips and its partial tree verifies', () => {
  const blocks = (JSON.parse(readFileSync(join(SHARED, 'vectors', 'ocean-corpus', 'blocks.json'), 'utf8')) as { blocks: { hex: string }[] }).blocks;
  const block = blocks.map((b) => Block.decode(fromHex(b.hex))).find((b) => b.transactions.length >= 3)!;
  const f = BloomFilter.create(5, 0.0001, 9, BLOOM_UPDATE_ALL);
  f.insert(block.transactions[2]!.txid);
  const { merkleBlock, matched } = filteredMerkleBlock(block, f);
  assert.deepEqual(
    matched.map((m) => m.index),
    [2],
  );
  const decoded = decodeMessage('merkleblock', new MerkleBlockMessage(merkleBlock).encode()) as MerkleBlockMessage;
  assert.equal(toHex(decoded.merkleBlock.header.hash), toHex(block.hash));
  const x = decoded.merkleBlock.tree.extractMatches()!;
  assert.equal(toHex(x.root), toHex(block.header.merkleRoot));
  assert.deepEqual(x.indexes, [2]);
});
