import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of the shared folder (`$OCEAN_SHARED`, else ../shared next to the repository). */
export const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(SHARED, ...parts), 'utf8')) as T;
}
