import type { ChainFiles } from '@ocean-ts/core';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ConfigFs } from './config-fs.js';

/** More `old<i>.txt` files than any chain has; a guard against a runaway directory. */
const MAX_OLD_TERMS = 10_000;

/**
 * Read a chain's data files relative to the **base** data directory (chain spec §1, policy §8.1):
 * `terms-and-conditions/<chain>/latest.txt`, `old1.txt`, `old2.txt`, … (up to the first missing one
 * beyond the `-contractchange` count) and `asset-mapping/<chain>/latest.json`. Missing files are
 * undefined (they hash to zero). The text must be UTF-8.
 */
export function readChainFiles(fs: ConfigFs, dataDir: string, chain: string, contractChanges: number): ChainFiles {
  const termsDir = join(dataDir, 'terms-and-conditions', chain);
  const read = (path: string) => decodeUtf8(fs.readFile(path), path);
  const old: (string | undefined)[] = [];
  for (let i = 1; i <= MAX_OLD_TERMS; i++) {
    const text = read(join(termsDir, `old${i}.txt`));
    if (text === undefined && i > contractChanges) break;
    old.push(text);
  }
  return {
    terms: { latest: read(join(termsDir, 'latest.txt')), old },
    mapping: read(join(dataDir, 'asset-mapping', chain, 'latest.json')),
  };
}

const DECODER = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 (a file that is not UTF-8 would hash differently once re-encoded). */
export function decodeUtf8(bytes: Uint8Array | undefined, path: string): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return DECODER.decode(bytes);
  } catch {
    throw new ConfigError(`Error: ${path} is not valid UTF-8 text`);
  }
}
