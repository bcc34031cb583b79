import { sha256d } from '../crypto/hash.js';

const encoder = new TextEncoder();

/**
 * The original reads terms-and-conditions and asset-mapping files line by line and re-terminates
 * every line with a single `\n`: a missing final newline is added, `\r` is kept, and a missing or
 * empty file is the empty string (chain spec §1).
 */
export function normalizeDataFile(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l + '\n').join('');
}

/** SHA256d of the normalised UTF-8 text (internal order); all-zero when the text is empty. */
export function hashDataFile(text: string | undefined): Uint8Array {
  const normalized = normalizeDataFile(text);
  if (normalized === '') return new Uint8Array(32);
  return sha256d(encoder.encode(normalized));
}
