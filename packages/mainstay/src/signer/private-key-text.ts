/**
 * Private keys as text: a WIF (spec §7 `staychain.initPK` / `topupPK`; mainnet `0x80` or
 * testnet/regtest `0xef`, compressed or not — like btcutil's `DecodeWIF`, which accepts any network)
 * or 64 hex characters. Error messages never repeat the text.
 */
import { BITCOIN_MAINNET, BITCOIN_TESTNET, decodeBitcoinWif, fromHex, isHex, type Secp256k1 } from '@ocean-ts/core';
import { KeySourceError } from './key-source.js';

/** The 32-byte private key in `text` (surrounding whitespace ignored). `what` names it in errors. */
export function parsePrivateKeyText(secp: Secp256k1, text: string, what: string): Uint8Array {
  const s = text.trim();
  if (s === '') throw new KeySourceError(`${what} is empty`);
  let key: Uint8Array | undefined;
  if (s.length === 64 && isHex(s)) key = fromHex(s);
  else {
    for (const net of [BITCOIN_MAINNET, BITCOIN_TESTNET]) {
      try {
        key = decodeBitcoinWif(s, net).key;
        break;
      } catch {
        // try the next network
      }
    }
  }
  if (key === undefined) throw new KeySourceError(`${what} is not a WIF private key or 64 hex characters`);
  if (!secp.privateKeyVerify(key)) throw new KeySourceError(`${what} is not a valid secp256k1 private key`);
  return key;
}

/**
 * The key in a key file: its first non-empty, non-`#` line (a WIF or 64 hex characters).
 * `source` names the file in errors.
 */
export function parsePrivateKeyFile(secp: Secp256k1, content: string, source: string): Uint8Array {
  const line = content.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (line === undefined) throw new KeySourceError(`key file ${source} holds no key`);
  return parsePrivateKeyText(secp, line, `the key in ${source}`);
}
