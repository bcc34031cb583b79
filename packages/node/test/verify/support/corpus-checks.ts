/**
 * The deferred checks of every corpus block, built the way connectBlock builds them: one
 * `ScriptCheck` per non-coinbase transaction with the outputs it spends (peg-ins: the output
 * their witness describes), the block flags, and the amounts for confidential transactions.
 */
import {
  BLOCK_SCRIPT_VERIFY_FLAGS,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxOutWitness,
  isAllExplicit,
  outpointKey,
  peginSpentOutput,
  type ScriptCheck,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { CORPUS_IDS, corpusChain } from '../../chain/support/corpus.js';

export interface CorpusCheck {
  readonly chain: string;
  readonly height: number;
  readonly check: ScriptCheck;
}

let cached: CorpusCheck[] | undefined;

/** Every non-coinbase transaction of every corpus chain as a check (txIndex = position in block). */
export function corpusChecks(): CorpusCheck[] {
  if (cached) return cached;
  const out: CorpusCheck[] = [];
  for (const id of CORPUS_IDS) {
    const outputs = new Map<string, TxOut>();
    for (const { height, block } of corpusChain(id).blocks) {
      block.transactions.forEach((tx, txIndex) => {
        if (!tx.isCoinbase && height > 0) {
          const spent = tx.inputs.map((input, i) => {
            if (input.isPegin) return peginSpentOutput(tx.inWitness[i]!.peginWitness);
            const o = outputs.get(outpointKey(input.prevout));
            if (o === undefined) throw new Error(`${id} ${height}: spent output ${input.prevout.toString()} not found`);
            return o;
          });
          const check: ScriptCheck = { txIndex, tx, spent, amounts: !isAllExplicit(spent, tx), scripts: true, flags: BLOCK_SCRIPT_VERIFY_FLAGS, nonMandatoryRetry: false };
          out.push({ chain: id, height, check });
        }
        tx.outputs.forEach((o, j) => outputs.set(outpointKey(new OutPoint(tx.txid, j)), o));
      });
    }
  }
  cached = out;
  return out;
}

/** The same check with a byte of input 0's first signature flipped (its CHECKSIG then fails). */
export function withBrokenSignature(c: ScriptCheck): ScriptCheck {
  const t = c.tx;
  const inp = t.inputs[0]!;
  const s = inp.scriptSig.slice();
  let at = -1;
  for (let i = 0; i + 2 < s.length; i++) {
    // a push of a DER signature: <len> 30 <len-3> …
    if (s[i + 1] === 0x30 && s[i + 2] === s[i]! - 3 && s[i]! >= 9) {
      at = i + s[i]! - 3;
      break;
    }
  }
  if (at < 0) throw new Error(`no signature in input 0 of ${t.txidHex}`);
  s[at] = s[at]! ^ 1;
  const tx = TransactionBuilder.from(t).setInput(0, new TxIn(inp.prevout, s, inp.sequence, inp.issuance, inp.isPegin)).build();
  return { ...c, tx };
}

/** The same (confidential) check with a byte of the first range proof flipped. */
export function withBrokenRangeProof(c: ScriptCheck): ScriptCheck {
  const t: Transaction = c.tx;
  const j = t.outputs.findIndex((o) => o.value.isCommitment);
  if (j < 0) throw new Error(`${t.txidHex} has no committed output`);
  const w = t.outWitness[j]!;
  const p = w.rangeProof.slice();
  p[100] = p[100]! ^ 1;
  return { ...c, tx: TransactionBuilder.from(t).setOutputWitness(j, new TxOutWitness(w.surjectionProof, p)).build() };
}

/** P2PKH spends (a signature in input 0's scriptSig). */
export function isP2pkhSpend(c: ScriptCheck): boolean {
  const spk = c.spent[0]!.scriptPubKey;
  return spk.length === 25 && spk[0] === 0x76 && spk[1] === 0xa9 && spk[23] === 0x88 && spk[24] === 0xac;
}
