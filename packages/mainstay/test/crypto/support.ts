import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeSecp256k1, type BitcoinTransaction } from '@ocean-ts/core';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');

export function readVector<T>(name: string): T {
  return JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', name), 'utf8')) as T;
}

export const secp = loadNativeSecp256k1();

interface BcoinLike {
  TX: { fromRaw(raw: Buffer): { verifyInput(index: number, coin: unknown, flags: number): boolean } };
  Script: { fromRaw(raw: Buffer): unknown; flags: { STANDARD_VERIFY_FLAGS: number } };
  Coin: new (options: { value: number; script: unknown }) => unknown;
}
const bcoin = createRequire(import.meta.url)('bcoin') as BcoinLike;

/**
 * Verify input `index` of `tx` spending an output of `value` sats with `scriptPubKey`, using bcoin's
 * script interpreter (an independent implementation) with Bitcoin's standard verification flags.
 */
export function bcoinVerifyInput(tx: BitcoinTransaction, index: number, scriptPubKey: Uint8Array, value: bigint): boolean {
  const btx = bcoin.TX.fromRaw(Buffer.from(tx.toBytes()));
  const coin = new bcoin.Coin({ value: Number(value), script: bcoin.Script.fromRaw(Buffer.from(scriptPubKey)) });
  return btx.verifyInput(index, coin, bcoin.Script.flags.STANDARD_VERIFY_FLAGS);
}
