import type { WireMessage } from '../messages/wire-message.js';
import { encodeFrame } from './encode-frame.js';

/** The complete frame of a message object. */
export function frameMessage(magic: Uint8Array, message: WireMessage): Uint8Array {
  return encodeFrame(magic, message.command, message.encode());
}
