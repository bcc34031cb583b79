/**
 * The request table's records (ocean-policy.md §9.5) as stored by `RequestListExtension` and as the
 * RPCs read them, whichever source (the table or a UTXO scan) produced them.
 */
import { Reader, Writer, type AuctionBid, type RequestPeriod } from '@ocean-ts/core';

/** A request with the height of the block that confirmed it. */
export interface ListedRequest extends RequestPeriod {
  /** Request txid, internal byte order. */
  readonly txid: Uint8Array;
  readonly genesisHash: Uint8Array;
  readonly numTickets: number;
  readonly feePercentage: number;
  readonly targetPubKey: Uint8Array;
}

/** A bid counted for a request. */
export interface ListedBid extends AuctionBid {
  readonly requestTxid: Uint8Array;
  /** `CPubKey` bytes of the fee key (empty when the third key had an invalid size). */
  readonly feePubKey: Uint8Array;
}

/** A request with its bid set (ordered, at most `numTickets`). */
export interface RequestWithBids {
  readonly request: ListedRequest;
  readonly bids: ListedBid[];
}

/** Stored request value (the txid is in the key): fields, then the number of bids kept. */
export function encodeRequestRecord(r: ListedRequest, bidCount: number): Uint8Array {
  return new Writer(96)
    .u32le(r.confirmedBlockHeight >>> 0)
    .i32le(r.endBlockHeight)
    .u32le(r.startBlockHeight >>> 0)
    .u32le(r.numTickets >>> 0)
    .u32le(r.decayConst >>> 0)
    .u32le(r.feePercentage >>> 0)
    .i64le(r.startPrice)
    .bytes(r.genesisHash)
    .varBytes(r.targetPubKey)
    .u32le(bidCount)
    .finish();
}

export function decodeRequestRecord(txid: Uint8Array, v: Uint8Array): { request: ListedRequest; bidCount: number } {
  const r = new Reader(v);
  const request: ListedRequest = {
    txid,
    confirmedBlockHeight: r.u32le(),
    endBlockHeight: r.i32le(),
    startBlockHeight: r.u32le(),
    numTickets: r.u32le(),
    decayConst: r.u32le(),
    feePercentage: r.u32le(),
    startPrice: r.i64le(),
    genesisHash: r.bytesCopy(32, 'genesis hash'),
    targetPubKey: r.varBytes('target pubkey'),
  };
  const bidCount = r.u32le();
  r.expectEnd('request record');
  return { request, bidCount };
}

/** Stored bid value (request txid, confirmation height, stake order and bid txid are in the key). */
export function encodeBidRecord(b: ListedBid): Uint8Array {
  return new Writer(48).i32le(b.lockHeight).i64le(b.stake).varBytes(b.feePubKey).finish();
}

export function decodeBidRecord(requestTxid: Uint8Array, txid: Uint8Array, confirmedBlockHeight: number, v: Uint8Array): ListedBid {
  const r = new Reader(v);
  const lockHeight = r.i32le();
  const stake = r.i64le();
  const feePubKey = r.varBytes('fee pubkey');
  r.expectEnd('bid record');
  return { requestTxid, txid, confirmedBlockHeight, lockHeight, stake, feePubKey };
}

/** Key part ordering a request's bids as the auction does: height ↑, stake ↓, txid ↑. */
export function bidOrderKey(b: Pick<ListedBid, 'confirmedBlockHeight' | 'stake' | 'txid'>): Uint8Array {
  const descStake = 2n ** 64n - 1n - (BigInt.asIntN(64, b.stake) + 2n ** 63n);
  return new Writer(44).bytes(u32beBytes(b.confirmedBlockHeight)).u64be(descStake).bytes(b.txid).finish();
}

function u32beBytes(n: number): Uint8Array {
  const v = n >>> 0;
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}
