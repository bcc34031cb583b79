// AttestationVerifier against the real mainnet attestation (Profile A, 1-of-1) served by a real
// API server over the memory store, with a scripted client chain.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { BITCOIN_MAINNET, BitcoinTransaction, fromHex, loadNativeSecp256k1, toDisplayHex, toHex } from '@ocean-ts/core';
import type { DecodedTransaction } from '@ocean-ts/rpc-client';
import { AttestationVerificationError, AttestationVerifier, type AttestationOutcome } from '../../src/clients/attestation-verifier.js';
import type { ClientChain } from '../../src/clients/client-chain.js';
import { MainstayApiClient } from '../../src/clients/mainstay-api-client.js';
import type { StaychainStep } from '../../src/clients/staychain-walker.js';
import { MultisigStaychain } from '../../src/crypto/staychain-outputs.js';
import type { ProofOp } from '../../src/store/documents.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { readVector, startApi, type RunningApi } from '../api/support/api-fixture.js';

const secp = loadNativeSecp256k1();

interface MainnetVector {
  base_pubkey_hex: string;
  chaincode_hex: string;
  merkle_root: string;
  expected_output_address: string;
  tx: { txid: string; hex: string; blockhash: string };
  slot_proofs: { position: number; commitment: string; merkle_root: string; ops: ProofOp[] }[];
}

const v = readVector<MainnetVector>('staychain_tx_mainnet.json');
const CLIENT_BLOCK = v.slot_proofs[0]!.commitment;

/** The decoded form of a raw transaction, as `getblock … 2` gives it. */
function decoded(hex: string): DecodedTransaction {
  const tx = BitcoinTransaction.fromHex(hex);
  return {
    txid: tx.txidHex,
    hash: tx.wtxidHex,
    version: tx.version,
    size: tx.size,
    locktime: tx.locktime,
    vin: tx.inputs.map((i) => ({ txid: toDisplayHex(i.prevTxid), vout: i.prevIndex, coinbase: undefined, scriptSigHex: toHex(i.scriptSig), txinwitness: [], sequence: i.sequence })),
    vout: tx.outputs.map((o, n) => ({ value: Number(o.value), n, scriptPubKey: { hex: toHex(o.scriptPubKey), asm: '', type: '', address: undefined, addresses: [] } })),
  };
}

function step(tx: DecodedTransaction, index = 0): StaychainStep {
  return { tx, blockhash: v.tx.blockhash, height: 802_000, index };
}

function chain(heights: Record<string, number>): ClientChain {
  return { bestBlockHash: async () => Object.keys(heights)[0]!, blockHeight: async (h) => heights[h] };
}

describe('AttestationVerifier on the real mainnet attestation', () => {
  let api: RunningApi;
  let client: MainstayApiClient;
  const outputs = new MultisigStaychain(secp, fromHex(`5121${v.base_pubkey_hex}51ae`), [fromHex(v.chaincode_hex)], BITCOIN_MAINNET);
  const verifier = (position: number, heights: Record<string, number> = { [CLIENT_BLOCK]: 1234 }) =>
    new AttestationVerifier({ api: client, clientChain: chain(heights), outputs, network: BITCOIN_MAINNET, position });

  before(async () => {
    const store = new MemoryMainstayStore();
    await store.saveAttestation({
      attestation: { txid: v.tx.txid, merkleRoot: v.merkle_root, confirmed: true, insertedAt: 1_690_540_748_000 },
      commitments: v.slot_proofs.map((p) => ({ merkleRoot: p.merkle_root, clientPosition: p.position, commitment: p.commitment })),
      proofs: v.slot_proofs.map((p) => ({ merkleRoot: p.merkle_root, clientPosition: p.position, commitment: p.commitment, ops: p.ops })),
      info: { txid: v.tx.txid, blockhash: v.tx.blockhash, amount: 1_040_868, time: 1_690_540_748 },
    });
    for (const p of [0, 1, 5]) await store.upsertClientCommitment({ clientPosition: p, commitment: '0'.repeat(64) });
    api = await startApi(store);
    client = new MainstayApiClient(`http://${api.host}:${api.port}`);
  });
  after(() => api.close());

  it('verifies slot 0: output = P2SH of the key tweaked by the API root, proof, client block height', async () => {
    const out = (await verifier(0).verify(step(decoded(v.tx.hex)))) as AttestationOutcome;
    assert.equal(out.kind, 'attestation');
    assert.equal(out.txid, v.tx.txid);
    assert.equal(out.merkleRoot, v.merkle_root);
    assert.equal(out.address, v.expected_output_address);
    assert.equal(out.commitment, CLIENT_BLOCK);
    assert.equal(out.proofOps, 1);
    assert.equal(out.clientBlockHeight, 1234);
  });

  it('slot 1 holds the zero commitment (no client block); slot 5 is not in the tree (accepted, as the original)', async () => {
    const one = (await verifier(1).verify(step(decoded(v.tx.hex)))) as AttestationOutcome;
    assert.equal(one.commitment, '0'.repeat(64));
    assert.equal(one.clientBlockHeight, undefined);
    const five = (await verifier(5).verify(step(decoded(v.tx.hex)))) as AttestationOutcome;
    assert.equal(five.commitment, undefined);
    assert.equal(five.noCommitmentReason, 'your commitment or position is unknown to us');
  });

  it('fails with the reason: unknown client block, wrong keys, extra output, broken link', async () => {
    const tx = decoded(v.tx.hex);
    await assert.rejects(verifier(0, {}).verify(step(tx)), (e: unknown) => e instanceof AttestationVerificationError && /commitment ef185d00\w+ is not a block of the client chain/.test(e.reason));

    const otherKey = new MultisigStaychain(secp, fromHex('512103e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b3351ae'), [fromHex(v.chaincode_hex)], BITCOIN_MAINNET);
    const wrongKeys = new AttestationVerifier({ api: client, clientChain: chain({ [CLIENT_BLOCK]: 1 }), outputs: otherKey, network: BITCOIN_MAINNET, position: 0 });
    await assert.rejects(wrongKeys.verify(step(tx)), (e: unknown) => e instanceof AttestationVerificationError && new RegExp(`the output pays to ${v.expected_output_address}, but merkle root ${v.merkle_root} gives 3`).test(e.reason));

    const twoOutputs: DecodedTransaction = { ...tx, vout: [tx.vout[0]!, { ...tx.vout[0]!, n: 1 }] };
    await assert.rejects(verifier(0).verify(step(twoOutputs)), /expected exactly one output, found 2/);

    const ver = verifier(0);
    await ver.verify(step(tx));
    // the next step must spend output 0 of the verified one
    const next: DecodedTransaction = { ...tx, txid: 'ab'.repeat(32), vin: [{ ...tx.vin[0]!, txid: tx.txid, vout: 1 }] };
    await assert.rejects(ver.verify(step(next, 1)), (e: unknown) => e instanceof AttestationVerificationError && e.reason === `input 0 does not spend the staychain tip ${v.tx.txid}:0`);
  });

  it('a start transaction the API does not know must pay to the base address', async () => {
    const tx = decoded(v.tx.hex);
    const unknown: DecodedTransaction = { ...tx, txid: 'cd'.repeat(32) };
    await assert.rejects(verifier(0).verify(step(unknown)), /the API has no attestation for the start transaction \(No attestation found\) and it does not pay to the staychain base address 3/);
    const base: DecodedTransaction = {
      ...unknown,
      vout: [tx.vout[0]!, { ...tx.vout[0]!, n: 1, scriptPubKey: { ...tx.vout[0]!.scriptPubKey, hex: toHex(outputs.scriptPubKeyFor(new Uint8Array(32))) } }],
    };
    const ver = verifier(0);
    const out = await ver.verify(step(base));
    assert.equal(out.kind, 'base');
    assert.equal(out.kind === 'base' && out.vout, 1);
    // a later transaction unknown to the API is a failure, not a base
    await assert.rejects(ver.verify(step({ ...unknown, txid: 'ef'.repeat(32), vin: [{ ...tx.vin[0]!, txid: base.txid, vout: 1 }] }, 1)), /the API has no attestation for this transaction \(No attestation found\)/);
  });
});
