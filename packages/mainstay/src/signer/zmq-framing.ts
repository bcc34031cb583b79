/**
 * The byte-list framing of the Profile A signer messages (spec mainstay.md §6.1; the original's
 * `SerializeBytes` / `UnserializeBytes` in `attestation/attestsigner_zmq.go`): the concatenation of
 * `len (1 byte) ‖ bytes` per element.
 *
 * Decoding is the original's: it stops silently at the first element whose declared length
 * overruns the buffer. Encoding deliberately differs: the original truncated the length of an
 * element over 255 bytes to its low byte and so sent a corrupt message; we reject it
 * ({@link FramingError}). See ADR 0043.
 */

/** Largest element the one-byte length prefix can describe. */
export const MAX_FRAMED_ELEMENT = 255;

/** Thrown when an element cannot be framed (longer than {@link MAX_FRAMED_ELEMENT} bytes). */
export class FramingError extends Error {
  override readonly name = 'FramingError';
  constructor(
    readonly index: number,
    readonly length: number,
  ) {
    super(`element ${index} is ${length} bytes; the signer framing allows at most ${MAX_FRAMED_ELEMENT}`);
  }
}

/** Frame a list of byte strings. Throws {@link FramingError} for an element over 255 bytes. */
export function serialiseFrames(items: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const len = items[i]!.length;
    if (len > MAX_FRAMED_ELEMENT) throw new FramingError(i, len);
    total += 1 + len;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const item of items) {
    out[at++] = item.length;
    out.set(item, at);
    at += item.length;
  }
  return out;
}

/**
 * Split a framed message into its elements (copies). Stops, without error, at the first element
 * whose declared length runs past the end; trailing elements are then lost, as in the original.
 */
export function unserialiseFrames(data: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const len = data[at]!;
    const start = at + 1;
    if (start + len > data.length) break;
    out.push(Buffer.from(data.subarray(start, start + len)));
    at = start + len;
  }
  return out;
}
