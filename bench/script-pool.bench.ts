// Block verification with the script verifier pool (2 worker threads) vs inline: ConnectBlock on a
// block of 1,000 transactions each spending one P2PKH coin. Inline = connectBlock verifying every
// script itself; pool = connectBlock deferring the checks + ScriptVerifierPool.verify. Prints
// blocks/s and the ratio within this run (the machine is shared; only ratios are meaningful).
import { availableParallelism } from 'node:os';
import {
  Block,
  BlockHeader,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  MemoryCoinView,
  OP,
  OutPoint,
  SIGHASH_ALL,
  ScriptBuilder,
  ScriptCheckList,
  SigVersion,
  SimpleConsensusRules,
  TransactionBuilder,
  TxIn,
  TxOut,
  ZkpConfidentialVerifier,
  concatBytes,
  connectBlock,
  hash160,
  loadNativeSecp256k1,
  merkleRoot,
  settleDeferred,
  signatureHash,
  type ConnectContext,
  type Transaction,
} from '@ocean-ts/core';
import { ScriptVerifierPool } from '../packages/node/src/verify/script-verifier-pool.js';

const TXS = 1000;
const secp = loadNativeSecp256k1();

function id32(b: number): Uint8Array {
  const x = new Uint8Array(32);
  x[0] = b;
  return x;
}

function explicit(asset: Uint8Array, v: bigint, script: Uint8Array): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(v), ConfidentialNonce.NULL, script);
}

/** A UTXO set of `TXS` P2PKH coins and a block spending each of them once (1 input, 2 outputs + fee). */
export function fixture(): { view: MemoryCoinView; block: Block; rules: SimpleConsensusRules } {
  const asset = id32(0xa1);
  const priv = id32(0);
  priv[31] = 7;
  const pub = secp.publicKeyCreate(priv, true);
  const p2pkh = new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(pub)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
  const view = new MemoryCoinView();
  const fee = 1000n;
  const txs: Transaction[] = [];
  for (let i = 0; i < TXS; i++) {
    const prevout = new OutPoint(id32(i % 256).map((b, k) => (k === 1 ? i >> 8 : k === 2 ? 0x55 : b)), 0);
    const coin = explicit(asset, 100_000n, p2pkh);
    view.set(prevout, { out: coin, height: 1, isCoinbase: false });
    const b = new TransactionBuilder();
    b.version = 2;
    b.addInput(new TxIn(prevout, new Uint8Array(0), 0xffffffff));
    b.addOutput(explicit(asset, 60_000n, p2pkh));
    b.addOutput(explicit(asset, 40_000n - fee, p2pkh));
    b.addOutput(explicit(asset, fee, new Uint8Array(0)));
    const unsigned = b.build();
    const hash = signatureHash(p2pkh, unsigned, 0, SIGHASH_ALL, coin.value, SigVersion.BASE);
    const der = secp.signatureExport(secp.sign(hash, priv).signature);
    const signed = TransactionBuilder.from(unsigned)
      .setInput(0, new TxIn(prevout, new ScriptBuilder().push(concatBytes(der, Uint8Array.of(SIGHASH_ALL))).push(pub).build(), 0xffffffff))
      .build();
    txs.push(signed);
  }
  const cb = new TransactionBuilder();
  cb.version = 2;
  cb.addInput(new TxIn(OutPoint.NULL, new ScriptBuilder().number(2).number(0).build(), 0xffffffff));
  cb.addOutput(explicit(asset, fee * BigInt(TXS), Uint8Array.of(OP.OP_1)));
  const all = [cb.build(), ...txs];
  const header = new BlockHeader(1, id32(1), merkleRoot(all.map((t) => t.txid)).root, id32(0), id32(0), id32(0), 1_600_000_000, 2, Uint8Array.of(OP.OP_1), new Uint8Array(0));
  const rules = new SimpleConsensusRules({ genesisHash: id32(0xee), peggedAsset: asset, parentGenesisBlockHash: id32(0x99) });
  return { view, block: new Block(header, all), rules };
}

export const ctx: ConnectContext = { height: 2, medianTimePast: 1_600_000_000, medianTimePastAt: () => 1_600_000_000 };

async function rate(name: string, once: () => Promise<void>, seconds = 3): Promise<number> {
  // warm-up (the workers' JIT too: their first blocks run at a fraction of the speed)
  const warm = performance.now() + 1500;
  while (performance.now() < warm) await once();
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    await once();
    n++;
    now = performance.now();
  }
  const r = (n * 1000) / (now - start);
  console.log(`${name.padEnd(60)} ${r.toFixed(2).padStart(8)} blocks/s (${((TXS * r) / 1000).toFixed(1)}k inputs/s)`);
  return r;
}

export async function benchScriptPool(): Promise<void> {
  const { view, block, rules } = fixture();
  const verifier = await ZkpConfidentialVerifier.create();
  const inline = async (): Promise<void> => {
    const r = connectBlock(block, view, ctx, { rules, secp, verifier });
    if (!('view' in r)) throw new Error(`bench block invalid: ${r.toString()}`);
  };
  const pool = new ScriptVerifierPool({ threads: 2, secp, verifier });
  await pool.start();
  try {
    // As the chain state does it: the checks stream to the workers while connectBlock runs.
    const pooled = async (): Promise<void> => {
      const checks = pool.begin();
      const provisional = connectBlock(block, view, ctx, { rules, secp, verifier, scriptChecks: checks });
      const r = settleDeferred(provisional, await checks.finish());
      if (!('view' in r)) throw new Error(`bench block invalid: ${r.toString()}`);
    };
    // The same, collecting the checks first and verifying them after connectBlock.
    const collected = async (): Promise<void> => {
      const sink = new ScriptCheckList();
      const provisional = connectBlock(block, view, ctx, { rules, secp, verifier, scriptChecks: sink });
      const r = settleDeferred(provisional, await pool.verify(sink.checks));
      if (!('view' in r)) throw new Error(`bench block invalid: ${r.toString()}`);
    };
    console.log(`(${availableParallelism()} cores available)`);
    const a = await rate(`inline: connectBlock, ${TXS} P2PKH spends`, inline);
    const b = await rate(`pool (2 workers): checks streamed during connectBlock`, pooled);
    const c = await rate(`pool (2 workers): connectBlock, then pool.verify`, collected);
    console.log(`ratio pool / inline: ${(b / a).toFixed(3)} (streamed), ${(c / a).toFixed(3)} (collected first)`);
  } finally {
    await pool.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchScriptPool();
