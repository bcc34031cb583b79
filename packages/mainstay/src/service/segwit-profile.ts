/**
 * Profile B (spec mainstay.md §1.3, §2.3): P2WPKH of the one tweaked key, version-1 transactions,
 * BIP143 sighashes sent to the HTTP signer, witnesses `[sig ‖ 01, pubkey]`.
 *
 * OUR ADDITION (ADR 0047): each returned pubkey must be the one the spent output pays to and each
 * signature must verify over its sighash, so a confused or malicious signer cannot make the daemon
 * broadcast an invalid transaction.
 */
import { bytesEqual, hash160, type BitcoinTransaction, type Secp256k1 } from '@ocean-ts/core';
import { SEGWIT_TX_VERSION } from '../crypto/attestation-transaction.js';
import { MainstayCryptoError } from '../crypto/crypto-error.js';
import { SegwitFeeModel } from '../crypto/fee-estimate.js';
import { ERROR_MISSING_SIGS } from '../crypto/legacy-signing.js';
import { attachP2wpkhWitnesses, segwitSighashes, type P2wpkhSignature, type SpentOutput } from '../crypto/segwit-signing.js';
import type { SegwitStaychain } from '../crypto/staychain-outputs.js';
import type { InputSignature } from './signer-transport.js';
import type { StaychainProfile } from './staychain-profile.js';

const SIGHASH_ALL = 0x01;

export class SegwitStaychainProfile implements StaychainProfile {
  readonly name = 'B' as const;
  readonly txVersion = SEGWIT_TX_VERSION;
  readonly feeModel = new SegwitFeeModel();

  constructor(
    private readonly secp: Secp256k1,
    readonly staychain: SegwitStaychain,
    readonly topupAddress: string | undefined = undefined,
  ) {}

  outputScript(root: Uint8Array): Uint8Array {
    return this.staychain.scriptPubKeyFor(root);
  }

  address(root: Uint8Array): string {
    return this.staychain.addressFor(root);
  }

  signingItems(tx: BitcoinTransaction, _spentRoot: Uint8Array, spent: readonly SpentOutput[]): Uint8Array[] {
    return segwitSighashes(tx, spent);
  }

  assemble(tx: BitcoinTransaction, _spentRoot: Uint8Array, signatures: readonly (readonly InputSignature[])[], spent: readonly SpentOutput[]): BitcoinTransaction {
    const unsigned = tx.stripped();
    const sighashes = segwitSighashes(unsigned, spent);
    if (signatures.length < unsigned.inputs.length) throw new MainstayCryptoError(ERROR_MISSING_SIGS);
    const sigs: P2wpkhSignature[] = sighashes.map((sighash, i) => {
      const s = signatures[i]![0];
      if (s === undefined) throw new MainstayCryptoError(`${ERROR_MISSING_SIGS} input ${i}`);
      const pubkey = s.pubkey;
      if (pubkey === undefined || pubkey.length !== 33 || !this.secp.publicKeyVerify(pubkey)) {
        throw new MainstayCryptoError(`the signer returned no valid compressed public key for input ${i}`);
      }
      if (!bytesEqual(hash160(pubkey), spent[i]!.scriptPubKey.subarray(2))) {
        throw new MainstayCryptoError(`the signer's public key for input ${i} is not the key of the spent output`);
      }
      const sig = s.signature;
      if (sig.length < 9 || sig.length > 74 || sig[sig.length - 1] !== SIGHASH_ALL) {
        throw new MainstayCryptoError(`the signature for input ${i} is malformed`);
      }
      let ok = false;
      try {
        ok = this.secp.verify(sighash, this.secp.signatureImport(sig.subarray(0, sig.length - 1)), pubkey);
      } catch {
        ok = false;
      }
      if (!ok) throw new MainstayCryptoError(`the signature for input ${i} does not verify`);
      return { signature: sig, pubkey };
    });
    return attachP2wpkhWitnesses(unsigned, sigs, this.secp);
  }
}
