import { MAX_SUBVERSION_LENGTH } from './limits.js';

/** `CLIENT_NAME`: Ocean keeps Core's "Satoshi". */
export const OCEAN_CLIENT_NAME = 'Satoshi';
/** `CLIENT_VERSION` = 1000000·major + 10000·minor + 100·revision + build: Ocean 2.1.1.1. */
export const OCEAN_CLIENT_VERSION = 2_010_101;

/** BIP14 `SAFE_CHARS_UA_COMMENT`: letters, digits and ` .,;-_?@`. */
const SAFE_UA_COMMENT = /^[A-Za-z0-9 .,;\-_?@]*$/;

/** Core's `FormatVersion`: `a.b.c` when the build number is 0, else `a.b.c.d`. */
export function formatVersion(clientVersion: number): string {
  const parts = [Math.floor(clientVersion / 1_000_000), Math.floor(clientVersion / 10_000) % 100, Math.floor(clientVersion / 100) % 100];
  if (clientVersion % 100 !== 0) parts.push(clientVersion % 100);
  return parts.join('.');
}

/** Core's `FormatSubVersion` (BIP14): `/name:version(c1; c2)/`, no parentheses without comments. */
export function formatSubVersion(name: string, clientVersion: number, comments: readonly string[] = []): string {
  const c = comments.length > 0 ? `(${comments.join('; ')})` : '';
  return `/${name}:${formatVersion(clientVersion)}${c}/`;
}

/** The user agent an Ocean node announces: `/Satoshi:2.1.1.1/`, `-uacomment` values in parentheses. */
export function oceanUserAgent(comments: readonly string[] = []): string {
  return formatSubVersion(OCEAN_CLIENT_NAME, OCEAN_CLIENT_VERSION, comments);
}

/**
 * The `InitError` Core's `AppInitParameterInteraction` raises for these `-uacomment` values, or
 * undefined when they are acceptable (safe characters only, user agent at most 256 bytes).
 */
export function userAgentCommentError(comments: readonly string[]): string | undefined {
  for (const c of comments) if (!SAFE_UA_COMMENT.test(c)) return `User Agent comment (${c}) contains unsafe characters.`;
  const ua = oceanUserAgent(comments);
  if (ua.length > MAX_SUBVERSION_LENGTH) {
    return `Total length of network version string (${ua.length}) exceeds maximum length (${MAX_SUBVERSION_LENGTH}). Reduce the number or size of uacomments.`;
  }
  return undefined;
}
