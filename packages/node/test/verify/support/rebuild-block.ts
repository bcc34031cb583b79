/** A corpus block around changed transactions: witness commitment and Merkle root recomputed (OP_TRUE-challenge chains). */
import {
  Block,
  BlockHeader,
  TransactionBuilder,
  TxOut,
  WITNESS_COMMITMENT_HEADER,
  concatBytes,
  fastMerkleRoot,
  findWitnessCommitmentIndex,
  merkleRoot,
  witnessCommitment,
  type Transaction,
} from '@ocean-ts/core';

export function rebuildBlock(block: Block, txs: readonly Transaction[]): Block {
  let coinbase = txs[0]!;
  const pos = findWitnessCommitmentIndex(coinbase);
  if (pos >= 0) {
    const nonce = coinbase.inWitness[0]!.scriptWitness[0] ?? new Uint8Array(32);
    const root = fastMerkleRoot(txs.map((t) => t.witnessHash));
    const old = coinbase.outputs[pos]!;
    const script = concatBytes(WITNESS_COMMITMENT_HEADER, witnessCommitment(root, nonce), old.scriptPubKey.subarray(38));
    const b = TransactionBuilder.from(coinbase);
    b.outputs[pos] = new TxOut(old.asset, old.value, old.nonce, script);
    coinbase = b.build();
  }
  const all = [coinbase, ...txs.slice(1)];
  const h = block.header;
  const header = new BlockHeader(
    h.version,
    h.prevBlockHash,
    merkleRoot(all.map((t) => t.txid)).root,
    h.hashContract,
    h.hashAttestation,
    h.hashMapping,
    h.time,
    h.height,
    h.challenge,
    h.solution,
  );
  return new Block(header, all);
}
