/**
 * `mainstay-httpsigner` start-up: the Profile B signer server (spec §6.2). Flags in Go syntax; keys
 * as for `txsigningtool`; the chaincode is `-chaincode` or conf.json `staychain.initChaincode`.
 * When conf.json has `staychain.initPublicKey`, the base key must match it (a signer with the wrong
 * key would make every attestation fail). The listen address defaults to the host and port of
 * conf.json `signer.url`, else 127.0.0.1:8000.
 */
import { bytesEqual, fromHex, isHex, toHex, type Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { FlagError, parseGoFlags } from '../clients/go-flags.js';
import { commaList, type ConfigEnv, type ConfReader } from '../config/conf-reader.js';
import { DEFAULT_HTTP_SIGNER_HOST, DEFAULT_HTTP_SIGNER_PORT, HttpSignerServer } from './http-signer-server.js';
import { UNTWEAKED_BASE, type KeySource } from './key-source.js';
import { Pkcs11KeySource } from './pkcs11-key-source.js';
import { singleChaincode } from './signer-chaincode.js';
import { KEY_SOURCE_FLAGS, KEY_SOURCE_USAGE, openKeySource, resolveKeySourceConfig, SignerConfigError } from './signer-key-config.js';
import { readSignerConf } from './txsigningtool-main.js';

export const HTTPSIGNER_USAGE = `Usage of mainstay-httpsigner:
  -host string
        listen address (default ${DEFAULT_HTTP_SIGNER_HOST}, or the host of conf.json signer.url)
  -port int
        listen port, 0 = any free port (default ${DEFAULT_HTTP_SIGNER_PORT}, or the port of conf.json signer.url)
  -chaincode string
        chaincode of the base key (else conf.json staychain.initChaincode)
  -conf string
        conf.json to read staychain.*, signer.url and pkcs11.* from
${KEY_SOURCE_USAGE}`;

export interface HttpSignerDeps {
  readonly logger: Logger;
  readonly secp: Secp256k1;
  readonly env: ConfigEnv;
  readonly readFile: (path: string) => Promise<string>;
}

export interface RunningHttpSigner {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

function parsePort(text: string, what: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new FlagError(`invalid value "${text}" for ${what}`);
  return Number(text);
}

/** Listen address from conf.json `signer.url` (`http://host:port/…`), if it parses. */
function addressFromSignerUrl(conf: ConfReader | undefined): { host?: string; port?: number } {
  const url = conf?.optional('signer', 'url');
  if (url === undefined) return {};
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return { host, port: u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port) };
  } catch {
    return {};
  }
}

export async function startHttpSigner(argv: readonly string[], deps: HttpSignerDeps): Promise<RunningHttpSigner> {
  const flags = parseGoFlags(argv, { values: ['host', 'port', 'chaincode', 'conf', ...KEY_SOURCE_FLAGS] });
  if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
  const flag = (name: string): string | undefined => {
    const v = flags.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  };
  const portFlag = flag('port');
  const port = portFlag === undefined ? undefined : parsePort(portFlag, 'flag -port');
  const conf = await readSignerConf(flag('conf'), deps);
  const keyConfig = resolveKeySourceConfig(flags.values, conf, deps.env);
  const chaincodeText = flag('chaincode') ?? conf?.optional('staychain', 'initChaincode') ?? singleOf(commaList(conf?.optional('staychain', 'initChaincodes')));
  if (chaincodeText === undefined) throw new SignerConfigError('the chaincode is missing (-chaincode or conf.json staychain.initChaincode)');
  const keys: KeySource = await openKeySource(keyConfig, singleChaincode(chaincodeText), deps);
  try {
    const expected = conf?.optional('staychain', 'initPublicKey');
    if (expected !== undefined) {
      const base = await keys.publicKey(UNTWEAKED_BASE);
      const given = isHex(expected) && expected.length % 2 === 0 ? fromHex(expected) : undefined;
      const matches = given !== undefined && deps.secp.publicKeyVerify(given) && bytesEqual(deps.secp.publicKeyConvert(given, true), base);
      if (!matches) throw new SignerConfigError(`the base key ${toHex(base)} does not match conf.json staychain.initPublicKey ${expected}`);
    }
    if (keys instanceof Pkcs11KeySource && !keys.baseKeyReadable) {
      deps.logger.warn('mainstay-httpsigner: the base key on the token is not readable; only the zero merkle_root can be signed for (ADR 0048)');
    }
    const fromUrl = addressFromSignerUrl(conf);
    const server = new HttpSignerServer({ keySource: keys, logger: deps.logger });
    const bound = await server.listen(port ?? fromUrl.port ?? DEFAULT_HTTP_SIGNER_PORT, flag('host') ?? fromUrl.host ?? DEFAULT_HTTP_SIGNER_HOST);
    return {
      ...bound,
      stop: async () => {
        await server.close();
        await keys.close();
      },
    };
  } catch (e) {
    await keys.close();
    throw e;
  }
}

function singleOf(list: readonly string[]): string | undefined {
  return list.length === 1 ? list[0] : undefined;
}
