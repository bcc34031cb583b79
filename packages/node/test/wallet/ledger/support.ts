/** Shared set-up of the wallet-ledger tests: scripts and an `IsMine` over them, blocks and a chain. */
import {
  Block,
  BlockHeader,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OP,
  OutPoint,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  TxOut,
  type Transaction,
} from '@ocean-ts/core';
import type { IsMine, LedgerChainSource, LedgerIsMineType } from '../../../src/wallet/ledger/index.js';

export function id32(a: number, b = 0): Uint8Array {
  const x = new Uint8Array(32);
  x[0] = a;
  x[1] = b;
  return x;
}

export const ASSET_A = id32(0xa1);
export const ASSET_B = id32(0xb2);
export const ASSET_C = id32(0xc3);
export const EMPTY = new Uint8Array(0);

/** A distinct P2PKH-shaped script for `n` (the key id is just n). */
export function script(n: number): Uint8Array {
  const keyId = new Uint8Array(20);
  new DataView(keyId.buffer).setUint32(0, n);
  return new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(keyId).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
}

export const MINE = script(1);
export const MINE2 = script(2);
export const WATCH = script(3);
export const WATCH_UNSOLVABLE = script(4);
export const OTHER = script(100);
export const OTHER2 = script(101);

/** An `IsMine` over a script → type table that tests may change (then call `ledger.keysChanged()`). */
export class TableIsMine implements IsMine {
  readonly table = new Map<string, LedgerIsMineType>([
    [Buffer.from(MINE).toString('hex'), 'spendable'],
    [Buffer.from(MINE2).toString('hex'), 'spendable'],
    [Buffer.from(WATCH).toString('hex'), 'watch-solvable'],
    [Buffer.from(WATCH_UNSOLVABLE).toString('hex'), 'watch-unsolvable'],
  ]);
  calls = 0;

  isMine(s: Uint8Array): LedgerIsMineType {
    this.calls++;
    return this.table.get(Buffer.from(s).toString('hex')) ?? 'no';
  }

  set(s: Uint8Array, t: LedgerIsMineType): void {
    this.table.set(Buffer.from(s).toString('hex'), t);
  }
}

export function out(asset: Uint8Array, amount: bigint, s: Uint8Array): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, s);
}

export function fee(asset: Uint8Array, amount: bigint): TxOut {
  return out(asset, amount, EMPTY);
}

let uniq = 0;

/** A transaction spending `inputs` (txid, n) to `outputs`. */
export function tx(inputs: readonly (readonly [Transaction | Uint8Array, number])[], outputs: readonly TxOut[], locktime = 0): Transaction {
  const b = new TransactionBuilder();
  b.locktime = locktime;
  for (const [t, n] of inputs) {
    const txid = t instanceof Uint8Array ? t : t.txid;
    b.addInput(new TxIn(new OutPoint(txid, n), EMPTY, locktime === 0 ? 0xffffffff : 0xfffffffe));
  }
  for (const o of outputs) b.addOutput(o);
  return b.build();
}

/** A transaction "funded from elsewhere": spends an outpoint no wallet knows. */
export function receive(outputs: readonly TxOut[]): Transaction {
  const foreign = new Uint8Array(32);
  new DataView(foreign.buffer).setUint32(0, ++uniq);
  foreign[31] = 0xee;
  return tx([[foreign, 0]], outputs);
}

/** A coinbase paying `outputs`, unique per height. */
export function coinbase(height: number, outputs: readonly TxOut[]): Transaction {
  const b = new TransactionBuilder();
  b.addInput(new TxIn(OutPoint.NULL, new ScriptBuilder().number(height).number(uniq++).build(), 0xffffffff));
  for (const o of outputs.length > 0 ? outputs : [out(ASSET_A, 0n, Uint8Array.of(OP.OP_RETURN))]) b.addOutput(o);
  return b.build();
}

/** A block on `prev` at `height` (no proof; the ledger does not validate). */
export function block(prev: Uint8Array, height: number, txs: readonly Transaction[], time = 1_600_000_000 + height * 60): Block {
  return makeBlock(prev, height, time, [coinbase(height, []), ...txs]);
}

function makeBlock(prev: Uint8Array, height: number, time: number, txs: readonly Transaction[]): Block {
  const root = new Block(new BlockHeader(1, prev, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), time, height, Uint8Array.of(OP.OP_TRUE), EMPTY), txs).computeMerkleRoot().root;
  const header = new BlockHeader(1, prev, root, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), time, height, Uint8Array.of(OP.OP_TRUE), EMPTY);
  return new Block(header, txs);
}

/** A block whose coinbase pays `cbOutputs`. */
export function blockWithCoinbase(prev: Uint8Array, height: number, cbOutputs: readonly TxOut[], txs: readonly Transaction[] = []): Block {
  return makeBlock(prev, height, 1_600_000_000 + height * 60, [coinbase(height, cbOutputs), ...txs]);
}

/** An active chain of blocks for rescans (index = height). */
export class TestChain implements LedgerChainSource {
  readonly blocks: Block[] = [];

  get tipHeight(): number {
    return this.blocks.length - 1;
  }

  get tipHash(): Uint8Array {
    return this.blocks.length === 0 ? new Uint8Array(32) : this.blocks[this.blocks.length - 1]!.hash;
  }

  /** Appends a block with `txs` and returns it. */
  add(txs: readonly Transaction[] = [], cbOutputs: readonly TxOut[] = []): Block {
    const b = blockWithCoinbase(this.tipHash, this.blocks.length, cbOutputs, txs);
    this.blocks.push(b);
    return b;
  }

  /** Drops blocks above `height` (returns them, tip first). */
  truncate(height: number): Block[] {
    return this.blocks.splice(height + 1).reverse();
  }

  blockHashAt(h: number): Uint8Array | undefined {
    return this.blocks[h]?.hash;
  }

  blockAt(h: number): Block | undefined {
    return this.blocks[h];
  }
}

export const COIN = 100_000_000n;

/** Balances as `{display hex: amount}` with a short label for the test assets. */
export function named(m: { toRecord(): Record<string, bigint> }): Record<string, bigint> {
  const names = new Map([
    [Buffer.from(ASSET_A).reverse().toString('hex'), 'A'],
    [Buffer.from(ASSET_B).reverse().toString('hex'), 'B'],
    [Buffer.from(ASSET_C).reverse().toString('hex'), 'C'],
  ]);
  const outRec: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(m.toRecord())) outRec[names.get(k) ?? k] = v;
  return outRec;
}
