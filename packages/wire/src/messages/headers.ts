import { BlockHeader, DecodeError, HEADER_FIXED_SIZE } from '@ocean-ts/core';
import { MAX_HEADERS_RESULTS } from '../protocol/limits.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** Smallest entry: fixed header, empty challenge and solution, zero transaction count. */
const MIN_ENTRY_SIZE = HEADER_FIXED_SIZE + 3;

/**
 * `headers`: `Vector` of (Ocean header in network form — challenge and solution included — then a
 * 0x00 transaction count). As in Core the count is checked against `MAX_HEADERS_RESULTS` (2,000)
 * right after it is read (`MessageLimitError`; Core: `Misbehaving(20)`). Unlike Core, which
 * ignores the transaction count, a non-zero one is a `DecodeError` (ADR 0038).
 */
export class HeadersMessage implements WireMessage {
  static readonly COMMAND = 'headers';
  readonly command = HeadersMessage.COMMAND;

  constructor(readonly headers: readonly BlockHeader[]) {}

  encode(): Uint8Array {
    return encodePayload((w) => {
      w.compactSize(this.headers.length);
      for (const h of this.headers) {
        h.write(w, true);
        w.u8(0);
      }
    }, 3 + this.headers.length * (MIN_ENTRY_SIZE + 140));
  }

  static decode(payload: Uint8Array): HeadersMessage {
    return decodePayload(payload, HeadersMessage.COMMAND, (r) => {
      const n = r.compactSize();
      checkLimit(HeadersMessage.COMMAND, 'MAX_HEADERS_RESULTS', MAX_HEADERS_RESULTS, n);
      if (n > Math.floor(r.remaining / MIN_ENTRY_SIZE)) throw new DecodeError(`end of data reading headers (count ${n})`);
      const headers: BlockHeader[] = [];
      for (let i = 0; i < n; i++) {
        headers.push(BlockHeader.read(r));
        const txCount = r.compactSize();
        if (txCount !== 0) throw new DecodeError(`headers: header ${i} has transaction count ${txCount}, expected 0`);
      }
      return new HeadersMessage(headers);
    });
  }
}
