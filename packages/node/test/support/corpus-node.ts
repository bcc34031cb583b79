// The ocean corpus (shared/vectors/ocean-corpus) as input for the real `bin/oceand`: each chain's
// index-node configuration turned into a data directory and command line, and the recorded RPC
// outputs parsed with the UniValue-model reader (numbers keep their exact decimal text).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JsonNumber, JsonObject, parseJson, type JsonValue } from '@ocean-ts/core';
import { sharedPath } from '../../../core/test/support/vectors.js';

const corpusFile = (name: string): string => readFileSync(sharedPath('vectors', 'ocean-corpus', name), 'utf8');

interface CorpusNodeJson {
  name: string;
  ocean_conf: string[];
  argv: string[];
  files: Record<string, string>;
}
interface CorpusChainJson {
  id: string;
  chain: string;
  index_node: string;
  genesis_hash: string;
  nodes: CorpusNodeJson[];
  getblockchaininfo: { blocks: number; bestblockhash: string };
}

export interface CorpusBlock {
  readonly height: number;
  readonly hash: string;
  readonly hex: string;
  /** `getblock <hash> true` of the original. */
  readonly getblock: JsonObject;
  /** `getblockheader <hash>` (verbose) of the original. */
  readonly getblockheader: JsonObject;
}

export interface CorpusTx {
  readonly txid: string;
  readonly kinds: readonly string[];
  readonly blockHeight: number;
  readonly hex: string;
  readonly decoderawtransaction: JsonObject;
  /** `getrawtransaction <txid> 1` of the original, or its error (`{"rpc_error": {code, message}}`). */
  readonly getrawtransactionVerbose: JsonObject;
}

export interface CorpusReplayChain {
  readonly id: string;
  readonly network: string;
  readonly indexNode: string;
  readonly genesisHash: string;
  readonly tipHash: string;
  readonly tipHeight: number;
  /** The index node's `ocean.conf` lines without the ones naming ports, credentials and peers. */
  readonly conf: readonly string[];
  /** Lines of the original `ocean.conf` that were left out (see CONF_DROPPED). */
  readonly droppedConf: readonly string[];
  /** The index node's argv without argv[0]; `<datadir>` stays a placeholder. */
  readonly argv: readonly string[];
  /** Data-directory files (relative path → exact contents). */
  readonly files: Readonly<Record<string, string>>;
  readonly blocks: readonly CorpusBlock[];
  readonly txs: readonly CorpusTx[];
  /** The chain's chains.json entry in the UniValue model (`getblockchaininfo`, `getsidechaininfo`, …). */
  readonly recorded: JsonObject;
}

/**
 * `ocean.conf` keys that only say where the original node listened, who could call it and which
 * peers it had; none of them influences genesis, consensus or the JSON the node prints. The test
 * passes its own `-rpcport`/`-rpcuser`/`-rpcpassword` and keeps the node off the P2P network.
 */
export const CONF_DROPPED = new Set(['rpcuser', 'rpcpassword', 'port', 'rpcport', 'listenonion', 'bind', 'rpcbind', 'rpcallowip', 'connect', 'addnode']);

const chainsText = corpusFile('chains.json');
const chainsJson = JSON.parse(chainsText) as { chains: CorpusChainJson[] };
let chainsDoc: JsonObject[] | undefined;
const filesJson = JSON.parse(corpusFile('chain-files.json')) as { chains: Record<string, Record<string, string>> };
let blocksDoc: JsonObject[] | undefined;
let txsDoc: JsonObject[] | undefined;

export const CORPUS_CHAIN_IDS: readonly string[] = chainsJson.chains.map((c) => c.id);

function obj(v: JsonValue | undefined, what: string): JsonObject {
  if (!(v instanceof JsonObject)) throw new Error(`corpus: ${what} is not an object`);
  return v;
}

function int(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) throw new Error('corpus: expected a number');
  return Number(v.raw);
}

export function corpusReplayChain(id: string): CorpusReplayChain {
  const c = chainsJson.chains.find((x) => x.id === id);
  if (!c) throw new Error(`unknown corpus chain ${id}`);
  const node = c.nodes.find((n) => n.name === c.index_node)!;
  chainsDoc ??= (parseJson(chainsText) as JsonObject).get('chains') as JsonObject[];
  blocksDoc ??= (parseJson(corpusFile('blocks.json')) as JsonObject).get('blocks') as JsonObject[];
  txsDoc ??= (parseJson(corpusFile('transactions.json')) as JsonObject).get('transactions') as JsonObject[];
  const blocks = blocksDoc
    .filter((b) => b.get('chain') === id)
    .map((b) => ({
      height: int(b.get('height')),
      hash: b.get('hash') as string,
      hex: b.get('hex') as string,
      getblock: obj(b.get('getblock'), 'getblock'),
      getblockheader: obj(b.get('getblockheader'), 'getblockheader'),
    }))
    .sort((a, b) => a.height - b.height);
  const txs = txsDoc
    .filter((t) => t.get('chain') === id)
    .map((t) => ({
      txid: t.get('txid') as string,
      kinds: t.get('kinds') as string[],
      blockHeight: int(t.get('block_height')),
      hex: t.get('hex') as string,
      decoderawtransaction: obj(t.get('decoderawtransaction'), 'decoderawtransaction'),
      getrawtransactionVerbose: obj(t.get('getrawtransaction_verbose'), 'getrawtransaction_verbose'),
    }));
  const key = (line: string): string => line.split('=')[0]!.trim();
  // chains.json carries the node's files; chain-files.json the index node's, byte for byte.
  const files = node.files;
  const indexFiles = filesJson.chains[id] ?? {};
  for (const [f, text] of Object.entries(indexFiles)) if (files[f] !== text) throw new Error(`corpus: ${id} file ${f} differs between chains.json and chain-files.json`);
  return {
    id,
    network: c.chain,
    indexNode: c.index_node,
    genesisHash: c.genesis_hash,
    tipHash: c.getblockchaininfo.bestblockhash,
    tipHeight: c.getblockchaininfo.blocks,
    conf: node.ocean_conf.filter((l) => !CONF_DROPPED.has(key(l))),
    droppedConf: node.ocean_conf.filter((l) => CONF_DROPPED.has(key(l))),
    argv: node.argv.slice(1),
    files,
    blocks,
    txs,
    recorded: chainsDoc.find((x) => x.get('id') === id)!,
  };
}

/** Writes `ocean.conf` and the chain's files into `datadir`. */
export function writeCorpusDatadir(chain: CorpusReplayChain, datadir: string): void {
  writeFileSync(join(datadir, 'ocean.conf'), chain.conf.join('\n') + '\n');
  for (const [rel, text] of Object.entries(chain.files)) {
    const path = join(datadir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/**
 * The node's command line: the original argv with `<datadir>` filled in, minus the options in
 * `drop` (by name, whatever their value).
 */
export function corpusDaemonArgs(chain: CorpusReplayChain, datadir: string, drop: ReadonlySet<string>): string[] {
  return chain.argv
    .filter((a) => !drop.has(a.replace(/^-+/, '').split('=')[0]!))
    .map((a) => a.replace('<datadir>', datadir));
}

/** A copy of `o` without the named top-level keys (key order kept). */
export function withoutKeys(o: JsonObject, keys: readonly string[]): JsonObject {
  return new JsonObject(o.entries.filter(([k]) => !keys.includes(k)));
}

/**
 * The original's text of a recorded value. The corpus was written by a collector that kept every
 * amount token verbatim except where its decimal type printed the original's `0.00000000` and
 * `0.00000001` in exponent form (`0E-8`, `1E-8`); such tokens are turned back into the plain
 * decimal with as many fraction digits as the exponent says, which is what UniValue printed.
 */
export function originalJson(v: JsonValue): JsonValue {
  if (v instanceof JsonNumber) {
    const m = /^(-?)(\d+)[eE]-(\d+)$/.exec(v.raw);
    if (!m) return v;
    const scale = Number(m[3]);
    const digits = m[2]!.padStart(scale + 1, '0');
    return JsonNumber.parse(`${m[1]}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`);
  }
  if (v instanceof JsonObject) return new JsonObject(v.entries.map(([k, x]) => [k, originalJson(x)] as const));
  if (Array.isArray(v)) return v.map((x) => originalJson(x as JsonValue));
  return v;
}
