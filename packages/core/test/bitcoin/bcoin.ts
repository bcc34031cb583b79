/**
 * Test-only access to bcoin (root devDependency) as an independent Bitcoin implementation for
 * differential tests. bcoin ships no types; the few members used are declared here.
 */
import { createRequire } from 'node:module';

export interface BcoinScript {
  toRaw(): Buffer;
}
export interface BcoinTx {
  txid(): string;
  wtxid(): string;
  getSize(): number;
  getVirtualSize(): number;
  getWeight(): number;
  toRaw(): Buffer;
  signatureHash(index: number, prev: BcoinScript, value: number, type: number, version: number): Buffer;
}
export interface BcoinAddress {
  toString(network: string): string;
}
export interface Bcoin {
  TX: { fromRaw(raw: Buffer): BcoinTx };
  Script: { fromRaw(raw: Buffer): BcoinScript };
  Address: { fromScript(script: BcoinScript): BcoinAddress | null; fromString(addr: string, network: string): { toScript?: unknown } };
  KeyRing: { fromPrivate(key: Buffer, compressed: boolean): { toSecret(network: string): string } };
}

export const bcoin = createRequire(import.meta.url)('bcoin') as Bcoin;
