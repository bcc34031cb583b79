import { DecodeError, Reader, Writer } from '@ocean-ts/core';
import { MessageLimitError, type MessageLimit } from '../errors/message-limit-error.js';

/** Decode a whole payload with `read`; leftover bytes are a `DecodeError`. */
export function decodePayload<T>(payload: Uint8Array, command: string, read: (r: Reader) => T): T {
  const r = new Reader(payload);
  const value = read(r);
  r.expectEnd(command);
  return value;
}

/** Encode a payload with `write`. */
export function encodePayload(write: (w: Writer) => void, capacity = 64): Uint8Array {
  const w = new Writer(capacity);
  write(w);
  return w.finish();
}

/** A payload that must be empty. */
export function expectEmpty(payload: Uint8Array, command: string): void {
  if (payload.length !== 0) throw new DecodeError(`${command}: ${payload.length} unexpected trailing bytes`);
}

/** Throw a `MessageLimitError` when `actual > max`. */
export function checkLimit(command: string, limit: MessageLimit, max: number, actual: number): void {
  if (actual > max) throw new MessageLimitError(command, limit, max, actual);
}
