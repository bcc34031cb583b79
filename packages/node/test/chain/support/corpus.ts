/** The ocean corpus (shared/vectors/ocean-corpus): each chain's blocks and its index node's chain parameters. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Block, ChainParams, OptionValues, fromHex, type ChainFiles } from '@ocean-ts/core';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');
const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(SHARED, 'vectors', 'ocean-corpus', ...parts), 'utf8')) as T;

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

const chains = readJson<{ chains: ChainJson[] }>('chains.json').chains;
const blocks = readJson<{ blocks: BlockJson[] }>('blocks.json').blocks;
const files = readJson<{ chains: Record<string, Record<string, string>> }>('chain-files.json').chains;

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
