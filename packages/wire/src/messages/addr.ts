import { MAX_ADDR_TO_SEND } from '../protocol/limits.js';
import { TimedNetAddress } from '../types/timed-net-address.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `addr`: `Vector<CAddress>` with the time field (30 bytes each). More than 1000 entries is a
 * `MessageLimitError` (Core: `Misbehaving(20)`), checked after the vector parsed, as Core does.
 */
export class AddrMessage implements WireMessage {
  static readonly COMMAND = 'addr';
  readonly command = AddrMessage.COMMAND;

  constructor(readonly addresses: readonly TimedNetAddress[]) {}

  encode(): Uint8Array {
    return encodePayload((w) => {
      w.compactSize(this.addresses.length);
      for (const a of this.addresses) a.write(w);
    }, 3 + this.addresses.length * TimedNetAddress.SIZE);
  }

  static decode(payload: Uint8Array): AddrMessage {
    const addresses = decodePayload(payload, AddrMessage.COMMAND, (r) => {
      const n = r.count(TimedNetAddress.SIZE, 'addr entries');
      const out: TimedNetAddress[] = [];
      for (let i = 0; i < n; i++) out.push(TimedNetAddress.read(r));
      return out;
    });
    checkLimit(AddrMessage.COMMAND, 'MAX_ADDR_TO_SEND', MAX_ADDR_TO_SEND, addresses.length);
    return new AddrMessage(addresses);
  }
}
