import test from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  BlockHeader,
  OP,
  checkProof,
  fromDisplayHex,
  fromHex,
  getFee,
  loadNativeSecp256k1,
  toHex,
} from '@ocean-ts/core';
import { BlockAssembler, combineBlockSigs, isNonEmptyHex, signBlock, signBlockHash, type SigningKey } from '../../src/mining/index.js';
import { ancestorsOf, corpusBlocks, corpusChain, corpusParams, readText, tipOf } from './support/corpus.js';

const secp = loadNativeSecp256k1();
const ZERO32 = new Uint8Array(32);

function key(hex: string): SigningKey {
  return { privateKey: fromHex(hex) };
}

test('examples §6: 1-of-1 block signature and solution', () => {
  const challenge = fromHex('51210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179851ae');
  const header = new BlockHeader(0x20000000, fromDisplayHex('ab'.padStart(64, '0')), fromDisplayHex('cd'.padStart(64, '0')), ZERO32, ZERO32, ZERO32, 1514764801, 1, challenge, new Uint8Array(0));
  assert.equal(header.hashHex, '56000fe7478069fccf8153f5aa81a949e712041e11d3d320771f451f3f3f1b9a');
  const one = new Uint8Array(32);
  one[31] = 1;
  const sig = '3045022100cf401fc3d72c5575090dc995605b759040ecc3b4cefff6cb9285e884fbbf429e0220594054dfa740c0d9ab0703774ccf80a2f13e96aa2efe00316cb9d312622d471d';
  assert.equal(toHex(signBlockHash(header.hash, one, secp)), sig);
  const block = new Block(header, []);
  const fragment = signBlock(block, [{ privateKey: one }], secp);
  assert.equal(toHex(fragment), '0047' + sig);
  const { block: signed, complete } = combineBlockSigs(block, [toHex(fragment)], ZERO32, secp);
  assert.ok(complete);
  assert.equal(toHex(signed.header.solution), '0047' + sig);
  assert.equal(signed.hash.toString(), header.hash.toString());
  const text = readText('spec', 'ocean-core-examples.md');
  const at = text.indexOf('* network header:');
  const s = text.indexOf('```', at);
  assert.equal(toHex(signed.header.toBytes()), text.slice(s + 3, text.indexOf('```', s + 3)).replace(/\s+/g, ''));
});

const chain = corpusChain('rt-signed');
const keys = Object.fromEntries(Object.entries(chain.keys!).map(([k, v]) => [k, key(v.privkey_hex)]));
const params = corpusParams('rt-signed');
const blocks = corpusBlocks('rt-signed');
const assembler = new BlockAssembler(params);

function unsignedAt(h: number): Block {
  const cur = blocks[h]!;
  return assembler.createNewBlock({
    tip: tipOf(blocks[h - 1]!),
    ancestors: ancestorsOf(blocks),
    now: cur.time,
    coinbaseScript: assembler.coinbaseDestination(h, Uint8Array.of(OP.OP_TRUE)),
    extraNonce: 1,
    source: { candidates: () => cur.block.transactions.slice(1).map((tx) => ({ tx, fees: getFee(tx), sigOpCost: 0 })) },
  }).block;
}

const HEIGHTS = blocks.slice(1).map((b) => b.height);

test('rt-signed: two of three signers combine to the original solution (2-of-3 before 22, 1-of-2 after)', () => {
  for (const h of HEIGHTS) {
    const block = unsignedAt(h);
    const signers = h < 22 ? [keys['s1']!, keys['s2']!, keys['s3']!] : [keys['s4']!, keys['s5']!];
    const fragments = signers.map((k) => toHex(signBlock(block, [k], secp)));
    for (const f of fragments) assert.match(f, /^00(46|47|48)30/);
    const { block: all, complete } = combineBlockSigs(block, fragments, params.genesisHash, secp);
    assert.ok(complete, `complete at ${h}`);
    assert.ok(checkProof(all.header, params.genesisHash, secp));
    // Deterministic RFC6979 signatures: exactly one choice of the required signers reproduces the
    // solution the original nodes produced (which signers took part varied per round).
    const required = h < 22 ? 2 : 1;
    const subsets = required === 2 ? [[0, 1], [0, 2], [1, 2]] : [[0], [1]];
    const matches = subsets
      .map((idx) => combineBlockSigs(block, idx.map((i) => fragments[i]!), params.genesisHash, secp))
      .filter((r) => r.complete && toHex(r.block.header.solution) === toHex(blocks[h]!.block.header.solution));
    assert.equal(matches.length, 1, `solution at ${h}`);
    const signed = matches[0]!.block;
    assert.equal(toHex(signed.toBytes()), toHex(blocks[h]!.block.toBytes()), `block at ${h}`);
  }
});

test('rt-signed: one signer of 2-of-3 is incomplete; partial is OP_0 <sig> OP_0; the second completes it', () => {
  const block = unsignedAt(4);
  const f1 = toHex(signBlock(block, [keys['s2']!], secp));
  const one = combineBlockSigs(block, [f1], params.genesisHash, secp);
  assert.equal(one.complete, false);
  assert.equal(toHex(one.block.header.solution), f1 + '00');
  assert.equal(checkProof(one.block.header, params.genesisHash, secp), false);
  const f2 = toHex(signBlock(block, [keys['s3']!], secp));
  const two = combineBlockSigs(one.block, [f2], params.genesisHash, secp);
  assert.ok(two.complete);
  assert.equal(toHex(two.block.header.solution), '00' + f1.slice(2) + f2.slice(2));
});

test('rt-signed: a wrong key signs nothing useful; never complete', () => {
  const block = unsignedAt(5);
  const wrong = key('11'.repeat(32));
  assert.equal(toHex(signBlock(block, [wrong], secp)), '00'); // multisig: only the OP_0 dummy
  const forged = '0047' + toHex(signBlockHash(block.hash, wrong.privateKey, secp));
  const r = combineBlockSigs(block, [forged, toHex(signBlock(block, [keys['s1']!], secp))], params.genesisHash, secp);
  assert.equal(r.complete, false);
  // The forged signature matched no key and was dropped.
  assert.equal(r.block.header.solution.length, 1 + 1 + signBlockHash(block.hash, keys['s1']!.privateKey, secp).length + 1);
  // A key of the post-22 challenge is wrong before 22.
  assert.equal(combineBlockSigs(block, [toHex(signBlock(block, [keys['s4']!, keys['s5']!], secp))], params.genesisHash, secp).complete, false);
});

test('rt-signed: fragments in any order combine to the same solution; junk skipped; early completion', () => {
  const block = unsignedAt(9);
  const f = ['s1', 's2', 's3'].map((k) => toHex(signBlock(block, [keys[k]!], secp)));
  // Any order of the same two fragments gives the same solution, junk entries skipped.
  for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
    const x = combineBlockSigs(block, ['', 'zz', 'abc', f[a]!, f[b]!], params.genesisHash, secp);
    const y = combineBlockSigs(block, [f[b]!, 'zz', f[a]!], params.genesisHash, secp);
    assert.ok(x.complete && y.complete);
    assert.equal(toHex(x.block.header.solution), toHex(y.block.header.solution));
  }
  // With more fragments than needed the original returns as soon as the proof passes: the first
  // two fragments given decide, ordered by key.
  const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  for (const o of orders) {
    const r = combineBlockSigs(block, o.map((i) => f[i]!), params.genesisHash, secp);
    const [p, q] = [o[0]!, o[1]!].sort();
    assert.equal(toHex(r.block.header.solution), '00' + f[p!]!.slice(2) + f[q!]!.slice(2));
  }
  // Each pair gives keys in challenge order, hence (s1,s2) (s1,s3) (s2,s3).
  const pair = (a: number, b: number) => toHex(combineBlockSigs(block, [f[b]!, f[a]!], params.genesisHash, secp).block.header.solution);
  assert.equal(pair(0, 2), '00' + f[0]!.slice(2) + f[2]!.slice(2));
  assert.equal(pair(1, 2), '00' + f[1]!.slice(2) + f[2]!.slice(2));
  assert.equal(combineBlockSigs(block, [], params.genesisHash, secp).complete, false);
  assert.ok(!isNonEmptyHex('') && !isNonEmptyHex('0') && isNonEmptyHex('00'));
});

test('signBlock with all keys stops at the required count, in key order', () => {
  const block = unsignedAt(3);
  const all = toHex(signBlock(block, [keys['s3']!, keys['s2']!, keys['s1']!], secp));
  const s1 = toHex(signBlock(block, [keys['s1']!], secp)).slice(2);
  const s2 = toHex(signBlock(block, [keys['s2']!], secp)).slice(2);
  assert.equal(all, '00' + s1 + s2);
  assert.ok(combineBlockSigs(block, [all], params.genesisHash, secp).complete);
});

function withChallenge(block: Block, challenge: Uint8Array): Block {
  const h = block.header;
  return new Block(new BlockHeader(h.version, h.prevBlockHash, h.merkleRoot, h.hashContract, h.hashAttestation, h.hashMapping, h.time, h.height, challenge, new Uint8Array(0)), block.transactions);
}

test('pay-to-pubkey-hash, pay-to-pubkey and OP_TRUE challenges', () => {
  const base = unsignedAt(2);
  const k = keys['s1']!;
  const pub = secp.publicKeyCreate(k.privateKey, true);
  const p2pkh = withChallenge(base, fromHex(chain.keys!['s1']!.p2pkh_script ?? ''));
  const frag = signBlock(p2pkh, [keys['s2']!, k], secp);
  assert.ok(toHex(frag).endsWith('21' + toHex(pub)));
  assert.equal(signBlock(p2pkh, [keys['s2']!], secp).length, 0);
  assert.ok(combineBlockSigs(p2pkh, ['', toHex(frag)], params.genesisHash, secp).complete);

  const p2pk = withChallenge(base, fromHex('21' + toHex(pub) + 'ac'));
  const f2 = signBlock(p2pk, [k], secp);
  const r = combineBlockSigs(p2pk, [toHex(f2)], params.genesisHash, secp);
  assert.ok(r.complete);
  assert.equal(toHex(r.block.header.solution), toHex(f2));

  const optrue = withChallenge(base, Uint8Array.of(OP.OP_TRUE));
  assert.equal(signBlock(optrue, [k], secp).length, 0);
  const t = combineBlockSigs(optrue, ['00'], params.genesisHash, secp);
  assert.ok(t.complete);
  assert.equal(t.block.header.solution.length, 0);
});
