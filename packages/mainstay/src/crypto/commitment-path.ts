/**
 * Commitment → BIP32 derivation path (spec mainstay.md §1.1): 16 non-hardened child indices, each
 * the big-endian uint16 of a byte pair of the commitment's INTERNAL bytes (display hex reversed).
 */
import { fromDisplayHex, isAllZero, isHex } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

export const COMMITMENT_SIZE = 32;
export const PATH_LENGTH = 16;

/**
 * The 16 path indices of a 32-byte commitment in internal byte order. Throws for any other length
 * (the original silently returns an all-zero path; see ADR 0042).
 */
export function commitmentPath(commitment: Uint8Array): number[] {
  if (commitment.length !== COMMITMENT_SIZE) {
    throw new MainstayCryptoError(`commitment must be ${COMMITMENT_SIZE} bytes, got ${commitment.length}`);
  }
  const path: number[] = [];
  for (let i = 0; i < PATH_LENGTH; i++) path.push(commitment[2 * i]! * 256 + commitment[2 * i + 1]!);
  return path;
}

/** Internal bytes of a commitment given as 64 display-hex characters (either case). */
export function commitmentFromDisplayHex(display: string): Uint8Array {
  if (display.length !== 2 * COMMITMENT_SIZE || !isHex(display)) {
    throw new MainstayCryptoError(`commitment must be ${2 * COMMITMENT_SIZE} hex characters`);
  }
  return fromDisplayHex(display, COMMITMENT_SIZE);
}

/** The path of a commitment given in display hex. */
export function commitmentPathFromDisplayHex(display: string): number[] {
  return commitmentPath(commitmentFromDisplayHex(display));
}

/** True for the all-zero commitment ("no commitment": the untweaked base keys). */
export function isZeroCommitment(commitment: Uint8Array): boolean {
  return isAllZero(commitment);
}
