import { readFileSync } from 'node:fs';
import { Transaction, fromHex } from '@ocean-ts/core';
import { measure, report } from './harness.js';

/** Transaction decode + txid over real corpus transactions (a typical P2PKH payment and a CT one). */
export function benchTransactions(sharedDir: string): void {
  const corpus = JSON.parse(readFileSync(`${sharedDir}/vectors/ocean-corpus/transactions.json`, 'utf8')) as {
    transactions: { kinds: string[]; hex: string }[];
  };
  const pick = (kind: string) => fromHex(corpus.transactions.find((t) => t.kinds.includes(kind))!.hex);
  const p2pkh = pick('wallet-send-p2pkh');
  const ct = pick('ct-wallet-send-blinded');
  const rDecode = measure(`tx decode (p2pkh payment, ${p2pkh.length} B)`, () => void Transaction.decode(p2pkh));
  const rTxid = measure(`tx decode + txid (p2pkh payment, ${p2pkh.length} B)`, () => void Transaction.decode(p2pkh).txid);
  const rCt = measure(`tx decode + txid + witness hash (CT, ${ct.length} B)`, () => {
    const t = Transaction.decode(ct);
    void t.txid;
    void t.witnessHash;
  });
  report([rDecode, rTxid, rCt], rDecode);
}
