/**
 * The ocean corpus (shared/vectors/ocean-corpus) as consensus test input: blocks per chain in
 * height order, and each chain's consensus rules taken from its options (chains.json).
 */
import { Block } from '../../../src/primitives/block.js';
import { OutPoint } from '../../../src/primitives/outpoint.js';
import { fromHex, fromDisplayHex } from '../../../src/encoding/hex.js';
import { assetEntropy, calculateAsset } from '../../../src/assets/asset-id.js';
import { SimpleConsensusRules, type ScheduledScript } from '../../../src/consensus/consensus-rules.js';
import { readJson } from '../../support/vectors.js';

export interface CorpusBlockJson {
  chain: string;
  height: number;
  hash: string;
  hex: string;
  getblock: { tx: string[]; mediantime: number; time: number };
}
interface CorpusChainJson {
  id: string;
  chain: string;
  genesis_hash: string;
  nodes: { name: string; ocean_conf: string[]; argv: string[] }[];
}

export const DEFAULT_PARENT_GENESIS = 'd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';

const blocksJson = readJson<{ blocks: CorpusBlockJson[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;
const chainsJson = readJson<{ chains: CorpusChainJson[] }>('vectors', 'ocean-corpus', 'chains.json').chains;

export const CHAIN_IDS: readonly string[] = chainsJson.map((c) => c.id);

/** All `key=value` options of the chain's index node (config file, then `-key=value` argv). */
export function chainOptions(id: string): { key: string; value: string }[] {
  const chain = chainsJson.find((c) => c.id === id);
  if (!chain) throw new Error(`unknown corpus chain ${id}`);
  const node = chain.nodes[0]!;
  const out: { key: string; value: string }[] = [];
  for (const line of node.ocean_conf) {
    const at = line.indexOf('=');
    if (at > 0) out.push({ key: line.slice(0, at), value: line.slice(at + 1) });
  }
  for (const arg of node.argv.slice(1)) {
    const m = /^-([^=]+)=?(.*)$/.exec(arg);
    if (m) out.push({ key: m[1]!, value: m[2]! });
  }
  return out;
}

function option(id: string, key: string): string | undefined {
  const all = chainOptions(id).filter((o) => o.key === key);
  return all.length ? all[all.length - 1]!.value : undefined;
}

function schedule(id: string, key: string): ScheduledScript[] {
  return chainOptions(id)
    .filter((o) => o.key === key)
    .map((o) => {
      const at = o.value.lastIndexOf(':');
      return { script: fromHex(o.value.slice(0, at)), height: Number(o.value.slice(at + 1)) };
    });
}

export interface CorpusChain {
  readonly id: string;
  readonly blocks: readonly { readonly height: number; readonly block: Block; readonly json: CorpusBlockJson }[];
  readonly rules: SimpleConsensusRules;
}

const cache = new Map<string, CorpusChain>();

export function corpusChain(id: string): CorpusChain {
  const hit = cache.get(id);
  if (hit) return hit;
  const blocks = blocksJson
    .filter((b) => b.chain === id)
    .sort((a, b) => a.height - b.height)
    .map((json) => ({ height: json.height, block: Block.decode(fromHex(json.hex)), json }));
  const genesis = blocks[0]!.block;
  // The argument commitment is the single 32-byte push of the genesis coinbase scriptSig; the
  // pegged asset is issued from prevout (commitment, 0) with the parent genesis hash as contract.
  const commitment = genesis.transactions[0]!.inputs[0]!.scriptSig.subarray(1, 33);
  const parentGenesisBlockHash = fromDisplayHex(option(id, 'parentgenesisblockhash') ?? DEFAULT_PARENT_GENESIS);
  const peggedAsset = calculateAsset(assetEntropy(new OutPoint(commitment.slice(), 0), parentGenesisBlockHash));
  const mandatory = option(id, 'con_mandatorycoinbase');
  const rules = new SimpleConsensusRules({
    genesisHash: genesis.hash,
    peggedAsset,
    parentGenesisBlockHash,
    signBlockScriptChanges: schedule(id, 'signblockscriptchange'),
    mandatoryCoinbase: mandatory ? fromHex(mandatory) : undefined,
    coinbaseChanges: schedule(id, 'coinbasechange'),
  });
  const chain = { id, blocks, rules };
  cache.set(id, chain);
  return chain;
}

/** `GetMedianTimePast`: median of the last (up to) 11 block times ending at index `i`. */
export function medianTimePast(times: readonly number[], i: number): number {
  const window = times.slice(Math.max(0, i - 10), i + 1).sort((a, b) => a - b);
  return window[Math.floor(window.length / 2)]!;
}
