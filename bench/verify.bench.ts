// Input verification against raw native ECDSA verify, on both secp256k1 backends. Prints ops/s and
// ratios within this one run (the target: a P2PKH input at >= 80% of raw native verify).
import { readFileSync } from 'node:fs';
import {
  BLOCK_SCRIPT_VERIFY_FLAGS,
  PrecomputedTransactionData,
  SIGHASH_ALL,
  SigVersion,
  Transaction,
  TransactionSignatureChecker,
  fromHex,
  loadNativeSecp256k1,
  NobleSecp256k1,
  parseDerLax,
  signatureHash,
  verifyScript,
  parseOps,
  type Secp256k1,
  type TxOut,
} from '@ocean-ts/core';
import { measure, report, type BenchResult } from './harness.js';

interface CorpusTx {
  txid: string;
  kinds: string[];
  hex: string;
}

interface InputCase {
  name: string;
  tx: Transaction;
  nIn: number;
  spent: TxOut;
}

function loadCases(sharedDir: string): { p2pkh: InputCase; multisig: InputCase } {
  const txs = (JSON.parse(readFileSync(`${sharedDir}/vectors/ocean-corpus/transactions.json`, 'utf8')) as { transactions: CorpusTx[] }).transactions;
  const byId = new Map(txs.map((t) => [t.txid, Transaction.decode(fromHex(t.hex))]));
  const find = (kind: string, name: string): InputCase => {
    const t = txs.find((x) => x.kinds.includes(kind))!;
    const tx = byId.get(t.txid)!;
    const prev = tx.inputs[0]!.prevout;
    const prevTx = [...byId.values()].find((p) => p.txid.every((b, i) => b === prev.txid[i]))!;
    return { name, tx, nIn: 0, spent: prevTx.outputs[prev.index]! };
  };
  return { p2pkh: find('wallet-send-p2pkh', 'P2PKH'), multisig: find('spend-p2sh-multisig-2of3', '2-of-3 P2SH multisig') };
}

function verifyInput(secp: Secp256k1, c: InputCase): () => void {
  return () => {
    const checker = new TransactionSignatureChecker(secp, c.tx, c.nIn, c.spent.value, new PrecomputedTransactionData(c.tx));
    const r = verifyScript(c.tx.inputs[c.nIn]!.scriptSig, c.spent.scriptPubKey, c.tx.inWitness[c.nIn]!.scriptWitness, BLOCK_SCRIPT_VERIFY_FLAGS, checker);
    if (!r.ok) throw new Error(`bench: ${c.name} input does not verify: ${r.error}`);
  };
}

export function benchVerify(sharedDir: string): void {
  const native = loadNativeSecp256k1();
  const noble = new NobleSecp256k1();
  const { p2pkh, multisig } = loadCases(sharedDir);

  // The raw ECDSA operation the P2PKH input boils down to: same message, signature and key.
  const { ops } = parseOps(p2pkh.tx.inputs[0]!.scriptSig);
  const sigWithType = ops[0]!.data;
  const pubkey = ops[1]!.data;
  const msg = signatureHash(p2pkh.spent.scriptPubKey, p2pkh.tx, 0, SIGHASH_ALL, p2pkh.spent.value, SigVersion.BASE);
  const compact = native.signatureNormalize(parseDerLax(sigWithType.subarray(0, -1))!);
  if (!native.verify(msg, compact, pubkey)) throw new Error('bench: raw signature does not verify');

  const raw = measure('raw native ECDSA verify', () => void native.verify(msg, compact, pubkey), 2);
  const results: BenchResult[] = [raw];
  for (const secp of [native, noble]) {
    const seconds = secp === native ? 2 : 1;
    results.push(measure(`P2PKH input verify (${secp.name})`, verifyInput(secp, p2pkh), seconds));
    results.push(measure(`2-of-3 P2SH input verify (${secp.name})`, verifyInput(secp, multisig), seconds));
  }
  report(results, raw);

  const pre = new PrecomputedTransactionData(p2pkh.tx);
  const sighash: BenchResult[] = [
    measure('legacy sighash (P2PKH input)', () => void signatureHash(p2pkh.spent.scriptPubKey, p2pkh.tx, 0, SIGHASH_ALL, p2pkh.spent.value, SigVersion.BASE)),
    measure('segwit v0 sighash (same tx, precomputed hashes)', () => {
      void signatureHash(p2pkh.spent.scriptPubKey, p2pkh.tx, 0, SIGHASH_ALL, p2pkh.spent.value, SigVersion.WITNESS_V0, pre);
    }),
  ];
  report(sighash, raw);
}
