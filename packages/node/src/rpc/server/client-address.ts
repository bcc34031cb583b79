import { isIPv4 } from 'node:net';

/** Decides whether a client may use the RPC server (`-rpcallowip`); gets a normalised address. */
export type ClientAllowPredicate = (address: string) => boolean;

/**
 * The textual client address as the allow-list sees it: an IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, what a dual-stack socket reports) becomes plain IPv4, as Core's `CNetAddr`
 * treats it; an unknown address becomes the empty string (never allowed by the default).
 */
export function normaliseClientAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
  return address;
}

/** Core's default allow-list when no `-rpcallowip` is given: 127.0.0.0/8 and ::1. */
export function isLoopbackAddress(address: string): boolean {
  if (isIPv4(address)) return address.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}
