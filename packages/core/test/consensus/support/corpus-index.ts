/** Find corpus transactions by kind. */
import { readJson } from '../../support/vectors.js';

interface TxJson {
  chain: string;
  txid: string;
  kinds: string[];
  block_height: number;
  index_in_block: number;
}
const txs = readJson<{ transactions: TxJson[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;

/** Height and in-block index of the first transaction of `kind` on `chain`. */
export function findTx(chain: string, kind: string): { height: number; index: number; txid: string } {
  const t = txs.find((x) => x.chain === chain && x.kinds.includes(kind));
  if (!t) throw new Error(`no ${kind} on ${chain}`);
  return { height: t.block_height, index: t.index_in_block, txid: t.txid };
}

export function findAll(chain: string, kind: string): { height: number; index: number; txid: string }[] {
  return txs.filter((x) => x.chain === chain && x.kinds.includes(kind)).map((t) => ({ height: t.block_height, index: t.index_in_block, txid: t.txid }));
}
