/** Shared helpers for the corpus-driven tests: rebuild a corpus node's chain parameters. */
import { ChainParams, type ChainFiles } from '../../src/chain/chain-params.js';
import { OptionValues } from '../../src/chain/option-values.js';
import { readJson } from '../support/vectors.js';

export interface CorpusNode {
  name: string;
  ocean_conf: string[];
  argv: string[];
  files: Record<string, string>;
}

export interface CorpusChain {
  id: string;
  chain: string;
  nodes: CorpusNode[];
  index_node: string;
  [key: string]: unknown;
}

export function corpusChains(): CorpusChain[] {
  return readJson<{ chains: CorpusChain[] }>('vectors', 'ocean-corpus', 'chains.json').chains;
}

/** Data-directory files (paths relative to it) → the chain's `ChainFiles`. */
export function chainFilesOf(files: Record<string, string>, chain: string): ChainFiles {
  const old: (string | undefined)[] = [];
  for (const [path, text] of Object.entries(files)) {
    const m = /^terms-and-conditions\/([^/]+)\/old(\d+)\.txt$/.exec(path);
    if (m && m[1] === chain) old[Number(m[2]) - 1] = text;
  }
  return {
    terms: { latest: files[`terms-and-conditions/${chain}/latest.txt`], old },
    mapping: files[`asset-mapping/${chain}/latest.json`],
  };
}

/** A node's chain parameters from its ocean.conf lines, argv (program name first) and files. */
export function nodeParams(node: CorpusNode): ChainParams {
  const values = OptionValues.fromSources(node.argv.slice(1), node.ocean_conf);
  return ChainParams.fromOptionValues(values, (chain) => chainFilesOf(node.files, chain));
}
