import type { WireMessage } from './wire-message.js';

/** A command this implementation does not know; Core ignores these (with a log line). */
export class UnknownMessage implements WireMessage {
  constructor(
    readonly command: string,
    readonly payload: Uint8Array,
  ) {}

  encode(): Uint8Array {
    return this.payload;
  }
}
