import { CHAIN_LAYOUT } from './layout.js';

const NAME_RE = /^[a-z0-9-]{1,64}$/;

/** A key in extension `name`'s namespace: 'e' || u8 len || name || parts. */
export function extensionKey(name: string, ...parts: Uint8Array[]): Uint8Array {
  if (!NAME_RE.test(name)) throw new RangeError(`chain-state extension name must match ${NAME_RE}, got '${name}'`);
  const n = new TextEncoder().encode(name);
  return CHAIN_LAYOUT.key('ext', Uint8Array.of(n.length), n, ...parts);
}
