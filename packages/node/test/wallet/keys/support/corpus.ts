import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared folder (`$OCEAN_SHARED`, else ../shared next to the repository). */
export const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../../shared');

export function readCorpus<T>(file: string): T {
  return JSON.parse(readFileSync(join(SHARED, 'vectors', 'ocean-corpus', file), 'utf8')) as T;
}

export interface CorpusNode {
  readonly name: string;
  readonly argv: readonly string[];
  readonly ocean_conf: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
}

export interface CorpusChain {
  readonly id: string;
  readonly nodes: readonly CorpusNode[];
  readonly getcontracthash_0?: string;
}

export interface CorpusAddress {
  readonly chain: string;
  readonly address: string;
  readonly note: string;
  readonly owner: string;
  readonly validateaddress_owner?: {
    readonly scriptPubKey: string;
    readonly unconfidential?: string;
    readonly ismine?: boolean;
    readonly pubkey?: string;
    readonly derivedpubkey?: string;
    readonly hdkeypath?: string;
    readonly hdmasterkeyid?: string;
    readonly hex?: string;
    readonly addresses?: readonly string[];
    readonly sigsrequired?: number;
  };
}
