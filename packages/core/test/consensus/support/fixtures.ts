/**
 * Builders for synthetic consensus tests: keys and P2PKH signing, explicit outputs, a genesis with
 * chosen coins, and blocks with a proper coinbase (height prefix, fees, witness commitment) and
 * Merkle root on an OP_TRUE-challenge chain.
 */
import { loadNativeSecp256k1 } from '../../../src/crypto/secp256k1-native.js';
import { hash160 } from '../../../src/crypto/hash.js';
import { concatBytes } from '../../../src/encoding/hex.js';
import { Block, WITNESS_COMMITMENT_HEADER, witnessCommitment } from '../../../src/primitives/block.js';
import { BlockHeader } from '../../../src/primitives/block-header.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../../src/primitives/confidential.js';
import { OutPoint } from '../../../src/primitives/outpoint.js';
import { Transaction } from '../../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../../src/primitives/transaction-builder.js';
import { TxIn } from '../../../src/primitives/tx-in.js';
import { TxOut } from '../../../src/primitives/tx-out.js';
import { TxInWitness } from '../../../src/primitives/witness.js';
import { fastMerkleRoot, merkleRoot } from '../../../src/primitives/merkle.js';
import { ScriptBuilder } from '../../../src/script/script-builder.js';
import { OP } from '../../../src/script/opcodes.js';
import { SigVersion } from '../../../src/script/checker.js';
import { SIGHASH_ALL, signatureHash } from '../../../src/script/sighash.js';
import { SimpleConsensusRules } from '../../../src/consensus/consensus-rules.js';
import type { AmountMap } from '../../../src/consensus/fees.js';

export const secp = loadNativeSecp256k1();

export function id32(byte: number): Uint8Array {
  const b = new Uint8Array(32);
  b[0] = byte;
  return b;
}

export const ASSET_A = id32(0xa1);
export const ASSET_B = id32(0xb2);
export const OP_TRUE = Uint8Array.of(OP.OP_1);
export const OP_RETURN = Uint8Array.of(OP.OP_RETURN);
export const EMPTY = new Uint8Array(0);

export function key(n: number): { priv: Uint8Array; pub: Uint8Array; p2pkh: Uint8Array } {
  const priv = id32(0);
  priv[31] = n;
  const pub = secp.publicKeyCreate(priv, true);
  return { priv, pub, p2pkh: p2pkh(pub) };
}

export function p2pkh(pub: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(pub)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
}

export function out(asset: Uint8Array, amount: bigint, script: Uint8Array = OP_TRUE): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, script);
}

export function fee(asset: Uint8Array, amount: bigint): TxOut {
  return out(asset, amount, EMPTY);
}

export function input(prevout: OutPoint, sequence = 0xffffffff, scriptSig: Uint8Array = EMPTY): TxIn {
  return new TxIn(prevout, scriptSig, sequence);
}

export function tx(inputs: TxIn[], outputs: TxOut[], opts: { version?: number; locktime?: number; inWitness?: TxInWitness[] } = {}): Transaction {
  const b = new TransactionBuilder();
  b.version = opts.version ?? 2;
  b.locktime = opts.locktime ?? 0;
  inputs.forEach((i, k) => b.addInput(i, opts.inWitness?.[k]));
  for (const o of outputs) b.addOutput(o);
  return b.build();
}

/** Sign input `nIn` (spending a P2PKH output of `k`) with SIGHASH_ALL: scriptSig `<sig> <pubkey>`. */
export function signP2PKH(t: Transaction, nIn: number, k: { priv: Uint8Array; pub: Uint8Array }, spent: TxOut): Transaction {
  const hash = signatureHash(spent.scriptPubKey, t, nIn, SIGHASH_ALL, spent.value, SigVersion.BASE);
  const der = secp.signatureExport(secp.sign(hash, k.priv).signature);
  const scriptSig = new ScriptBuilder().push(concatBytes(der, Uint8Array.of(SIGHASH_ALL))).push(k.pub).build();
  const b = TransactionBuilder.from(t);
  const old = t.inputs[nIn]!;
  b.setInput(nIn, new TxIn(old.prevout, scriptSig, old.sequence, old.issuance, old.isPegin));
  return b.build();
}

export function outpoint(t: Transaction, n: number): OutPoint {
  return new OutPoint(t.txid, n);
}

export const GENESIS_TIME = 1_600_000_000;

/** A genesis block: coinbase (OP_RETURN) plus one transaction carrying `coins`. */
export function makeGenesis(coins: TxOut[]): { block: Block; coinTx: Transaction } {
  const coinbase = tx([input(OutPoint.NULL, 0xffffffff, concatBytes(Uint8Array.of(0x20), id32(0x77)))], [out(id32(0), 0n, OP_RETURN)], { version: 1 });
  const coinTx = tx([input(new OutPoint(id32(0x77), 0))], coins, { version: 1 });
  const txs = [coinbase, coinTx];
  const header = new BlockHeader(1, id32(0), merkleRoot(txs.map((t) => t.txid)).root, id32(0), id32(0), id32(0), GENESIS_TIME, 0, OP_TRUE, EMPTY);
  return { block: new Block(header, txs), coinTx };
}

export function rulesFor(genesis: Block, extra: Partial<ConstructorParameters<typeof SimpleConsensusRules>[0]> = {}): SimpleConsensusRules {
  return new SimpleConsensusRules({ genesisHash: genesis.hash, peggedAsset: ASSET_A, parentGenesisBlockHash: id32(0x99), ...extra });
}

export interface BlockSpec {
  readonly prev: Block;
  readonly txs?: readonly Transaction[];
  /** Coinbase outputs; default: pay `fees` to OP_TRUE (or one OP_RETURN zero output). */
  readonly coinbaseOutputs?: readonly TxOut[];
  readonly fees?: AmountMap | readonly [Uint8Array, bigint][];
  readonly time?: number;
  readonly height?: number;
  readonly version?: number;
  readonly challenge?: Uint8Array;
  /** Add the witness commitment (default: when any transaction has a witness). */
  readonly commitment?: boolean;
  readonly coinbaseScriptSig?: Uint8Array;
}

/** A valid next block on an OP_TRUE chain (unless the spec says otherwise). */
export function makeBlock(spec: BlockSpec): Block {
  const height = spec.height ?? spec.prev.header.height + 1;
  const txs = spec.txs ?? [];
  let cbOuts: TxOut[];
  if (spec.coinbaseOutputs) cbOuts = [...spec.coinbaseOutputs];
  else {
    const fees = spec.fees instanceof Map ? [...spec.fees].map(([a, v]) => [a, v] as const) : (spec.fees ?? []);
    cbOuts = fees.length ? fees.map(([a, v]) => out(typeof a === 'string' ? hexToInternal(a) : a, v, OP_TRUE)) : [out(ASSET_A, 0n, OP_RETURN)];
  }
  const scriptSig = spec.coinbaseScriptSig ?? new ScriptBuilder().number(height).number(0).build();
  const withCommitment = spec.commitment ?? txs.some((t) => t.hasWitness);
  let coinbase = tx([input(OutPoint.NULL, 0xffffffff, scriptSig)], cbOuts, { version: 2 });
  if (withCommitment) {
    // The coinbase's own leaf depends on its output count (one empty output witness per output):
    // add a placeholder commitment output first, then fill it in.
    const nonce = new Uint8Array(32);
    const b = TransactionBuilder.from(coinbase);
    b.addOutput(out(ASSET_A, 0n, concatBytes(WITNESS_COMMITMENT_HEADER, new Uint8Array(32))));
    b.setInputWitness(0, new TxInWitness(EMPTY, EMPTY, [nonce]));
    const leaves = [b.build(), ...txs].map((t) => t.witnessHash);
    const commitment = witnessCommitment(fastMerkleRoot(leaves), nonce);
    b.outputs[b.outputs.length - 1] = out(ASSET_A, 0n, concatBytes(WITNESS_COMMITMENT_HEADER, commitment));
    coinbase = b.build();
  }
  return assemble(spec.prev, [coinbase, ...txs], { height, time: spec.time, version: spec.version, challenge: spec.challenge });
}

/** Header over `txs` (correct Merkle root) on top of `prev`. */
export function assemble(
  prev: Block,
  txs: readonly Transaction[],
  opts: { height?: number; time?: number; version?: number; challenge?: Uint8Array; solution?: Uint8Array } = {},
): Block {
  const header = new BlockHeader(
    opts.version ?? 0x20000000,
    prev.hash,
    merkleRoot(txs.map((t) => t.txid)).root,
    id32(0),
    id32(0),
    id32(0),
    opts.time ?? prev.header.time + 60,
    opts.height ?? prev.header.height + 1,
    opts.challenge ?? prev.header.challenge,
    opts.solution ?? EMPTY,
  );
  return new Block(header, txs);
}

function hexToInternal(displayHex: string): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[31 - i] = parseInt(displayHex.slice(2 * i, 2 * i + 2), 16);
  return b;
}
