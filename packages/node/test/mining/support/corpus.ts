import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Block, ChainParams, OptionValues, fromHex, fromDisplayHex } from '@ocean-ts/core';
import type { AncestorSource, TipInfo } from '../../../src/mining/index.js';

export const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');

export function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(SHARED, ...parts), 'utf8')) as T;
}

export function readText(...parts: string[]): string {
  return readFileSync(join(SHARED, ...parts), 'utf8');
}

interface CorpusNode {
  name: string;
  ocean_conf: string[];
  argv: string[];
}
export interface CorpusChain {
  id: string;
  index_node: string;
  nodes: CorpusNode[];
  keys?: Record<string, { privkey_hex: string; pubkey: string; p2pkh_script?: string }>;
}
interface CorpusBlockJson {
  chain: string;
  height: number;
  hash: string;
  hex: string;
  getblock: { time: number; mediantime: number; version: number };
}

export const corpusChains = readJson<{ chains: CorpusChain[] }>('vectors', 'ocean-corpus', 'chains.json').chains;
const chainFiles = readJson<{ chains: Record<string, Record<string, string>> }>('vectors', 'ocean-corpus', 'chain-files.json').chains;
const allBlocks = readJson<{ blocks: CorpusBlockJson[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;

export function corpusChain(id: string): CorpusChain {
  const c = corpusChains.find((x) => x.id === id);
  if (!c) throw new Error(`no corpus chain ${id}`);
  return c;
}

/** Chain parameters of a corpus chain from its index node's configuration and data files. */
export function corpusParams(id: string): ChainParams {
  const chain = corpusChain(id);
  const node = chain.nodes.find((n) => n.name === chain.index_node)!;
  const f = chainFiles[id] ?? {};
  return ChainParams.fromOptionValues(OptionValues.fromSources(node.argv.slice(1), node.ocean_conf), (name: string) => {
    const old: (string | undefined)[] = [];
    for (const [path, text] of Object.entries(f)) {
      const m = /^terms-and-conditions\/([^/]+)\/old(\d+)\.txt$/.exec(path);
      if (m && m[1] === name) old[Number(m[2]) - 1] = text;
    }
    return { terms: { latest: f[`terms-and-conditions/${name}/latest.txt`], old }, mapping: f[`asset-mapping/${name}/latest.json`] };
  });
}

export interface CorpusBlock {
  readonly height: number;
  readonly block: Block;
  readonly time: number;
  readonly medianTimePast: number;
}

/** The chain's blocks by height. */
export function corpusBlocks(id: string): CorpusBlock[] {
  return allBlocks
    .filter((b) => b.chain === id)
    .sort((a, b) => a.height - b.height)
    .map((b) => ({ height: b.height, block: Block.decode(fromHex(b.hex)), time: b.getblock.time, medianTimePast: b.getblock.mediantime }));
}

export function tipOf(b: CorpusBlock): TipInfo {
  return { height: b.height, hash: b.block.hash, time: b.time, medianTimePast: b.medianTimePast, challenge: b.block.header.challenge };
}

export function ancestorsOf(blocks: readonly CorpusBlock[]): AncestorSource {
  return {
    ancestorAt(h: number) {
      const b = blocks[h]!;
      return { version: b.block.header.version, medianTimePast: b.medianTimePast, hash: b.block.hash };
    },
  };
}

export { fromDisplayHex };
