/**
 * Register-address payloads of the encrypted whitelist (ocean-policy.md §6.5, §6.6), always in a v0
 * register script:
 *
 * - onboarding: `KYCpub(33) ‖ userPub(33) ‖ hex-text(ECIES message)` — the message encrypted by
 *   the KYC key (sender) to the user key;
 * - additional addresses of an onboarded user: `hex-text(ECIES message)` — encrypted by the key of
 *   one funding input (sender, in the message header) to the user's KYC key.
 *
 * The plaintext is a v0-style entry list read leniently (`CWhiteListEncrypted::RegisterAddress`):
 * at each position a multisig entry if a valid multisig header follows, else consecutive
 * `keyid ‖ pubkey` pairs; reading stops at the first entry that cannot be read or fails its check,
 * and the entries read before it count.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { concatBytes } from '../encoding/hex.js';
import { derivedPairValid, multisigEntryValid, type RegisterEntry, type RegisterPayloadRules } from './register-address-payload.js';

const PUB = 33;
const ID = 20;
/** The smallest payload the encrypted reader looks at (`33 + 20 + 2`). */
export const ENCRYPTED_PAYLOAD_MIN_SIZE = PUB + ID + 2;
/** An onboarding payload has at least the two keys and some text (`>= 68` bytes). */
export const ENCRYPTED_ONBOARD_MIN_SIZE = 2 * PUB + 2;

const textDecoder = new TextDecoder('latin1');

/** The ASCII hex text of `bytes` (lower case), as the payload carries the ECIES message. */
export function hexText(bytes: Uint8Array): Uint8Array {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return new TextEncoder().encode(s);
}

/** Decodes ASCII hex text (either case) to bytes; undefined when it is not an even-length hex string. */
export function fromHexText(text: Uint8Array): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const s = textDecoder.decode(text);
  if (!/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The parts of an onboarding payload (keys as written; the caller checks them). */
export interface EncryptedOnboardPayload {
  readonly kycPubKey: Uint8Array;
  readonly userPubKey: Uint8Array;
  /** The ECIES message (decoded from its hex text), or undefined when the text is not hex. */
  readonly message: Uint8Array | undefined;
}

/** Splits an onboarding payload; undefined when it is too short to be one. */
export function splitEncryptedOnboardPayload(payload: Uint8Array): EncryptedOnboardPayload | undefined {
  if (payload.length < ENCRYPTED_ONBOARD_MIN_SIZE) return undefined;
  return {
    kycPubKey: payload.slice(0, PUB),
    userPubKey: payload.slice(PUB, 2 * PUB),
    message: fromHexText(payload.subarray(2 * PUB)),
  };
}

/** `KYCpub ‖ userPub ‖ hex-text(message)`. */
export function writeEncryptedOnboardPayload(kycPubKey: Uint8Array, userPubKey: Uint8Array, message: Uint8Array): Uint8Array {
  if (kycPubKey.length !== PUB || userPubKey.length !== PUB) throw new RangeError('onboarding payload keys must be 33 bytes');
  return concatBytes(kycPubKey, userPubKey, hexText(message));
}

function validPubKey(secp: Secp256k1, k: Uint8Array): boolean {
  return k.length === PUB && (k[0] === 0x02 || k[0] === 0x03) && secp.publicKeyVerify(k);
}

/**
 * Reads the decrypted entry list. Each entry is checked as `add_derived` / `add_multisig_whitelist`
 * do (tweak checks unless contract-in-tx); the first failure ends the list.
 */
export function parseEncryptedPlaintext(plain: Uint8Array, rules: RegisterPayloadRules): RegisterEntry[] {
  const out: RegisterEntry[] = [];
  let pos = 0;
  const multisigHeaderAt = (p: number): boolean => {
    const m = plain[p];
    const n = plain[p + 1];
    if (m === undefined || n === undefined || m < 1 || m > 15 || n < 1 || n > 15) return false;
    if (plain.length - p < 2 + ID + PUB) return false;
    return validPubKey(rules.secp, plain.subarray(p + 2 + ID, p + 2 + ID + PUB));
  };
  while (pos < plain.length) {
    if (multisigHeaderAt(pos)) {
      const m = plain[pos]!;
      const n = plain[pos + 1]!;
      if (plain.length - pos < 2 + ID + n * PUB) return out;
      const scriptId = plain.slice(pos + 2, pos + 2 + ID);
      const pubkeys: Uint8Array[] = [];
      for (let i = 0; i < n; i++) {
        const at = pos + 2 + ID + i * PUB;
        const k = plain.slice(at, at + PUB);
        if (!validPubKey(rules.secp, k)) return out;
        pubkeys.push(k);
      }
      if (!rules.contractInTx && !multisigEntryValid(rules, m, scriptId, pubkeys)) return out;
      if (rules.contractInTx && m > n) return out;
      out.push({ kind: 'multisig', m, scriptId, pubkeys });
      pos += 2 + ID + n * PUB;
      continue;
    }
    if (plain.length - pos < ID + PUB) return out;
    const keyId = plain.slice(pos, pos + ID);
    const pubkey = plain.slice(pos + ID, pos + ID + PUB);
    if (!validPubKey(rules.secp, pubkey)) return out;
    if (!rules.contractInTx && !derivedPairValid(rules, keyId, pubkey)) return out;
    out.push({ kind: 'derived', keyId, pubkey });
    pos += ID + PUB;
  }
  return out;
}
