import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import { isAllExplicit } from '../../src/consensus/amounts.js';
import { CHAIN_IDS, corpusChain } from './support/corpus.js';
import { ChainReplay } from './support/replay.js';
import { counting, type Counts } from './support/counting.js';
import { OpReader } from '../../src/script/op-reader.js';
import { ChainParams } from '../../src/chain/chain-params.js';
import { OptionValues } from '../../src/chain/option-values.js';
import { readJson } from '../support/vectors.js';

/** A DER signature followed by a sighash byte (what a signed input pushes). */
function looksLikeTxSignature(b: Uint8Array): boolean {
  return b.length >= 9 && b.length <= 74 && b[0] === 0x30 && b[1] === b.length - 3;
}

function signaturesIn(scriptSig: Uint8Array, witness: readonly Uint8Array[]): number {
  let n = witness.filter(looksLikeTxSignature).length;
  const r = new OpReader(scriptSig);
  while (r.next()) if (looksLikeTxSignature(r.data)) n++;
  return n;
}

const secp = loadNativeSecp256k1();
const zkp = await ZkpConfidentialVerifier.create();

/** What the chain contains, counted independently of the checks. */
function census(id: string) {
  const chain = corpusChain(id);
  let inputs = 0;
  let signatures = 0;
  let committedValues = 0;
  let committedAssets = 0;
  let committedIssuances = 0;
  let blindedReissuances = 0;
  let confidentialTxs = 0;
  let pegins = 0;
  for (const { block, height } of chain.blocks) {
    if (height === 0) continue;
    for (const tx of block.transactions) {
      if (tx.isCoinbase) continue;
      inputs += tx.inputs.length;
      tx.inputs.forEach((i, k) => (signatures += signaturesIn(i.scriptSig, tx.inWitness[k]!.scriptWitness)));
      committedValues += tx.outputs.filter((o) => o.value.isCommitment).length;
      committedAssets += tx.outputs.filter((o) => o.asset.isCommitment).length;
      for (const i of tx.inputs) {
        if (i.isPegin) pegins++;
        if (!i.hasIssuance) continue;
        if (i.issuance.amount.isCommitment) committedIssuances++;
        if (i.issuance.inflationKeys.isCommitment && !i.issuance.isReissuance) committedIssuances++;
        const n = i.issuance.assetBlindingNonce;
        if (i.issuance.isReissuance && !n.every((b) => b === 0xff)) blindedReissuances++;
      }
      const anyCommitment =
        tx.outputs.some((o) => o.value.isCommitment || o.asset.isCommitment) ||
        tx.inputs.some((i) => i.issuance.amount.isCommitment || i.issuance.inflationKeys.isCommitment);
      if (anyCommitment) confidentialTxs++;
    }
  }
  return { blocks: chain.blocks.length, inputs, signatures, committedValues, committedAssets, committedIssuances, blindedReissuances, confidentialTxs, pegins };
}

for (const id of CHAIN_IDS) {
  test(`corpus chain ${id}: every block passes CheckBlock, contextual checks and ConnectBlock`, () => {
    const chain = corpusChain(id);
    const counts: Counts = {};
    const replay = new ChainReplay(chain.rules, counting(secp, counts, 'secp'), counting(zkp, counts, 'zkp'));
    for (const { height, block, json } of chain.blocks) {
      const r = replay.submit(block);
      assert.equal(r, null, `${id} block ${height} ${json.hash}: ${r?.toString()}`);
    }
    assert.equal(replay.height, chain.blocks.length - 1);

    // The checks really ran: signature checks at least once per input signature (plus block
    // proofs on the signed chain), one range / surjection proof per committed output field.
    const c = census(id);
    assert.ok(c.signatures > 0);
    assert.ok((counts['secp.verify'] ?? 0) >= c.signatures, `${id}: ${counts['secp.verify']} ECDSA verifications for ${c.signatures} signatures`);
    assert.equal(counts['zkp.verifyRangeProof'] ?? 0, c.committedValues + c.committedIssuances, `${id}: range proofs`);
    assert.equal(counts['zkp.verifySurjectionProof'] ?? 0, c.committedAssets, `${id}: surjection proofs`);
    assert.equal(counts['zkp.blindedGenerator'] ?? 0, c.blindedReissuances, `${id}: blinded reissuance checks`);
    if (c.confidentialTxs > 0) assert.ok((counts['zkp.verifyTally'] ?? 0) >= c.confidentialTxs, `${id}: tallies`);
    if (id === 'rt-signed') {
      // 2-of-3 proofs before the change at 22, 1-of-2 after: ≥ 1 signature per non-genesis block.
      assert.ok(counts['secp.verify']! >= c.signatures + (c.blocks - 1));
      assert.equal(c.pegins, 2);
    }
    if (id === 'rt-ct') {
      assert.ok(c.confidentialTxs >= 20 && c.committedValues >= 30 && c.blindedReissuances === 2, JSON.stringify(c));
    }
  });
}

test('the rt-ct chain goes through the Pedersen path, the others through the explicit path', () => {
  for (const id of CHAIN_IDS) {
    const chain = corpusChain(id);
    const replay = new ChainReplay(chain.rules, secp, zkp);
    let confidential = 0;
    for (const { block, height } of chain.blocks) {
      if (height > 0) {
        for (const tx of block.transactions) {
          if (tx.isCoinbase) continue;
          const spent = tx.inputs.map((i) => (i.isPegin ? undefined : replay.view.get(i.prevout)?.out));
          if (spent.every((s) => s !== undefined) && !isAllExplicit(spent as never, tx)) confidential++;
        }
      }
      assert.equal(replay.submit(block), null);
    }
    if (id === 'rt-ct') assert.ok(confidential >= 20, `rt-ct confidential txs: ${confidential}`);
    else assert.equal(confidential, 0, id);
  }
});

test('integration: the chain module’s ConsensusParams (built from each chain’s options) drive the same replay', () => {
  const chains = readJson<{ chains: { id: string; chain: string; index_node: string; nodes: { name: string; ocean_conf: string[]; argv: string[] }[] }[] }>(
    'vectors',
    'ocean-corpus',
    'chains.json',
  ).chains;
  const files = readJson<{ chains: Record<string, Record<string, string>> }>('vectors', 'ocean-corpus', 'chain-files.json').chains;
  for (const c of chains) {
    const node = c.nodes.find((n) => n.name === c.index_node)!;
    const f = files[c.id] ?? {};
    const params = ChainParams.fromOptionValues(OptionValues.fromSources(node.argv.slice(1), node.ocean_conf), (chain: string) => {
      const old: (string | undefined)[] = [];
      for (const [path, text] of Object.entries(f)) {
        const m = /^terms-and-conditions\/([^/]+)\/old(\d+)\.txt$/.exec(path);
        if (m && m[1] === chain) old[Number(m[2]) - 1] = text;
      }
      return { terms: { latest: f[`terms-and-conditions/${chain}/latest.txt`], old }, mapping: f[`asset-mapping/${chain}/latest.json`] };
    });
    const chain = corpusChain(c.id);
    assert.deepEqual(params.consensus.genesisHash, chain.rules.genesisHash, c.id);
    assert.deepEqual(params.consensus.peggedAsset, chain.rules.peggedAsset, c.id);
    assert.deepEqual(params.consensus.parentGenesisBlockHash, chain.rules.parentGenesisBlockHash, c.id);
    const replay = new ChainReplay(params.consensus, secp, zkp);
    for (const { height, block } of chain.blocks) assert.equal(replay.submit(block), null, `${c.id} ${height}`);
  }
});
