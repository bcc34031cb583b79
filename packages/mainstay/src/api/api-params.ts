import { ApiError } from './api-error.js';
import { ApiMessages } from './api-messages.js';

/** Largest slot position (positions are int32 in the original's schema). */
export const MAX_POSITION = 0x7fffffff;

const DECIMAL = /^[0-9]{1,10}$/;
const HASH_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * One query parameter: undefined when absent, the value when given once; given more than once it
 * is rejected like a malformed value (Express would hand an array to the original's checks).
 */
export type QueryValue = string | undefined | readonly string[];

export function queryValue(query: URLSearchParams, name: string): QueryValue {
  const all = query.getAll(name);
  if (all.length === 0) return undefined;
  if (all.length === 1) return all[0];
  return all;
}

/**
 * A non-negative int32 written in decimal digits only, or undefined. Stricter than the original's
 * `parseInt(s, 10)`, which accepts `12abc`, ` 12`, `-3` and `1e5` (ADR 0046).
 */
export function parseDecimalInt32(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= MAX_POSITION ? value : undefined;
  }
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const n = Number(value);
  return n <= MAX_POSITION ? n : undefined;
}

/** `position`: `missing position parameter` / `position expects a int`. */
export function requirePosition(query: URLSearchParams): number {
  const raw = queryValue(query, 'position');
  if (raw === undefined) throw new ApiError(ApiMessages.missingPosition);
  const position = typeof raw === 'string' ? parseDecimalInt32(raw) : undefined;
  if (position === undefined) throw new ApiError(ApiMessages.positionNotInt);
  return position;
}

/** Optional `page` (1-based, default 1). */
export function optionalPage(query: URLSearchParams): number {
  const raw = queryValue(query, 'page');
  if (raw === undefined) return 1;
  const page = typeof raw === 'string' ? parseDecimalInt32(raw) : undefined;
  if (page === undefined || page < 1) throw new ApiError(ApiMessages.pageNotInt);
  return page;
}

/**
 * A 64-hex hash parameter, returned lowercase. The original only checks the length and matches
 * case-sensitively; we also require hex digits (same message) and accept upper case (ADR 0046).
 */
export function requireHash(query: URLSearchParams, name: string, missing: string, badLength: string): string {
  const raw = queryValue(query, name);
  if (raw === undefined) throw new ApiError(missing);
  if (typeof raw !== 'string' || !HASH_HEX.test(raw)) throw new ApiError(badLength);
  return raw.toLowerCase();
}

export const requireMerkleRoot = (q: URLSearchParams): string =>
  requireHash(q, 'merkle_root', ApiMessages.missingMerkleRoot, ApiMessages.commitmentLength);
export const requireTxid = (q: URLSearchParams): string =>
  requireHash(q, 'txid', ApiMessages.missingTxid, ApiMessages.txidLength);
export const requireBlockHash = (q: URLSearchParams): string =>
  requireHash(q, 'hash', ApiMessages.missingHash, ApiMessages.txidLength);
export const requireCommitment = (q: URLSearchParams): string =>
  requireHash(q, 'commitment', ApiMessages.missingCommitment, ApiMessages.commitmentLength);

/** Exactly 64 hex digits (commitment/send step 3). */
export function isHash64(s: string): boolean {
  return HASH_HEX.test(s);
}
