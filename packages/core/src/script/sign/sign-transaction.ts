/**
 * The signing loop of Core 0.14's `signrawtransaction`: for every input, sign what the provider
 * can, merge in the signatures each variant of the transaction already carries, and record the
 * inputs that are still not valid (with the script error) or whose spent output is unknown.
 */
import type { Secp256k1 } from '../../crypto/secp256k1.js';
import type { ConfidentialValue } from '../../primitives/confidential.js';
import type { Transaction } from '../../primitives/transaction.js';
import { TransactionBuilder } from '../../primitives/transaction-builder.js';
import { TxIn } from '../../primitives/tx-in.js';
import { TxInWitness } from '../../primitives/witness.js';
import { assert } from '../../encoding/errors.js';
import { scriptErrorString } from '../errors.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../flags.js';
import { verifyScript } from '../interpreter.js';
import { PrecomputedTransactionData } from '../precomputed-transaction-data.js';
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_SINGLE } from '../sighash.js';
import { TransactionSignatureChecker } from '../transaction-checker.js';
import { combineSignatures, dataFromTransaction } from './combine-signatures.js';
import { produceSignature, type SignatureData } from './produce-signature.js';
import { TransactionSignatureCreator } from './signature-creator.js';
import type { SigningProvider } from './signing-provider.js';

/** The output an input spends, as far as signing needs it. */
export interface SpentOutput {
  readonly scriptPubKey: Uint8Array;
  /** Its value field (explicit or a commitment), hashed by segwit v0 signatures. */
  readonly amount: ConfidentialValue;
}

export interface SignTransactionRequest {
  /**
   * The transaction (first) and further variants of it whose signatures are merged in (Core reads
   * several concatenated transactions from `signrawtransaction`'s hex). Variants must spend the same
   * inputs; extra inputs of a variant are ignored.
   */
  readonly variants: readonly Transaction[];
  /** The output spent by input `index` of the transaction, or undefined when unknown / spent. */
  readonly spentOutput: (index: number) => SpentOutput | undefined;
  readonly provider: SigningProvider;
  readonly secp: Secp256k1;
  /** Default SIGHASH_ALL. */
  readonly hashType?: number;
  /** Flags of the final check of each input (default: standard flags). */
  readonly flags?: number;
}

export interface InputSignError {
  readonly index: number;
  /** `Input not found or already spent`, or the `ScriptErrorString` of the failed check. */
  readonly error: string;
}

export interface SignTransactionResult {
  readonly tx: Transaction;
  /** No input has an error. */
  readonly complete: boolean;
  readonly errors: readonly InputSignError[];
}

export const INPUT_NOT_FOUND = 'Input not found or already spent';

function applyData(b: TransactionBuilder, index: number, data: SignatureData): void {
  const input = b.inputs[index]!;
  b.setInput(index, new TxIn(input.prevout, data.scriptSig, input.sequence, input.issuance, input.isPegin));
  const w = b.inWitness[index] ?? TxInWitness.EMPTY;
  b.setInputWitness(index, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, data.scriptWitness, w.peginWitness));
}

/** Sign (and merge) every input of `variants[0]`. */
export function signTransaction(req: SignTransactionRequest): SignTransactionResult {
  const [base] = req.variants;
  assert(base !== undefined, 'signTransaction needs a transaction');
  const hashType = req.hashType ?? SIGHASH_ALL;
  const flags = req.flags ?? STANDARD_SCRIPT_VERIFY_FLAGS;
  const hashSingle = (hashType & ~SIGHASH_ANYONECANPAY) === SIGHASH_SINGLE;
  // Signature hashes do not cover scriptSigs or witnesses: one constant view for all inputs.
  const precomputed = new PrecomputedTransactionData(base);
  const merged = TransactionBuilder.from(base);
  const errors: InputSignError[] = [];
  for (let i = 0; i < base.inputs.length; i++) {
    const spent = req.spentOutput(i);
    if (!spent) {
      errors.push({ index: i, error: INPUT_NOT_FOUND });
      continue;
    }
    const creator = new TransactionSignatureCreator(req.secp, req.provider, base, i, spent.amount, hashType, precomputed);
    let data: SignatureData = { scriptSig: new Uint8Array(0), scriptWitness: [] };
    // Only sign SIGHASH_SINGLE if there is a corresponding output.
    if (!hashSingle || i < base.outputs.length) data = produceSignature(creator, spent.scriptPubKey, flags).data;
    // ... and merge in the other signatures.
    const checker = new TransactionSignatureChecker(req.secp, base, i, spent.amount, precomputed);
    for (const v of req.variants) {
      if (v.inputs.length > i) data = combineSignatures(spent.scriptPubKey, checker, data, dataFromTransaction(v, i));
    }
    applyData(merged, i, data);
    const r = verifyScript(data.scriptSig, spent.scriptPubKey, data.scriptWitness, flags, checker);
    if (!r.ok) errors.push({ index: i, error: scriptErrorString(r.error) });
  }
  return { tx: merged.build(), complete: errors.length === 0, errors };
}
