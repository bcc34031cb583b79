import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Block, fromHex, toHex } from '@ocean-ts/core';
import { CompactBlockMessage, FrameDecoder, OCEAN_MAGIC, frameMessage } from '../src/index.js';
import { referenceSipHash24 } from './support/siphash-reference.js';
import { readJson } from './support/vectors.js';

interface CorpusBlock {
  chain: string;
  height: number;
  hash: string;
  hex: string;
  getblock: { tx: string[] };
  getblockheader_hex: string;
}
interface CorpusTx {
  txid: string;
  decoderawtransaction: { hash: string };
}
const blocks = readJson<{ blocks: CorpusBlock[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;
const txs = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
const fullHashOf = new Map(txs.map((t) => [t.txid, t.decoderawtransaction.hash]));

/**
 * Short ids recomputed without the package: SHA256 (node:crypto) of the header bytes exactly as the
 * original's `getblockheader false` returned them (challenge and solution) and the LE nonce; k0/k1
 * the first two LE words; SipHash-2-4 (plain bigint version) of the hash given by the original
 * (display hex reversed to internal order); low 48 bits.
 */
function independentShortIds(b: CorpusBlock, nonce: bigint, v2: boolean): bigint[] {
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(nonce);
  const digest = createHash('sha256').update(Buffer.concat([Buffer.from(b.getblockheader_hex, 'hex'), n])).digest();
  const k0 = digest.readBigUInt64LE(0);
  const k1 = digest.readBigUInt64LE(8);
  return b.getblock.tx.slice(1).map((txid) => {
    const display = v2 ? fullHashOf.get(txid)! : txid;
    const internal = Uint8Array.from(Buffer.from(display, 'hex').reverse());
    return referenceSipHash24(k0, k1, internal) & ((1n << 48n) - 1n);
  });
}

// a confidential block (witness hashes differ from txids) and a signed block (solution in the header)
const picked = [blocks.find((b) => b.chain === 'rt-ct' && b.height === 5)!, blocks.find((b) => b.chain === 'rt-signed' && b.height === 4)!];

for (const b of picked) {
  for (const v2 of [false, true]) {
    test(`cmpctblock of corpus ${b.chain} #${b.height}, version ${v2 ? 2 : 1}: short ids recomputed independently`, () => {
      const block = Block.decode(fromHex(b.hex));
      const nonce = 0x8877665544332211n ^ BigInt(b.height);
      const cmpct = CompactBlockMessage.fromBlock(block, nonce, v2);
      const want = independentShortIds(b, nonce, v2);
      assert.equal(want.length, b.getblock.tx.length - 1);
      assert.deepEqual(cmpct.shortIds, want);
      if (v2 && b.chain === 'rt-ct') {
        // the two versions really differ on a block with witness data
        assert.notDeepEqual(want, independentShortIds(b, nonce, false));
      }
      // the coinbase is prefilled at index 0, in the version's serialization
      assert.equal(cmpct.prefilled.length, 1);
      assert.equal(cmpct.prefilled[0]!.index, 0);
      const coinbase = txs.find((t) => t.txid === b.getblock.tx[0])!;
      // wire layout: header (network form) | nonce | count | ids | 01 | 00 | coinbase
      const bytes = cmpct.encode();
      const headerHex = b.getblockheader_hex;
      assert.equal(toHex(bytes.subarray(0, headerHex.length / 2)), headerHex);
      const coinbaseBytes = block.transactions[0]!.toBytes(v2);
      assert.equal(toHex(bytes.subarray(bytes.length - coinbaseBytes.length)), toHex(coinbaseBytes));
      assert.equal(toHex(block.transactions[0]!.txid.slice().reverse()), coinbase.txid);
      // through a frame and back
      const events = new FrameDecoder(OCEAN_MAGIC).push(frameMessage(OCEAN_MAGIC, cmpct));
      assert.ok(events[0]!.type === 'message');
      const back = CompactBlockMessage.decode(events[0]!.payload);
      assert.deepEqual(back.shortIds, want);
      assert.equal(back.header.hashHex, b.hash);
      // the receiver finds every non-coinbase transaction by its short id
      for (const tx of block.transactions.slice(1)) assert.ok(back.shortIds.includes(back.shortIdOf(v2 ? tx.hash : tx.txid)));
    });
  }
}
