/**
 * Transaction signature hashing (ocean-core-script.md §4): the legacy algorithm and BIP143
 * (segwit v0), both with the Elements additions (asset issuances, confidential amounts).
 */
import { sha256d } from '../crypto/hash.js';
import { Writer } from '../encoding/writer.js';
import { assert } from '../encoding/errors.js';
import type { Transaction } from '../primitives/transaction.js';
import type { ConfidentialValue } from '../primitives/confidential.js';
import { TxOut } from '../primitives/tx-out.js';
import { SigVersion } from './checker.js';
import { removeCodeSeparators } from './script.js';
import { PrecomputedTransactionData } from './precomputed-transaction-data.js';

export const SIGHASH_ALL = 1;
export const SIGHASH_NONE = 2;
export const SIGHASH_SINGLE = 3;
export const SIGHASH_ANYONECANPAY = 0x80;

const ZERO32: Uint8Array = new Uint8Array(32);
/** The "one" hash returned for out-of-range inputs / SINGLE outputs (internal byte 0 = 1). */
const ONE = (() => {
  const h = new Uint8Array(32);
  h[0] = 1;
  return h;
})();

/**
 * `SignatureHash`: the 32-byte digest (internal byte order, used directly as the ECDSA message).
 * `hashType` is the full type (the sighash byte for CHECKSIG; any int32 is hashed as-is);
 * `amount` (the spent output's value field) is only used by segwit v0.
 */
export function signatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
  amount: ConfidentialValue,
  sigversion: SigVersion,
  cache?: PrecomputedTransactionData,
): Uint8Array {
  if (sigversion === SigVersion.WITNESS_V0) return witnessV0SignatureHash(scriptCode, tx, nIn, hashType, amount, cache);
  return legacySignatureHash(scriptCode, tx, nIn, hashType, cache);
}

/**
 * Legacy sighash: Bitcoin's algorithm on the Ocean transaction without the flags byte, each
 * serialized input followed by its issuance when non-null, and the null output `00 00 00 00` in
 * place of other outputs for SINGLE. Returns the "one" hash when `nIn` is out of range or SINGLE
 * has no matching output.
 */
export function legacySignatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
  cache?: PrecomputedTransactionData,
): Uint8Array {
  if (nIn >= tx.inputs.length) return ONE.slice();
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const hashSingle = base === SIGHASH_SINGLE;
  const hashNone = base === SIGHASH_NONE;
  if (hashSingle && nIn >= tx.outputs.length) return ONE.slice();

  const code = removeCodeSeparators(scriptCode);
  const outputs = !hashNone && !hashSingle ? (cache ?? new PrecomputedTransactionData(tx)).allOutputs : undefined;
  let capacity = 64 + code.bytes.length + (outputs?.length ?? 0);
  for (const input of tx.inputs) capacity += 50 + (input.issuance.isNull ? 0 : input.issuance.size);
  const w = new Writer(capacity);
  w.i32le(tx.version);
  // inputs
  const nInputs = anyoneCanPay ? 1 : tx.inputs.length;
  w.compactSize(nInputs);
  for (let k = 0; k < nInputs; k++) {
    const idx = anyoneCanPay ? nIn : k;
    const input = tx.inputs[idx]!;
    input.prevout.write(w);
    if (idx !== nIn) w.u8(0);
    else w.compactSize(code.declaredLength).bytes(code.bytes);
    if (idx !== nIn && (hashSingle || hashNone)) w.u32le(0);
    else w.u32le(input.sequence);
    if (!input.issuance.isNull) input.issuance.write(w);
  }
  // outputs
  const nOutputs = hashNone ? 0 : hashSingle ? nIn + 1 : tx.outputs.length;
  w.compactSize(nOutputs);
  if (outputs) {
    w.bytes(outputs);
  } else {
    for (let j = 0; j < nOutputs; j++) (j !== nIn ? TxOut.NULL : tx.outputs[j]!).write(w);
  }
  w.u32le(tx.locktime);
  w.i32le(hashType);
  return sha256d(w.finish());
}

/** BIP143 with `hashIssuance`, the confidential amount and the input's issuance. */
export function witnessV0SignatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
  amount: ConfidentialValue,
  cache?: PrecomputedTransactionData,
): Uint8Array {
  assert(nIn < tx.inputs.length, 'segwit sighash input index out of range');
  const pre = cache ?? new PrecomputedTransactionData(tx);
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const hashPrevouts = anyoneCanPay ? ZERO32 : pre.hashPrevouts;
  const hashSequence = !anyoneCanPay && base !== SIGHASH_SINGLE && base !== SIGHASH_NONE ? pre.hashSequence : ZERO32;
  const hashIssuance = anyoneCanPay ? ZERO32 : pre.hashIssuance;
  let hashOutputs: Uint8Array = ZERO32;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) {
    hashOutputs = pre.hashOutputs;
  } else if (base === SIGHASH_SINGLE && nIn < tx.outputs.length) {
    const ow = new Writer();
    tx.outputs[nIn]!.write(ow);
    hashOutputs = sha256d(ow.finish());
  }
  const input = tx.inputs[nIn]!;
  const w = new Writer(256 + scriptCode.length);
  w.i32le(tx.version);
  w.bytes(hashPrevouts).bytes(hashSequence).bytes(hashIssuance);
  input.prevout.write(w);
  w.varBytes(scriptCode);
  amount.write(w);
  w.u32le(input.sequence);
  if (!input.issuance.isNull) input.issuance.write(w);
  w.bytes(hashOutputs);
  w.u32le(tx.locktime);
  w.i32le(hashType);
  return sha256d(w.finish());
}
