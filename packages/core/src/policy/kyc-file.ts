/**
 * The KYC file (src/policy/kycfile.*, src/wallet/rpcdump.cpp; ocean-policy.md §6.4): a text file
 * carrying a user's addresses, ECIES-encrypted (ecies.ts) from the user's encryption key to one of
 * the authority's KYC keys, base64-encoded:
 *
 *   # <4 header lines>
 *   <empty line>
 *   <onboardPubKey hex> <userPubKey hex> <N>
 *   <base64 ciphertext, N characters in total; may be wrapped over several lines>
 *   # End of dump
 *
 * The plaintext is newline-terminated lines: an optional `contracthash: <display hex>`, then
 * `<address> <untweaked pubkey>` pairs, bare `<address>` lines (contract-in-tx only) and
 * `<m> <P2SH address> <untweaked pubkey>…` multisig lines. Pure: the wallet look-ups (which
 * private key decrypts) are the caller's.
 */
import { tweakedMultisigScript, validateDerivedKey } from '../address/contract-tweak.js';
import { addressForDestination, decodeAddress } from '../address/address.js';
import type { Base58Prefixes } from '../chain/base58-prefixes.js';
import { hash160 } from '../crypto/hash.js';
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { DecodeError } from '../encoding/errors.js';
import { bytesEqual, fromDisplayHex, fromHex, isAllZero, isHex, toDisplayHex, toHex } from '../encoding/hex.js';
import type { Destination } from '../script/standard.js';
import { encodeBase64 } from '../script/sign/signed-message.js';

/** A key line: the (tweaked) P2PKH address and the untweaked key behind it. */
export interface KycKeyEntry {
  readonly keyId: Uint8Array;
  readonly pubkey: Uint8Array;
}

/** A multisig line: `m`, the P2SH script id and the untweaked keys. */
export interface KycMultisigEntry {
  readonly m: number;
  readonly scriptId: Uint8Array;
  readonly pubkeys: readonly Uint8Array[];
}

/** What a KYC file lists (and what the onboarding payload is written from). */
export interface KycAddressData {
  readonly keys: readonly KycKeyEntry[];
  /** Bare addresses (`-contractintx` only): P2PKH or P2SH. */
  readonly bare: readonly Destination[];
  readonly multisig: readonly KycMultisigEntry[];
}

/** A KYC-file error as the original reports it (RPC -1 with this text). */
export class KycFileError extends Error {
  override readonly name = 'KycFileError';
}

// ------------------------------------------------------------------------------------ writing

/** The writer's buffer is pre-loaded with this many `'0'`s (the padding QUIRK). */
export const KYC_PLAINTEXT_PRELOAD = 32;

/**
 * The plaintext lines of a KYC file: `contracthash: <display hex>` (when `contractHash` is given),
 * the key lines, the bare addresses, then the multisig lines (each address the P2SH of the keys
 * tweaked with `tweak`).
 */
export function kycPlaintextLines(data: KycAddressData, prefixes: Base58Prefixes, contractHash?: Uint8Array): string[] {
  const lines: string[] = [];
  if (contractHash !== undefined) lines.push(`contracthash: ${toDisplayHex(contractHash)}`);
  for (const k of data.keys) lines.push(`${addressForDestination({ type: 'keyhash', hash: k.keyId }, prefixes)} ${toHex(k.pubkey)}`);
  for (const d of data.bare) lines.push(addressForDestination(d, prefixes));
  for (const ms of data.multisig) {
    const addr = addressForDestination({ type: 'scripthash', hash: ms.scriptId }, prefixes);
    lines.push([String(ms.m), addr, ...ms.pubkeys.map(toHex)].join(' '));
  }
  return lines;
}

/**
 * The plaintext bytes: each line newline-terminated, written over a buffer pre-loaded with 32
 * `'0'`s — content shorter than 32 bytes keeps the remaining `'0'`s at its end (QUIRK, kept: the
 * reader then rejects the file, as the original's does).
 */
export function kycPlaintext(lines: readonly string[]): Uint8Array {
  const content = new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
  if (content.length >= KYC_PLAINTEXT_PRELOAD) return content;
  const out = new Uint8Array(KYC_PLAINTEXT_PRELOAD).fill(0x30);
  out.set(content, 0);
  return out;
}

export interface KycFileParts {
  /** Comment lines (without the newline), e.g. the 4 header lines. */
  readonly headerLines: readonly string[];
  readonly onboardPubKey: Uint8Array;
  readonly userPubKey: Uint8Array;
  /** The ECIES message (`ecies.ts`). */
  readonly ciphertext: Uint8Array;
}

/** The file text: header lines, an empty line, the metadata line, the base64 data, `# End of dump`. */
export function formatKycFile(p: KycFileParts): string {
  const b64 = encodeBase64(p.ciphertext);
  let out = '';
  for (const h of p.headerLines) out += `${h}\n`;
  out += '\n';
  out += `${toHex(p.onboardPubKey)} ${toHex(p.userPubKey)} ${b64.length}\n`;
  out += `${b64}\n`;
  out += '# End of dump\n';
  return out;
}

// ------------------------------------------------------------------------------------ reading

/** The outer structure of a KYC file as `CKYCFile::read` takes it apart. */
export interface KycEnvelope {
  /** Empty and `#` lines before the metadata line (echoed by readkycfile). */
  readonly leadingLines: readonly string[];
  /** The metadata line as written. */
  readonly metadataLine: string;
  readonly onboardPubKey: Uint8Array;
  readonly userPubKey: Uint8Array;
  /** The collected base64 text (undefined when `dataError` is set). */
  readonly base64: string | undefined;
  /**
   * A data-stream error (`… too long` / `… too short`), reported only after the caller checked it
   * holds a private key for one of the two keys — the original's order.
   */
  readonly dataError: string | undefined;
  /** Empty and `#` lines after the data (echoed). */
  readonly trailingLines: readonly string[];
}

const READ = 'read';

function validPubkey(hex: string, secp: Secp256k1): Uint8Array | undefined {
  if (!isHex(hex) || (hex.length !== 66 && hex.length !== 130)) return undefined;
  const k = fromHex(hex);
  return secp.publicKeyVerify(k) ? k : undefined;
}

/** `std::stoi`: leading whitespace, sign, digits; throws `stoi` when there are none. */
function stoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  if (!m) throw new KycFileError('stoi');
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) throw new KycFileError('stoi');
  return n;
}

/**
 * The envelope of a KYC file: throws `KycFileError` (`read: invalid KYC file`, `read: invalid kyc
 * pub key in KYC file`, `read: invalid onboard user pub key in kyc file`) for a bad metadata line.
 * Data lines are trimmed and concatenated until N characters were collected.
 */
export function readKycEnvelope(text: string, secp: Secp256k1): KycEnvelope {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const leading: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length === 0 || l[0] === '#') leading.push(l);
    else break;
  }
  const metadataLine = lines[i];
  if (metadataLine === undefined) throw new KycFileError(`${READ}: invalid KYC file`);
  const v = metadataLine.split(' ');
  if (v.length !== 3) throw new KycFileError(`${READ}: invalid KYC file`);
  const onboardPubKey = validPubkey(v[0]!, secp);
  if (onboardPubKey === undefined) throw new KycFileError(`${READ}: invalid kyc pub key in KYC file`);
  const userPubKey = validPubkey(v[1]!, secp);
  if (userPubKey === undefined) throw new KycFileError(`${READ}: invalid onboard user pub key in kyc file`);
  const n = stoi(v[2]!);
  i++;
  let data = '';
  let dataError: string | undefined;
  if (n <= 0) dataError = `${READ}: invalid KYC file: encrypted data stream too short`;
  else {
    for (; i < lines.length && data.length < n; i++) data += lines[i]!.trim();
    if (data.length > n) dataError = `${READ}: invalid KYC file: encrypted data stream too long`;
    else if (data.length < n) dataError = `${READ}: invalid KYC file: encrypted data stream too short`;
  }
  const trailing: string[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length === 0 || l[0] === '#') trailing.push(l);
    // whitespace-only lines (blanks, form feeds) are ignored, as is anything after the data
  }
  return { leadingLines: leading, metadataLine, onboardPubKey, userPubKey, base64: dataError === undefined ? data : undefined, dataError, trailingLines: trailing };
}

/** How the plaintext's lines are checked. */
export interface KycParseOptions {
  readonly prefixes: Base58Prefixes;
  readonly secp: Secp256k1;
  /** The hash keys are tweaked with (zero: no tweak; bare addresses are then allowed). */
  readonly tweak: Uint8Array;
  /** The contract hash a `contracthash:` line must equal (undefined: the line is not checked). */
  readonly contractHash: Uint8Array | undefined;
}

/** The decrypted content of a KYC file. */
export interface KycContent extends KycAddressData {
  /** The `contracthash:` line's hash (internal order), when present and parsable. */
  readonly contractHash: Uint8Array | undefined;
  /** Every plaintext line, invalid ones with their error suffix (readkycfile's echo). */
  readonly echo: readonly string[];
  /** The invalid lines, with their error suffix. */
  readonly errors: readonly string[];
}

function addressOf(token: string, prefixes: Base58Prefixes): Destination | undefined {
  try {
    const a = decodeAddress(token, prefixes);
    return { type: a.type, hash: a.hash };
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

/**
 * Parses the decrypted lines (split on single spaces): empty and `#` lines are echoed; one token
 * is a bare address, two a `contracthash:` line or an address/pubkey pair, more a multisig line.
 * An invalid line is echoed with an error suffix and listed in `errors`.
 */
export function parseKycPlaintext(plaintext: Uint8Array, o: KycParseOptions): KycContent {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(plaintext);
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const keys: KycKeyEntry[] = [];
  const bare: Destination[] = [];
  const multisig: KycMultisigEntry[] = [];
  const echo: string[] = [];
  const errors: string[] = [];
  let contractHash: Uint8Array | undefined;
  const noTweak = isAllZero(o.tweak);
  for (const line of lines) {
    if (line.length === 0 || line[0] === '#') {
      echo.push(line);
      continue;
    }
    const fail = (suffix: string): void => {
      const l = `${line}${suffix}`;
      echo.push(l);
      errors.push(l);
    };
    const v = line.split(' ');
    if (v.length === 1) {
      const dest = addressOf(v[0]!, o.prefixes);
      if (dest === undefined) fail(': invalid base58check address');
      else if (!noTweak) fail(': invalid key tweaking');
      else {
        bare.push(dest);
        echo.push(line);
      }
      continue;
    }
    if (v.length === 2 && v[0] === 'contracthash:') {
      const h = v[1]!;
      const parsed = isHex(h) && h.length === 64 ? fromDisplayHex(h) : undefined;
      if (parsed !== undefined) contractHash = parsed;
      if (o.contractHash !== undefined && (parsed === undefined || !bytesEqual(parsed, o.contractHash))) {
        fail(`: incorrect contract hash - expected ${toDisplayHex(o.contractHash)}`);
      } else echo.push(line);
      continue;
    }
    if (v.length === 2) {
      const dest = addressOf(v[0]!, o.prefixes);
      if (dest === undefined) {
        fail(': invalid base58check address');
        continue;
      }
      const pub = validPubkey(v[1]!, o.secp);
      if (pub === undefined) fail(': invalid public key');
      else if (dest.type !== 'keyhash') fail(': invalid keyid');
      else if (!validateDerivedKey(dest, pub, o.tweak, o.secp)) fail(': invalid key tweaking');
      else {
        keys.push({ keyId: dest.hash, pubkey: pub });
        echo.push(line);
      }
      continue;
    }
    // multisig: <m> <P2SH address> <pubkey>…
    const m = /^[0-9]+$/.test(v[0]!) ? Number(v[0]) : NaN;
    const pubkeyTokens = v.slice(2);
    if (!(m >= 1 && m <= 15) || m > pubkeyTokens.length || pubkeyTokens.length > 15) {
      fail(': invalid nmultisig size');
      continue;
    }
    const dest = addressOf(v[1]!, o.prefixes);
    if (dest === undefined) {
      fail(': invalid base58check address');
      continue;
    }
    const pubs = pubkeyTokens.map((t) => validPubkey(t, o.secp));
    if (pubs.some((p) => p === undefined)) {
      fail(': invalid public key');
      continue;
    }
    const keysOk = pubs as Uint8Array[];
    if (dest.type !== 'scripthash') {
      fail(': invalid keyid');
      continue;
    }
    let script: Uint8Array | undefined;
    try {
      script = tweakedMultisigScript(m, keysOk, o.tweak, o.secp);
    } catch {
      script = undefined;
    }
    if (script === undefined || !bytesEqual(hash160(script), dest.hash)) {
      fail(': invalid key tweaking');
      continue;
    }
    multisig.push({ m, scriptId: dest.hash, pubkeys: keysOk });
    echo.push(line);
  }
  return { keys, bare, multisig, contractHash, echo, errors };
}

/** The number of address entries (`validatekycfile`'s "no address data"). */
export function kycAddressCount(d: KycAddressData): number {
  return d.keys.length + d.bare.length + d.multisig.length;
}
