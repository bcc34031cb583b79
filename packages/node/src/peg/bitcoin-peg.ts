/**
 * The legacy Elements 0.14 Bitcoin peg (rpc spec §3.7, policy spec §10.5), kept by Ocean for its
 * RPCs only: the pay-to-contract fed-peg script (`calculate_contract`), the parent-chain deposit
 * address of `getpeginaddress`, and the parent-chain objects `createrawpegin` reads — a Bitcoin
 * transaction (with or without segwit) and a Bitcoin `CMerkleBlock` (80-byte header + partial
 * merkle tree) whose header must satisfy the parent chain's proof of work (`CheckBitcoinProof`).
 * Ocean's consensus accepts only the 5-item Ethereum peg-in witness, so peg-ins built this way are
 * refused when they reach the mempool.
 */
import { createHmac } from 'node:crypto';
import {
  DecodeError,
  OP,
  PartialMerkleTree,
  Reader,
  ScriptBuilder,
  bytesEqual,
  hash160,
  parseOps,
  sha256,
  sha256d,
  type Secp256k1,
} from '@ocean-ts/core';

/**
 * `calculate_contract(federation_script, claim_script)`: every 33-byte push of the fed-peg script
 * before an `OP_ELSE` (Liquid's emergency keys stay) is a public key P replaced by
 * `P + HMAC-SHA256(key = P, claim_script)·G`. The default `OP_TRUE` script has no keys and is
 * returned unchanged.
 */
export function calculateContract(fedpegScript: Uint8Array, claimScript: Uint8Array, secp: Secp256k1): Uint8Array {
  const out = fedpegScript.slice();
  let elseFound = false;
  for (const op of parseOps(fedpegScript).ops) {
    if (op.opcode === OP.OP_ELSE) elseFound = true;
    if (op.data.length !== 33 || elseFound) continue;
    const pub = fedpegScript.slice(op.end - 33, op.end);
    const tweak = new Uint8Array(createHmac('sha256', pub).update(claimScript).digest());
    out.set(secp.publicKeyTweakAdd(pub, tweak, true), op.end - 33);
  }
  return out;
}

/** `GetScriptForWitness(P2PKH(keyId))`: the P2WPKH claim script `0014<keyId>`. */
export function p2wpkhScript(keyId: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_0).push(keyId).build();
}

/** `0020 sha256(script)`. */
export function p2wshScript(script: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_0).push(sha256(script)).build();
}

/** The parent-chain script id of the deposit: `CScriptID(P2WSH(calculate_contract(fedpeg, claim)))`. */
export function peginDepositScriptId(fedpegScript: Uint8Array, claimScript: Uint8Array, secp: Secp256k1): Uint8Array {
  return hash160(p2wshScript(calculateContract(fedpegScript, claimScript, secp)));
}

/** `OP_HASH160 <id> OP_EQUAL`. */
export function p2shScript(scriptId: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_HASH160).push(scriptId).op(OP.OP_EQUAL).build();
}

export interface BitcoinTxOut {
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

/** What createrawpegin needs from a Bitcoin transaction. */
export interface BitcoinTx {
  /** Internal byte order (double SHA-256 of the serialization without witness). */
  readonly txid: Uint8Array;
  readonly outputs: readonly BitcoinTxOut[];
}

/**
 * A Bitcoin transaction as `CDataStream >> CTransactionRef` reads it (BIP144 when the marker is
 * present). Throws `DecodeError` when the bytes are not one transaction (trailing bytes are
 * ignored, as a stream read does).
 */
export function decodeBitcoinTx(bytes: Uint8Array): BitcoinTx {
  const r = new Reader(bytes);
  const version = r.bytesCopy(4);
  let flags = 0;
  let inputs = r.compactSize();
  let readOutputs = true;
  if (inputs === 0) {
    // BIP144: an empty input vector is the marker; the flag byte follows.
    flags = r.u8();
    if (flags !== 0) inputs = r.compactSize();
    else readOutputs = false;
  }
  const ioStart = r.offset;
  for (let i = 0; i < inputs; i++) {
    r.bytesView(36);
    r.varBytes();
    r.u32le();
  }
  const outputs: BitcoinTxOut[] = [];
  if (readOutputs) {
    const nOut = r.compactSize();
    for (let i = 0; i < nOut; i++) {
      const value = r.i64le();
      outputs.push({ value, scriptPubKey: r.varBytes().slice() });
    }
  }
  const ioEnd = r.offset;
  if (flags & 1) {
    flags &= ~1;
    for (let i = 0; i < inputs; i++) {
      const n = r.compactSize();
      for (let j = 0; j < n; j++) r.varBytes();
    }
    if (inputs === 0) throw new DecodeError('superfluous witness record');
  }
  if (flags !== 0) throw new DecodeError('unknown optional data');
  const locktime = r.bytesCopy(4);
  // txid: the serialization without marker, flag and witnesses.
  const io = bytes.subarray(ioStart, ioEnd);
  const count = compactSizeBytes(inputs);
  const noWitness = new Uint8Array(4 + count.length + io.length + 4);
  noWitness.set(version, 0);
  noWitness.set(count, 4);
  noWitness.set(io, 4 + count.length);
  noWitness.set(locktime, 4 + count.length + io.length);
  return { txid: sha256d(noWitness), outputs };
}

function compactSizeBytes(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  const out = new Uint8Array(n <= 0xffff ? 3 : 5);
  const dv = new DataView(out.buffer);
  if (n <= 0xffff) {
    out[0] = 0xfd;
    dv.setUint16(1, n, true);
  } else {
    out[0] = 0xfe;
    dv.setUint32(1, n, true);
  }
  return out;
}

/** A Bitcoin `CMerkleBlock`: the 80-byte header and the partial merkle tree. */
export interface BitcoinMerkleBlock {
  /** Block hash, internal order. */
  readonly hash: Uint8Array;
  readonly merkleRoot: Uint8Array;
  readonly bits: number;
  readonly tree: PartialMerkleTree;
  /** Bytes after the proof (the original refuses a proof with any). */
  readonly trailing: number;
}

/** Reads a Bitcoin merkle block; throws `DecodeError` when it is malformed. */
export function decodeBitcoinMerkleBlock(bytes: Uint8Array): BitcoinMerkleBlock {
  const r = new Reader(bytes);
  const header = r.bytesCopy(80);
  const tree = PartialMerkleTree.read(r);
  const bits = new DataView(header.buffer, header.byteOffset).getUint32(72, true);
  return { hash: sha256d(header), merkleRoot: header.slice(36, 68), bits, tree, trailing: r.remaining };
}

/** `CheckBitcoinProof(hash, nBits)`: the compact target is positive, within `powLimit`, and the hash below it. */
export function checkBitcoinProof(hash: Uint8Array, bits: number, powLimit: Uint8Array): boolean {
  const size = bits >>> 24;
  const word = BigInt(bits & 0x007fffff);
  const negative = word !== 0n && (bits & 0x00800000) !== 0;
  const overflow = word !== 0n && (size > 34 || (word > 0xffn && size > 33) || (word > 0xffffn && size > 32));
  let target: bigint;
  if (size <= 3) target = word >> BigInt(8 * (3 - size));
  else target = word << BigInt(8 * (size - 3));
  if (negative || overflow || target === 0n || target > le256(powLimit)) return false;
  return le256(hash) <= target;
}

/** A 256-bit little-endian (internal order) value. */
function le256(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/** `GetPeginTxnOutputIndex`: the first output paying the deposit of `claimScript`, or `outputs.length`. */
export function peginOutputIndex(tx: BitcoinTx, fedpegScript: Uint8Array, claimScript: Uint8Array, secp: Secp256k1): number {
  const script = p2shScript(peginDepositScriptId(fedpegScript, claimScript, secp));
  const i = tx.outputs.findIndex((o) => bytesEqual(o.scriptPubKey, script));
  return i < 0 ? tx.outputs.length : i;
}
