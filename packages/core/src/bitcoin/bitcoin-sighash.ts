/**
 * Signature hashes of plain Bitcoin transactions, as Bitcoin Core 0.14 computes them:
 * the legacy algorithm (`SignatureHash` with `SIGVERSION_BASE`, including the SIGHASH_SINGLE
 * "one" result) and BIP143 (segwit v0). Results are 32-byte digests in internal byte order, used
 * directly as the ECDSA message.
 */
import { sha256d } from '../crypto/hash.js';
import { Writer } from '../encoding/writer.js';
import { assert } from '../encoding/errors.js';
import { removeCodeSeparators } from '../script/script.js';
import { SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../script/sighash.js';
import type { BitcoinTransaction } from './bitcoin-transaction.js';

const ZERO32: Uint8Array = new Uint8Array(32);

/** The digest Core returns for an input index out of range, or SINGLE without a matching output. */
export function bitcoinSighashOne(): Uint8Array {
  const h = new Uint8Array(32);
  h[0] = 1;
  return h;
}

/**
 * Legacy sighash (`CTransactionSignatureSerializer`): the transaction without witness, the input
 * being signed carrying `scriptCode` with its OP_CODESEPARATORs removed, the others empty
 * scriptSigs; NONE / SINGLE zero the other inputs' sequences; NONE drops all outputs; SINGLE keeps
 * outputs up to `nIn`, the earlier ones as null outputs (value −1, empty script); ANYONECANPAY keeps
 * only the signed input. `hashType` (any int32) is appended as a little-endian int32.
 * Returns the "one" hash (internal byte 0 = 1) when `nIn` is out of range or SINGLE has no
 * output `nIn` (the SIGHASH_SINGLE bug, kept for consensus).
 */
export function bitcoinLegacySighash(tx: BitcoinTransaction, nIn: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
  if (nIn >= tx.inputs.length) return bitcoinSighashOne();
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const single = base === SIGHASH_SINGLE;
  const none = base === SIGHASH_NONE;
  if (single && nIn >= tx.outputs.length) return bitcoinSighashOne();

  const w = new Writer(256);
  w.i32le(tx.version);
  const nInputs = anyoneCanPay ? 1 : tx.inputs.length;
  w.compactSize(nInputs);
  for (let k = 0; k < nInputs; k++) {
    const idx = anyoneCanPay ? nIn : k;
    const input = tx.inputs[idx]!;
    w.bytes(input.prevTxid).u32le(input.prevIndex);
    if (idx !== nIn) {
      w.compactSize(0);
    } else {
      const code = removeCodeSeparators(scriptCode);
      w.compactSize(code.declaredLength).bytes(code.bytes);
    }
    w.u32le(idx !== nIn && (single || none) ? 0 : input.sequence);
  }
  const nOutputs = none ? 0 : single ? nIn + 1 : tx.outputs.length;
  w.compactSize(nOutputs);
  for (let k = 0; k < nOutputs; k++) {
    if (single && k !== nIn) {
      w.i64le(-1n).compactSize(0);
    } else {
      const o = tx.outputs[k]!;
      w.i64le(o.value).varBytes(o.scriptPubKey);
    }
  }
  w.u32le(tx.locktime);
  w.i32le(hashType | 0);
  return sha256d(w.finish());
}

/**
 * BIP143 sighash for a segwit v0 input spending `amount` satoshis. `scriptCode` is used as given
 * (for P2WPKH: the implied `76a914{hash}88ac`; for P2WSH: the witness script from the last
 * executed OP_CODESEPARATOR).
 */
export function bitcoinSegwitV0Sighash(
  tx: BitcoinTransaction,
  nIn: number,
  scriptCode: Uint8Array,
  amount: bigint,
  hashType: number,
): Uint8Array {
  assert(nIn >= 0 && nIn < tx.inputs.length, 'input index out of range');
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  let hashPrevouts = ZERO32;
  let hashSequence = ZERO32;
  let hashOutputs = ZERO32;
  if (!anyoneCanPay) {
    const w = new Writer(36 * tx.inputs.length);
    for (const i of tx.inputs) w.bytes(i.prevTxid).u32le(i.prevIndex);
    hashPrevouts = sha256d(w.finish());
  }
  if (!anyoneCanPay && base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) {
    const w = new Writer(4 * tx.inputs.length);
    for (const i of tx.inputs) w.u32le(i.sequence);
    hashSequence = sha256d(w.finish());
  }
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) {
    const w = new Writer(256);
    for (const o of tx.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
    hashOutputs = sha256d(w.finish());
  } else if (base === SIGHASH_SINGLE && nIn < tx.outputs.length) {
    const o = tx.outputs[nIn]!;
    hashOutputs = sha256d(new Writer(64).i64le(o.value).varBytes(o.scriptPubKey).finish());
  }
  const input = tx.inputs[nIn]!;
  const w = new Writer(256);
  w.i32le(tx.version);
  w.bytes(hashPrevouts).bytes(hashSequence);
  w.bytes(input.prevTxid).u32le(input.prevIndex);
  w.varBytes(scriptCode);
  w.i64le(amount);
  w.u32le(input.sequence);
  w.bytes(hashOutputs);
  w.u32le(tx.locktime);
  w.i32le(hashType | 0);
  return sha256d(w.finish());
}
