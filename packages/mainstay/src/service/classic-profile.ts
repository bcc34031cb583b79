/**
 * Profile A (spec mainstay.md §1.3, §2.3): P2SH m-of-n multisig of the tweaked keys, version-2
 * transactions, legacy SIGHASH_ALL pre-images sent to the signers.
 *
 * Signature selection (OUR FIX, ADR 0047): the original took the first m signatures of each input
 * in `signer.signers` order and relied on that order matching the pubkey order of the script. We
 * verify each signature against the input's pubkeys, drop the ones that verify against none (a
 * signer that sent garbage, signed with a stale key, or answered an older round), and put the
 * first m valid ones in pubkey order, as OP_CHECKMULTISIG needs.
 */
import type { BitcoinTransaction, Secp256k1 } from '@ocean-ts/core';
import { MainstayCryptoError } from '../crypto/crypto-error.js';
import { ClassicFeeModel } from '../crypto/fee-estimate.js';
import {
  ERROR_MISSING_SIGS,
  ERROR_MISSING_SIGS_FOR_INPUT,
  assembleMultisigTransaction,
  attestationRedeemScripts,
  legacyPreimages,
  preimageDigest,
} from '../crypto/legacy-signing.js';
import { parseRedeemScript, type MultisigRedeemScript } from '../crypto/redeem-script.js';
import type { SpentOutput } from '../crypto/segwit-signing.js';
import { CLASSIC_TX_VERSION } from '../crypto/attestation-transaction.js';
import type { MultisigStaychain } from '../crypto/staychain-outputs.js';
import type { InputSignature } from './signer-transport.js';
import type { StaychainProfile } from './staychain-profile.js';

export interface ClassicTopup {
  readonly address: string;
  /** The topup multisig redeem script; its m must equal initScript's. */
  readonly script: Uint8Array;
}

const SIGHASH_ALL = 0x01;

export class ClassicStaychainProfile implements StaychainProfile {
  readonly name = 'A' as const;
  readonly txVersion = CLASSIC_TX_VERSION;
  readonly feeModel: ClassicFeeModel;
  readonly topupAddress: string | undefined;
  readonly #topupScript: MultisigRedeemScript | undefined;

  constructor(
    private readonly secp: Secp256k1,
    readonly staychain: MultisigStaychain,
    topup?: ClassicTopup,
  ) {
    this.feeModel = new ClassicFeeModel(staychain.initScript.script.length, staychain.m);
    if (topup !== undefined) {
      const parsed = parseRedeemScript(secp, topup.script);
      if (parsed.m !== staychain.m) {
        throw new MainstayCryptoError(`topupScript needs ${parsed.m} signatures but initScript needs ${staychain.m}: they must be equal`);
      }
      this.#topupScript = parsed;
      this.topupAddress = topup.address;
    }
  }

  outputScript(root: Uint8Array): Uint8Array {
    return this.staychain.scriptPubKeyFor(root);
  }

  address(root: Uint8Array): string {
    return this.staychain.addressFor(root);
  }

  signingItems(tx: BitcoinTransaction, spentRoot: Uint8Array): Uint8Array[] {
    return legacyPreimages(tx, this.staychain.redeemScriptFor(spentRoot), this.#topupScript?.script).map((p) => p.toBytes(false));
  }

  assemble(tx: BitcoinTransaction, spentRoot: Uint8Array, signatures: readonly (readonly InputSignature[])[], _spent: readonly SpentOutput[]): BitcoinTransaction {
    const nInputs = tx.inputs.length;
    if (signatures.length < nInputs) throw new MainstayCryptoError(ERROR_MISSING_SIGS);
    const input0 = this.staychain.redeemScriptFor(spentRoot);
    const redeemScripts = attestationRedeemScripts(nInputs, input0, this.#topupScript?.script);
    const preimages = legacyPreimages(tx, input0, this.#topupScript?.script);
    const m = this.staychain.m;
    const chosen = redeemScripts.map((redeem, i) => {
      const pubkeys = parseRedeemScript(this.secp, redeem).pubkeys;
      const digest = preimageDigest(preimages[i]!.toBytes(false));
      const byKey = new Map<number, Uint8Array>();
      for (const candidate of signatures[i]!) {
        const k = this.#matchingKey(candidate.signature, digest, pubkeys, byKey);
        if (k !== undefined) byKey.set(k, candidate.signature);
      }
      if (byKey.size < m) {
        throw new MainstayCryptoError(`${ERROR_MISSING_SIGS_FOR_INPUT} ${i}: ${byKey.size} valid of ${m} needed (${signatures[i]!.length} received)`);
      }
      return [...byKey.entries()].sort((a, b) => a[0] - b[0]).slice(0, m).map(([, sig]) => sig);
    });
    return assembleMultisigTransaction(tx.stripped(), chosen, m, redeemScripts);
  }

  /** The index of the not-yet-used pubkey `sig` (DER ‖ 01) verifies against, if any. */
  #matchingKey(sig: Uint8Array, digest: Uint8Array, pubkeys: readonly Uint8Array[], used: ReadonlyMap<number, Uint8Array>): number | undefined {
    if (sig.length < 9 || sig.length > 74 || sig[sig.length - 1] !== SIGHASH_ALL) return undefined;
    let compact: Uint8Array;
    try {
      compact = this.secp.signatureImport(sig.subarray(0, sig.length - 1));
    } catch {
      return undefined;
    }
    for (let k = 0; k < pubkeys.length; k++) {
      if (used.has(k)) continue;
      try {
        if (this.secp.verify(digest, compact, pubkeys[k]!)) return k;
      } catch {
        // an unparsable key cannot come from a parsed script; treat as no match
      }
    }
    return undefined;
  }
}

