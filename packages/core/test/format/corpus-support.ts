import { ChainParams } from '../../src/chain/chain-params.js';
import { OptionValues } from '../../src/chain/option-values.js';
import type { TxJsonOptions } from '../../src/format/tx-json-options.js';
import { readJson } from '../support/vectors.js';

interface CorpusNode {
  name: string;
  ocean_conf: string[];
  argv: string[];
}
interface CorpusChain {
  id: string;
  index_node: string;
  nodes: CorpusNode[];
  dumpassetlabels: Record<string, string>;
}

const chains = readJson<{ chains: CorpusChain[] }>('vectors', 'ocean-corpus', 'chains.json').chains;
const files = readJson<{ chains: Record<string, Record<string, string>> }>('vectors', 'ocean-corpus', 'chain-files.json').chains;

/** Chain parameters of a corpus chain, built from its index node's ocean.conf and command line. */
export function corpusChainParams(id: string): ChainParams {
  const chain = chains.find((c) => c.id === id);
  if (!chain) throw new Error(`no corpus chain ${id}`);
  const node = chain.nodes.find((n) => n.name === chain.index_node)!;
  const values = OptionValues.fromSources(node.argv.slice(1), node.ocean_conf);
  const f = files[id] ?? {};
  return ChainParams.fromOptionValues(values, (name) => ({
    terms: {
      latest: f[`terms-and-conditions/${name}/latest.txt`],
      old: [f[`terms-and-conditions/${name}/old1.txt`]],
    },
    mapping: f[`asset-mapping/${name}/latest.json`],
  }));
}

export function corpusChainIds(): string[] {
  return chains.map((c) => c.id);
}

export function corpusAssetLabels(id: string): Record<string, string> {
  return chains.find((c) => c.id === id)!.dumpassetlabels;
}

/** The format options for a chain: its prefixes and label table. */
export function jsonOptionsFor(params: ChainParams): TxJsonOptions {
  return { base58: params.base58, assetLabel: (asset) => params.assetLabels.labelFor(asset) };
}
