import { assert, toDisplayHex, type Reader, type Writer } from '@ocean-ts/core';
import { inventoryTypeName } from '../protocol/inventory-types.js';

/** `CInv`: uint32 type then a 32-byte hash (txid or block hash, internal order). 36 bytes. */
export class InvItem {
  static readonly SIZE = 36;

  constructor(
    readonly type: number,
    readonly hash: Uint8Array,
  ) {
    assert(Number.isInteger(type) && type >= 0 && type <= 0xffffffff, 'inventory type is a uint32');
    assert(hash.length === 32, 'inventory hash is 32 bytes');
  }

  write(w: Writer): void {
    w.u32le(this.type).bytes(this.hash);
  }

  static read(r: Reader): InvItem {
    return new InvItem(r.u32le(), r.bytesCopy(32, 'inventory hash'));
  }

  /** `CInv::ToString`: `tx 1a2b…` (unknown types as `0x…`). */
  toString(): string {
    return `${inventoryTypeName(this.type) ?? `0x${this.type.toString(16).padStart(8, '0')}`} ${toDisplayHex(this.hash)}`;
  }
}
