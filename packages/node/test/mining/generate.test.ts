import test from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams, checkProof, contextualCheckBlock, fromHex, loadNativeSecp256k1, toDisplayHex, toHex, type Block } from '@ocean-ts/core';
import {
  BlockAssembler,
  EMPTY_TEMPLATE_SOURCE,
  ExtraNonce,
  GenerateError,
  SIGNED_CHAIN_GENERATE_MESSAGE,
  generateBlocks,
  isTrivialChallenge,
  type AncestorInfo,
  type GenerateHost,
  type TipInfo,
} from '../../src/mining/index.js';
import { corpusParams } from './support/corpus.js';

const secp = loadNativeSecp256k1();

/** A toy chain host: blocks are checked with the context checks and the proof, then appended. */
class MemoryHost implements GenerateHost {
  readonly blocks: { block: Block; mtp: number }[] = [];
  accept = true;
  clock: number;
  constructor(readonly params: ChainParams) {
    const g = params.genesisBlock;
    this.blocks.push({ block: g, mtp: g.header.time });
    this.clock = g.header.time;
  }
  private mtpAfter(): number {
    const times = this.blocks.slice(-11).map((b) => b.block.header.time).sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }
  tip(): TipInfo {
    const last = this.blocks[this.blocks.length - 1]!;
    return { height: this.blocks.length - 1, hash: last.block.hash, time: last.block.header.time, medianTimePast: last.mtp, challenge: last.block.header.challenge };
  }
  ancestors() {
    return { ancestorAt: (h: number): AncestorInfo => ({ version: this.blocks[h]!.block.header.version, medianTimePast: this.blocks[h]!.mtp }) };
  }
  templateSource() {
    return EMPTY_TEMPLATE_SOURCE;
  }
  now(): number {
    return this.clock;
  }
  async processNewBlock(block: Block): Promise<boolean> {
    if (!this.accept) return false;
    const tip = this.tip();
    if (contextualCheckBlock(block, { prevHeight: tip.height, medianTimePast: tip.medianTimePast }) !== null) return false;
    if (!checkProof(block.header, this.params.genesisHash, secp)) return false;
    this.blocks.push({ block, mtp: 0 });
    this.blocks[this.blocks.length - 1]!.mtp = this.mtpAfter();
    return true;
  }
}

const P2PKH = fromHex('76a914' + '22'.repeat(20) + '88ac');

test('generate on an OP_TRUE chain: n blocks, extra nonce 1 on each new tip, heights and hashes', async () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  const host = new MemoryHost(params);
  const hashes = await generateBlocks(5, () => P2PKH, new BlockAssembler(params), host, secp);
  assert.equal(hashes.length, 5);
  assert.equal(host.blocks.length, 6);
  host.blocks.slice(1).forEach(({ block }, i) => {
    assert.equal(hashes[i], toDisplayHex(block.hash));
    assert.equal(block.header.height, i + 1);
    assert.ok(toHex(block.transactions[0]!.inputs[0]!.scriptSig).endsWith('0101'));
    assert.equal(block.header.solution.length, 0);
  });
});

test('generate: 0 blocks → []; block not accepted → -32603', async () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  const host = new MemoryHost(params);
  assert.deepEqual(await generateBlocks(0, () => P2PKH, new BlockAssembler(params), host, secp), []);
  host.accept = false;
  await assert.rejects(generateBlocks(1, () => P2PKH, new BlockAssembler(params), host, secp), (e: unknown) => e instanceof GenerateError && e.code === -32603 && e.message === 'ProcessNewBlock, block not accepted');
});

test('generate on a block-signature chain fails with -32601', async () => {
  const params = corpusParams('rt-signed');
  assert.equal(isTrivialChallenge(params.consensus.genesisChallenge), false);
  const host = new MemoryHost(params);
  await assert.rejects(generateBlocks(1, () => P2PKH, new BlockAssembler(params), host, secp), (e: unknown) => e instanceof GenerateError && e.code === -32601 && e.message === SIGNED_CHAIN_GENERATE_MESSAGE);
  assert.equal(host.blocks.length, 1);
});

test('coinbase destination: the mandatory script for the height wins over the fallback', () => {
  const a = new BlockAssembler(corpusParams('rt-signed'));
  assert.equal(toHex(a.coinbaseDestination(12, P2PKH)), '76a9145bb834cfd94381a7f5dd68a83386ee4282f0f53188ac');
  assert.equal(toHex(a.coinbaseDestination(13, P2PKH)), '76a914e340ea8d148bd25e109cb000d615522f1d6a9a2f88ac');
  assert.equal(toHex(new BlockAssembler(ChainParams.fromOptionValues({ regtest: '1' })).coinbaseDestination(5, P2PKH)), toHex(P2PKH));
});

test('ExtraNonce resets when the previous block changes', () => {
  const n = new ExtraNonce();
  const a = new Uint8Array(32).fill(1);
  const b = new Uint8Array(32).fill(2);
  assert.deepEqual([n.next(a), n.next(a), n.next(b), n.next(a)], [1, 2, 1, 1]);
});

test('generated blocks carry the versionbits version: 0x30000000 from 144 to 431', async () => {
  const params = ChainParams.fromOptionValues({ regtest: '1' });
  const host = new MemoryHost(params);
  await generateBlocks(440, () => P2PKH, new BlockAssembler(params), host, secp);
  const v = (h: number) => host.blocks[h]!.block.header.version;
  assert.deepEqual([v(1), v(143), v(144), v(431), v(432), v(440)], [0x20000000, 0x20000000, 0x30000000, 0x30000000, 0x20000000, 0x20000000]);
});
