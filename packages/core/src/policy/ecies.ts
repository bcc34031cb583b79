/**
 * Ocean's ECIES (src/ecies.cpp; ocean-policy.md §6.4): the KYC file and the encrypted
 * register-address payloads. Not Electrum-compatible:
 *
 *   S = ECDH(d, Q) = SHA256(compressed d·Q)          (libsecp256k1's default ECDH hash)
 *   K = SHA512(S); k_enc = K[0..31], k_mac = K[32..63]
 *   C = AES-256-CBC(k_enc, IV, plaintext) with PKCS#7 padding
 *   P = "BIE1" ‖ senderPub(33, compressed) ‖ IV(16) ‖ C
 *   message = P ‖ HMAC-SHA256(k_mac, P)
 *
 * ECDH is symmetric, so a message can be decrypted with either private key (with the other
 * party's public key as the peer). Randomness (the IV) is passed in: core does no I/O.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { concatBytes } from '../encoding/hex.js';

/** `"BIE1"`. */
export const ECIES_MAGIC = Uint8Array.of(0x42, 0x49, 0x45, 0x31);
const PUB = 33;
const IV_SIZE = 16;
const MAC_SIZE = 32;
/** Magic, sender key, IV, one cipher block, MAC. */
export const ECIES_MIN_SIZE = ECIES_MAGIC.length + PUB + IV_SIZE + 16 + MAC_SIZE;

function keys(secp: Secp256k1, privateKey: Uint8Array, peer: Uint8Array): { enc: Uint8Array; mac: Uint8Array } {
  const shared = secp.ecdh(peer, privateKey);
  const k = createHash('sha512').update(shared).digest();
  return { enc: Uint8Array.from(k.subarray(0, 32)), mac: Uint8Array.from(k.subarray(32, 64)) };
}

/** The size of the message `eciesEncrypt` makes of `plaintextLength` bytes. */
export function eciesMessageSize(plaintextLength: number): number {
  return ECIES_MAGIC.length + PUB + IV_SIZE + (Math.floor(plaintextLength / 16) + 1) * 16 + MAC_SIZE;
}

/**
 * Encrypts `plaintext` from `senderKey` (private) to `recipientPub`; `iv` must be 16 fresh random
 * bytes. Throws when a key is invalid.
 */
export function eciesEncrypt(secp: Secp256k1, plaintext: Uint8Array, senderKey: Uint8Array, recipientPub: Uint8Array, iv: Uint8Array): Uint8Array {
  if (iv.length !== IV_SIZE) throw new RangeError(`ECIES IV must be ${IV_SIZE} bytes`);
  const { enc, mac } = keys(secp, senderKey, recipientPub);
  const cipher = createCipheriv('aes-256-cbc', enc, iv);
  const c = concatBytes(cipher.update(plaintext), cipher.final());
  const senderPub = secp.publicKeyCreate(senderKey, true);
  const p = new Uint8Array(ECIES_MAGIC.length + PUB + IV_SIZE + c.length + MAC_SIZE);
  p.set(ECIES_MAGIC, 0);
  p.set(senderPub, 4);
  p.set(iv, 4 + PUB);
  p.set(c, 4 + PUB + IV_SIZE);
  const bodyEnd = p.length - MAC_SIZE;
  p.set(createHmac('sha256', mac).update(p.subarray(0, bodyEnd)).digest(), bodyEnd);
  return p;
}

/** The sender key written in a message's header (bytes 4…36), or undefined when it has none. */
export function eciesSenderKey(message: Uint8Array): Uint8Array | undefined {
  if (message.length < ECIES_MAGIC.length + PUB) return undefined;
  for (let i = 0; i < 4; i++) if (message[i] !== ECIES_MAGIC[i]) return undefined;
  return message.slice(4, 4 + PUB);
}

/**
 * Decrypts `message` with `ownKey` (private); the peer is `peerPub` when given, else the header's
 * sender key. Undefined on any failure (magic, MAC, padding, invalid keys).
 */
export function eciesDecrypt(secp: Secp256k1, message: Uint8Array, ownKey: Uint8Array, peerPub?: Uint8Array): Uint8Array | undefined {
  if (message.length < ECIES_MIN_SIZE) return undefined;
  const sender = eciesSenderKey(message);
  if (sender === undefined) return undefined;
  const peer = peerPub ?? sender;
  let k: { enc: Uint8Array; mac: Uint8Array };
  try {
    if (!secp.publicKeyVerify(peer) || !secp.privateKeyVerify(ownKey)) return undefined;
    k = keys(secp, ownKey, peer);
  } catch {
    return undefined;
  }
  const bodyEnd = message.length - MAC_SIZE;
  const expected = createHmac('sha256', k.mac).update(message.subarray(0, bodyEnd)).digest();
  if (!timingSafeEqual(expected, message.subarray(bodyEnd))) return undefined;
  const c = message.subarray(4 + PUB + IV_SIZE, bodyEnd);
  if (c.length === 0 || c.length % 16 !== 0) return undefined;
  try {
    const d = createDecipheriv('aes-256-cbc', k.enc, message.subarray(4 + PUB, 4 + PUB + IV_SIZE));
    return Uint8Array.from(concatBytes(d.update(c), d.final()));
  } catch {
    return undefined;
  }
}
