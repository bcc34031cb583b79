/**
 * The staychain output for each commitment (spec mainstay.md §1.2–1.4): Profile A pays to the
 * P2SH of the m-of-n multisig over the tweaked keys, Profile B to the P2WPKH of the one tweaked
 * key. The zero commitment means "untweaked" in both (Profile A: `initScript` verbatim).
 */
import {
  p2shAddress,
  p2shScriptForRedeemScript,
  p2wpkhAddress,
  p2wpkhScriptForPubkey,
  type BitcoinNetwork,
  type Secp256k1,
} from '@ocean-ts/core';
import { isZeroCommitment } from './commitment-path.js';
import { MainstayCryptoError } from './crypto-error.js';
import { tweakPublicKey } from './key-tweak.js';
import { buildMultisigScript, parseRedeemScript, type MultisigRedeemScript } from './redeem-script.js';

/** What the attestation service needs to know about where a commitment's attestation pays. */
export interface StaychainOutputs {
  /** The output script paying to the address of `commitment` (internal bytes). */
  scriptPubKeyFor(commitment: Uint8Array): Uint8Array;
  /** The address of `commitment`, for `importaddress`. */
  addressFor(commitment: Uint8Array): string;
}

/** Profile A: P2SH m-of-n multisig of tweaked keys. */
export class MultisigStaychain implements StaychainOutputs {
  readonly initScript: MultisigRedeemScript;
  readonly chaincodes: readonly Uint8Array[];

  constructor(
    private readonly secp: Secp256k1,
    initScript: Uint8Array,
    chaincodes: readonly Uint8Array[],
    readonly network: BitcoinNetwork,
  ) {
    this.initScript = parseRedeemScript(secp, initScript);
    if (chaincodes.length !== this.initScript.n) {
      throw new MainstayCryptoError(`number of chaincodes (${chaincodes.length}) does not match the number of public keys (${this.initScript.n})`);
    }
    for (const c of chaincodes) if (c.length !== 32) throw new MainstayCryptoError(`chaincode must be 32 bytes, got ${c.length}`);
    this.chaincodes = chaincodes.map((c) => c.slice());
  }

  get m(): number {
    return this.initScript.m;
  }

  /** The (compressed) tweaked public keys for `commitment`, in `initScript` order. */
  tweakedPubkeysFor(commitment: Uint8Array): Uint8Array[] {
    return this.initScript.pubkeys.map((k, i) => tweakPublicKey(this.secp, k, this.chaincodes[i]!, commitment));
  }

  /** The redeem script for `commitment`; `initScript` verbatim for the zero commitment. */
  redeemScriptFor(commitment: Uint8Array): Uint8Array {
    if (isZeroCommitment(commitment) && commitment.length === 32) return this.initScript.script.slice();
    return buildMultisigScript(this.initScript.m, this.tweakedPubkeysFor(commitment));
  }

  scriptPubKeyFor(commitment: Uint8Array): Uint8Array {
    return p2shScriptForRedeemScript(this.redeemScriptFor(commitment));
  }

  addressFor(commitment: Uint8Array): string {
    return p2shAddress(this.redeemScriptFor(commitment), this.network);
  }
}

/** Profile B: P2WPKH of the single tweaked key. */
export class SegwitStaychain implements StaychainOutputs {
  readonly chaincode: Uint8Array;

  constructor(
    private readonly secp: Secp256k1,
    readonly initPublicKey: Uint8Array,
    chaincode: Uint8Array,
    readonly network: BitcoinNetwork,
  ) {
    if (!secp.publicKeyVerify(initPublicKey)) throw new MainstayCryptoError('invalid initPublicKey');
    if (chaincode.length !== 32) throw new MainstayCryptoError(`chaincode must be 32 bytes, got ${chaincode.length}`);
    this.chaincode = chaincode.slice();
  }

  /** The tweaked compressed key; the untweaked (compressed) key for the zero commitment. */
  publicKeyFor(commitment: Uint8Array): Uint8Array {
    return tweakPublicKey(this.secp, this.initPublicKey, this.chaincode, commitment);
  }

  scriptPubKeyFor(commitment: Uint8Array): Uint8Array {
    return p2wpkhScriptForPubkey(this.publicKeyFor(commitment));
  }

  addressFor(commitment: Uint8Array): string {
    return p2wpkhAddress(this.publicKeyFor(commitment), this.network);
  }
}
