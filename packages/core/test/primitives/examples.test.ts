import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Block, BlockHeader, Transaction, fastMerkleRoot, merkleRoot, fromHex, toHex, toDisplayHex, findWitnessCommitmentIndex, witnessCommitment } from '../../src/index.js';
import { exampleHexBlock } from '../support/vectors.js';

const leaf = (i: number) => {
  const b = new Uint8Array(32);
  b[0] = i;
  return b;
};

test('fast Merkle and Bitcoin Merkle check values (serialization §5.2)', () => {
  const leaves = [leaf(1), leaf(2), leaf(3)];
  assert.equal(toDisplayHex(fastMerkleRoot(leaves)), '14fdbb4c82dbf432a7af51b0a9a94a95ea31c9dbd579d5f623eb798e7c8bb9ce');
  assert.equal(toDisplayHex(merkleRoot(leaves).root), 'e9ffb584c62449f157c8be88257bd1eebb2d8ef824f5c86b43c4f8fd9e800d6a');
  assert.equal(toHex(fastMerkleRoot([])), '00'.repeat(32));
  assert.equal(toHex(fastMerkleRoot([leaf(7)])), toHex(leaf(7)));
  assert.equal(merkleRoot([leaf(1), leaf(1)]).mutated, true);
  assert.equal(merkleRoot([leaf(1), leaf(2), leaf(3)]).mutated, false);
});

test('functional-test genesis block decodes, re-encodes and hashes (examples §1)', () => {
  const hex = exampleHexBlock('Complete genesis block, network serialization');
  const bytes = fromHex(hex);
  assert.equal(bytes.length, 4940);
  const block = Block.decode(bytes);
  assert.equal(toHex(block.toBytes()), hex);
  assert.equal(block.header.hashHex, 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b');
  assert.equal(block.transactions.length, 2);
  assert.equal(block.transactions[0]!.txidHex, '3a507fff1b4951f8bee049d51f423a16f47537244abeebfee7940b662592e402');
  assert.equal(block.transactions[1]!.txidHex, 'c858de347d97bd78cfa328acb750061e6a855c6c32fec22d7f6fa5599a15f972');
  assert.equal(block.transactions[0]!.size, 130);
  assert.equal(block.transactions[1]!.size, 4634);
  assert.equal(block.header.toBytes(false).length, 174);
  assert.equal(toDisplayHex(block.computeMerkleRoot().root), 'ba316e572b4af299f15360ef924d33df15f6bb94331e7286fed3977154949b8e');
  const issuance = block.transactions[1]!.inputs[0]!;
  assert.equal(issuance.prevout.index, 0);
  assert.equal(issuance.serializedIndex, 0x80000000);
  assert.equal(issuance.issuance.amount.amount, 2_100_000_000_000_000n);
  assert.equal(block.transactions[1]!.outputs.length, 100);
  assert.equal(block.transactions[1]!.outputs[0]!.asset.idHex, 'a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a');
});

test('block 1 of the functional-test chain (examples §2)', () => {
  const hex = exampleHexBlock('Produced by `generate 1`');
  const block = Block.decode(fromHex(hex));
  assert.equal(toHex(block.toBytes()), hex);
  assert.equal(block.size, 399);
  assert.equal(block.strippedSize, 358);
  assert.equal(block.weight, 1473);
  assert.equal(block.header.hashHex, '72609a454e2a4a664ab707ddd75d4c625cebc446cd1c76a09fc2e11b31af7096');
  const cb = block.transactions[0]!;
  assert.equal(cb.txidHex, 'd602422478229eb2ff7226cee01e2ccd4b97815005d21fc06694fae3d26a955f');
  assert.equal(cb.isCoinbase, true);
  assert.equal(block.header.height, 1);
  const idx = findWitnessCommitmentIndex(cb);
  assert.equal(idx, 1);
  const nonce = cb.inWitness[0]!.scriptWitness[0]!;
  assert.equal(toHex(witnessCommitment(block.computeWitnessRoot(), nonce)), '94f15ed3a62165e4a0b99699cc28b48e19cb5bc1b1f47155db62d63f1e047d45');
  assert.equal(toHex(cb.outputs[1]!.scriptPubKey.subarray(6)), '94f15ed3a62165e4a0b99699cc28b48e19cb5bc1b1f47155db62d63f1e047d45');
});

test('synthetic TX1 / TX2 hashes, witness hash and weight (examples §3)', () => {
  const tx1hex = exampleHexBlock('TX1: version 2');
  const tx1 = Transaction.decode(fromHex(tx1hex));
  assert.equal(toHex(tx1.toBytes()), tx1hex);
  assert.equal(tx1.txidHex, '4b4c2ad0375d0389403b0db34f71d9cd131b1559216cb5668f56bb28cfbae892');
  assert.equal(toDisplayHex(tx1.hash), '4b4c2ad0375d0389403b0db34f71d9cd131b1559216cb5668f56bb28cfbae892');
  assert.equal(toDisplayHex(tx1.witnessHash), '76471410a23ca404105225a367fbafa7f9ee19fe74dad3b38f8d970bfeb90f10');
  assert.equal(tx1.inputs[0]!.prevout.index, 3);
  assert.equal(tx1.inputs[0]!.hasIssuance, true);
  assert.equal(tx1.outputs[1]!.isFee, true);

  const tx2hex = exampleHexBlock('TX2 = TX1 plus input-1 script witness');
  const tx2 = Transaction.decode(fromHex(tx2hex));
  assert.equal(toHex(tx2.toBytes()), tx2hex);
  assert.equal(tx2.txidHex, tx1.txidHex);
  assert.equal(toDisplayHex(tx2.hash), 'fbaeac0b789bfd5b202e6a36f7833221beef8d42827da008d1c11a42bddafc06');
  assert.equal(toDisplayHex(tx2.witnessHash), '263578b43d12fe4b9bef7691d46bd0ba77e87715776b1a9f82964579495bd1d2');
  assert.equal(tx2.weight, 1079);
});

test('issuance, payment and peg-in transactions decode byte-exactly (examples §4, §5, §7)', () => {
  const cases: [string, string | null][] = [
    ['`issueasset 100 1 false` produced', '7dc5449a59cbfabdaac1f3184985325f14f8ae4885c0f5539a4e141f83778938'],
    ['`sendtoaddress <addr> 1` → txid', '7dac1301dab6cf510c4c201cc39d05920d9636825f66ab558c8cd42595522e3d'],
    ['`sendtoaddress` spending output 1', 'a416b09859871546b28d5c8c40682c358586976b6f854ebf96f85e907900649f'],
    ['A valid Ethereum peg-in claim', null],
  ];
  for (const [marker, txid] of cases) {
    const hex = exampleHexBlock(marker);
    const tx = Transaction.decode(fromHex(hex));
    assert.equal(toHex(tx.toBytes()), hex, marker);
    if (txid) assert.equal(tx.txidHex, txid, marker);
  }
  const pegin = Transaction.decode(fromHex(exampleHexBlock('A valid Ethereum peg-in claim')));
  assert.equal(pegin.inputs[0]!.isPegin, true);
  assert.equal(pegin.inputs[0]!.serializedIndex, 0x40000000);
  assert.equal(pegin.inWitness[0]!.peginWitness.length, 5);
});

test('signed block header (examples §6): solution excluded from the hash', () => {
  const hex = exampleHexBlock('* network header:');
  const h = BlockHeader.decode(fromHex(hex));
  assert.equal(toHex(h.toBytes()), hex);
  assert.equal(h.hashHex, '56000fe7478069fccf8153f5aa81a949e712041e11d3d320771f451f3f3f1b9a');
  assert.equal(h.withSolution(new Uint8Array(0)).hashHex, h.hashHex);
  assert.equal(h.version, 0x20000000);
  assert.equal(h.height, 1);
});

test('empty Ocean transaction is 11 bytes (vectors README)', () => {
  const tx = Transaction.decode(fromHex('0100000000000000000000'));
  assert.equal(tx.txidHex, '31215b19260474d41c0627778e2ccf5a3974551ca396e2a9bb9dea5209251061');
});
