/**
 * Request and bid validity (ocean-policy.md §9.4) and the order of a request's bid set.
 */
import { compareBytes } from '../encoding/hex.js';
import { auctionPrice, type PricedRequest } from './auction-price.js';

export interface RequestPeriod extends PricedRequest {
  readonly endBlockHeight: number;
}

/** Fields of a bid the auction looks at. */
export interface AuctionBid {
  /** Bid txid, internal byte order. */
  readonly txid: Uint8Array;
  readonly stake: bigint;
  readonly lockHeight: number;
  readonly confirmedBlockHeight: number;
}

/** A request is valid at height `h` while `endBlockHeight > h`. */
export function isRequestValidAt(request: Pick<RequestPeriod, 'endBlockHeight'>, height: number): boolean {
  return request.endBlockHeight > height;
}

/** A request is in auction at height `h` while `startBlockHeight > h`. */
export function isRequestInAuctionAt(request: Pick<RequestPeriod, 'startBlockHeight'>, height: number): boolean {
  return (request.startBlockHeight >>> 0) > height;
}

/**
 * A bid counts for a request when its stake covers the auction price at the bid's confirmation
 * height, its stake stays locked at least until the request ends, and it was confirmed before the
 * service period starts.
 */
export function isBidValidFor(request: RequestPeriod, bid: AuctionBid): boolean {
  return (
    bid.stake >= auctionPrice(request, bid.confirmedBlockHeight) &&
    bid.lockHeight >= request.endBlockHeight &&
    bid.confirmedBlockHeight < request.startBlockHeight >>> 0
  );
}

/**
 * The order of a request's bid set: confirmation height ascending, stake descending, txid
 * ascending (internal bytes). A request keeps the first `numTickets` bids in this order.
 */
export function compareBids(a: AuctionBid, b: AuctionBid): number {
  if (a.confirmedBlockHeight !== b.confirmedBlockHeight) return a.confirmedBlockHeight - b.confirmedBlockHeight;
  if (a.stake !== b.stake) return a.stake > b.stake ? -1 : 1;
  return compareBytes(a.txid, b.txid);
}
