/**
 * Bitcoin "signed messages" (Core 0.14 `signmessage` / `signmessagewithprivkey` / `verifymessage`):
 * a recoverable compact signature over `SHA256d(ser("Bitcoin Signed Message:\n") || ser(message))`,
 * base64-encoded, with the header byte `27 + recid + (compressed ? 4 : 0)`. Ocean keeps Bitcoin's
 * magic string.
 */
import type { Secp256k1 } from '../../crypto/secp256k1.js';
import { sha256d } from '../../crypto/hash.js';
import { Writer } from '../../encoding/writer.js';
import type { SigningKey } from './signing-provider.js';

/** `strMessageMagic`. */
export const MESSAGE_MAGIC = 'Bitcoin Signed Message:\n';

const utf8 = new TextEncoder();

/** The digest a message signature signs: `CHashWriter << strMessageMagic << strMessage`. */
export function messageHash(message: string): Uint8Array {
  return sha256d(new Writer().varBytes(utf8.encode(MESSAGE_MAGIC)).varBytes(utf8.encode(message)).finish());
}

/** `CKey::SignCompact` of the message digest: 65 bytes, header then r and s (low-S, RFC6979). */
export function signMessage(secp: Secp256k1, key: SigningKey, message: string): Uint8Array {
  const { signature, recovery } = secp.sign(messageHash(message), key.privateKey);
  const out = new Uint8Array(65);
  out[0] = 27 + recovery + (key.compressed ? 4 : 0);
  out.set(signature, 1);
  return out;
}

/**
 * `CPubKey::RecoverCompact`: the public key (compressed when the header says so) that made the
 * 65-byte signature over the message digest, or undefined (wrong length, r/s out of range, no key).
 */
export function recoverMessageSigner(secp: Secp256k1, signature: Uint8Array, message: string): Uint8Array | undefined {
  if (signature.length !== 65) return undefined;
  // As in C++ on the promoted header byte: no range check, two's complement bit tests.
  const recid = (signature[0]! - 27) & 3;
  const compressed = ((signature[0]! - 27) & 4) !== 0;
  try {
    return secp.recover(messageHash(message), signature.subarray(1), recid, compressed);
  } catch {
    return undefined;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/** `EncodeBase64`: standard alphabet with `=` padding. */
export function encodeBase64(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i]!;
    const b = data[i + 1];
    const c = data[i + 2];
    out += B64[a >> 2]!;
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : B64[c & 63]!;
  }
  return out;
}

/**
 * Core 0.14's `DecodeBase64(p, &fInvalid)`: decodes up to the first character outside the alphabet
 * (ignoring whatever follows), then reports the input invalid only when the digits read do not
 * form whole groups with the right `=` padding.
 */
export function decodeBase64Lenient(text: string): { readonly bytes: Uint8Array; readonly invalid: boolean } {
  const out: number[] = [];
  let mode = 0;
  let left = 0;
  let p = 0;
  // A C string ends at the first NUL; characters beyond 0xff never match the table.
  const at = (i: number): number => (i < text.length ? text.charCodeAt(i) : 0);
  const dec = (c: number): number => (c < 256 ? B64_VALUE[c]! : -1);
  for (;;) {
    const d = dec(at(p));
    if (d === -1) break;
    p++;
    switch (mode) {
      case 0:
        left = d;
        mode = 1;
        break;
      case 1:
        out.push(((left << 2) | (d >> 4)) & 0xff);
        left = d & 15;
        mode = 2;
        break;
      case 2:
        out.push(((left << 4) | (d >> 2)) & 0xff);
        left = d & 3;
        mode = 3;
        break;
      default:
        out.push(((left << 6) | d) & 0xff);
        mode = 0;
        break;
    }
  }
  let invalid = false;
  const eq = 0x3d;
  if (mode === 1) invalid = true;
  else if (mode === 2) invalid = left !== 0 || at(p) !== eq || at(p + 1) !== eq || dec(at(p + 2)) !== -1;
  else if (mode === 3) invalid = left !== 0 || at(p) !== eq || dec(at(p + 1)) !== -1;
  return { bytes: Uint8Array.from(out), invalid };
}
