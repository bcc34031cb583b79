import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of the shared folder (`$OCEAN_SHARED`, else ../shared next to the repository). */
export const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}

export function readText(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

/**
 * Extract a hex blob that the examples file wraps over several lines inside a ``` fence starting
 * after the line containing `marker`.
 */
export function exampleHexBlock(marker: string): string {
  const text = readText('spec', 'ocean-core-examples.md');
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`marker not found: ${marker}`);
  const start = text.indexOf('```', at);
  const end = text.indexOf('```', start + 3);
  return text
    .slice(start + 3, end)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]+$/.test(l))
    .join('');
}
