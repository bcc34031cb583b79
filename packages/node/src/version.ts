/**
 * The version the node reports (spec ocean-core-p2p.md §version): Ocean 2.1.1.1 with Core's client
 * name "Satoshi" left in place. Used by getnetworkinfo, getinfo, the user agent and the files that
 * carry `CLIENT_VERSION` (fee_estimates.dat).
 */

/** `CLIENT_VERSION` = 1000000·major + 10000·minor + 100·revision + build. */
export const CLIENT_VERSION = 2_010_101;
/** `PROTOCOL_VERSION`. */
export const PROTOCOL_VERSION = 70015;
/** `CLIENT_NAME`. */
export const CLIENT_NAME = 'Satoshi';

/** `FormatSubVersion(CLIENT_NAME, CLIENT_VERSION, comments)`: `/Satoshi:2.1.1.1(c1; c2)/`. */
export function formatSubVersion(comments: readonly string[] = []): string {
  const v = CLIENT_VERSION;
  const digits = [Math.floor(v / 1_000_000), Math.floor(v / 10_000) % 100, Math.floor(v / 100) % 100, v % 100];
  const c = comments.length > 0 ? `(${comments.join('; ')})` : '';
  return `/${CLIENT_NAME}:${digits.join('.')}${c}/`;
}
