import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Block, Transaction, fromHex, toHex, toDisplayHex } from '../../src/index.js';
import { readJson } from '../support/vectors.js';

interface CorpusTx {
  chain: string;
  txid: string;
  hex: string;
  decoderawtransaction: { txid: string; hash: string; withash: string; size: number; vsize: number; version: number; locktime: number };
}
interface CorpusBlock {
  chain: string;
  height: number;
  hash: string;
  hex: string;
  getblock: { size: number; strippedsize?: number; weight: number; merkleroot: string; tx: string[] };
  getblockheader_hex: string;
}

const txs = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
const blocks = readJson<{ blocks: CorpusBlock[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;

test(`every corpus transaction (${txs.length}) round-trips with the original's txid / hash / withash / size`, () => {
  assert.ok(txs.length >= 399);
  for (const t of txs) {
    const tx = Transaction.decode(fromHex(t.hex));
    const d = t.decoderawtransaction;
    assert.equal(toHex(tx.toBytes()), t.hex, t.txid);
    assert.equal(tx.txidHex, t.txid);
    assert.equal(toDisplayHex(tx.hash), d.hash, t.txid);
    assert.equal(toDisplayHex(tx.witnessHash), d.withash, t.txid);
    assert.equal(tx.size, d.size, t.txid);
    assert.equal(tx.virtualSize(), d.vsize, t.txid);
    assert.equal(tx.version, d.version);
    assert.equal(tx.locktime, d.locktime);
  }
});

test(`every corpus block (${blocks.length}) round-trips with the original's hash, Merkle root, size and weight`, () => {
  assert.ok(blocks.length >= 141);
  for (const b of blocks) {
    const block = Block.decode(fromHex(b.hex));
    assert.equal(toHex(block.toBytes()), b.hex, b.hash);
    assert.equal(block.header.hashHex, b.hash);
    assert.equal(toHex(block.header.toBytes()), b.getblockheader_hex, b.hash);
    assert.equal(block.size, b.getblock.size, b.hash);
    assert.equal(block.weight, b.getblock.weight, b.hash);
    if (b.getblock.strippedsize !== undefined) assert.equal(block.strippedSize, b.getblock.strippedsize);
    assert.equal(toDisplayHex(block.computeMerkleRoot().root), b.getblock.merkleroot);
    assert.deepEqual(block.transactions.map((t) => t.txidHex), b.getblock.tx);
  }
});
