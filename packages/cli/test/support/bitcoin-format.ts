import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OutPoint,
  Reader,
  TransactionBuilder,
  TxIn,
  TxOut,
  addressForDestination,
  base58CheckDecode,
  encodeWif,
  fromHex,
  toHex,
  type Base58Prefixes,
  type Transaction,
} from '@ocean-ts/core';

function readBitcoin(bytes: Uint8Array, skipAfterVersion: number): TransactionBuilder {
  const r = new Reader(bytes);
  const b = new TransactionBuilder();
  b.version = r.i32le();
  r.bytesView(skipAfterVersion);
  const nIn = r.compactSize();
  for (let i = 0; i < nIn; i++) {
    const txid = r.bytesCopy(32);
    const n = r.u32le();
    const script = r.varBytes('scriptSig');
    const seq = r.u32le();
    b.inputs.push(new TxIn(new OutPoint(txid, n), script, seq));
  }
  const nOut = r.compactSize();
  for (let i = 0; i < nOut; i++) {
    const value = r.bytesView(8);
    const v = new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0, true);
    b.outputs.push(new TxOut(ConfidentialAsset.NULL, ConfidentialValue.fromAmount(v), ConfidentialNonce.NULL, r.varBytes('scriptPubKey')));
  }
  b.locktime = r.u32le();
  r.expectEnd('transaction');
  return b;
}

/**
 * The Ocean equivalent of one of the stale Bitcoin-era test transactions (plain Bitcoin layout, or
 * the old Elements layout with 8 extra bytes after the version): same version, inputs, scripts,
 * values and lock time, every output an explicit output in `asset` with a null nonce — what
 * ocean-tx itself creates.
 */
export function oceanFromBitcoinHex(hex: string, asset: Uint8Array): Transaction {
  const bytes = fromHex(hex.trim());
  let b: TransactionBuilder;
  try {
    b = readBitcoin(bytes, 0);
  } catch {
    b = readBitcoin(bytes, 8);
  }
  b.outputs = b.outputs.map((o) => new TxOut(ConfidentialAsset.fromId(asset), o.value, o.nonce, o.scriptPubKey));
  return b.build();
}

/** A Bitcoin mainnet address (version 0 / 5) → the Ocean address of the same hash on a chain. */
export function oceanAddress(bitcoinAddress: string, base58: Base58Prefixes): string | undefined {
  let raw: Uint8Array;
  try {
    raw = base58CheckDecode(bitcoinAddress);
  } catch {
    return undefined;
  }
  if (raw.length !== 21 || (raw[0] !== 0 && raw[0] !== 5)) return undefined;
  return addressForDestination({ type: raw[0] === 0 ? 'keyhash' : 'scripthash', hash: raw.slice(1) }, base58);
}

/** A Bitcoin mainnet WIF (version 128) → the same key's WIF on a chain. */
export function oceanWif(bitcoinWif: string, base58: Base58Prefixes): string | undefined {
  let raw: Uint8Array;
  try {
    raw = base58CheckDecode(bitcoinWif);
  } catch {
    return undefined;
  }
  if (raw[0] !== 128 || (raw.length !== 33 && raw.length !== 34)) return undefined;
  return encodeWif(raw.slice(1, 33), raw.length === 34, base58);
}

export { toHex };
