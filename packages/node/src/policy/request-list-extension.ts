/**
 * The guardnode request table (`-requestlist`, ocean-policy.md §9.5) as a chain-state extension:
 * each block's changes are written in the block's own batch with an undo record, so the table
 * follows reorganisations (the reference never rolls it back) and survives restarts without a
 * replay. Keys (under the extension's namespace):
 *
 * - `r` request txid → request record (`request-records.ts`) with its bid count
 * - `b` request txid ‖ u32be height ‖ u64be descending stake ‖ bid txid → bid record
 * - `x` u32be end height ‖ request txid → (empty): expiry index
 * - `u` block hash → undo: the committed value of every key the block touched
 * - `m` → hash of the block the table is at ‖ u32le height it was last rebuilt at (see `syncAtStartup`)
 */
import {
  Reader,
  Writer,
  bytesEqual,
  findBid,
  isBidValidFor,
  parseRequestScript,
  type Block,
  type Transaction,
} from '@ocean-ts/core';
import { extensionKey } from '../chain/extension-keys.js';
import type { ChainStateExtension, ExtensionContext } from '../chain/chain-state-extension.js';
import { u32be } from '../storage/key-codec.js';
import type { KvReader, KvStore } from '../storage/kv-store.js';
import { WriteBatch } from '../storage/write-batch.js';
import type { GuardnodeAssets } from './guardnode-assets.js';
import { KvOverlay } from './kv-overlay.js';
import {
  bidOrderKey,
  decodeBidRecord,
  decodeRequestRecord,
  encodeBidRecord,
  encodeRequestRecord,
  type ListedBid,
  type ListedRequest,
  type RequestWithBids,
} from './request-records.js';
import { scanUtxoRequests } from './request-scan.js';

const REQUEST = Uint8Array.of(0x72);
const BID = Uint8Array.of(0x62);
const EXPIRY = Uint8Array.of(0x78);
const UNDO = Uint8Array.of(0x75);
const MARKER = Uint8Array.of(0x6d);

const NAME = 'requests';
const key = (...parts: Uint8Array[]) => extensionKey(NAME, ...parts);
const requestKey = (txid: Uint8Array) => key(REQUEST, txid);
const expiryKey = (end: number, txid: Uint8Array) => key(EXPIRY, u32be(end), txid);
const bidPrefix = (requestTxid: Uint8Array) => key(BID, requestTxid);
const bidKey = (b: ListedBid) => key(BID, b.requestTxid, bidOrderKey(b));

/** The table's position: the block it reflects and the height it was rebuilt from the UTXO set at. */
interface Marker {
  readonly blockHash: Uint8Array;
  readonly rebuiltAt: number;
}

function encodeMarker(m: Marker): Uint8Array {
  return new Writer(36).bytes(m.blockHash).u32le(m.rebuiltAt).finish();
}

function decodeMarker(v: Uint8Array | undefined): Marker | undefined {
  if (v === undefined) return undefined;
  const r = new Reader(v);
  const m = { blockHash: r.bytesCopy(32, 'marker block'), rebuiltAt: r.u32le() };
  r.expectEnd('request table marker');
  return m;
}

export class RequestListExtension implements ChainStateExtension {
  static readonly NAME = NAME;
  readonly name = NAME;

  constructor(private readonly assets: GuardnodeAssets) {}

  connect(block: Block, height: number, batch: WriteBatch, ctx: ExtensionContext): void {
    const ov = new KvOverlay(ctx.store);
    for (const tx of block.transactions) {
      if (tx.isCoinbase) continue;
      if (this.isPermissionOutput0(tx)) {
        if (tx.outputs.length !== 1) continue;
        const terms = parseRequestScript(tx.outputs[0]!.scriptPubKey);
        if (terms === undefined || terms.endBlockHeight <= height - 1) continue;
        const request: ListedRequest = { ...terms, txid: tx.txid, confirmedBlockHeight: height };
        ov.put(requestKey(tx.txid), encodeRequestRecord(request, 0));
        ov.put(expiryKey(terms.endBlockHeight, tx.txid), new Uint8Array(0));
      } else if (tx.outputs.length !== 1) {
        const found = findBid(tx.outputs, this.assets.domainAsset);
        if (found === undefined) continue;
        const stored = ov.get(requestKey(found.requestTxid));
        if (stored === undefined) continue;
        const { request, bidCount } = decodeRequestRecord(found.requestTxid, stored);
        const bid: ListedBid = {
          requestTxid: found.requestTxid,
          txid: tx.txid,
          confirmedBlockHeight: height,
          lockHeight: found.lockHeight,
          stake: found.stake,
          feePubKey: found.feePubKey,
        };
        if (!isBidValidFor(request, bid)) continue;
        this.addBid(ov, request, bidCount, bid);
      }
    }
    // Requests whose service period ended before this block leave the table with their bids.
    for (const k of [...ov.keys(key(EXPIRY), { lt: key(EXPIRY, u32be(height)) })]) {
      const txid = k.subarray(k.length - 32).slice();
      this.removeRequest(ov, txid, k);
    }
    const marker = decodeMarker(ctx.store.get(key(MARKER)));
    ov.put(key(MARKER), encodeMarker({ blockHash: ctx.blockHash, rebuiltAt: marker?.rebuiltAt ?? 0 }));
    const undo = new Writer();
    const changes = ov.changes();
    undo.compactSize(changes.length);
    for (const c of changes) {
      undo.varBytes(c.key);
      if (c.before === undefined) undo.u8(0);
      else undo.u8(1).varBytes(c.before);
    }
    ov.writeTo(batch);
    batch.put(key(UNDO, ctx.blockHash), undo.finish());
  }

  disconnect(block: Block, height: number, batch: WriteBatch, ctx: ExtensionContext): void {
    const undo = ctx.store.get(key(UNDO, ctx.blockHash));
    if (undo === undefined) {
      this.disconnectWithoutUndo(block, height, batch, ctx.store);
      return;
    }
    const r = new Reader(undo);
    for (let n = r.compactSize(); n > 0; n--) {
      const k = r.varBytes('request table undo key');
      if (r.u8() === 0) batch.del(k);
      else batch.put(k, r.varBytes('request table undo value'));
    }
    r.expectEnd('request table undo');
    batch.del(key(UNDO, ctx.blockHash));
  }

  /**
   * Blocks at or below the height the table was rebuilt at have no undo record: remove what they
   * added (their requests and bids); requests that expired in them cannot be restored.
   */
  private disconnectWithoutUndo(block: Block, height: number, batch: WriteBatch, store: KvReader): void {
    const ov = new KvOverlay(store);
    for (const tx of block.transactions) {
      const stored = ov.get(requestKey(tx.txid));
      if (stored !== undefined) this.removeRequest(ov, tx.txid, expiryKey(decodeRequestRecord(tx.txid, stored).request.endBlockHeight, tx.txid));
      const found = tx.isCoinbase ? undefined : findBid(tx.outputs, this.assets.domainAsset);
      if (found === undefined) continue;
      const req = ov.get(requestKey(found.requestTxid));
      if (req === undefined) continue;
      const { request, bidCount } = decodeRequestRecord(found.requestTxid, req);
      for (const k of [...ov.keys(bidPrefix(found.requestTxid))]) {
        if (bytesEqual(k.subarray(k.length - 32), tx.txid)) {
          ov.del(k);
          ov.put(requestKey(found.requestTxid), encodeRequestRecord(request, bidCount - 1));
        }
      }
    }
    ov.put(key(MARKER), encodeMarker({ blockHash: block.header.prevBlockHash, rebuiltAt: Math.max(0, height - 1) }));
    ov.writeTo(batch);
  }

  private isPermissionOutput0(tx: Transaction): boolean {
    const p = this.assets.permissionAsset;
    const out0 = tx.outputs[0];
    return p !== undefined && out0 !== undefined && out0.asset.isExplicit && bytesEqual(out0.asset.id, p);
  }

  /** Insert `bid`; beyond `numTickets` the last bid in auction order leaves (possibly `bid` itself). */
  private addBid(ov: KvOverlay, request: ListedRequest, bidCount: number, bid: ListedBid): void {
    if (request.numTickets === 0) return;
    ov.put(bidKey(bid), encodeBidRecord(bid));
    let count = bidCount + 1;
    if (count > request.numTickets) {
      const last = ov.lastKey(bidPrefix(request.txid));
      if (last !== undefined) ov.del(last);
      count--;
    }
    ov.put(requestKey(request.txid), encodeRequestRecord(request, count));
  }

  private removeRequest(ov: KvOverlay, txid: Uint8Array, expiry: Uint8Array): void {
    for (const k of [...ov.keys(bidPrefix(txid))]) ov.del(k);
    ov.del(requestKey(txid));
    ov.del(expiry);
  }

  /**
   * Start-up check: when the table is not at the chain tip (a chain state written before the table
   * existed, or by a node that did not keep it), rebuild it from the UTXO set as the reference
   * does at every start. Returns whether it rebuilt. Call with the chain lock held.
   */
  async syncAtStartup(store: KvStore, tip: { hash: Uint8Array; height: number }): Promise<boolean> {
    const marker = decodeMarker(store.get(key(MARKER)));
    if (marker !== undefined ? bytesEqual(marker.blockHash, tip.hash) : tip.height === 0) return false;
    const batch = new WriteBatch();
    for (const [k] of store.range({ prefix: key() })) batch.del(k);
    for (const { request, bids } of scanUtxoRequests(store, tip.height, this.assets).values()) {
      batch.put(requestKey(request.txid), encodeRequestRecord(request, bids.length));
      batch.put(expiryKey(request.endBlockHeight, request.txid), new Uint8Array(0));
      for (const b of bids) batch.put(bidKey(b), encodeBidRecord(b));
    }
    batch.put(key(MARKER), encodeMarker({ blockHash: tip.hash, rebuiltAt: tip.height }));
    await store.write(batch);
    return true;
  }

  /** The table: every request (txid order) with its bids (auction order). */
  static requests(store: KvReader): RequestWithBids[] {
    const out: RequestWithBids[] = [];
    const prefix = key(REQUEST);
    for (const [k, v] of store.range({ prefix })) {
      const txid = k.slice(prefix.length);
      out.push({ request: decodeRequestRecord(txid, v).request, bids: RequestListExtension.bidsOf(store, txid) });
    }
    return out;
  }

  /** One request of the table with its bids, or undefined. */
  static request(store: KvReader, txid: Uint8Array): RequestWithBids | undefined {
    const v = store.get(requestKey(txid));
    if (v === undefined) return undefined;
    return { request: decodeRequestRecord(txid, v).request, bids: RequestListExtension.bidsOf(store, txid) };
  }

  private static bidsOf(store: KvReader, requestTxid: Uint8Array): ListedBid[] {
    const prefix = bidPrefix(requestTxid);
    const out: ListedBid[] = [];
    for (const [k, v] of store.range({ prefix })) {
      const height = new DataView(k.buffer, k.byteOffset + prefix.length, 4).getUint32(0, false);
      out.push(decodeBidRecord(requestTxid, k.slice(k.length - 32), height, v));
    }
    return out;
  }
}
