import { BlockHeader, DecodeError, Transaction, assert, type Block } from '@ocean-ts/core';
import { compactBlockKey, shortTxId } from '../crypto/short-tx-id.js';
import type { SipHashKey } from '../crypto/siphash.js';
import { MessageLimitError } from '../errors/message-limit-error.js';
import { MAX_BLOCKTXN_INDEX, SHORTTXIDS_LENGTH } from '../protocol/limits.js';
import { PrefilledTransaction } from '../types/prefilled-transaction.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** Smallest serialized transaction: version, flags, two counts, locktime. */
const MIN_TX_SIZE = 11;
const MAX_SHORT_ID = (1n << 48n) - 1n;

/**
 * `cmpctblock` (BIP152 `CBlockHeaderAndShortTxIDs`): Ocean header with proof, uint64 nonce,
 * `CompactSize` count + 6-byte short ids (uint32 LE low part, uint16 LE high part), then the
 * prefilled transactions with differential indexes. `witness` selects the prefilled transactions'
 * serialization (version 2 / version 1).
 *
 * Decoding follows Core: a differential index above 0xffff is a `DecodeError` ("index overflowed
 * 16-bits"); an absolute index above 0xffff (Core's `InitData` → `READ_STATUS_INVALID`,
 * `Misbehaving(100)`) is a `MessageLimitError` `MAX_BLOCKTXN_INDEX`. The other `InitData` checks
 * (null header, empty, too many transactions, index beyond the block) are the receiver's.
 */
export class CompactBlockMessage implements WireMessage {
  static readonly COMMAND = 'cmpctblock';
  readonly command = CompactBlockMessage.COMMAND;

  constructor(
    readonly header: BlockHeader,
    readonly nonce: bigint,
    readonly shortIds: readonly bigint[],
    readonly prefilled: readonly PrefilledTransaction[],
    readonly witness = true,
  ) {
    assert(nonce >= 0n && nonce <= 0xffffffffffffffffn, 'nonce is a uint64');
    for (const id of shortIds) assert(id >= 0n && id <= MAX_SHORT_ID, 'short ids are 48-bit');
    let last = -1;
    for (const p of prefilled) {
      assert(p.index > last, 'prefilled indexes increase');
      last = p.index;
    }
  }

  /**
   * `CBlockHeaderAndShortTxIDs(block, fUseWTXID)`: the coinbase prefilled, a short id for every
   * other transaction — of its txid (version 1, `useWtxid` false) or of its full-serialization
   * hash (version 2). The nonce is the caller's (Core draws it at random).
   */
  static fromBlock(block: Block, nonce: bigint, useWtxid: boolean): CompactBlockMessage {
    assert(block.transactions.length > 0, 'a block has a coinbase');
    const key = compactBlockKey(block.header, nonce);
    const shortIds = block.transactions.slice(1).map((tx) => shortTxId(key, useWtxid ? tx.hash : tx.txid));
    return new CompactBlockMessage(block.header, nonce, shortIds, [new PrefilledTransaction(0, block.transactions[0]!)], useWtxid);
  }

  /** The SipHash key of this compact block's short ids. */
  get key(): SipHashKey {
    return compactBlockKey(this.header, this.nonce);
  }

  /** The short id a transaction hash (txid or full hash, by version) has in this compact block. */
  shortIdOf(hash: Uint8Array): bigint {
    return shortTxId(this.key, hash);
  }

  encode(): Uint8Array {
    return encodePayload((w) => {
      this.header.write(w, true);
      w.u64le(this.nonce);
      w.compactSize(this.shortIds.length);
      for (const id of this.shortIds) w.u32le(Number(id & 0xffffffffn)).u16le(Number(id >> 32n));
      w.compactSize(this.prefilled.length);
      let last = -1;
      for (const p of this.prefilled) {
        w.compactSize(p.index - last - 1);
        last = p.index;
        p.tx.write(w, this.witness);
      }
    }, 512 + this.shortIds.length * SHORTTXIDS_LENGTH);
  }

  static decode(payload: Uint8Array): CompactBlockMessage {
    return decodePayload(payload, CompactBlockMessage.COMMAND, (r) => {
      const header = BlockHeader.read(r);
      const nonce = r.u64le();
      const n = r.count(SHORTTXIDS_LENGTH, 'short ids');
      const shortIds: bigint[] = [];
      for (let i = 0; i < n; i++) {
        const lo = r.u32le();
        const hi = r.u16le();
        shortIds.push((BigInt(hi) << 32n) | BigInt(lo));
      }
      const m = r.count(1 + MIN_TX_SIZE, 'prefilled transactions');
      const entries: { diff: number; tx: Transaction }[] = [];
      for (let i = 0; i < m; i++) {
        const diff = r.compactSize();
        if (diff > MAX_BLOCKTXN_INDEX) throw new DecodeError('index overflowed 16-bits');
        entries.push({ diff, tx: Transaction.read(r) });
      }
      // Core converts to absolute indexes only in InitData, after the whole message parsed
      const prefilled: PrefilledTransaction[] = [];
      let last = -1;
      for (const { diff, tx } of entries) {
        const index = last + 1 + diff;
        if (index > MAX_BLOCKTXN_INDEX) throw new MessageLimitError(CompactBlockMessage.COMMAND, 'MAX_BLOCKTXN_INDEX', MAX_BLOCKTXN_INDEX, index);
        prefilled.push(new PrefilledTransaction(index, tx));
        last = index;
      }
      const witness = entries.some((e) => e.tx.hasWitness);
      return new CompactBlockMessage(header, nonce, shortIds, prefilled, witness);
    });
  }
}
