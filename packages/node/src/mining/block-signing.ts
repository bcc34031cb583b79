import {
  Block,
  BlockProofChecker,
  TxoutType,
  bytesEqual,
  checkProof,
  fromHex,
  hash160,
  solver,
  type Secp256k1,
} from '@ocean-ts/core';
import { combineSignatures, pushAll } from './combine-signatures.js';

/** A private key the signer holds (the wallet's keystore for `signblock`). */
export interface SigningKey {
  readonly privateKey: Uint8Array;
  /** Sign for the compressed public key (default true). */
  readonly compressed?: boolean;
}

/** DER signature (no sighash byte) over the 32-byte block hash: RFC6979, low-S, no grinding. */
export function signBlockHash(hash: Uint8Array, privateKey: Uint8Array, secp: Secp256k1): Uint8Array {
  return secp.signatureExport(secp.sign(hash, privateKey).signature);
}

/**
 * `signblock`'s signing step (`GenericSignScript` → `ProduceSignature` with the block hash as
 * message): the solution fragment this signer can produce for the block's challenge, as
 * `PushAll(result)` — also when incomplete. Multisig: `OP_0` then signatures of the keys held, in
 * key order, stopping at the required count (no keys → `00`); pay-to-pubkey: `<sig>`;
 * pay-to-pubkey-hash: `<sig> <pubkey>`; anything else (OP_TRUE, P2SH without its redeem script,
 * witness programs, non-standard): empty.
 */
export function signBlock(block: Block, keys: readonly SigningKey[], secp: Secp256k1): Uint8Array {
  const hash = block.header.hash;
  const held = keys.map((k) => ({ key: k.privateKey, pub: secp.publicKeyCreate(k.privateKey, k.compressed ?? true) }));
  const findByPub = (pub: Uint8Array) => held.find((h) => bytesEqual(h.pub, pub));
  const { ok, type, solutions } = solver(block.header.challenge);
  if (!ok) return new Uint8Array(0);
  switch (type) {
    case TxoutType.PUBKEY: {
      const k = findByPub(solutions[0]!);
      return k ? pushAll([signBlockHash(hash, k.key, secp)]) : new Uint8Array(0);
    }
    case TxoutType.PUBKEYHASH: {
      const k = held.find((h) => bytesEqual(hash160(h.pub), solutions[0]!));
      return k ? pushAll([signBlockHash(hash, k.key, secp), k.pub]) : new Uint8Array(0);
    }
    case TxoutType.MULTISIG: {
      const required = solutions[0]![0]!;
      const out: Uint8Array[] = [new Uint8Array(0)];
      let signed = 0;
      for (const pub of solutions.slice(1, -1)) {
        if (signed >= required) break;
        const k = findByPub(pub);
        if (!k) continue;
        out.push(signBlockHash(hash, k.key, secp));
        signed++;
      }
      return pushAll(out);
    }
    default:
      return new Uint8Array(0);
  }
}

/** Bitcoin's `IsHex`: non-empty, even length, hex digits only. */
export function isNonEmptyHex(s: string): boolean {
  return s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
}

export interface CombineResult {
  readonly block: Block;
  readonly complete: boolean;
}

/**
 * `combineblocksigs`: merge each fragment into the block's solution with `CombineSignatures`
 * (block-proof checker, message = block hash); return as soon as `CheckProof` passes. Fragments
 * that are not (non-empty) hex are skipped. With no usable fragment the block comes back unchanged
 * and incomplete, even for an OP_TRUE challenge (as the original).
 */
export function combineBlockSigs(block: Block, fragments: readonly (string | Uint8Array)[], genesisHash: Uint8Array, secp: Secp256k1): CombineResult {
  const checker = new BlockProofChecker(secp, block.header.hash);
  let header = block.header;
  for (const f of fragments) {
    let frag: Uint8Array;
    if (typeof f === 'string') {
      if (!isNonEmptyHex(f)) continue;
      frag = fromHex(f);
    } else frag = f;
    header = header.withSolution(combineSignatures(header.challenge, checker, header.solution, frag));
    if (checkProof(header, genesisHash, secp)) return { block: new Block(header, block.transactions), complete: true };
  }
  return { block: new Block(header, block.transactions), complete: false };
}
