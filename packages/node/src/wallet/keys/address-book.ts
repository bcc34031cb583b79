import { Reader, Writer, DecodeError, type Destination } from '@ocean-ts/core';

/** `CAddressBookData`: the label ("account") and purpose (`receive`, `send`, …) of a destination. */
export interface AddressBookEntry {
  readonly name: string;
  readonly purpose: string;
}

const TYPE_KEYHASH = 0;
const TYPE_SCRIPTHASH = 1;

/** Store key part for a destination: u8 type || hash (20). */
export function destinationKey(dest: Destination): Uint8Array {
  const out = new Uint8Array(21);
  out[0] = dest.type === 'keyhash' ? TYPE_KEYHASH : TYPE_SCRIPTHASH;
  out.set(dest.hash, 1);
  return out;
}

export function decodeDestinationKey(bytes: Uint8Array): Destination {
  if (bytes.length !== 21 || (bytes[0] !== TYPE_KEYHASH && bytes[0] !== TYPE_SCRIPTHASH)) throw new DecodeError('bad address book key');
  return { type: bytes[0] === TYPE_KEYHASH ? 'keyhash' : 'scripthash', hash: bytes.slice(1) };
}

export function encodeAddressBookEntry(e: AddressBookEntry): Uint8Array {
  const enc = new TextEncoder();
  return new Writer().varBytes(enc.encode(e.name)).varBytes(enc.encode(e.purpose)).finish();
}

export function decodeAddressBookEntry(bytes: Uint8Array): AddressBookEntry {
  const r = new Reader(bytes);
  const dec = new TextDecoder('utf-8', { fatal: false });
  const name = dec.decode(r.varBytes('name'));
  const purpose = dec.decode(r.varBytes('purpose'));
  r.expectEnd('address book entry');
  return { name, purpose };
}
