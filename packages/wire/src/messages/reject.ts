import { DecodeError, assert } from '@ocean-ts/core';
import { COMMAND_SIZE, MAX_REJECT_MESSAGE_LENGTH } from '../protocol/limits.js';
import { readLimitedString, writeString } from '../types/wire-string.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `reject` (BIP61): the rejected command (≤ 12 bytes), uint8 code (`REJECT_*`, Ocean adds
 * `REJECT_PEGIN` 0x44), reason (≤ 111 bytes), and for a rejected `tx` or `block` the 32-byte
 * txid / block hash. The hash is optional on decoding; anything else after the reason is rejected.
 */
export class RejectMessage implements WireMessage {
  static readonly COMMAND = 'reject';
  readonly command = RejectMessage.COMMAND;

  constructor(
    readonly message: string,
    readonly code: number,
    readonly reason: string,
    readonly data?: Uint8Array,
  ) {
    assert(message.length <= COMMAND_SIZE, 'rejected command is at most 12 bytes');
    assert(Number.isInteger(code) && code >= 0 && code <= 0xff, 'reject code is a uint8');
    assert(reason.length <= MAX_REJECT_MESSAGE_LENGTH, 'reject reason is at most 111 bytes (Core truncates it)');
    assert(data === undefined || data.length === 32, 'reject data is a 32-byte hash');
  }

  encode(): Uint8Array {
    return encodePayload((w) => {
      writeString(w, this.message);
      w.u8(this.code);
      writeString(w, this.reason);
      if (this.data) w.bytes(this.data);
    }, 2 + this.message.length + 1 + this.reason.length + 32);
  }

  static decode(payload: Uint8Array): RejectMessage {
    return decodePayload(payload, RejectMessage.COMMAND, (r) => {
      const message = readLimitedString(r, COMMAND_SIZE);
      const code = r.u8();
      const reason = readLimitedString(r, MAX_REJECT_MESSAGE_LENGTH);
      if (r.done) return new RejectMessage(message, code, reason);
      if (r.remaining !== 32) throw new DecodeError(`reject: ${r.remaining} trailing bytes, expected none or a 32-byte hash`);
      return new RejectMessage(message, code, reason, r.bytesCopy(32, 'reject hash'));
    });
  }
}
