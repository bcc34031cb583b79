import type { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { bytesEqual } from '../encoding/hex.js';
import { sha256d } from '../crypto/hash.js';
import { fastMerkleRoot } from './merkle.js';

const EMPTY = new Uint8Array(0);

function writeStack(w: Writer, stack: readonly Uint8Array[]): void {
  w.compactSize(stack.length);
  for (const item of stack) w.varBytes(item);
}

function readStack(r: Reader, what: string): Uint8Array[] {
  const n = r.count(1, what);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) out.push(r.varBytes(what));
  return out;
}

function stacksEqual(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((x, i) => bytesEqual(x, b[i]!));
}

function hashVarBytes(b: Uint8Array): Uint8Array {
  return sha256d(new Writer(b.length + 5).varBytes(b).finish());
}

function hashStack(stack: readonly Uint8Array[]): Uint8Array {
  const w = new Writer();
  writeStack(w, stack);
  return sha256d(w.finish());
}

/** Per-input witness: issuance range proofs, the segwit script stack, the peg-in stack. */
export class TxInWitness {
  constructor(
    readonly issuanceAmountRangeproof: Uint8Array = EMPTY,
    readonly inflationKeysRangeproof: Uint8Array = EMPTY,
    readonly scriptWitness: readonly Uint8Array[] = [],
    readonly peginWitness: readonly Uint8Array[] = [],
  ) {}

  static readonly EMPTY = new TxInWitness();

  get isNull(): boolean {
    return (
      this.issuanceAmountRangeproof.length === 0 &&
      this.inflationKeysRangeproof.length === 0 &&
      this.scriptWitness.length === 0 &&
      this.peginWitness.length === 0
    );
  }

  write(w: Writer): void {
    w.varBytes(this.issuanceAmountRangeproof).varBytes(this.inflationKeysRangeproof);
    writeStack(w, this.scriptWitness);
    writeStack(w, this.peginWitness);
  }

  static read(r: Reader): TxInWitness {
    const a = r.varBytes('issuance amount rangeproof');
    const b = r.varBytes('inflation keys rangeproof');
    const s = readStack(r, 'script witness');
    const p = readStack(r, 'pegin witness');
    return new TxInWitness(a, b, s, p);
  }

  /** Leaf of the witness-hash tree (serialization spec §4.5). */
  leafHash(): Uint8Array {
    return fastMerkleRoot([
      hashVarBytes(this.issuanceAmountRangeproof),
      hashVarBytes(this.inflationKeysRangeproof),
      hashStack(this.scriptWitness),
      hashStack(this.peginWitness),
    ]);
  }

  equals(o: TxInWitness): boolean {
    return (
      bytesEqual(this.issuanceAmountRangeproof, o.issuanceAmountRangeproof) &&
      bytesEqual(this.inflationKeysRangeproof, o.inflationKeysRangeproof) &&
      stacksEqual(this.scriptWitness, o.scriptWitness) &&
      stacksEqual(this.peginWitness, o.peginWitness)
    );
  }
}

/** Per-output witness: surjection proof and range proof. */
export class TxOutWitness {
  constructor(
    readonly surjectionProof: Uint8Array = EMPTY,
    readonly rangeProof: Uint8Array = EMPTY,
  ) {}

  static readonly EMPTY = new TxOutWitness();

  get isNull(): boolean {
    return this.surjectionProof.length === 0 && this.rangeProof.length === 0;
  }

  write(w: Writer): void {
    w.varBytes(this.surjectionProof).varBytes(this.rangeProof);
  }

  static read(r: Reader): TxOutWitness {
    const s = r.varBytes('surjection proof');
    const p = r.varBytes('range proof');
    return new TxOutWitness(s, p);
  }

  leafHash(): Uint8Array {
    return fastMerkleRoot([hashVarBytes(this.surjectionProof), hashVarBytes(this.rangeProof)]);
  }

  equals(o: TxOutWitness): boolean {
    return bytesEqual(this.surjectionProof, o.surjectionProof) && bytesEqual(this.rangeProof, o.rangeProof);
  }
}
