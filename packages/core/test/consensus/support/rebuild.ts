/**
 * Mutating real blocks: rebuild a block around changed transactions (fresh witness commitment and
 * Merkle root) and re-sign its header for a bare-multisig challenge.
 */
import { Block, findWitnessCommitmentIndex, WITNESS_COMMITMENT_HEADER, witnessCommitment } from '../../../src/primitives/block.js';
import { BlockHeader } from '../../../src/primitives/block-header.js';
import type { Transaction } from '../../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../../src/primitives/transaction-builder.js';
import { TxOut } from '../../../src/primitives/tx-out.js';
import { fastMerkleRoot, merkleRoot } from '../../../src/primitives/merkle.js';
import { bytesEqual, concatBytes, fromHex } from '../../../src/encoding/hex.js';
import { ScriptBuilder } from '../../../src/script/script-builder.js';
import { OP } from '../../../src/script/opcodes.js';
import { OpReader } from '../../../src/script/op-reader.js';
import { secp } from './fixtures.js';

export interface HeaderChanges {
  version?: number;
  merkleRoot?: Uint8Array;
  time?: number;
  height?: number;
  challenge?: Uint8Array;
  solution?: Uint8Array;
  prevBlockHash?: Uint8Array;
}

export function withHeader(h: BlockHeader, c: HeaderChanges): BlockHeader {
  return new BlockHeader(
    c.version ?? h.version,
    c.prevBlockHash ?? h.prevBlockHash,
    c.merkleRoot ?? h.merkleRoot,
    h.hashContract,
    h.hashAttestation,
    h.hashMapping,
    c.time ?? h.time,
    c.height ?? h.height,
    c.challenge ?? h.challenge,
    c.solution ?? h.solution,
  );
}

/** Same header fields, new transactions: witness commitment (if the coinbase has one) and Merkle root recomputed. */
export function rebuild(block: Block, txs: readonly Transaction[], header: HeaderChanges = {}): Block {
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
  const root = merkleRoot(all.map((t) => t.txid)).root;
  return new Block(withHeader(block.header, { merkleRoot: root, ...header }), all);
}

/**
 * A solution for a bare `m <keys…> n CHECKMULTISIG` challenge: `OP_0 <sig>…` with DER signatures
 * (no hashtype) of the block hash by the given private keys, in the challenge's key order.
 */
export function sign(header: BlockHeader, privs: readonly Uint8Array[]): BlockHeader {
  const keys: Uint8Array[] = [];
  const r = new OpReader(header.challenge);
  while (r.next()) if (r.data.length === 33) keys.push(r.data.slice());
  const byKey = privs.map((p) => ({ pub: secp.publicKeyCreate(p, true), p }));
  const sb = new ScriptBuilder().op(OP.OP_0);
  for (const k of keys) {
    const signer = byKey.find((x) => bytesEqual(x.pub, k));
    if (signer) sb.push(secp.signatureExport(secp.sign(header.hash, signer.p).signature));
  }
  return header.withSolution(sb.build());
}

export const RT_SIGNED_KEYS = {
  s1: fromHex('18d517d6aeb96d24d7834e06d7059475562b9fe3718dafb3151311bf4d6f82c8'),
  s2: fromHex('0abe5429af212ea7892a8a2601adca2954fd5e0b71c368997c1ff1fcc88a9fdb'),
  s3: fromHex('a0eb262af5eda64216bea40ce3a6a21a7f71bee8a2bba6c4d5eae4bea8650981'),
  s4: fromHex('bd383808639662e8ad92b89b4bf8b2c6c88e222660973c2d5f14c6744277558b'),
  s5: fromHex('055259a7630d09ee03b4526d5f97f400e3fd38739c78745521ceaa1928d89cb0'),
};

export function flipByte(b: Uint8Array, at: number): Uint8Array {
  const c = b.slice();
  c[at] = c[at]! ^ 0x01;
  return c;
}
