/**
 * Key source over private keys held in memory (read from conf.json `staychain.initPK` / `topupPK`,
 * the Go tool's `-pk` / `-pkTopup`, or a key file). Tweaked keys are derived privately (BIP32
 * CKDpriv along the commitment path, §1.2) and signatures are RFC6979 low-S.
 */
import type { Secp256k1 } from '@ocean-ts/core';
import { tweakPrivateKey } from '../crypto/key-tweak.js';
import { checkDigest, finishSignature, TweakedPublicKeys } from './key-source-support.js';
import { KeySourceError, resolveChaincode, type ChaincodeSpec, type KeySignature, type KeySource, type SigningKey } from './key-source.js';

export interface FileKeySourceOptions {
  readonly secp: Secp256k1;
  /** 32-byte base private key. */
  readonly baseKey: Uint8Array;
  readonly chaincode: ChaincodeSpec;
  /** 32-byte topup private key, if this signer signs topup inputs. */
  readonly topupKey?: Uint8Array;
  readonly description?: string;
}

export class FileKeySource implements KeySource {
  readonly description: string;
  private baseKey: Uint8Array;
  private topupKey: Uint8Array | undefined;
  private readonly chaincode: Uint8Array;
  private readonly tweaked: TweakedPublicKeys;
  private readonly topupPublic: Uint8Array | undefined;
  private closed = false;

  constructor(private readonly options: FileKeySourceOptions) {
    const { secp } = options;
    if (options.baseKey.length !== 32 || !secp.privateKeyVerify(options.baseKey)) throw new KeySourceError('invalid base private key');
    if (options.topupKey !== undefined && (options.topupKey.length !== 32 || !secp.privateKeyVerify(options.topupKey))) {
      throw new KeySourceError('invalid topup private key');
    }
    this.baseKey = options.baseKey.slice();
    this.topupKey = options.topupKey?.slice();
    const basePublic = secp.publicKeyCreate(this.baseKey, true);
    this.chaincode = resolveChaincode(options.chaincode, basePublic);
    this.tweaked = new TweakedPublicKeys(secp, basePublic, this.chaincode);
    this.topupPublic = this.topupKey === undefined ? undefined : secp.publicKeyCreate(this.topupKey, true);
    this.description = options.description ?? 'file';
  }

  get hasTopupKey(): boolean {
    return this.topupKey !== undefined;
  }

  async publicKey(key: SigningKey): Promise<Uint8Array> {
    this.checkOpen();
    if (key.kind === 'base') return this.tweaked.get(key.commitment);
    if (this.topupPublic === undefined) throw new KeySourceError('no topup key is configured');
    return this.topupPublic.slice();
  }

  async sign(digest: Uint8Array, key: SigningKey): Promise<KeySignature> {
    this.checkOpen();
    checkDigest(digest);
    const { secp } = this.options;
    let privateKey: Uint8Array;
    let publicKey: Uint8Array;
    if (key.kind === 'base') {
      publicKey = this.tweaked.get(key.commitment);
      try {
        privateKey = tweakPrivateKey(secp, this.baseKey, this.chaincode, key.commitment);
      } catch (e) {
        throw new KeySourceError(`cannot tweak the base key: ${(e as Error).message}`);
      }
    } else {
      if (this.topupKey === undefined || this.topupPublic === undefined) throw new KeySourceError('no topup key is configured');
      privateKey = this.topupKey.slice();
      publicKey = this.topupPublic;
    }
    try {
      return finishSignature(secp, digest, secp.sign(digest, privateKey).signature, publicKey);
    } finally {
      privateKey.fill(0);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.baseKey.fill(0);
    this.topupKey?.fill(0);
    this.baseKey = new Uint8Array(0);
    this.topupKey = undefined;
  }

  private checkOpen(): void {
    if (this.closed) throw new KeySourceError('the key source is closed');
  }
}
