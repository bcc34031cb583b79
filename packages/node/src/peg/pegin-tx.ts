/**
 * The peg-in claim transaction `createrawethpegin` / `createrawpegin` build (policy spec §10.3):
 * one peg-in input spending `(parent txid, n)` with an empty scriptSig and the peg-in witness, an
 * output of the claimed value (minus the fee) in the pegged asset to the wallet's new key, and the
 * explicit fee output. The fee is the wallet's minimum fee for the unsigned virtual size plus
 * `1+1+72+1+33/4` = 83 bytes for the signature still to come.
 */
import {
  AssetIssuance,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxInWitness,
  TxOut,
  type Amount,
  type Transaction,
} from '@ocean-ts/core';

/** Bytes added to the unsigned virtual size for the fee estimate (Elements' `1+1+72+1+33/WITNESS_SCALE_FACTOR`). */
export const PEGIN_SIGNATURE_ALLOWANCE = 1 + 1 + 72 + 1 + Math.floor(33 / 4);

export interface PeginTxRequest {
  readonly prevout: OutPoint;
  /** The peg-in witness stack (5 items for the Ethereum peg, 6 for the legacy Bitcoin one). */
  readonly peginWitness: readonly Uint8Array[];
  readonly peggedAsset: Uint8Array;
  readonly value: Amount;
  /** Where the claimed coins go (P2PKH of a new wallet key). */
  readonly destination: Uint8Array;
  /** `CWallet::GetMinimumFee(nBytes, …)`. */
  readonly minimumFee: (bytes: number) => bigint;
}

function build(req: PeginTxRequest, fee: bigint): Transaction {
  const asset = ConfidentialAsset.fromId(req.peggedAsset);
  const b = new TransactionBuilder();
  b.addInput(new TxIn(req.prevout, new Uint8Array(0), 0xffffffff, AssetIssuance.NULL, true), new TxInWitness(undefined, undefined, [], req.peginWitness));
  b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(req.value - fee), ConfidentialNonce.NULL, req.destination));
  b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(fee), ConfidentialNonce.NULL, new Uint8Array(0)));
  return b.build();
}

/** The unsigned claim transaction and the fee it pays. */
export function peginTransaction(req: PeginTxRequest): { tx: Transaction; fee: bigint } {
  const bytes = build(req, 0n).virtualSize() + PEGIN_SIGNATURE_ALLOWANCE;
  const fee = req.minimumFee(bytes);
  return { tx: build(req, fee), fee };
}

/** Peg-in witness item 0: the value as a little-endian int64. */
export function peginValueBytes(value: Amount): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, value, true);
  return b;
}
