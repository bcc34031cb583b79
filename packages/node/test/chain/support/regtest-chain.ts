/**
 * Deterministic synthetic chains on elementsregtest (default OP_TRUE challenge, genesis free coins
 * to OP_TRUE): blocks with a height-prefixed coinbase, transactions that split coins and issue
 * assets, and forks that share a prefix. Used by the chain tests and the crash child process.
 */
import {
  AssetIssuance,
  Block,
  BlockHeader,
  ChainParams,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OP,
  OptionValues,
  OutPoint,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  TxOut,
  loadNativeSecp256k1,
  issuanceIds,
  merkleRoot,
  type Transaction,
} from '@ocean-ts/core';
import type { KvStore } from '../../../src/storage/kv-store.js';
import { Chainstate, type ChainstateOptions } from '../../../src/chain/chainstate.js';
import { IssuedAmountsExtension } from '../../../src/chain/issued-amounts-extension.js';

export const secp = loadNativeSecp256k1();
export const OP_TRUE = Uint8Array.of(OP.OP_1);
export const OP_RETURN = Uint8Array.of(OP.OP_RETURN);
/** A fixed "now" well after every synthetic block. */
export const NOW = 2_000_000_000;

const paramsCache = new Map<string, ChainParams>();
/** elementsregtest with all free coins to OP_TRUE in genesis, and `extraArgs` (cached per argument list). */
export function elementsRegtestParams(...extraArgs: string[]): ChainParams {
  const args = ['-chain=elementsregtest', '-initialfreecoins=2100000000000000', ...extraArgs];
  const key = args.join(' ');
  let params = paramsCache.get(key);
  if (!params) paramsCache.set(key, (params = ChainParams.fromOptionValues(OptionValues.fromSources(args, []))));
  return params;
}

export function regtestParams(): ChainParams {
  return elementsRegtestParams();
}

/** An in-memory-clock chain state of `params` over `store`: txindex, fixed "now", no extensions unless given. */
export function openSyntheticChain(params: ChainParams, store: KvStore, extra: Partial<ChainstateOptions> = {}): Promise<Chainstate> {
  return Chainstate.open({ store, rules: params.consensus, genesis: params.genesisBlock, secp, txindex: true, adjustedTime: () => NOW, ...extra });
}

export function openRegtest(store: KvStore, extra: Partial<ChainstateOptions> = {}): Promise<Chainstate> {
  return openSyntheticChain(regtestParams(), store, { extensions: [new IssuedAmountsExtension()], ...extra });
}

export interface WalletCoin {
  readonly outpoint: OutPoint;
  readonly out: TxOut;
}

/** An unblinded output (to OP_TRUE by default). */
export function explicitOut(asset: Uint8Array, amount: bigint, script: Uint8Array = OP_TRUE): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, script);
}

/**
 * The synthetic block after `prev` holding `txs`: a coinbase (`<height> <tag>` scriptSig, one zero
 * OP_RETURN output of the pegged asset), `prev`'s challenge, an empty solution, 60 s later unless
 * `time` is given.
 */
export function syntheticBlock(
  prev: Block,
  txs: readonly Transaction[],
  opts: { peggedAsset: Uint8Array; tag: number; coinbaseVersion?: number; time?: number },
): Block {
  const height = prev.header.height + 1;
  const coinbase = new TransactionBuilder();
  if (opts.coinbaseVersion !== undefined) coinbase.version = opts.coinbaseVersion;
  coinbase.addInput(new TxIn(OutPoint.NULL, new ScriptBuilder().number(height).number(opts.tag).build(), 0xffffffff));
  coinbase.addOutput(explicitOut(opts.peggedAsset, 0n, OP_RETURN));
  const all = [coinbase.build(), ...txs];
  const header = new BlockHeader(
    0x20000000,
    prev.hash,
    merkleRoot(all.map((t) => t.txid)).root,
    new Uint8Array(32),
    new Uint8Array(32),
    new Uint8Array(32),
    opts.time ?? prev.header.time + 60,
    height,
    prev.header.challenge,
    new Uint8Array(0),
  );
  return new Block(header, all);
}

/** Builds one branch of blocks, spending the coins it created (FIFO). `clone()` forks it. */
export class ChainBuilder {
  readonly blocks: Block[] = [];

  private constructor(
    public tip: Block,
    private coins: WalletCoin[],
    private readonly tag: number,
  ) {}

  static fromGenesis(genesis: Block, tag = 0): ChainBuilder {
    const coins: WalletCoin[] = [];
    genesis.transactions.slice(1).forEach((tx) =>
      tx.outputs.forEach((out, i) => {
        if (out.value.isExplicit && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) coins.push({ outpoint: new OutPoint(tx.txid, i), out });
      }),
    );
    return new ChainBuilder(genesis, coins, tag);
  }

  /** A new branch from this one's current tip; `tag` makes its blocks and transactions differ. */
  clone(tag: number): ChainBuilder {
    return new ChainBuilder(this.tip, [...this.coins], tag);
  }

  get height(): number {
    return this.tip.header.height;
  }

  /** The next block: `spends` coin splits and (optionally) one new asset issuance of `issue` units. */
  next(opts: { spends?: number; issue?: bigint; time?: number } = {}): Block {
    const height = this.height + 1;
    const txs: Transaction[] = [];
    const created: WalletCoin[] = [];
    const take = (): WalletCoin => {
      const c = this.coins.shift();
      if (c === undefined) throw new Error('chain builder wallet is empty');
      return c;
    };
    for (let s = 0; s < (opts.spends ?? 2); s++) {
      const c = take();
      const asset = c.out.asset.id;
      const total = c.out.value.amount;
      const first = total / 2n + BigInt(this.tag);
      const b = new TransactionBuilder();
      b.version = 2;
      b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
      b.addOutput(explicitOut(asset, first));
      b.addOutput(explicitOut(asset, total - first));
      txs.push(b.build());
    }
    if (opts.issue !== undefined) {
      const c = take();
      const contract = new Uint8Array(32);
      contract[0] = this.tag;
      contract[1] = height & 0xff;
      const b = new TransactionBuilder();
      b.version = 2;
      const issuance = new AssetIssuance(new Uint8Array(32), contract, ConfidentialValue.fromAmount(opts.issue), ConfidentialValue.NULL);
      const input = new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff, issuance);
      b.addInput(input);
      b.addOutput(c.out);
      b.addOutput(explicitOut(issuedAsset(input), opts.issue)); // the issued amount goes to OP_TRUE too
      txs.push(b.build());
    }
    for (const tx of txs) {
      tx.outputs.forEach((out, i) => {
        if (out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) created.push({ outpoint: new OutPoint(tx.txid, i), out });
      });
    }
    const block = syntheticBlock(this.tip, txs, { peggedAsset: regtestParams().peggedAsset, tag: this.tag, coinbaseVersion: 2, time: opts.time });
    this.coins.push(...created);
    this.tip = block;
    this.blocks.push(block);
    return block;
  }

  /** `n` more blocks; every 5th one also issues an asset. */
  extend(n: number): Block[] {
    const out: Block[] = [];
    for (let i = 0; i < n; i++) out.push(this.next({ spends: 2, issue: (this.height + 1) % 5 === 0 ? 1000n + BigInt(this.height) : undefined }));
    return out;
  }
}

function issuedAsset(input: TxIn): Uint8Array {
  return issuanceIds(input)!.asset;
}

/** The deterministic linear chain used by the crash tests: `n` blocks after genesis. */
export function crashChain(n: number): Block[] {
  const b = ChainBuilder.fromGenesis(regtestParams().genesisBlock);
  return b.extend(n);
}
