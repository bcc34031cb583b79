/**
 * `txsigningtool` start-up: flags (Go syntax, the original's names plus ours), conf.json, key source
 * and the running tool. The bin only supplies argv, the environment, a logger and signals.
 */
import type { Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { FlagError, parseGoFlags } from '../clients/go-flags.js';
import { commaList, ConfReader, type ConfigEnv } from '../config/conf-reader.js';
import { ConfigError } from '../config/config-error.js';
import type { ChaincodeSpec, KeySource } from './key-source.js';
import { Pkcs11KeySource } from './pkcs11-key-source.js';
import { chaincodeFromScript, singleChaincode } from './signer-chaincode.js';
import { KEY_SOURCE_FLAGS, KEY_SOURCE_USAGE, openKeySource, resolveKeySourceConfig, SignerConfigError } from './signer-key-config.js';
import { DEFAULT_DAEMON_PUBLISHER_HOST, DEFAULT_SIGNER_PUBLISH_HOST, TxSigningTool } from './txsigning-tool.js';

export const TXSIGNINGTOOL_USAGE = `Usage of txsigningtool:
  -host string
        address to publish signatures at (default "${DEFAULT_SIGNER_PUBLISH_HOST}")
  -hostMain string
        address of the mainstay daemon's publisher to subscribe to (default "${DEFAULT_DAEMON_PUBLISHER_HOST}")
  -script string
        the staychain initScript (else conf.json staychain.initScript): selects this signer's chaincode
  -chaincodes string
        chaincodes of the initScript keys, comma separated (else conf.json staychain.initChaincodes)
  -chaincode string
        this signer's chaincode (instead of -script and -chaincodes)
  -conf string
        conf.json to read staychain.* and pkcs11.* from
  -regtest
        accepted for compatibility (keys of any network are accepted)
${KEY_SOURCE_USAGE}`;

export interface TxSigningToolDeps {
  readonly logger: Logger;
  readonly secp: Secp256k1;
  /** For conf.json substitution and `MAINSTAY_PKCS11_PIN`. */
  readonly env: ConfigEnv;
  readonly readFile: (path: string) => Promise<string>;
  /** Override the 5-minute re-subscription (tests). */
  readonly resubscribeIntervalMs?: number;
}

export interface RunningTxSigningTool {
  /** The bound PUB endpoint, e.g. `tcp://127.0.0.1:40123`. */
  readonly endpoint: string;
  readonly tool: TxSigningTool;
  stop(): Promise<void>;
}

const TOOL_FLAGS = ['host', 'hostMain', 'script', 'chaincodes', 'chaincode', 'conf', ...KEY_SOURCE_FLAGS];

/** Read conf.json for a signer tool (only the sections the tool uses are looked at). */
export async function readSignerConf(path: string | undefined, deps: { env: ConfigEnv; readFile: (path: string) => Promise<string> }): Promise<ConfReader | undefined> {
  if (path === undefined || path === '') return undefined;
  let text: string;
  try {
    text = await deps.readFile(path);
  } catch (e) {
    throw new ConfigError('', path, `cannot be read: ${(e as Error).message}`);
  }
  return ConfReader.parse(text, deps.env);
}

/** Parse the flags, open the keys, bind and connect. Throws `FlagError`/`SignerConfigError`/`ConfigError`/`KeySourceError`. */
export async function startTxSigningTool(argv: readonly string[], deps: TxSigningToolDeps): Promise<RunningTxSigningTool> {
  const flags = parseGoFlags(argv, { values: TOOL_FLAGS, booleans: ['regtest'] });
  if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
  const flag = (name: string): string | undefined => {
    const v = flags.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  };
  const conf = await readSignerConf(flag('conf'), deps);
  const keyConfig = resolveKeySourceConfig(flags.values, conf, deps.env);
  const chaincode = chaincodeSpec(deps.secp, flag, conf);
  const keys: KeySource = await openKeySource(keyConfig, chaincode, deps);
  if (keys instanceof Pkcs11KeySource && !keys.baseKeyReadable) {
    deps.logger.warn('txsigningtool: the base key on the token is not readable; only attestations spending the staychain base (zero commitment) can be signed (ADR 0048)');
  }
  const tool = new TxSigningTool({
    keySource: keys,
    logger: deps.logger,
    daemonHost: flag('hostMain') ?? DEFAULT_DAEMON_PUBLISHER_HOST,
    publishHost: flag('host') ?? DEFAULT_SIGNER_PUBLISH_HOST,
    ...(deps.resubscribeIntervalMs !== undefined ? { resubscribeIntervalMs: deps.resubscribeIntervalMs } : {}),
  });
  let endpoint: string;
  try {
    endpoint = await tool.start();
  } catch (e) {
    await keys.close();
    throw e;
  }
  return {
    endpoint,
    tool,
    stop: async () => {
      await tool.stop();
      await keys.close();
    },
  };
}

function chaincodeSpec(secp: Secp256k1, flag: (name: string) => string | undefined, conf: ConfReader | undefined): ChaincodeSpec {
  const single = flag('chaincode');
  if (single !== undefined) return singleChaincode(single);
  const script = flag('script') ?? conf?.optional('staychain', 'initScript');
  const list = commaList(flag('chaincodes') ?? conf?.optional('staychain', 'initChaincodes'));
  if (script !== undefined && list.length > 0) return chaincodeFromScript(secp, script, list);
  if (script === undefined && list.length === 1) return singleChaincode(list[0]!);
  throw new SignerConfigError('the chaincode is missing: give -script and -chaincodes (or conf.json staychain.initScript and initChaincodes), or -chaincode');
}
