import { readBool } from '../types/wire-string.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `sendcmpct` (BIP152): bool "announce new blocks with `cmpctblock`" and uint64 compact-block
 * version (1: short ids over txids; 2: over full-serialization hashes, witness prefilled txs).
 */
export class SendCmpctMessage implements WireMessage {
  static readonly COMMAND = 'sendcmpct';
  readonly command = SendCmpctMessage.COMMAND;

  constructor(
    readonly announce: boolean,
    readonly version: bigint,
  ) {}

  encode(): Uint8Array {
    return encodePayload((w) => w.u8(this.announce ? 1 : 0).u64le(this.version), 9);
  }

  static decode(payload: Uint8Array): SendCmpctMessage {
    return decodePayload(payload, SendCmpctMessage.COMMAND, (r) => new SendCmpctMessage(readBool(r, 'sendcmpct announce'), r.u64le()));
  }
}
