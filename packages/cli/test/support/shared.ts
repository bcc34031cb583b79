import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseJson, type JsonValue } from '@ocean-ts/core';
import { runOceanTx, type ToolResult } from '../../src/ocean-tx/main.js';

/** Absolute path of the shared folder (`$OCEAN_SHARED`, else ../shared next to the repository). */
export const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');
export const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

/** JSON parsed into the UniValue model (exact number tokens). */
export function readSharedJson(...parts: string[]): JsonValue {
  return parseJson(readShared(...parts));
}

/** Run the tool in-process with a given stdin and an in-memory file system. */
export function tool(args: readonly string[], stdin = '', files: Record<string, string> = {}): ToolResult {
  return runOceanTx(args, {
    readStdin: () => stdin,
    readFile: (p) => files[p],
  });
}
