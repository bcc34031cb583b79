/**
 * The version the node reports (spec ocean-core-p2p.md §version): Ocean 2.1.1.1 with Core's client
 * name "Satoshi" left in place. Used by getnetworkinfo, getinfo, the user agent and the files that
 * carry `CLIENT_VERSION` (fee_estimates.dat).
 */

import { OCEAN_CLIENT_NAME, OCEAN_CLIENT_VERSION, PROTOCOL_VERSION as WIRE_PROTOCOL_VERSION, oceanUserAgent } from '@ocean-ts/wire';

/** `CLIENT_VERSION` = 1000000·major + 10000·minor + 100·revision + build. */
export const CLIENT_VERSION = OCEAN_CLIENT_VERSION;
/** `PROTOCOL_VERSION`. */
export const PROTOCOL_VERSION = WIRE_PROTOCOL_VERSION;
/** `CLIENT_NAME`. */
export const CLIENT_NAME = OCEAN_CLIENT_NAME;

/** `FormatSubVersion(CLIENT_NAME, CLIENT_VERSION, comments)`: `/Satoshi:2.1.1.1(c1; c2)/`. */
export function formatSubVersion(comments: readonly string[] = []): string {
  return oceanUserAgent(comments);
}
