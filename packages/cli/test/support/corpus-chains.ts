import { JsonObject } from '@ocean-ts/core';
import { CHAIN_OPTIONS } from '../../src/ocean-tx/options.js';
import { readSharedJson } from './shared.js';

const chains = (readSharedJson('vectors', 'ocean-corpus', 'chains.json') as JsonObject).get('chains') as JsonObject[];
const RELEVANT = new Set([...CHAIN_OPTIONS, 'chain', 'regtest', 'testnet']);

/**
 * The ocean-tx switches that select a corpus chain: its index node's chain-relevant `ocean.conf`
 * lines, then its command-line options (later occurrences win, like the command line over the
 * config file).
 */
export function chainSwitches(id: string): string[] {
  const chain = chains.find((c) => c.get('id') === id);
  if (!chain) throw new Error(`no corpus chain ${id}`);
  const node = (chain.get('nodes') as JsonObject[]).find((n) => n.get('name') === chain.get('index_node'))!;
  const conf = (node.get('ocean_conf') as string[]).map((l) => '-' + l);
  const argv = (node.get('argv') as string[]).slice(1);
  return [...conf, ...argv].filter((a) => RELEVANT.has(a.slice(1).split('=')[0]!));
}

export function chainIds(): string[] {
  return chains.map((c) => c.get('id') as string);
}

export function dumpAssetLabels(id: string): Record<string, string> {
  const c = chains.find((x) => x.get('id') === id)!;
  return Object.fromEntries((c.get('dumpassetlabels') as JsonObject).entries) as Record<string, string>;
}
