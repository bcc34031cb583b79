import { MAX_INV_SZ } from '../protocol/limits.js';
import { InvItem } from '../types/inv-item.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';

/**
 * The payload shared by `inv`, `getdata` and `notfound`: `Vector<CInv>` (36 bytes each). The
 * count is checked against the payload before anything is allocated (a short payload is a
 * `DecodeError`, like Core's "end of data"), then against `MAX_INV_SZ` (`MessageLimitError`;
 * Core: `Misbehaving(20)`).
 */
export function encodeInventory(items: readonly InvItem[]): Uint8Array {
  return encodePayload((w) => {
    w.compactSize(items.length);
    for (const i of items) i.write(w);
  }, 5 + items.length * InvItem.SIZE);
}

export function decodeInventory(payload: Uint8Array, command: string): InvItem[] {
  const items = decodePayload(payload, command, (r) => {
    const n = r.count(InvItem.SIZE, `${command} entries`);
    const out: InvItem[] = [];
    for (let i = 0; i < n; i++) out.push(InvItem.read(r));
    return out;
  });
  checkLimit(command, 'MAX_INV_SZ', MAX_INV_SZ, items.length);
  return items;
}
