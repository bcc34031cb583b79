import { createCipheriv, createDecipheriv, createHash, hash } from 'node:crypto';
import { sha256d } from '@ocean-ts/core';

/** Core 0.14 `crypter.h`: AES-256 key, CBC IV and salt sizes. */
export const WALLET_CRYPTO_KEY_SIZE = 32;
export const WALLET_CRYPTO_IV_SIZE = 16;
export const WALLET_CRYPTO_SALT_SIZE = 8;

/** The derivation method Core knows: 0 = `EVP_BytesToKey`-style SHA-512 (the only one). */
export const DERIVATION_METHOD_SHA512 = 0;

/** Key material a `CCrypter` holds after `SetKeyFromPassphrase` / `SetKey`. */
export interface CrypterKey {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
}

function view(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * `CCrypter::BytesToKeySHA512AES`: what OpenSSL's `EVP_BytesToKey(aes-256-cbc, sha512, salt,
 * passphrase, count)` yields — `D = SHA512(passphrase || salt)`, then `count - 1` times
 * `D = SHA512(D)`; key = D[0..32), IV = D[32..48). (SHA-512's 64 bytes cover key + IV in one block.)
 */
export function bytesToKeySha512Aes(passphrase: Uint8Array, salt: Uint8Array, count: number): CrypterKey {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`key derivation count must be a positive integer, got ${count}`);
  let buf = view(createHash('sha512').update(passphrase).update(salt).digest());
  for (let i = 0; i !== count - 1; i++) buf = hash('sha512', buf, 'buffer');
  return { key: buf.slice(0, WALLET_CRYPTO_KEY_SIZE), iv: buf.slice(WALLET_CRYPTO_KEY_SIZE, WALLET_CRYPTO_KEY_SIZE + WALLET_CRYPTO_IV_SIZE) };
}

/**
 * `CCrypter::SetKeyFromPassphrase`: undefined when Core returns false (rounds < 1, a salt that is
 * not 8 bytes, or an unknown derivation method). The passphrase is its UTF-8 bytes (`SecureString`).
 */
export function keyFromPassphrase(passphrase: string, salt: Uint8Array, rounds: number, method: number): CrypterKey | undefined {
  if (rounds < 1 || salt.length !== WALLET_CRYPTO_SALT_SIZE || method !== DERIVATION_METHOD_SHA512) return undefined;
  return bytesToKeySha512Aes(new TextEncoder().encode(passphrase), salt, rounds);
}

/** `CCrypter::Encrypt`: AES-256-CBC with PKCS#7 padding. */
export function aesCbcEncrypt(k: CrypterKey, plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-cbc', k.key, k.iv);
  return view(Buffer.concat([c.update(plaintext), c.final()]));
}

/** `CCrypter::Decrypt`: undefined when the padding does not check out (a wrong key, usually). */
export function aesCbcDecrypt(k: CrypterKey, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) return undefined;
  const d = createDecipheriv('aes-256-cbc', k.key, k.iv);
  try {
    return view(Buffer.concat([d.update(ciphertext), d.final()]));
  } catch {
    return undefined;
  }
}

/** The IV of a wallet key's ciphertext: the first 16 bytes of `pubkey.GetHash()` (SHA256d, internal order). */
export function secretIv(pubkey: Uint8Array): Uint8Array {
  return sha256d(pubkey).slice(0, WALLET_CRYPTO_IV_SIZE);
}

/** `EncryptSecret(vMasterKey, secret, pubkey.GetHash())`: 32-byte secret → 48-byte ciphertext. */
export function encryptSecret(masterKey: Uint8Array, secret: Uint8Array, pubkey: Uint8Array): Uint8Array {
  if (masterKey.length !== WALLET_CRYPTO_KEY_SIZE) throw new RangeError('master key must be 32 bytes');
  return aesCbcEncrypt({ key: masterKey, iv: secretIv(pubkey) }, secret);
}

/** `DecryptSecret`: the 32-byte secret, or undefined when the ciphertext does not decrypt to 32 bytes. */
export function decryptSecret(masterKey: Uint8Array, ciphertext: Uint8Array, pubkey: Uint8Array): Uint8Array | undefined {
  const s = aesCbcDecrypt({ key: masterKey, iv: secretIv(pubkey) }, ciphertext);
  return s !== undefined && s.length === 32 ? s : undefined;
}
