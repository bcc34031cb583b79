import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OP,
  OutPoint,
  ScriptBuilder,
  SEQUENCE_FINAL,
  TransactionBuilder,
  TxIn,
  TxInWitness,
  TxOut,
  WITNESS_COMMITMENT_HEADER,
  compareBytes,
  fastMerkleRoot,
  witnessCommitment,
  concatBytes,
  fromDisplayHex,
  type AmountMap,
  type Transaction,
} from '@ocean-ts/core';

/** The coinbase witness nonce the reference assembler uses: 32 zero bytes. */
export const WITNESS_NONCE = new Uint8Array(32);

/** `CScript() << height << CScriptNum(extraNonce)` (COINBASE_FLAGS is empty). */
export function coinbaseScriptSig(height: number, extraNonce: number): Uint8Array {
  return new ScriptBuilder().number(height).pushScriptNum(extraNonce).build();
}

/** Explicit-asset, explicit-value output. */
export function explicitOutput(asset: Uint8Array, value: bigint, script: Uint8Array): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(value), ConfidentialNonce.NULL, script);
}

/**
 * Coinbase outputs for collected fees: one per asset with a non-zero total, ordered like the
 * original's `std::map<CAsset, CAmount>` (memcmp of the internal-order id); a single OP_RETURN
 * explicit-zero output in `feeAsset` when nothing was collected.
 */
export function feeOutputs(fees: AmountMap, destination: Uint8Array, feeAsset: Uint8Array): TxOut[] {
  const entries = [...fees]
    .filter(([, v]) => v !== 0n)
    .map(([hex, v]) => ({ id: fromDisplayHex(hex), v }))
    .sort((a, b) => compareBytes(a.id, b.id));
  if (entries.length === 0) return [explicitOutput(feeAsset, 0n, Uint8Array.of(OP.OP_RETURN))];
  return entries.map((e) => explicitOutput(e.id, e.v, destination));
}

export interface CoinbaseInput {
  readonly height: number;
  readonly extraNonce: number;
  readonly fees: AmountMap;
  readonly destination: Uint8Array;
  readonly feeAsset: Uint8Array;
}

/** The coinbase before the witness commitment: version 2, locktime 0, sequence final. */
export function buildCoinbase(c: CoinbaseInput): TransactionBuilder {
  const b = new TransactionBuilder();
  b.addInput(new TxIn(OutPoint.NULL, coinbaseScriptSig(c.height, c.extraNonce), SEQUENCE_FINAL));
  for (const o of feeOutputs(c.fees, c.destination, c.feeAsset)) b.addOutput(o);
  return b;
}

/**
 * `GenerateCoinbaseCommitment`: witness `[nonce]` on the coinbase input and a last output
 * (explicit zero in the fee asset) with `6a24aa21a9ed || SHA256d(witnessRoot || nonce)`, the root
 * being the fast Merkle root of the witness hashes of the coinbase and `others` (the coinbase's
 * input witness does not enter its leaf; its output count does, hence the placeholder first).
 */
export function addWitnessCommitment(b: TransactionBuilder, others: readonly Transaction[], feeAsset: Uint8Array): Transaction {
  b.setInputWitness(0, new TxInWitness(undefined, undefined, [WITNESS_NONCE.slice()]));
  b.addOutput(explicitOutput(feeAsset, 0n, concatBytes(WITNESS_COMMITMENT_HEADER, new Uint8Array(32))));
  const placeholder = b.build();
  const root = fastMerkleRoot([placeholder.witnessHash, ...others.map((t) => t.witnessHash)]);
  const last = b.outputs.length - 1;
  b.outputs[last] = explicitOutput(feeAsset, 0n, concatBytes(WITNESS_COMMITMENT_HEADER, witnessCommitment(root, WITNESS_NONCE)));
  return b.build();
}
