// Pre-signed P2PKH workload for the node benchmarks: a chain of fan-out transactions turning an
// OP_TRUE genesis coin into P2PKH outputs, 1-in-2-out P2PKH spends of those outputs paying the
// minimum relay fee, and blocks assembled from such spends.
import {
  Block,
  BlockHeader,
  OP,
  OutPoint,
  SIGHASH_ALL,
  ScriptBuilder,
  SigVersion,
  TransactionBuilder,
  TxIn,
  hash160,
  merkleRoot,
  scriptForDestination,
  sha256d,
  signatureHash,
  type Secp256k1,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { buildCoinbase, explicitOutput } from '../packages/node/src/mining/coinbase.js';

const OP_TRUE = Uint8Array.of(OP.OP_1);
const SEQUENCE_FINAL = 0xffffffff;
/** Default `-minrelaytxfee` (satoshis per 1000 virtual bytes). */
export const MIN_RELAY_FEE_PER_KB = 1000n;

export interface BenchKey {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
  readonly script: Uint8Array;
}

export interface Coin {
  readonly outpoint: OutPoint;
  readonly out: TxOut;
  readonly key: BenchKey | undefined;
}

/** `count` deterministic keys (private key = SHA256d("ocean-bench-key" || i)). */
export function benchKeys(secp: Secp256k1, count: number): BenchKey[] {
  const keys: BenchKey[] = [];
  for (let i = 0; i < count; i++) {
    const priv = sha256d(new TextEncoder().encode(`ocean-bench-key-${i}`));
    const pub = secp.publicKeyCreate(priv, true);
    keys.push({ priv, pub, script: scriptForDestination({ type: 'keyhash', hash: hash160(pub) }) });
  }
  return keys;
}

/** The explicit OP_TRUE outputs of the genesis block (the `-initialfreecoins` coins). */
export function genesisOpTrueCoins(genesis: Block): Coin[] {
  const coins: Coin[] = [];
  for (const tx of genesis.transactions) {
    tx.outputs.forEach((out, i) => {
      if (out.value.isExplicit && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) coins.push({ outpoint: new OutPoint(tx.txid, i), out, key: undefined });
    });
  }
  return coins;
}

function feeFor(size: number): bigint {
  const fee = (MIN_RELAY_FEE_PER_KB * BigInt(size)) / 1000n;
  return fee === 0n ? 1n : fee;
}

/**
 * Fan-out chain: each transaction spends the previous one's OP_TRUE change (the first spends
 * `source`) into `perTx` P2PKH outputs of `value` each (keys round-robin), an OP_TRUE change
 * output and the fee output. Returns the transactions (in dependency order) and the P2PKH coins.
 */
export function fanOut(source: Coin, keys: readonly BenchKey[], total: number, perTx: number, value: bigint): { txs: Transaction[]; coins: Coin[] } {
  const txs: Transaction[] = [];
  const coins: Coin[] = [];
  let change = source;
  const asset = source.out.asset.id;
  for (let made = 0; made < total; ) {
    const n = Math.min(perTx, total - made);
    const build = (fee: bigint): Transaction => {
      const b = new TransactionBuilder();
      b.version = 2;
      b.addInput(new TxIn(change.outpoint, new Uint8Array(0), SEQUENCE_FINAL));
      for (let i = 0; i < n; i++) b.addOutput(explicitOutput(asset, value, keys[(made + i) % keys.length]!.script));
      b.addOutput(explicitOutput(asset, change.out.value.amount - value * BigInt(n) - fee, OP_TRUE));
      b.addOutput(explicitOutput(asset, fee, new Uint8Array(0)));
      return b.build();
    };
    const tx = build(feeFor(build(0n).virtualSize()));
    txs.push(tx);
    for (let i = 0; i < n; i++) coins.push({ outpoint: new OutPoint(tx.txid, i), out: tx.outputs[i]!, key: keys[(made + i) % keys.length] });
    change = { outpoint: new OutPoint(tx.txid, n), out: tx.outputs[n]!, key: undefined };
    made += n;
  }
  return { txs, coins };
}

/**
 * A signed 1-in-2-out P2PKH spend of `coin`: two P2PKH outputs (to `to`) splitting the value and
 * the fee output paying the minimum relay fee for the signed size.
 */
export function signedSpend(secp: Secp256k1, coin: Coin, to: BenchKey): Transaction {
  const key = coin.key;
  if (!key) throw new Error('bench: not a P2PKH coin');
  const asset = coin.out.asset.id;
  const value = coin.out.value.amount;
  const sign = (fee: bigint): Transaction => {
    const half = (value - fee) / 2n;
    const b = new TransactionBuilder();
    b.version = 2;
    b.addInput(new TxIn(coin.outpoint, new Uint8Array(0), SEQUENCE_FINAL));
    b.addOutput(explicitOutput(asset, half, to.script));
    b.addOutput(explicitOutput(asset, value - fee - half, to.script));
    b.addOutput(explicitOutput(asset, fee, new Uint8Array(0)));
    const digest = signatureHash(coin.out.scriptPubKey, b.build(), 0, SIGHASH_ALL, coin.out.value, SigVersion.BASE);
    const der = secp.signatureExport(secp.sign(digest, key.priv).signature);
    const scriptSig = new ScriptBuilder().push(Uint8Array.from([...der, SIGHASH_ALL])).push(key.pub).build();
    b.inputs[0] = new TxIn(coin.outpoint, scriptSig, SEQUENCE_FINAL);
    return b.build();
  };
  let fee = 1n;
  for (;;) {
    const tx = sign(fee);
    const needed = feeFor(tx.virtualSize());
    if (fee >= needed) return tx;
    fee = needed;
  }
}

/** Fees of explicit fee outputs per asset (display hex), for the coinbase. */
function collectFees(txs: readonly Transaction[]): Map<string, bigint> {
  const fees = new Map<string, bigint>();
  for (const tx of txs) {
    for (const out of tx.outputs) {
      if (out.scriptPubKey.length === 0 && out.value.isExplicit) {
        const k = out.asset.idHex;
        fees.set(k, (fees.get(k) ?? 0n) + out.value.amount);
      }
    }
  }
  return fees;
}

/**
 * A block on `prev` (OP_TRUE challenge, empty solution) holding `txs` after a coinbase that
 * collects their fees to OP_TRUE.
 */
export function assembleBlock(prev: Block, txs: readonly Transaction[], feeAsset: Uint8Array, time: number): Block {
  const height = prev.header.height + 1;
  const coinbase = buildCoinbase({ height, extraNonce: 1, fees: collectFees(txs), destination: OP_TRUE, feeAsset }).build();
  const all = [coinbase, ...txs];
  const header = new BlockHeader(
    0x20000000,
    prev.hash,
    merkleRoot(all.map((t) => t.txid)).root,
    new Uint8Array(32),
    new Uint8Array(32),
    new Uint8Array(32),
    Math.max(time, prev.header.time + 1),
    height,
    prev.header.challenge,
    new Uint8Array(0),
  );
  return new Block(header, all);
}
