/** Test fixtures: keys, P2PKH signing, an in-memory chain view seeded with coins. */
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  MemoryCoinView,
  OP,
  OutPoint,
  SIGHASH_ALL,
  ScriptBuilder,
  SigVersion,
  TransactionBuilder,
  TxIn,
  TxOut,
  concatBytes,
  hash160,
  loadNativeSecp256k1,
  signatureHash,
  type Transaction,
} from '@ocean-ts/core';
import { Mempool, type MempoolChainView, type MempoolDeps } from '../../src/mempool/index.js';

export const secp = loadNativeSecp256k1();

export function id32(byte: number): Uint8Array {
  const b = new Uint8Array(32);
  b[0] = byte;
  return b;
}

export const ASSET = id32(0xa1);
export const OTHER_ASSET = id32(0xb2);
export const PRIV = (() => {
  const p = new Uint8Array(32);
  p[31] = 7;
  return p;
})();
export const PUB = secp.publicKeyCreate(PRIV, true);
export const P2PKH = new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(PUB)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();

export function out(amount: bigint, script: Uint8Array = P2PKH, asset: Uint8Array = ASSET): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, script);
}

export function feeOut(amount: bigint, asset: Uint8Array = ASSET): TxOut {
  return out(amount, new Uint8Array(0), asset);
}

export interface Utxo {
  readonly outpoint: OutPoint;
  readonly out: TxOut;
}

export interface SpendOpts {
  readonly sequence?: number;
  readonly locktime?: number;
  readonly version?: number;
}

/** Build a transaction spending `utxos` (all P2PKH of PUB) to `outputs`, signed with SIGHASH_ALL. */
export function spend(utxos: readonly Utxo[], outputs: readonly TxOut[], opts: SpendOpts = {}): Transaction {
  const b = new TransactionBuilder();
  b.version = opts.version ?? 2;
  b.locktime = opts.locktime ?? 0;
  for (const u of utxos) b.addInput(new TxIn(u.outpoint, new Uint8Array(0), opts.sequence ?? 0xffffffff));
  for (const o of outputs) b.addOutput(o);
  let tx = b.build();
  utxos.forEach((u, i) => {
    const hash = signatureHash(u.out.scriptPubKey, tx, i, SIGHASH_ALL, u.out.value, SigVersion.BASE);
    const der = secp.signatureExport(secp.sign(hash, PRIV).signature);
    const sig = new ScriptBuilder().push(concatBytes(der, Uint8Array.of(SIGHASH_ALL))).push(PUB).build();
    const bb = TransactionBuilder.from(tx);
    const old = tx.inputs[i]!;
    bb.setInput(i, new TxIn(old.prevout, sig, old.sequence, old.issuance, old.isPegin));
    tx = bb.build();
  });
  return tx;
}

/** Output `n` of `tx` as a utxo. */
export function utxo(tx: Transaction, n: number): Utxo {
  return { outpoint: new OutPoint(tx.txid, n), out: tx.outputs[n]! };
}

/** A simple chain: a tip height / MTP and a UTXO set, with a tx-level coin lookup. */
export class FakeChain implements MempoolChainView {
  height = 100;
  mtp = 1_600_000_000;
  readonly utxos = new MemoryCoinView();
  readonly peggedAsset = ASSET;
  readonly parentGenesisBlockHash = id32(0x99);
  private readonly txOutputs = new Map<string, Set<number>>();

  tipHeight(): number {
    return this.height;
  }
  medianTimePast(): number {
    return this.mtp;
  }
  medianTimePastAt(): number {
    return this.mtp;
  }
  coins(): MemoryCoinView {
    return this.utxos;
  }
  haveTxOutputs(txid: Uint8Array): boolean {
    return (this.txOutputs.get(Buffer.from(txid).toString('hex'))?.size ?? 0) > 0;
  }

  /** Confirm `tx` at `height` (spending its inputs). */
  confirm(tx: Transaction, height = this.height, isCoinbase = false): void {
    for (const input of tx.inputs) {
      this.utxos.delete(input.prevout);
      this.txOutputs.get(Buffer.from(input.prevout.txid).toString('hex'))?.delete(input.prevout.index);
    }
    const set = new Set<number>();
    tx.outputs.forEach((o, i) => {
      if (o.scriptPubKey.length === 0 || o.scriptPubKey[0] === OP.OP_RETURN) return;
      this.utxos.set(new OutPoint(tx.txid, i), { out: o, height, isCoinbase });
      set.add(i);
    });
    this.txOutputs.set(Buffer.from(tx.txid).toString('hex'), set);
  }

  /** Undo `confirm` of `tx` whose inputs spent `restored`. */
  unconfirm(tx: Transaction, restored: readonly Utxo[], height = 1): void {
    tx.outputs.forEach((_, i) => this.utxos.delete(new OutPoint(tx.txid, i)));
    this.txOutputs.delete(Buffer.from(tx.txid).toString('hex'));
    for (const u of restored) {
      this.utxos.set(u.outpoint, { out: u.out, height, isCoinbase: false });
      const k = Buffer.from(u.outpoint.txid).toString('hex');
      if (!this.txOutputs.has(k)) this.txOutputs.set(k, new Set());
      this.txOutputs.get(k)!.add(u.outpoint.index);
    }
  }
}

let seed = 1;
/** A funding transaction (confirmed at height 1) with `n` outputs of `amount` each. */
export function fund(chain: FakeChain, n: number, amount = 100_000_000n): Utxo[] {
  const b = new TransactionBuilder();
  b.addInput(new TxIn(new OutPoint(id32(seed++), 0), new Uint8Array(0), 0xffffffff));
  for (let i = 0; i < n; i++) b.addOutput(out(amount));
  const tx = b.build();
  chain.confirm(tx, 1);
  return Array.from({ length: n }, (_, i) => utxo(tx, i));
}

export class Clock {
  now = 1_600_000_000;
  readonly fn = (): number => this.now;
}

export function makePool(chain: FakeChain, clock: Clock, extra: Partial<MempoolDeps> = {}): Mempool {
  return new Mempool({ chain, secp, clock: clock.fn, rng: () => 0.5, ...extra });
}

/** Pay `u` back to P2PKH minus `fee`. */
export function simple(u: Utxo, fee = 10_000n, opts: SpendOpts = {}): Transaction {
  const v = u.out.value.amount;
  return spend([u], [out(v - fee), feeOut(fee)], opts);
}
