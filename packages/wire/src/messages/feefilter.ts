import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `feefilter` (BIP133): int64 fee rate in satoshis per 1000 bytes below which not to relay. */
export class FeeFilterMessage implements WireMessage {
  static readonly COMMAND = 'feefilter';
  readonly command = FeeFilterMessage.COMMAND;

  constructor(readonly feeRate: bigint) {}

  encode(): Uint8Array {
    return encodePayload((w) => w.i64le(this.feeRate), 8);
  }

  static decode(payload: Uint8Array): FeeFilterMessage {
    return decodePayload(payload, FeeFilterMessage.COMMAND, (r) => new FeeFilterMessage(r.i64le()));
  }
}
