/** Test helpers: the mainstay vectors and an independent node hash. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');

export function readMainstayVector<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', name), 'utf8')) as T;
}

/** H(a, b) on display hex, computed independently of the code under test. */
export function hDisplay(a: string, b: string): string {
  const bytes = Buffer.concat([Buffer.from(a, 'hex').reverse(), Buffer.from(b, 'hex').reverse()]);
  const once = createHash('sha256').update(bytes).digest();
  return createHash('sha256').update(once).digest().reverse().toString('hex');
}
