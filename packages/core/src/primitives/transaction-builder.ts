import { Transaction } from './transaction.js';
import type { TxIn } from './tx-in.js';
import type { TxOut } from './tx-out.js';
import { TxInWitness, TxOutWitness } from './witness.js';

/**
 * Mutable companion of the immutable `Transaction`: start empty or from an existing transaction,
 * change fields, then `build()` a fresh immutable instance (which computes its own hashes).
 */
export class TransactionBuilder {
  version = 2;
  locktime = 0;
  inputs: TxIn[] = [];
  outputs: TxOut[] = [];
  inWitness: TxInWitness[] = [];
  outWitness: TxOutWitness[] = [];

  static from(tx: Transaction): TransactionBuilder {
    const b = new TransactionBuilder();
    b.version = tx.version;
    b.locktime = tx.locktime;
    b.inputs = [...tx.inputs];
    b.outputs = [...tx.outputs];
    b.inWitness = [...tx.inWitness];
    b.outWitness = [...tx.outWitness];
    return b;
  }

  addInput(input: TxIn, witness: TxInWitness = TxInWitness.EMPTY): this {
    this.padWitness();
    this.inputs.push(input);
    this.inWitness.push(witness);
    return this;
  }

  addOutput(output: TxOut, witness: TxOutWitness = TxOutWitness.EMPTY): this {
    this.padWitness();
    this.outputs.push(output);
    this.outWitness.push(witness);
    return this;
  }

  removeInput(index: number): this {
    this.padWitness();
    this.inputs.splice(index, 1);
    this.inWitness.splice(index, 1);
    return this;
  }

  removeOutput(index: number): this {
    this.padWitness();
    this.outputs.splice(index, 1);
    this.outWitness.splice(index, 1);
    return this;
  }

  setInput(index: number, input: TxIn): this {
    this.inputs[index] = input;
    return this;
  }

  setInputWitness(index: number, witness: TxInWitness): this {
    this.padWitness();
    this.inWitness[index] = witness;
    return this;
  }

  setOutputWitness(index: number, witness: TxOutWitness): this {
    this.padWitness();
    this.outWitness[index] = witness;
    return this;
  }

  private padWitness(): void {
    while (this.inWitness.length < this.inputs.length) this.inWitness.push(TxInWitness.EMPTY);
    while (this.outWitness.length < this.outputs.length) this.outWitness.push(TxOutWitness.EMPTY);
  }

  build(): Transaction {
    this.padWitness();
    return new Transaction(this.version, [...this.inputs], [...this.outputs], this.locktime, [...this.inWitness], [...this.outWitness]);
  }
}
