import { expectEmpty } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `mempool`: empty payload. Asks for the inventory of the peer's mempool (BIP35). */
export class MempoolMessage implements WireMessage {
  static readonly COMMAND = 'mempool';

  readonly command = MempoolMessage.COMMAND;

  encode(): Uint8Array {
    return new Uint8Array(0);
  }

  static decode(payload: Uint8Array): MempoolMessage {
    expectEmpty(payload, MempoolMessage.COMMAND);
    return new MempoolMessage();
  }
}
