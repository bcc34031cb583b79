import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Transaction } from '../../src/primitives/transaction.js';
import { fromHex } from '../../src/encoding/hex.js';
import { txToJson } from '../../src/format/tx-to-json.js';
import { decodeScriptJson } from '../../src/format/decode-script-json.js';
import { parseJson } from '../../src/format/json-reader.js';
import { writeJson } from '../../src/format/json-writer.js';
import { JsonObject } from '../../src/format/json-object.js';
import type { ChainParams } from '../../src/chain/chain-params.js';
import { sharedPath } from '../support/vectors.js';
import { badAmountTokens, jsonDiff } from './json-compare.js';
import { corpusAssetLabels, corpusChainIds, corpusChainParams, jsonOptionsFor } from './corpus-support.js';

// Parsed with the UniValue-model reader so that numbers keep their exact decimal text.
const txDoc = parseJson(readFileSync(sharedPath('vectors', 'ocean-corpus', 'transactions.json'), 'utf8')) as JsonObject;
const scriptDoc = parseJson(readFileSync(sharedPath('vectors', 'ocean-corpus', 'scripts.json'), 'utf8')) as JsonObject;
const txs = txDoc.get('transactions') as JsonObject[];
const scripts = scriptDoc.get('scripts') as JsonObject[];

const params = new Map<string, ChainParams>();
for (const id of corpusChainIds()) params.set(id, corpusChainParams(id));

test('corpus chains: labels built from the index node options equal dumpassetlabels', () => {
  for (const id of corpusChainIds()) {
    assert.deepEqual(params.get(id)!.assetLabels.toRecord(), corpusAssetLabels(id), id);
  }
});

test(`decoderawtransaction of every corpus transaction (${txs.length}) matches the original`, () => {
  assert.ok(txs.length >= 399);
  let ct = 0;
  for (const t of txs) {
    const chain = t.get('chain') as string;
    const hex = t.get('hex') as string;
    const expected = t.get('decoderawtransaction')!;
    const tx = Transaction.decode(fromHex(hex));
    const got = txToJson(tx, jsonOptionsFor(params.get(chain)!));
    const d = jsonDiff(got, expected);
    assert.equal(d, undefined, `${chain} ${t.get('txid') as string}: ${d}`);
    assert.deepEqual(badAmountTokens(got), [], t.get('txid') as string);
    // the compact text parses back to the same structure
    assert.equal(jsonDiff(parseJson(writeJson(got)), got), undefined);
    if (writeJson(got).includes('ct-bits')) ct++;
  }
  assert.ok(ct > 0, 'confidential outputs covered');
});

test(`decodescript of every corpus script (${scripts.length}) matches the original`, () => {
  assert.ok(scripts.length >= 651);
  for (const s of scripts) {
    const chain = (s.get('chains') as string[])[0]!;
    const got = decodeScriptJson(fromHex(s.get('hex') as string), jsonOptionsFor(params.get(chain)!));
    const d = jsonDiff(got, s.get('decodescript')!);
    assert.equal(d, undefined, `${s.get('hex') as string}: ${d}`);
  }
});

test('synthetic outputs: exact-value range proof, null output, peg-out to a parent P2PKH, labels', async () => {
  const { TransactionBuilder } = await import('../../src/primitives/transaction-builder.js');
  const { TxOut } = await import('../../src/primitives/tx-out.js');
  const { TxOutWitness } = await import('../../src/primitives/witness.js');
  const { ConfidentialAsset, ConfidentialValue, ConfidentialNonce } = await import('../../src/primitives/confidential.js');
  const p = params.get('rt-policy')!;
  const opts = jsonOptionsFor(p);
  const commitment = new Uint8Array(33).fill(7);
  commitment[0] = 0x08;
  const assetCommitment = new Uint8Array(33).fill(9);
  assetCommitment[0] = 0x0a;
  // exact-value proof: flags 0x20 (has min), min = 1234
  const proof = new Uint8Array(80);
  proof.set([0x20, 0, 0, 0, 0, 0, 0, 0x04, 0xd2]);
  const genesis = new Uint8Array(32).fill(0xab);
  const pegoutScript = Uint8Array.from([0x6a, 0x20, ...genesis, 0x19, 0x76, 0xa9, 0x14, ...new Uint8Array(20).fill(1), 0x88, 0xac]);
  const b = new TransactionBuilder();
  b.addOutput(new TxOut(ConfidentialAsset.fromBytes(assetCommitment), ConfidentialValue.fromBytes(commitment), ConfidentialNonce.NULL, new Uint8Array([0x51])), new TxOutWitness(new Uint8Array(0), proof));
  b.addOutput(TxOut.NULL);
  b.addOutput(new TxOut(ConfidentialAsset.fromId(p.peggedAsset), ConfidentialValue.fromAmount(5n), ConfidentialNonce.NULL, pegoutScript));
  const tx = b.build();
  const text = writeJson(txToJson(tx, opts));
  const vout = JSON.parse(text).vout;
  assert.deepEqual(Object.keys(vout[0]), ['value', 'ct-exponent', 'ct-bits', 'amountcommitment', 'assetcommitment', 'n', 'scriptPubKey']);
  assert.ok(text.includes('"value":0.00001234,"ct-exponent":-1,"ct-bits":0'));
  assert.deepEqual(vout[1], { amountcommitment: '', assetcommitment: '', n: 1, scriptPubKey: { asm: '', hex: '', type: 'fee' } });
  assert.equal(vout[2].assetlabel, 'CBT');
  assert.deepEqual(Object.keys(vout[2].scriptPubKey), ['asm', 'hex', 'type', 'pegout_chain', 'pegout_asm', 'pegout_hex', 'pegout_reqSigs', 'pegout_type', 'pegout_addresses']);
  assert.equal(vout[2].scriptPubKey.pegout_chain, 'ab'.repeat(32));
  assert.equal(vout[2].scriptPubKey.pegout_type, 'pubkeyhash');
  // parent-chain (Bitcoin testnet-style, version 111) address of hash 0101…01
  assert.match(vout[2].scriptPubKey.pegout_addresses[0], /^[mn]/);
  const ds = JSON.parse(writeJson(decodeScriptJson(pegoutScript, opts)));
  assert.deepEqual(Object.keys(ds), ['asm', 'type', 'pegout_chain', 'pegout_asm', 'pegout_reqSigs', 'pegout_type', 'pegout_addresses', 'p2sh']);
  assert.equal(JSON.parse(writeJson(decodeScriptJson(new Uint8Array([0xa9, 0x14, ...new Uint8Array(20), 0x87]), opts))).p2sh, undefined);
});
