import { Reader, Writer, assert, bytesEqual, sha256d } from '@ocean-ts/core';
import { CHECKSUM_SIZE, COMMAND_SIZE, MESSAGE_HEADER_SIZE, MESSAGE_START_SIZE } from '../protocol/limits.js';
import { commandFromBytes, commandToBytes, isValidCommandBytes } from './command.js';

/** First four bytes of SHA256d(payload). */
export function payloadChecksum(payload: Uint8Array): Uint8Array {
  return sha256d(payload).slice(0, CHECKSUM_SIZE);
}

/**
 * `CMessageHeader`: message start (4), NUL-padded command (12), payload length (uint32 LE),
 * checksum (4). Decoding keeps the raw command bytes so an invalid command can be reported.
 */
export class MessageHeader {
  static readonly SIZE = MESSAGE_HEADER_SIZE;

  constructor(
    readonly magic: Uint8Array,
    readonly commandBytes: Uint8Array,
    readonly length: number,
    readonly checksum: Uint8Array,
  ) {
    assert(magic.length === MESSAGE_START_SIZE, 'message start is 4 bytes');
    assert(commandBytes.length === COMMAND_SIZE, 'command is 12 bytes');
    assert(Number.isInteger(length) && length >= 0 && length <= 0xffffffff, 'payload length is a uint32');
    assert(checksum.length === CHECKSUM_SIZE, 'checksum is 4 bytes');
  }

  /** The header for `payload` under `command`. */
  static forPayload(magic: Uint8Array, command: string, payload: Uint8Array): MessageHeader {
    return new MessageHeader(magic, commandToBytes(command), payload.length, payloadChecksum(payload));
  }

  /** The command (up to the first NUL). */
  get command(): string {
    return commandFromBytes(this.commandBytes);
  }

  get commandValid(): boolean {
    return isValidCommandBytes(this.commandBytes);
  }

  hasMagic(magic: Uint8Array): boolean {
    return bytesEqual(this.magic, magic);
  }

  /** True when the checksum matches `payload`. */
  matches(payload: Uint8Array): boolean {
    return payload.length === this.length && bytesEqual(payloadChecksum(payload), this.checksum);
  }

  write(w: Writer): void {
    w.bytes(this.magic).bytes(this.commandBytes).u32le(this.length).bytes(this.checksum);
  }

  toBytes(): Uint8Array {
    const w = new Writer(MESSAGE_HEADER_SIZE);
    this.write(w);
    return w.finish();
  }

  static read(r: Reader): MessageHeader {
    return new MessageHeader(r.bytesCopy(MESSAGE_START_SIZE, 'message start'), r.bytesCopy(COMMAND_SIZE, 'command'), r.u32le(), r.bytesCopy(CHECKSUM_SIZE, 'checksum'));
  }

  static decode(bytes: Uint8Array): MessageHeader {
    const r = new Reader(bytes);
    const h = MessageHeader.read(r);
    r.expectEnd('message header');
    return h;
  }
}
