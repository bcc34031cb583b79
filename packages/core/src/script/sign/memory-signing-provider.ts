import type { Secp256k1 } from '../../crypto/secp256k1.js';
import { hash160 } from '../../crypto/hash.js';
import { assert } from '../../encoding/errors.js';
import { toHex } from '../../encoding/hex.js';
import { MAX_SCRIPT_ELEMENT_SIZE } from '../script.js';
import type { SigningKey, SigningProvider } from './signing-provider.js';

/**
 * Core 0.14's `CBasicKeyStore`: keys (indexed by the HASH160 of their public key in the key's own
 * compressed / uncompressed form), watch-only public keys and scripts (indexed by HASH160).
 */
export class MemorySigningProvider implements SigningProvider {
  readonly #keys = new Map<string, { key: SigningKey; pubkey: Uint8Array }>();
  readonly #watchKeys = new Map<string, Uint8Array>();
  readonly #scripts = new Map<string, Uint8Array>();

  constructor(private readonly secp: Secp256k1) {}

  /** `AddKey`: returns the key id. */
  addKey(privateKey: Uint8Array, compressed = true): Uint8Array {
    assert(this.secp.privateKeyVerify(privateKey), 'invalid private key');
    const pubkey = this.secp.publicKeyCreate(privateKey, compressed);
    const id = hash160(pubkey);
    this.#keys.set(toHex(id), { key: { privateKey: privateKey.slice(), compressed }, pubkey });
    return id;
  }

  /** `AddWatchOnly` of a public key: `getPubKey` finds it, `getKey` does not. */
  addPubKey(pubkey: Uint8Array): Uint8Array {
    const id = hash160(pubkey);
    this.#watchKeys.set(toHex(id), pubkey.slice());
    return id;
  }

  /**
   * `AddCScript`: false (and nothing stored) for scripts over 520 bytes, which can never be a P2SH
   * redeem script ("redeemScripts > 520 bytes are invalid").
   */
  addScript(script: Uint8Array): boolean {
    if (script.length > MAX_SCRIPT_ELEMENT_SIZE) return false;
    this.#scripts.set(toHex(hash160(script)), script.slice());
    return true;
  }

  getKey(keyId: Uint8Array): SigningKey | undefined {
    return this.#keys.get(toHex(keyId))?.key;
  }

  getPubKey(keyId: Uint8Array): Uint8Array | undefined {
    const k = this.#keys.get(toHex(keyId));
    if (k) return k.pubkey;
    return this.#watchKeys.get(toHex(keyId));
  }

  getScript(scriptId: Uint8Array): Uint8Array | undefined {
    return this.#scripts.get(toHex(scriptId));
  }
}
