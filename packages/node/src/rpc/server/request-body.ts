import type { IncomingMessage } from 'node:http';

/**
 * Read a request body of at most `limit` bytes. Resolves null, without buffering anything more,
 * as soon as the body is known to be larger: at once when `Content-Length` says so, otherwise when
 * the received bytes pass the limit (the rest keeps being read and discarded so the connection can
 * be answered and then closed). Rejects when the client aborts.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    req.on('data', (chunk: Buffer) => {
      if (overflow) return;
      size += chunk.length;
      if (size > limit) {
        overflow = true;
        chunks = [];
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!overflow) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
