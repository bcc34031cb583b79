import { DecodeError, addressForDestination, decodeWif, encodeWif, type Base58Prefixes, type ExtendedKey } from '@ocean-ts/core';
import type { DumpKeyEntry, ImportWalletKey } from './wallet-key-store.js';

/**
 * The `dumpwallet` / `importwallet` text format of Core 0.14 (wallet/rpcdump.cpp).
 *
 * ```
 * # Wallet dump created by Bitcoin <CLIENT_BUILD>
 * # * Created on <time>
 * # * Best block at time of backup was <height> (<hash>),
 * #   mined on <time>
 *
 * # extended private masterkey: <xprv>        (HD wallets; then an empty line)
 *
 * <wif> <time> label=<name>|hdmaster=1|reserve=1|change=1 # addr=<address>[ hdkeypath=<path>]
 * …
 *
 * # End of dump
 * ```
 * Times are `%Y-%m-%dT%H:%M:%SZ` (UTC); labels are percent-encoded (`EncodeDumpString`).
 */

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `EncodeDumpTime`: `%Y-%m-%dT%H:%M:%SZ` in UTC. */
export function encodeDumpTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}Z`;
}

const DUMP_TIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})Z/;

/** `DecodeDumpTime`: seconds since the epoch, or 0 when the text is not such a time. */
export function decodeDumpTime(text: string): number {
  const m = DUMP_TIME_RE.exec(text);
  if (!m) return 0;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return 0; // e.g. February 30th
  return Math.floor(t / 1000);
}

/** `EncodeDumpString`: bytes ≤ 0x20, ≥ 0x80 and `%` become `%xx` (lower-case hex). */
export function encodeDumpString(text: string): string {
  let out = '';
  for (const c of new TextEncoder().encode(text)) {
    out += c <= 32 || c >= 128 || c === 0x25 ? `%${c.toString(16).padStart(2, '0')}` : String.fromCharCode(c);
  }
  return out;
}

/** `DecodeDumpString`: `%xx` back to a byte (Core's nibble arithmetic, so any two characters decode). */
export function decodeDumpString(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const out: number[] = [];
  const nibble = (c: number): number => (c >> 6) * 9 + ((c - 0x30) & 15);
  for (let pos = 0; pos < bytes.length; pos++) {
    let c = bytes[pos]!;
    if (c === 0x25 && pos + 2 < bytes.length) {
      c = ((nibble(bytes[pos + 1]!) << 4) | nibble(bytes[pos + 2]!)) & 0xff;
      pos += 2;
    }
    out.push(c);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(out));
}

export interface WalletDumpHeader {
  /** `CLIENT_BUILD`, e.g. `v2.1.1.1-7c11ad9ca-dirty`. */
  readonly clientBuild: string;
  /** Node time now (seconds). */
  readonly now: number;
  readonly bestHeight: number;
  /** Best block hash, display hex. */
  readonly bestHash: string;
  readonly bestTime: number;
}

/** `dumpwallet`'s file content. */
export function formatWalletDump(
  header: WalletDumpHeader,
  extendedMasterKey: ExtendedKey | undefined,
  entries: readonly DumpKeyEntry[],
  prefixes: Base58Prefixes,
): string {
  let out = `# Wallet dump created by Bitcoin ${header.clientBuild}\n`;
  out += `# * Created on ${encodeDumpTime(header.now)}\n`;
  out += `# * Best block at time of backup was ${header.bestHeight} (${header.bestHash}),\n`;
  out += `#   mined on ${encodeDumpTime(header.bestTime)}\n`;
  out += '\n';
  if (extendedMasterKey) out += `# extended private masterkey: ${extendedMasterKey.toBase58(prefixes)}\n\n`;
  for (const e of entries) {
    out += `${encodeWif(e.privateKey, e.compressed, prefixes)} ${encodeDumpTime(e.time)} `;
    if (typeof e.kind === 'object') out += `label=${encodeDumpString(e.kind.label)}`;
    else out += `${e.kind}=1`;
    const addr = addressForDestination({ type: 'keyhash', hash: e.keyId }, prefixes);
    out += ` # addr=${addr}${e.hdKeypath.length > 0 ? ` hdkeypath=${e.hdKeypath}` : ''}\n`;
  }
  out += '\n';
  out += '# End of dump\n';
  return out;
}

/**
 * `importwallet`'s reading of a dump: every line that is not empty, does not start with `#`, has
 * at least two space-separated fields and starts with a valid WIF of this chain is a key; its
 * time is field 2 (0 when unreadable); `change=1` / `reserve=1` mean no label, `label=` sets one
 * (the last marker wins), reading stops at a field starting with `#`. Other lines are ignored.
 */
export function parseWalletDump(text: string, prefixes: Base58Prefixes): ImportWalletKey[] {
  const out: ImportWalletKey[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line[0] === '#') continue;
    const v = line.split(' ');
    if (v.length < 2) continue;
    let key;
    try {
      key = decodeWif(v[0]!, prefixes);
    } catch (e) {
      if (e instanceof DecodeError) continue;
      throw e;
    }
    const time = decodeDumpTime(v[1]!);
    let label = '';
    let fLabel = true;
    for (let i = 2; i < v.length; i++) {
      const f = v[i]!;
      if (f.startsWith('#')) break;
      if (f === 'change=1') fLabel = false;
      if (f === 'reserve=1') fLabel = false;
      if (f.startsWith('label=')) {
        label = decodeDumpString(f.slice(6));
        fLabel = true;
      }
    }
    out.push({ privateKey: key.key, compressed: key.compressed, time, label: fLabel ? label : undefined });
  }
  return out;
}
