/** Inventory types (`GetDataMsg`) of Bitcoin Core 0.14; hashes are txids and block hashes. */

export const MSG_UNDEFINED = 0;
export const MSG_TX = 1;
export const MSG_BLOCK = 2;
/** Only in `getdata`: answered with `merkleblock` + matching `tx` messages. */
export const MSG_FILTERED_BLOCK = 3;
/** Only in `getdata`: answered with `cmpctblock`. */
export const MSG_CMPCT_BLOCK = 4;
/** Set in `getdata` to ask for the witness serialization. */
export const MSG_WITNESS_FLAG = 1 << 30;
/** `MSG_TYPE_MASK`: the type without the witness flag. */
export const MSG_TYPE_MASK = 0xffffffff >>> 2;
export const MSG_WITNESS_TX = (MSG_TX | MSG_WITNESS_FLAG) >>> 0;
export const MSG_WITNESS_BLOCK = (MSG_BLOCK | MSG_WITNESS_FLAG) >>> 0;
export const MSG_FILTERED_WITNESS_BLOCK = (MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG) >>> 0;

/** `CInv::GetCommand` names, for logs (`MSG_WITNESS_FLAG` shown as a `witness-` prefix). */
export function inventoryTypeName(type: number): string | undefined {
  const base = { [MSG_TX]: 'tx', [MSG_BLOCK]: 'block', [MSG_FILTERED_BLOCK]: 'merkleblock', [MSG_CMPCT_BLOCK]: 'cmpctblock' }[(type & MSG_TYPE_MASK) >>> 0];
  if (base === undefined) return undefined;
  return (type & MSG_WITNESS_FLAG) !== 0 ? `witness-${base}` : base;
}
