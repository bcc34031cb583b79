/** Every non-coinbase corpus transaction of a chain with the outputs its inputs spend. */
import type { Transaction } from '../../../src/primitives/transaction.js';
import type { TxOut } from '../../../src/primitives/tx-out.js';
import { toHex } from '../../../src/encoding/hex.js';
import { peginSpentOutput } from '../../../src/consensus/pegin.js';
import { corpusChain } from './corpus.js';

export interface TxWithSpent {
  readonly tx: Transaction;
  readonly spent: TxOut[];
  readonly height: number;
}

export function corpusTxsWithSpent(id: string): TxWithSpent[] {
  const chain = corpusChain(id);
  const outputs = new Map<string, TxOut>();
  const all: TxWithSpent[] = [];
  for (const { block, height } of chain.blocks) {
    for (const tx of block.transactions) {
      if (height > 0 && !tx.isCoinbase) {
        const spent = tx.inputs.map((i, k) =>
          i.isPegin ? peginSpentOutput(tx.inWitness[k]!.peginWitness) : outputs.get(`${toHex(i.prevout.txid)}:${i.prevout.index}`)!,
        );
        all.push({ tx, spent, height });
      }
      tx.outputs.forEach((o, n) => outputs.set(`${toHex(tx.txid)}:${n}`, o));
    }
  }
  return all;
}
