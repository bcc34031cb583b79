/**
 * Profile B signing (spec mainstay.md §2.3): per-input BIP143 SIGHASH_ALL digests over P2WPKH
 * prevouts, and the `[sig ‖ 01, pubkey]` witnesses.
 */
import { BitcoinTransaction, bitcoinSegwitV0Sighash, p2wpkhScriptCode, type Secp256k1 } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

/** The output an input spends. */
export interface SpentOutput {
  readonly scriptPubKey: Uint8Array;
  /** Satoshis. */
  readonly value: bigint;
}

/** One P2WPKH signature: DER ‖ sighash byte, and the compressed key. */
export interface P2wpkhSignature {
  readonly signature: Uint8Array;
  readonly pubkey: Uint8Array;
}

function p2wpkhProgram(script: Uint8Array): Uint8Array | undefined {
  return script.length === 22 && script[0] === 0x00 && script[1] === 0x14 ? script.subarray(2) : undefined;
}

/** The BIP143 SIGHASH_ALL digest of every input; each prevout must be P2WPKH. */
export function segwitSighashes(tx: BitcoinTransaction, spent: readonly SpentOutput[]): Uint8Array[] {
  if (spent.length !== tx.inputs.length) throw new MainstayCryptoError(`expected ${tx.inputs.length} spent outputs, got ${spent.length}`);
  return spent.map((s, i) => {
    const program = p2wpkhProgram(s.scriptPubKey);
    if (program === undefined) throw new MainstayCryptoError(`input ${i} does not spend a P2WPKH output`);
    return bitcoinSegwitV0Sighash(tx, i, p2wpkhScriptCode(program), s.value, 1);
  });
}

/** The attestation with witness `[signature, pubkey]` on each input (scriptSigs emptied). */
export function attachP2wpkhWitnesses(tx: BitcoinTransaction, sigs: readonly P2wpkhSignature[], secp?: Secp256k1): BitcoinTransaction {
  if (sigs.length < tx.inputs.length) throw new MainstayCryptoError('Missing signatures for transaction');
  return tx.withInputs(
    tx.inputs.map((input, i) => {
      const { signature, pubkey } = sigs[i]!;
      if (pubkey.length !== 33 || (secp !== undefined && !secp.publicKeyVerify(pubkey))) {
        throw new MainstayCryptoError(`invalid public key for input ${i}`);
      }
      return input.withScriptSig(new Uint8Array(0)).withWitness([signature.slice(), pubkey.slice()]);
    }),
  );
}
