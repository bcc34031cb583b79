// Raw HTTP over a TCP socket, for requests a well-behaved client never sends: stalled headers,
// bodies that never finish, oversized uploads.
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';

/** Connect to 127.0.0.1:`port`; resolves once connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves when the socket is closed (by either side), with the bytes it received meanwhile. */
export function untilClosed(s: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.on('error', () => undefined);
  return new Promise((resolve) => {
    if (s.destroyed) resolve(Buffer.concat(chunks));
    else s.once('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** The status code of the first HTTP response in `bytes` (0 when there is none). */
export function statusOf(bytes: Buffer): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

export interface UploadResult {
  /** Bytes of body the client managed to write before the server answered or closed. */
  readonly sent: number;
  /** What the server sent back. */
  readonly reply: Buffer;
}

/**
 * Send `head` (request line and headers, ending in a blank line), then stream body chunks of
 * `chunkSize` bytes (as HTTP chunks when `chunked`) until `maxBytes` are sent or the server answers
 * or closes; then wait for the socket to close.
 */
export async function upload(port: number, head: string, opts: { chunked: boolean; chunkSize: number; maxBytes: number }): Promise<UploadResult> {
  const s = await openSocket(port);
  const closed = untilClosed(s);
  let answered = false;
  s.once('data', () => (answered = true));
  let gone = false;
  s.once('close', () => (gone = true));
  s.write(head);
  const chunk = Buffer.alloc(opts.chunkSize, 0x61);
  const frame = opts.chunked ? Buffer.concat([Buffer.from(`${opts.chunkSize.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  let sent = 0;
  while (!answered && !gone && sent < opts.maxBytes) {
    const ok = s.write(frame);
    sent += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          s.off('drain', done);
          s.off('close', done);
          s.off('data', done);
          resolve();
        };
        s.once('drain', done);
        s.once('close', done);
        s.once('data', done);
      });
    }
  }
  if (!gone) s.end();
  return { sent, reply: await closed };
}

/** `VmHWM` (peak resident set, kB) of process `pid` from /proc, or undefined off Linux. */
export function peakRssKb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
