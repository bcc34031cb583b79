/**
 * Key source over a PKCS#11 token (graphene-pk11), secp256k1 keys (curve OID 1.3.132.0.10).
 *
 * PKCS#11 has no standard mechanism to sign with a key additively tweaked inside the token, so
 * (ADR 0048):
 * - UNTWEAKED signatures — the topup key, and the base key for the zero commitment — are made
 *   inside the token with CKM_ECDSA over the 32-byte digest; the raw `r ‖ s` is normalised to
 *   low-S (tokens such as SoftHSM return either S) and encoded as DER;
 * - TWEAKED signatures need the base private key: it must be readable under the token login
 *   (created with CKA_SENSITIVE=false and CKA_EXTRACTABLE=true). It is read for each such
 *   signature, tweaked and used in process memory, and wiped. A base key that is not readable
 *   can only sign for the zero commitment; other requests fail with a clear error.
 * Every signature is verified against the expected public key before it is returned.
 */
import { KeyType, NamedCurve, ObjectClass, SessionFlag, TokenFlag, UserType, type PrivateKey, type Session, type SessionObject, type Slot } from 'graphene-pk11';
import { bytesEqual, toHex, type Secp256k1 } from '@ocean-ts/core';
import { isZeroCommitment } from '../crypto/commitment-path.js';
import { tweakPrivateKey } from '../crypto/key-tweak.js';
import { checkDigest, finishSignature, TweakedPublicKeys } from './key-source-support.js';
import { KeySourceError, resolveChaincode, type ChaincodeSpec, type KeySignature, type KeySource, type SigningKey } from './key-source.js';
import { acquirePkcs11Module, releasePkcs11Module } from './pkcs11-modules.js';

/** DER encoding of the secp256k1 OID, the CKA_EC_PARAMS of our keys. */
export const SECP256K1_EC_PARAMS: Buffer = NamedCurve.getByName('secp256k1').value;

export interface Pkcs11KeySourceOptions {
  readonly secp: Secp256k1;
  /** Path of the PKCS#11 library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  readonly modulePath: string;
  /** Select the token by its label… */
  readonly tokenLabel?: string;
  /** …or by the index among the slots with an initialised token (default: the only one). */
  readonly slotIndex?: number;
  /** User PIN. */
  readonly pin: string;
  /** CKA_LABEL of the base key pair (private key, and the public key if the private one is not readable). */
  readonly baseKeyLabel: string;
  /** CKA_LABEL of the topup key pair, if this signer signs topup inputs. */
  readonly topupKeyLabel?: string;
  readonly chaincode: ChaincodeSpec;
}

interface TokenKey {
  readonly label: string;
  readonly privateKey: PrivateKey;
  readonly publicKey: Uint8Array;
  /** CKA_SENSITIVE=false and CKA_EXTRACTABLE=true: CKA_VALUE can be read. */
  readonly readable: boolean;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** CKA_EC_POINT: a DER OCTET STRING around the SEC1 point (the standard), or the bare point (some tokens). */
function parseEcPoint(secp: Secp256k1, raw: Buffer, label: string): Uint8Array {
  let point: Uint8Array = raw;
  if (raw.length >= 2 && raw[0] === 0x04 && raw[1] === raw.length - 2 && (raw.length === 67 || raw.length === 35)) point = raw.subarray(2);
  if (!secp.publicKeyVerify(point)) throw new KeySourceError(`the public key "${label}" is not a valid secp256k1 point`);
  return secp.publicKeyConvert(point, true);
}

function padKey(value: Buffer): Uint8Array {
  if (value.length > 32) throw new KeySourceError('the private key value is longer than 32 bytes');
  const key = new Uint8Array(32);
  key.set(value, 32 - value.length);
  return key;
}

export class Pkcs11KeySource implements KeySource {
  readonly description: string;
  private readonly base: TokenKey;
  private readonly topup: TokenKey | undefined;
  private readonly chaincode: Uint8Array;
  private readonly tweaked: TweakedPublicKeys;
  private closed = false;

  private constructor(
    private readonly options: Pkcs11KeySourceOptions,
    private readonly session: Session,
    tokenLabel: string,
  ) {
    this.base = this.findKey(options.baseKeyLabel);
    this.topup = options.topupKeyLabel === undefined ? undefined : this.findKey(options.topupKeyLabel);
    this.chaincode = resolveChaincode(options.chaincode, this.base.publicKey);
    this.tweaked = new TweakedPublicKeys(options.secp, this.base.publicKey, this.chaincode);
    this.description = `pkcs11 token "${tokenLabel}"`;
  }

  /** Open a session on the token, log in and look the keys up. Throws `KeySourceError`. */
  static async open(options: Pkcs11KeySourceOptions): Promise<Pkcs11KeySource> {
    const module = acquirePkcs11Module(options.modulePath);
    let session: Session | undefined;
    try {
      const present = module.getSlots(true);
      const slot = Pkcs11KeySource.selectSlot(options, Array.from({ length: present.length }, (_, i) => present.items(i)));
      const tokenLabel = slot.getToken().label.trim();
      try {
        session = slot.open(SessionFlag.SERIAL_SESSION);
      } catch (e) {
        throw new KeySourceError(`cannot open a session on token "${tokenLabel}": ${describe(e)}`);
      }
      try {
        session.login(options.pin, UserType.USER);
      } catch (e) {
        // the login state is per application and token: another key source may have logged in already
        if (!describe(e).includes('CKR_USER_ALREADY_LOGGED_IN')) throw new KeySourceError(`login to token "${tokenLabel}" failed: ${describe(e)}`);
      }
      return new Pkcs11KeySource(options, session, tokenLabel);
    } catch (e) {
      try {
        session?.close();
      } catch {
        // the session is unusable anyway
      }
      releasePkcs11Module(options.modulePath);
      throw e instanceof KeySourceError ? e : new KeySourceError(describe(e));
    }
  }

  private static selectSlot(options: Pkcs11KeySourceOptions, slots: Slot[]): Slot {
    const initialised = slots.filter((s) => (s.getToken().flags & TokenFlag.TOKEN_INITIALIZED) !== 0);
    if (options.tokenLabel !== undefined) {
      const found = initialised.filter((s) => s.getToken().label.trim() === options.tokenLabel);
      if (found.length === 0) throw new KeySourceError(`no PKCS#11 token labelled "${options.tokenLabel}"`);
      if (found.length > 1) throw new KeySourceError(`${found.length} PKCS#11 tokens are labelled "${options.tokenLabel}"; select one by slot index`);
      return found[0]!;
    }
    if (options.slotIndex !== undefined) {
      const slot = initialised[options.slotIndex];
      if (slot === undefined) throw new KeySourceError(`no initialised PKCS#11 token at slot index ${options.slotIndex} (${initialised.length} found)`);
      return slot;
    }
    if (initialised.length !== 1) {
      throw new KeySourceError(`${initialised.length} initialised PKCS#11 tokens found; select one by token label or slot index`);
    }
    return initialised[0]!;
  }

  private findKey(label: string): TokenKey {
    const { secp } = this.options;
    const privates = this.session.find({ class: ObjectClass.PRIVATE_KEY, label });
    if (privates.length === 0) throw new KeySourceError(`no private key labelled "${label}" on the token`);
    if (privates.length > 1) throw new KeySourceError(`${privates.length} private keys are labelled "${label}"`);
    const privateKey = privates.items(0).toType<PrivateKey>();
    const attrs = privateKey.getAttribute({ keyType: null, paramsEC: null, sensitive: null, extractable: null });
    if (attrs.keyType !== KeyType.EC) throw new KeySourceError(`the key "${label}" is not an EC key`);
    // graphene reports CKA_EC_PARAMS under its older alias `paramsECDSA`
    const params = attrs.paramsEC ?? attrs.paramsECDSA;
    if (!(params instanceof Buffer) || !params.equals(SECP256K1_EC_PARAMS)) {
      throw new KeySourceError(`the key "${label}" is not on secp256k1 (CKA_EC_PARAMS ${params instanceof Buffer ? params.toString('hex') : 'missing'})`);
    }
    const readable = attrs.sensitive === false && attrs.extractable === true;
    let fromValue: Uint8Array | undefined;
    if (readable) {
      const key = this.readValue(privateKey, label);
      try {
        fromValue = secp.publicKeyCreate(key, true);
      } finally {
        key.fill(0);
      }
    }
    let fromObject: Uint8Array | undefined;
    const publics = this.session.find({ class: ObjectClass.PUBLIC_KEY, label });
    if (publics.length > 1) throw new KeySourceError(`${publics.length} public keys are labelled "${label}"`);
    if (publics.length === 1) {
      const point = (publics.items(0) as SessionObject).getAttribute({ pointEC: null }).pointEC;
      if (!(point instanceof Buffer)) throw new KeySourceError(`the public key "${label}" has no CKA_EC_POINT`);
      fromObject = parseEcPoint(secp, point, label);
    }
    if (fromValue !== undefined && fromObject !== undefined && !bytesEqual(fromValue, fromObject)) {
      throw new KeySourceError(`the public key "${label}" does not belong to the private key "${label}"`);
    }
    const publicKey = fromValue ?? fromObject;
    if (publicKey === undefined) {
      throw new KeySourceError(`no public key labelled "${label}" on the token (needed because the private key is not readable)`);
    }
    return { label, privateKey, publicKey, readable };
  }

  private readValue(privateKey: PrivateKey, label: string): Uint8Array {
    let value: unknown;
    try {
      value = privateKey.getAttribute({ value: null }).value;
    } catch (e) {
      throw new KeySourceError(`cannot read the private key "${label}": ${describe(e)}`);
    }
    if (!(value instanceof Buffer)) throw new KeySourceError(`cannot read the private key "${label}"`);
    const key = padKey(value);
    value.fill(0);
    if (!this.options.secp.privateKeyVerify(key)) throw new KeySourceError(`the private key "${label}" is not a valid secp256k1 key`);
    return key;
  }

  get hasTopupKey(): boolean {
    return this.topup !== undefined;
  }

  /** Whether the base private key can be read, i.e. whether tweaked signatures are possible. */
  get baseKeyReadable(): boolean {
    return this.base.readable;
  }

  async publicKey(key: SigningKey): Promise<Uint8Array> {
    this.checkOpen();
    if (key.kind === 'base') return this.tweaked.get(key.commitment);
    if (this.topup === undefined) throw new KeySourceError('no topup key is configured');
    return this.topup.publicKey.slice();
  }

  async sign(digest: Uint8Array, key: SigningKey): Promise<KeySignature> {
    this.checkOpen();
    checkDigest(digest);
    if (key.kind === 'topup') {
      if (this.topup === undefined) throw new KeySourceError('no topup key is configured');
      return this.signInToken(digest, this.topup);
    }
    const publicKey = this.tweaked.get(key.commitment);
    if (isZeroCommitment(key.commitment)) return this.signInToken(digest, this.base);
    if (!this.base.readable) {
      throw new KeySourceError(
        `the base key "${this.base.label}" is not readable (CKA_SENSITIVE/CKA_EXTRACTABLE): it can sign only for the zero commitment; ` +
          `signing for commitment ${toHex(key.commitment)} needs a base key created with CKA_SENSITIVE=false and CKA_EXTRACTABLE=true (ADR 0048)`,
      );
    }
    const { secp } = this.options;
    const baseKey = this.readValue(this.base.privateKey, this.base.label);
    let tweakedKey: Uint8Array | undefined;
    try {
      tweakedKey = tweakPrivateKey(secp, baseKey, this.chaincode, key.commitment);
      return finishSignature(secp, digest, secp.sign(digest, tweakedKey).signature, publicKey);
    } catch (e) {
      throw e instanceof KeySourceError ? e : new KeySourceError(`cannot sign with the tweaked base key: ${describe(e)}`);
    } finally {
      baseKey.fill(0);
      tweakedKey?.fill(0);
    }
  }

  private signInToken(digest: Uint8Array, key: TokenKey): KeySignature {
    let raw: Buffer;
    try {
      raw = this.session.createSign('ECDSA', key.privateKey).once(Buffer.from(digest));
    } catch (e) {
      throw new KeySourceError(`the token failed to sign with "${key.label}": ${describe(e)}`);
    }
    return finishSignature(this.options.secp, digest, raw, key.publicKey);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.session.close();
    } catch {
      // the session may already be gone with the library
    }
    releasePkcs11Module(this.options.modulePath);
  }

  private checkOpen(): void {
    if (this.closed) throw new KeySourceError('the key source is closed');
  }
}
