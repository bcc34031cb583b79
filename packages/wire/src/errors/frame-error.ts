/** What went wrong with a frame (message header + payload). */
export type FrameErrorKind = 'bad-magic' | 'oversized' | 'bad-command' | 'bad-checksum';

/**
 * A framing problem found by the `FrameDecoder`. Core 0.14 disconnects on a wrong message start or
 * a length above `MAX_PROTOCOL_MESSAGE_LENGTH` (`fatal`: the stream cannot be resynchronised and
 * the decoder stops), and skips the message with a log line on an invalid command or a checksum
 * mismatch (not fatal: the frame's bytes are consumed and decoding continues).
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly kind: FrameErrorKind,
    message: string,
    /** The command of the offending frame, when its header could be read ('' when unprintable). */
    readonly command = '',
    /** The declared payload length, when known. */
    readonly length = 0,
  ) {
    super(message);
  }

  /** True when the peer must be disconnected and the decoder has stopped. */
  get fatal(): boolean {
    return this.kind === 'bad-magic' || this.kind === 'oversized';
  }
}
