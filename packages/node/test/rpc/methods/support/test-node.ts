/**
 * An in-process node for RPC handler tests: a real `Chainstate` on a `MemoryKvStore`, a real
 * `Mempool`, `BlockAssembler`, tip waiter and network state, wired as the composition root wires
 * them, behind `NodeRpcContext`. The clock is settable; calls go through the registered handlers.
 */
import assert from 'node:assert/strict';
import {
  ChainParams,
  OP,
  OptionValues,
  OutPoint,
  TransactionBuilder,
  TxIn,
  ZkpConfidentialVerifier,
  fromDisplayHex,
  toHex,
  getFee,
  loadNativeSecp256k1,
  parseJson,
  writeJson,
  type Block,
  type JsonValue,
  type Reject,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { Chainstate } from '../../../../src/chain/chainstate.js';
import { TipWaiter } from '../../../../src/chain/tip-waiter.js';
import { chainViewOf } from '../../../../src/full-node.js';
import { Mempool } from '../../../../src/mempool/mempool.js';
import { BlockAssembler } from '../../../../src/mining/block-assembler.js';
import { NO_BLOCK_SIGNING_KEYS, type BlockSigningKeys } from '../../../../src/mining/block-signing-keys.js';
import type { AncestorSource, TipInfo } from '../../../../src/mining/chain-context.js';
import { coinbaseScriptSig, explicitOutput } from '../../../../src/mining/coinbase.js';
import { ExtraNonce, type GenerateHost } from '../../../../src/mining/generate.js';
import type { TemplateSource } from '../../../../src/mining/template-source.js';
import { NetworkState } from '../../../../src/net/network-state.js';
import type { NodeRpcContext } from '../../../../src/rpc/methods/context.js';
import { registerNodeMethods } from '../../../../src/rpc/methods/index.js';
import { MethodTable } from '../../../../src/rpc/server/method-table.js';
import { RpcError } from '../../../../src/rpc/server/rpc-error.js';
import { MemoryKvStore } from '../../../../src/storage/memory-kv-store.js';

export const secp = loadNativeSecp256k1();
const verifier = await ZkpConfidentialVerifier.create();
export const OP_TRUE = Uint8Array.of(OP.OP_TRUE);

export function chainParams(args: readonly string[] = []): ChainParams {
  return ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest', '-initialfreecoins=2100000000000000', ...args], []));
}

/** A network state that reports `connections` peers (the P2P layer does not exist yet). */
class PeeredNetworkState extends NetworkState {
  connections = 0;
  override get connectionCount(): number {
    return this.connections;
  }
}

export interface TestNodeOptions {
  readonly params?: ChainParams;
  readonly txindex?: boolean;
  readonly walletDisabled?: boolean;
  readonly requireStandard?: boolean;
  readonly recordInflation?: boolean;
  readonly now?: number;
}

export class TestNode implements NodeRpcContext {
  readonly extraNonce = new ExtraNonce();
  readonly secp = secp;
  readonly methods = new MethodTable();
  readonly network: PeeredNetworkState;
  ibd = false;
  time: number;
  readonly tipWaiter: TipWaiter;
  readonly blockSigningKeys: BlockSigningKeys | undefined;
  readonly recordInflation: boolean;

  private constructor(
    readonly params: ChainParams,
    readonly chain: Chainstate,
    readonly mempool: Mempool,
    readonly assembler: BlockAssembler,
    readonly txIndex: boolean,
    opts: TestNodeOptions,
  ) {
    this.time = opts.now ?? 1_600_000_000;
    this.tipWaiter = new TipWaiter({ hash: chain.tip.hashHex, height: chain.height });
    this.network = new PeeredNetworkState({ banTimeSeconds: 86400, clock: () => this.time, addedNodes: ['10.0.0.1:7042'] });
    this.blockSigningKeys = opts.walletDisabled === true ? undefined : NO_BLOCK_SIGNING_KEYS;
    this.recordInflation = opts.recordInflation === true;
    registerNodeMethods(this.methods, this);
  }

  static async create(opts: TestNodeOptions = {}): Promise<TestNode> {
    const params = opts.params ?? chainParams();
    const txindex = opts.txindex ?? true;
    let node: TestNode | undefined;
    const clock = () => node?.time ?? opts.now ?? 1_600_000_000;
    const cs = await Chainstate.open({
      store: new MemoryKvStore(),
      rules: params.consensus,
      genesis: params.genesisBlock,
      secp,
      verifier,
      txindex,
      adjustedTime: clock,
    });
    const mempool = new Mempool({ chain: chainViewOf(cs, params), secp, verifier, clock, options: { requireStandard: opts.requireStandard ?? false } });
    node = new TestNode(params, cs, mempool, new BlockAssembler(params), txindex, opts);
    return node;
  }

  set connections(n: number) {
    this.network.connections = n;
  }

  now(): number {
    return this.time;
  }

  setMockTime(t: number): void {
    if (t !== 0) this.time = t;
  }

  isInitialBlockDownload(): boolean {
    return this.ibd;
  }

  tipInfo(): TipInfo {
    const tip = this.chain.tip;
    return { height: tip.height, hash: tip.hash, time: tip.header.time, medianTimePast: tip.medianTimePast, challenge: tip.header.challenge };
  }

  ancestors(): AncestorSource {
    const cs = this.chain;
    return {
      ancestorAt: (height) => {
        const e = cs.tip.ancestor(height);
        if (e === undefined) throw new RangeError(`no block at ${height}`);
        return { version: e.header.version, medianTimePast: e.medianTimePast, hash: e.hash };
      },
    };
  }

  templateSource(): TemplateSource {
    return {
      candidates: () =>
        this.mempool.blockOrder().map((e) => ({ tx: e.tx, fees: getFee(e.tx), sigOpCost: e.sigOpCost, entryTime: e.time, parents: [...e.parents].map((id) => toHex(fromDisplayHex(id))) })),
    };
  }

  generateHost(): GenerateHost {
    return {
      tip: () => this.tipInfo(),
      ancestors: () => this.ancestors(),
      templateSource: () => this.templateSource(),
      now: () => this.now(),
      processNewBlock: async (block) => (await this.processBlock(block)) === null,
    };
  }

  processBlock(block: Block): Promise<Reject | null> {
    return this.withMempoolSync(() => this.chain.processBlock(block));
  }

  async withMempoolSync<T>(mutate: () => Promise<T>): Promise<T> {
    const before = this.chain.tip;
    const r = await mutate();
    const after = this.chain.tip;
    if (after !== before) {
      // linear test chains: connected blocks only
      for (let h = before.height + 1; h <= after.height; h++) {
        const block = this.chain.getBlock(this.chain.getBlockHash(h)!);
        if (block) this.mempool.removeForBlock(block.transactions);
      }
      this.tipWaiter.notify({ hash: after.hashHex, height: after.height });
    }
    return r;
  }

  acceptToMempool<T>(fn: (pool: Mempool) => T): Promise<T> {
    return this.chain.mutex.run(async () => fn(this.mempool));
  }

  /** Submit a transaction to the mempool; fails the test when it is rejected. */
  async accept(tx: Transaction): Promise<void> {
    const r = await this.acceptToMempool((pool) => pool.accept(tx));
    assert.equal(r.status, 'accepted', JSON.stringify(r));
  }

  /** The handler's result as plain JSON (numbers as JS numbers). */
  async call(name: string, params: JsonValue[] = [], signal = new AbortController().signal): Promise<unknown> {
    return JSON.parse(writeJson(await this.callRaw(name, params, signal)));
  }

  /** The handler's result as written JSON text. */
  async callText(name: string, params: JsonValue[] = []): Promise<string> {
    return writeJson(await this.callRaw(name, params));
  }

  async callRaw(name: string, params: JsonValue[] = [], signal = new AbortController().signal): Promise<JsonValue> {
    const m = this.methods.get(name);
    assert.ok(m, `method ${name}`);
    if ((m.minArgs !== undefined && params.length < m.minArgs) || (m.maxArgs !== undefined && params.length > m.maxArgs)) throw new RpcError(-1, m.help);
    return m.handler(params, { method: name, authUser: '', uri: '/', peer: '', signal });
  }

  async callError(name: string, params: JsonValue[] = []): Promise<{ code: number; message: string }> {
    try {
      await this.callRaw(name, params);
    } catch (e) {
      if (e instanceof RpcError) return { code: e.code, message: e.message };
      if (e instanceof Error) return { code: -1, message: e.message };
      throw e;
    }
    assert.fail(`${name} did not fail`);
  }

  /** Mine `n` blocks with `generate` (OP_TRUE chains), one second apart. */
  async generate(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      this.time++;
      out.push(...((await this.call('generate', [json(1)])) as string[]));
    }
    return out;
  }
}

/** JSON text → the handler parameter model (numbers become number tokens). */
export function json(v: unknown): JsonValue {
  return parseJson(JSON.stringify(v));
}

/** The explicit OP_TRUE coins of the genesis block (the free coins), in output order. */
export function genesisCoins(params: ChainParams): { outpoint: OutPoint; out: TxOut }[] {
  const coins: { outpoint: OutPoint; out: TxOut }[] = [];
  for (const tx of params.genesisBlock.transactions) {
    tx.outputs.forEach((out, i) => {
      if (out.value.isExplicit && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_TRUE) coins.push({ outpoint: new OutPoint(tx.txid, i), out });
    });
  }
  return coins;
}

/**
 * A version-2 transaction spending OP_TRUE `coins` to `outputs` OP_TRUE outputs of equal value plus
 * an explicit fee output of `fee` (same asset).
 */
export function spend(coins: readonly { outpoint: OutPoint; out: TxOut }[], fee: bigint, outputs = 1, extraOutputs: readonly TxOut[] = []): Transaction {
  const asset = coins[0]!.out.asset.id;
  let total = 0n;
  for (const c of coins) total += c.out.value.amount;
  const b = new TransactionBuilder();
  b.version = 2;
  for (const c of coins) b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  let extra = 0n;
  for (const o of extraOutputs) {
    extra += o.value.amount;
    b.addOutput(o);
  }
  const each = (total - fee - extra) / BigInt(outputs);
  for (let i = 0; i < outputs; i++) b.addOutput(explicitOutput(asset, i === outputs - 1 ? total - fee - extra - each * BigInt(outputs - 1) : each, OP_TRUE));
  b.addOutput(explicitOutput(asset, fee, new Uint8Array(0)));
  return b.build();
}

/** The OP_TRUE outputs of `tx` as spendable coins. */
export function coinsOf(tx: Transaction): { outpoint: OutPoint; out: TxOut }[] {
  const out: { outpoint: OutPoint; out: TxOut }[] = [];
  tx.outputs.forEach((o, i) => {
    if (o.scriptPubKey.length === 1 && o.scriptPubKey[0] === OP.OP_TRUE) out.push({ outpoint: new OutPoint(tx.txid, i), out: o });
  });
  return out;
}

export { coinbaseScriptSig };
