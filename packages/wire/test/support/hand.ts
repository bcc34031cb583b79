import { createHash } from 'node:crypto';

/** Hex of space-separated pieces (so golden bytes can be written field by field). */
export function hx(...pieces: string[]): string {
  return pieces.join('').replace(/\s+/g, '');
}

export function sha256dHex(hexPayload: string): string {
  const once = createHash('sha256').update(Buffer.from(hexPayload, 'hex')).digest();
  return createHash('sha256').update(once).digest('hex');
}

/** A frame written out by hand: magic, NUL-padded ASCII command, LE length, checksum, payload. */
export function handFrame(command: string, payloadHex: string): string {
  const cmd = Buffer.alloc(12);
  cmd.write(command, 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(payloadHex.length / 2);
  return 'fabfb5da' + cmd.toString('hex') + len.toString('hex') + sha256dHex(payloadHex).slice(0, 8) + payloadHex;
}
