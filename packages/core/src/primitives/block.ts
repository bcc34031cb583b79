import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { BlockHeader } from './block-header.js';
import { Transaction, WITNESS_SCALE_FACTOR } from './transaction.js';
import { merkleRoot, fastMerkleRoot } from './merkle.js';
import { sha256d } from '../crypto/hash.js';
import { concatBytes } from '../encoding/hex.js';

/** Smallest serialized transaction: version, flags, two counts, locktime. */
const MIN_TX_SIZE = 11;

/** A block: header (with solution) followed by its transactions. */
export class Block {
  constructor(
    readonly header: BlockHeader,
    readonly transactions: readonly Transaction[],
  ) {}

  get hash(): Uint8Array {
    return this.header.hash;
  }

  write(w: Writer, withWitness = true): void {
    this.header.write(w, true);
    w.compactSize(this.transactions.length);
    for (const tx of this.transactions) tx.write(w, withWitness);
  }

  toBytes(withWitness = true): Uint8Array {
    const w = new Writer(1024);
    this.write(w, withWitness);
    return w.finish();
  }

  static read(r: Reader): Block {
    const header = BlockHeader.read(r);
    const n = r.count(MIN_TX_SIZE, 'block transactions');
    const txs: Transaction[] = [];
    for (let i = 0; i < n; i++) txs.push(Transaction.read(r));
    return new Block(header, txs);
  }

  static decode(bytes: Uint8Array): Block {
    const r = new Reader(bytes);
    const b = Block.read(r);
    r.expectEnd('block');
    return b;
  }

  /** Bitcoin Merkle root of the txids, with the mutation flag. */
  computeMerkleRoot(): { root: Uint8Array; mutated: boolean } {
    return merkleRoot(this.transactions.map((t) => t.txid));
  }

  /** Fast Merkle root over the witness hashes of all transactions (coinbase included). */
  computeWitnessRoot(): Uint8Array {
    return fastMerkleRoot(this.transactions.map((t) => t.witnessHash));
  }

  get size(): number {
    return this.toBytes(true).length;
  }

  get strippedSize(): number {
    return this.toBytes(false).length;
  }

  /** stripped × 3 + total (header with challenge and solution counted in both). */
  get weight(): number {
    return this.strippedSize * (WITNESS_SCALE_FACTOR - 1) + this.size;
  }
}

/** The 38-byte witness commitment script prefix: OP_RETURN PUSH36 aa21a9ed. */
export const WITNESS_COMMITMENT_HEADER = new Uint8Array([0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]);

/** SHA256d(witnessRoot || nonce): the 32 bytes that follow the commitment header. */
export function witnessCommitment(witnessRoot: Uint8Array, nonce: Uint8Array): Uint8Array {
  return sha256d(concatBytes(witnessRoot, nonce));
}

/** Index of the last coinbase output carrying a witness commitment, or -1. */
export function findWitnessCommitmentIndex(coinbase: Transaction): number {
  let found = -1;
  coinbase.outputs.forEach((o, i) => {
    const s = o.scriptPubKey;
    if (s.length >= 38 && WITNESS_COMMITMENT_HEADER.every((b, k) => s[k] === b)) found = i;
  });
  return found;
}
