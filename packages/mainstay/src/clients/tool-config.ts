/**
 * What the client tools read from conf.json (spec §7): the Bitcoin node (`main`), the client chain
 * (`clientchain`, else `ocean`) and the staychain keys that can stand in for flags. Unlike the
 * daemon, a tool needs only the sections it uses, so the file is read section by section with the
 * original's rules (string values, environment substitution) instead of as a whole daemon config.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/config-error.js';
import { ConfReader, commaList, type ConfigEnv } from '../config/conf-reader.js';
import { parseRpc, type MainChainConfig, type RpcConfig } from '../config/mainstay-config.js';

export interface ToolConfig {
  readonly reader: ConfReader;
  /** The `main` section, when present (parsed on demand: a missing key is a `ConfigError`). */
  main(): MainChainConfig;
  /** `clientchain`, else `ocean`; undefined when neither section exists. */
  clientChain(): RpcConfig | undefined;
  /** Top-level `profile` ("A" default, "B"). */
  readonly profile: 'A' | 'B';
  readonly staychain: {
    readonly initTx?: string;
    readonly initScript?: string;
    readonly initChaincodes: readonly string[];
    readonly initPublicKey?: string;
    readonly initChaincode?: string;
  };
}

export function toolConfigFromReader(r: ConfReader): ToolConfig {
  const p = (r.topLevel('profile') ?? '').toUpperCase();
  if (p !== '' && p !== 'A' && p !== 'B') throw new ConfigError('', 'profile', `must be "A" or "B", got ${JSON.stringify(r.topLevel('profile'))}`);
  const o = (key: string): string | undefined => r.optional('staychain', key);
  const staychain = Object.fromEntries(
    Object.entries({
      initTx: o('initTx'),
      initScript: o('initScript'),
      initPublicKey: o('initPublicKey'),
      initChaincode: o('initChaincode'),
    }).filter(([, v]) => v !== undefined),
  ) as Omit<ToolConfig['staychain'], 'initChaincodes'>;
  return {
    reader: r,
    profile: p === 'B' ? 'B' : 'A',
    staychain: { ...staychain, initChaincodes: commaList(o('initChaincodes')) },
    main: () => {
      const rpc = parseRpc(r, 'main');
      const type = r.optional('main', 'type') ?? 'bitcoind';
      if (type !== 'bitcoind' && type !== 'bcoin') throw new ConfigError('main', 'type', `must be "bitcoind" or "bcoin", got ${JSON.stringify(type)}`);
      return { ...rpc, type };
    },
    clientChain: () => (r.hasSection('clientchain') ? parseRpc(r, 'clientchain') : r.hasSection('ocean') ? parseRpc(r, 'ocean') : undefined),
  };
}

/** Read a conf.json for a tool; `env` is used for substitution. Throws `ConfigError`. */
export async function loadToolConfig(path: string, env: ConfigEnv): Promise<ToolConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError('', path, `cannot be read: ${(e as Error).message}`);
  }
  return toolConfigFromReader(ConfReader.parse(text, env));
}
