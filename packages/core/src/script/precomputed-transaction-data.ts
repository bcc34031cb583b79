import { sha256d } from '../crypto/hash.js';
import { Writer } from '../encoding/writer.js';
import type { Transaction } from '../primitives/transaction.js';

/**
 * Per-transaction hashes shared by all its inputs' signature checks (Core's
 * `PrecomputedTransactionData`, plus Elements' `hashIssuance`). Each value is computed on first
 * use and then reused, so verifying n inputs hashes the prevouts / sequences / issuances /
 * outputs once instead of n times. Also keeps the legacy serialization of all outputs.
 */
export class PrecomputedTransactionData {
  private prevouts?: Uint8Array;
  private sequences?: Uint8Array;
  private issuances?: Uint8Array;
  private outputs?: Uint8Array;
  private outputsBytes?: Uint8Array;

  constructor(readonly tx: Transaction) {}

  /** SHA256d of every input's outpoint (txid || masked index). */
  get hashPrevouts(): Uint8Array {
    if (!this.prevouts) {
      const w = new Writer(36 * this.tx.inputs.length + 1);
      for (const i of this.tx.inputs) i.prevout.write(w);
      this.prevouts = sha256d(w.finish());
    }
    return this.prevouts;
  }

  /** SHA256d of every input's nSequence. */
  get hashSequence(): Uint8Array {
    if (!this.sequences) {
      const w = new Writer(4 * this.tx.inputs.length + 1);
      for (const i of this.tx.inputs) w.u32le(i.sequence);
      this.sequences = sha256d(w.finish());
    }
    return this.sequences;
  }

  /** Elements: SHA256d of, per input, its asset issuance if non-null, else the byte 00. */
  get hashIssuance(): Uint8Array {
    if (!this.issuances) {
      const w = new Writer();
      for (const i of this.tx.inputs) {
        if (i.issuance.isNull) w.u8(0);
        else i.issuance.write(w);
      }
      this.issuances = sha256d(w.finish());
    }
    return this.issuances;
  }

  /** SHA256d of all outputs serialized. */
  get hashOutputs(): Uint8Array {
    return (this.outputs ??= sha256d(this.allOutputs));
  }

  /** Concatenated serialization of all outputs (without count). */
  get allOutputs(): Uint8Array {
    if (!this.outputsBytes) {
      const w = new Writer();
      for (const o of this.tx.outputs) o.write(w);
      this.outputsBytes = w.finish();
    }
    return this.outputsBytes;
  }
}
