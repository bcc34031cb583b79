import { Reader, assert, toHex as hex } from '@ocean-ts/core';
import { FrameError } from '../errors/frame-error.js';
import { MAX_PROTOCOL_MESSAGE_LENGTH, MESSAGE_HEADER_SIZE } from '../protocol/limits.js';
import { MessageHeader } from './message-header.js';

/** A complete, checksummed message. */
export interface FrameMessage {
  readonly type: 'message';
  readonly command: string;
  /** A copy: it never aliases the pushed chunks. */
  readonly payload: Uint8Array;
}

/** A framing problem; after a fatal one the decoder stops. */
export interface FrameProblem {
  readonly type: 'error';
  readonly error: FrameError;
}

export type FrameEvent = FrameMessage | FrameProblem;

/** Smallest step by which a payload buffer grows (Core 0.14 grows `vRecv` by 256 KiB). */
const GROW_STEP = 256 * 1024;

/**
 * Incremental frame parser for one peer's byte stream (Core's `CNetMessage::readHeader/readData`
 * plus the header checks of `ProcessMessages`). Chunks may split frames anywhere or hold many.
 *
 * Memory: at most the 24-byte header plus the current payload, and the payload buffer grows with
 * the bytes actually received (never to the declared length up front), capped by `maxPayload`,
 * which is checked on the header before anything is allocated. A frame with an invalid command
 * is skipped without buffering it.
 *
 * Errors are events, in stream order after the messages that preceded them: bad magic and an
 * oversized length are fatal (Core disconnects; the decoder stops and ignores later input), an
 * invalid command or a wrong checksum drops only that frame (Core logs and continues).
 */
export class FrameDecoder {
  private readonly header = new Uint8Array(MESSAGE_HEADER_SIZE);
  private headerFill = 0;
  private current?: MessageHeader;
  /** Payload bytes still to skip (invalid command). */
  private skipping = false;
  private payload = new Uint8Array(0);
  private payloadFill = 0;
  private failure?: FrameError;

  constructor(
    private readonly magic: Uint8Array,
    private readonly maxPayload = MAX_PROTOCOL_MESSAGE_LENGTH,
  ) {
    assert(magic.length === 4, 'message start is 4 bytes');
    assert(Number.isInteger(maxPayload) && maxPayload >= 0 && maxPayload <= 0xffffffff, 'maxPayload is a uint32');
  }

  /** The fatal error that stopped the decoder, if any. */
  get failed(): FrameError | undefined {
    return this.failure;
  }

  /** Bytes currently held: the partial header and the allocated payload buffer. */
  get bufferedBytes(): number {
    return this.headerFill + this.payload.length;
  }

  /** True at a frame boundary (nothing partial buffered). */
  get idle(): boolean {
    return this.headerFill === 0 && this.current === undefined;
  }

  /** Feed the next bytes of the stream; returns the messages and errors they completed. */
  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    let off = 0;
    while (off < chunk.length && this.failure === undefined) {
      if (this.current === undefined) {
        const n = Math.min(MESSAGE_HEADER_SIZE - this.headerFill, chunk.length - off);
        this.header.set(chunk.subarray(off, off + n), this.headerFill);
        this.headerFill += n;
        off += n;
        if (this.headerFill === MESSAGE_HEADER_SIZE) this.startFrame(events);
        continue;
      }
      const h = this.current;
      const n = Math.min(h.length - this.payloadFill, chunk.length - off);
      if (!this.skipping) {
        if (this.payloadFill === 0 && n === h.length) {
          // the whole payload is in this chunk: copy it once
          this.payload = chunk.slice(off, off + n);
        } else {
          this.reserve(this.payloadFill + n, h.length);
          this.payload.set(chunk.subarray(off, off + n), this.payloadFill);
        }
      }
      this.payloadFill += n;
      off += n;
      if (this.payloadFill === h.length) this.finishFrame(events);
    }
    return events;
  }

  private startFrame(events: FrameEvent[]): void {
    const h = MessageHeader.read(new Reader(this.header));
    this.headerFill = 0;
    if (!h.hasMagic(this.magic)) {
      this.fail(events, new FrameError('bad-magic', `invalid message start ${hex(h.magic)}`, h.command, h.length));
      return;
    }
    if (h.length > this.maxPayload) {
      this.fail(events, new FrameError('oversized', `oversized message: ${h.length} bytes exceed ${this.maxPayload}`, h.command, h.length));
      return;
    }
    this.current = h;
    this.skipping = !h.commandValid;
    this.payload = new Uint8Array(0);
    this.payloadFill = 0;
    if (h.length === 0) this.finishFrame(events);
  }

  private finishFrame(events: FrameEvent[]): void {
    const h = this.current!;
    const payload = this.payload.length === this.payloadFill ? this.payload : this.payload.slice(0, this.payloadFill);
    this.current = undefined;
    this.payload = new Uint8Array(0);
    this.payloadFill = 0;
    if (this.skipping) {
      this.skipping = false;
      events.push({ type: 'error', error: new FrameError('bad-command', `invalid command ${hex(h.commandBytes)}`, h.command, h.length) });
    } else if (!h.matches(payload)) {
      events.push({ type: 'error', error: new FrameError('bad-checksum', `${h.command}: checksum mismatch (${h.length} bytes)`, h.command, h.length) });
    } else {
      events.push({ type: 'message', command: h.command, payload });
    }
  }

  /** Grow the payload buffer to hold `needed` bytes, at most `limit` (the declared length). */
  private reserve(needed: number, limit: number): void {
    if (needed <= this.payload.length) return;
    const cap = Math.min(limit, Math.max(needed, this.payload.length * 2, Math.min(GROW_STEP, limit)));
    const next = new Uint8Array(cap);
    next.set(this.payload.subarray(0, this.payloadFill));
    this.payload = next;
  }

  private fail(events: FrameEvent[], error: FrameError): void {
    this.failure = error;
    this.current = undefined;
    this.payload = new Uint8Array(0);
    this.payloadFill = 0;
    events.push({ type: 'error', error });
  }
}
