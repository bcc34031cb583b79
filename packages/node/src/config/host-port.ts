export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Bitcoin Core's `SplitHostPort`: a trailing `:<port>` (1–65535) is split off when the colon is the
 * only one or follows a `]`; brackets around the host are removed. Without a valid port the
 * default is used and the whole text is the host.
 */
export function splitHostPort(text: string, defaultPort: number): HostPort {
  let rest = text;
  let port = defaultPort;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    const bracketed = rest.startsWith('[') && colon > 0 && rest[colon - 1] === ']';
    const multiColon = colon > 0 && rest.lastIndexOf(':', colon - 1) >= 0;
    if (colon === 0 || bracketed || !multiColon) {
      const p = rest.slice(colon + 1);
      if (/^[+-]?\d+$/.test(p) && Number(p) > 0 && Number(p) < 0x10000) {
        port = Number(p);
        rest = rest.slice(0, colon);
      }
    }
  }
  const host = rest.length > 0 && rest.startsWith('[') && rest.endsWith(']') ? rest.slice(1, -1) : rest;
  return { host, port };
}
