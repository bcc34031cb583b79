import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainParams } from '../../src/chain/chain-params.js';
import { fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { Block } from '../../src/primitives/block.js';
import { readJson } from '../support/vectors.js';
import { corpusChains, nodeParams, type CorpusChain } from './corpus-support.js';

interface ChainRecord extends CorpusChain {
  genesis_hash: string;
  genesis_hex: string;
  getblockchaininfo: { chain: string; blocks: number; bip9_softforks: Record<string, { startTime: number; timeout: number }> };
  dumpassetlabels: Record<string, string>;
  getsidechaininfo: { fedpegscript: string; pegged_asset: string; parent_blockhash: string; addr_prefixes: Record<string, number> };
  getcontract?: { contract: string };
  getcontracthash_0?: string;
  getcontracthash_tip?: string;
  getmappinghash_tip?: string;
}

const chains = corpusChains() as ChainRecord[];
const chainFiles = readJson<{ chains: Record<string, Record<string, string>> }>('vectors', 'ocean-corpus', 'chain-files.json').chains;
const blocks = readJson<{ blocks: { chain: string; height: number; hash: string; hex: string }[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;

/** The index node's parameters, with its files taken from chain-files.json. */
function indexParams(c: ChainRecord): ChainParams {
  const index = c.nodes.find((n) => n.name === c.index_node)!;
  return nodeParams({ ...index, files: chainFiles[c.id]! });
}

assert.equal(chains.length, 6);

for (const c of chains) {
  test(`corpus chain ${c.id}: genesis, labels, side-chain info and contract hashes`, () => {
    const index = c.nodes.find((n) => n.name === c.index_node)!;
    assert.deepEqual(index.files, chainFiles[c.id]);
    const params = indexParams(c);
    assert.equal(params.name, c.chain);
    assert.equal(params.name, c.getblockchaininfo.chain);
    assert.equal(params.dataDirName, c.chain);

    // genesis, byte for byte
    assert.equal(toDisplayHex(params.genesisHash), c.genesis_hash);
    assert.equal(toHex(params.genesisBlock.toBytes()), c.genesis_hex);
    assert.equal(toHex(Block.decode(fromHex(c.genesis_hex)).toBytes()), c.genesis_hex);

    // labels, in any order
    assert.deepEqual(params.assetLabels.toRecord(), c.dumpassetlabels);
    for (const [label, hex] of Object.entries(c.dumpassetlabels)) {
      assert.equal(toDisplayHex(params.assetLabels.assetFor(label)!), hex);
      assert.equal(params.assetLabels.labelFor(params.assetLabels.assetFor(label)!), label);
    }

    // getsidechaininfo
    const sc = c.getsidechaininfo;
    assert.equal(toDisplayHex(params.peggedAsset), sc.pegged_asset);
    assert.equal(toDisplayHex(params.consensus.parentGenesisBlockHash), sc.parent_blockhash);
    assert.equal(toHex(params.consensus.fedpegScript), sc.fedpegscript);
    assert.deepEqual(sc.addr_prefixes, {
      PUBKEY_ADDRESS: params.base58.pubkeyAddress,
      BLINDED_ADDRESS: params.base58.blindedAddress,
      SECRET_KEY: params.base58.secretKey,
      SCRIPT_ADDRESS: params.base58.scriptAddress,
    });

    // BIP9 deployments as getblockchaininfo reports them
    for (const name of ['csv', 'segwit'] as const) {
      const d = params.consensus.deployments[name];
      assert.equal(d.alwaysActive, true);
      assert.equal(Number(d.startTime), c.getblockchaininfo.bip9_softforks[name]!.startTime);
      assert.equal(Number(d.timeout), c.getblockchaininfo.bip9_softforks[name]!.timeout);
    }

    // contract hashes
    const tip = c.getblockchaininfo.blocks;
    if (c.getcontracthash_0 !== undefined) assert.equal(toDisplayHex(params.contractHashAt(0)), c.getcontracthash_0);
    if (c.getcontracthash_tip !== undefined) assert.equal(toDisplayHex(params.contractHashAt(tip)), c.getcontracthash_tip);
    if (c.getcontract !== undefined) assert.equal(params.contract.latestText, c.getcontract.contract);
    if (c.getmappinghash_tip !== undefined) assert.equal(toDisplayHex(params.mappingHash), c.getmappinghash_tip);

    // every node of the chain derives the same genesis
    for (const n of c.nodes) assert.equal(toDisplayHex(nodeParams(n).genesisHash), c.genesis_hash, n.name);
  });

  test(`corpus chain ${c.id}: block headers follow the contract, mapping, challenge and coinbase schedules`, () => {
    const params = indexParams(c);
    const chainBlocks = blocks.filter((b) => b.chain === c.id).sort((a, b) => a.height - b.height);
    assert.equal(chainBlocks.length, c.getblockchaininfo.blocks + 1);
    let parentChallenge = params.genesisBlock.header.challenge;
    for (const b of chainBlocks) {
      const block = Block.decode(fromHex(b.hex));
      assert.equal(block.header.hashHex, b.hash);
      if (b.height === 0) {
        assert.equal(b.hash, c.genesis_hash);
        continue;
      }
      const h = block.header;
      assert.equal(toHex(h.hashContract), toHex(params.contractHashAt(b.height)), `contract at ${b.height}`);
      assert.equal(toHex(h.hashMapping), toHex(params.mappingHash), `mapping at ${b.height}`);
      const challenge = params.consensus.challengeAt(b.height, parentChallenge);
      assert.equal(toHex(h.challenge), toHex(challenge), `challenge at ${b.height}`);
      parentChallenge = h.challenge;
      const mandatory = params.consensus.mandatoryCoinbaseAt(b.height);
      if (mandatory.length > 0) {
        for (const o of block.transactions[0]!.outputs) {
          if (o.value.isExplicit && o.value.amount === 0n) continue;
          assert.equal(toHex(o.scriptPubKey), toHex(mandatory), `coinbase destination at ${b.height}`);
        }
      }
    }
  });
}

test('corpus rt-signed: both schedules really change inside the recorded range', () => {
  const c = chains.find((x) => x.id === 'rt-signed')!;
  const params = nodeParams(c.nodes[0]!);
  const genesisChallenge = params.genesisBlock.header.challenge;
  assert.equal(toHex(params.consensus.challengeAt(21, genesisChallenge)), toHex(genesisChallenge));
  assert.notEqual(toHex(params.consensus.challengeAt(22, genesisChallenge)), toHex(genesisChallenge));
  assert.equal(toHex(params.consensus.mandatoryCoinbaseAt(12)), '76a9145bb834cfd94381a7f5dd68a83386ee4282f0f53188ac');
  assert.equal(toHex(params.consensus.mandatoryCoinbaseAt(13)), '76a914e340ea8d148bd25e109cb000d615522f1d6a9a2f88ac');
});
