import { assert } from '@ocean-ts/core';
import { MAX_PROTOCOL_MESSAGE_LENGTH, MESSAGE_HEADER_SIZE } from '../protocol/limits.js';
import { MessageHeader } from './message-header.js';

/** One complete frame: header (magic, command, length, checksum) followed by the payload. */
export function encodeFrame(magic: Uint8Array, command: string, payload: Uint8Array): Uint8Array {
  assert(payload.length <= MAX_PROTOCOL_MESSAGE_LENGTH, `${command} payload of ${payload.length} bytes exceeds MAX_PROTOCOL_MESSAGE_LENGTH`);
  const out = new Uint8Array(MESSAGE_HEADER_SIZE + payload.length);
  out.set(MessageHeader.forPayload(magic, command, payload).toBytes(), 0);
  out.set(payload, MESSAGE_HEADER_SIZE);
  return out;
}
