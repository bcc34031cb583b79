/** The ocean corpus (shared/vectors/ocean-corpus): each chain's blocks and its index node's chain parameters. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Block, ChainParams, OptionValues, ZkpConfidentialVerifier, fromHex, loadNativeSecp256k1, type ChainFiles } from '@ocean-ts/core';
import { Chainstate, type ChainstateOptions } from '../../../src/chain/chainstate.js';
import { IssuedAmountsExtension } from '../../../src/chain/issued-amounts-extension.js';
import type { KvStore } from '../../../src/storage/kv-store.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');
/** A file of shared/vectors/ocean-corpus, parsed with `JSON.parse`. */
export const readCorpusJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(SHARED, 'vectors', 'ocean-corpus', ...parts), 'utf8')) as T;

interface ChainJson {
  id: string;
  chain: string;
  index_node: string;
  nodes: { name: string; ocean_conf: string[]; argv: string[] }[];
  getblockchaininfo: { blocks: number; bestblockhash: string };
}
interface BlockJson {
  chain: string;
  height: number;
  hash: string;
  hex: string;
}

const chains = readCorpusJson<{ chains: ChainJson[] }>('chains.json').chains;
const blocks = readCorpusJson<{ blocks: BlockJson[] }>('blocks.json').blocks;
const files = readCorpusJson<{ chains: Record<string, Record<string, string>> }>('chain-files.json').chains;

export const CORPUS_IDS: readonly string[] = chains.map((c) => c.id);

function chainFiles(f: Record<string, string>, chain: string): ChainFiles {
  const old: (string | undefined)[] = [];
  for (const [path, text] of Object.entries(f)) {
    const m = /^terms-and-conditions\/([^/]+)\/old(\d+)\.txt$/.exec(path);
    if (m && m[1] === chain) old[Number(m[2]) - 1] = text;
  }
  return { terms: { latest: f[`terms-and-conditions/${chain}/latest.txt`], old }, mapping: f[`asset-mapping/${chain}/latest.json`] };
}

export interface CorpusChain {
  readonly id: string;
  readonly params: ChainParams;
  readonly blocks: readonly { readonly height: number; readonly hash: string; readonly block: Block }[];
  readonly tipHash: string;
  readonly tipHeight: number;
}

export function corpusChain(id: string): CorpusChain {
  const c = chains.find((x) => x.id === id);
  if (c === undefined) throw new Error(`unknown corpus chain ${id}`);
  const node = c.nodes.find((n) => n.name === c.index_node)!;
  const params = ChainParams.fromOptionValues(OptionValues.fromSources(node.argv.slice(1), node.ocean_conf), (chain: string) =>
    chainFiles(files[c.id] ?? {}, chain),
  );
  const list = blocks
    .filter((b) => b.chain === id)
    .sort((a, b) => a.height - b.height)
    .map((b) => ({ height: b.height, hash: b.hash, block: Block.decode(fromHex(b.hex)) }));
  return { id, params, blocks: list, tipHash: c.getblockchaininfo.bestblockhash, tipHeight: c.getblockchaininfo.blocks };
}

const secp = loadNativeSecp256k1();
let verifier: Promise<ZkpConfidentialVerifier> | undefined;

/**
 * A chain state over `store` for a corpus chain: its genesis and consensus rules, the real
 * confidential verifier, a txindex, a fixed clock after every corpus block, and the issued-amounts
 * extension unless `extra` says otherwise.
 */
export async function openCorpusChainstate(chain: CorpusChain, store: KvStore, extra: Partial<ChainstateOptions> = {}): Promise<Chainstate> {
  verifier ??= ZkpConfidentialVerifier.create();
  return Chainstate.open({
    store,
    rules: chain.params.consensus,
    genesis: chain.params.genesisBlock,
    secp,
    verifier: await verifier,
    txindex: true,
    extensions: [new IssuedAmountsExtension()],
    adjustedTime: () => 2_000_000_000,
    ...extra,
  });
}

/**
 * Submits the corpus chain's blocks `from`…`to` (default: 1 to the tip) through `processBlock`;
 * each must be accepted and become the tip. `after` runs after each block.
 */
export async function replayCorpus(
  cs: Chainstate,
  chain: CorpusChain,
  { from = 1, to = Infinity, after }: { from?: number; to?: number; after?: (height: number) => void } = {},
): Promise<void> {
  for (const { height, hash, block } of chain.blocks) {
    if (height < Math.max(from, 1) || height > to) continue;
    const r = await cs.processBlock(block);
    assert.equal(r, null, `${chain.id} block ${height} ${hash}: ${r?.toString()}`);
    assert.equal(cs.height, height);
    after?.(height);
  }
}
