// Chain parameters and deterministic keys of a corpus chain's index node (shared/vectors/ocean-corpus
// chains.json), built with the node's own `@ocean-ts/core`.
import { ChainParams, OptionValues, type ChainFiles } from '@ocean-ts/core';
import { readJson } from '../../../core/test/support/vectors.js';

interface CorpusNodeJson {
  name: string;
  ocean_conf: string[];
  argv: string[];
  files: Record<string, string>;
}
interface CorpusChainJson {
  id: string;
  index_node: string;
  nodes: CorpusNodeJson[];
  keys?: Record<string, CorpusKey>;
}

export interface CorpusKey {
  readonly wif: string;
  readonly privkey_hex: string;
  readonly pubkey: string;
  readonly p2pkh_script: string;
}

const chains = (): CorpusChainJson[] => readJson<{ chains: CorpusChainJson[] }>('vectors', 'ocean-corpus', 'chains.json').chains;

function chainFilesOf(files: Record<string, string>, chain: string): ChainFiles {
  const old: (string | undefined)[] = [];
  for (const [path, text] of Object.entries(files)) {
    const m = /^terms-and-conditions\/([^/]+)\/old(\d+)\.txt$/.exec(path);
    if (m && m[1] === chain) old[Number(m[2]) - 1] = text;
  }
  return { terms: { latest: files[`terms-and-conditions/${chain}/latest.txt`], old }, mapping: files[`asset-mapping/${chain}/latest.json`] };
}

/** The chain parameters of a corpus chain's index node (or the named node). */
export function corpusChainParams(id: string, nodeName?: string): ChainParams {
  const c = chains().find((x) => x.id === id);
  if (c === undefined) throw new Error(`unknown corpus chain ${id}`);
  const node = c.nodes.find((n) => n.name === (nodeName ?? c.index_node))!;
  return ChainParams.fromOptionValues(OptionValues.fromSources(node.argv.slice(1), node.ocean_conf), (chain) => chainFilesOf(node.files, chain));
}

/** The chain's deterministic keys (genesis destinations, signing keys). */
export function corpusKeys(id: string): Record<string, CorpusKey> {
  return chains().find((x) => x.id === id)?.keys ?? {};
}
