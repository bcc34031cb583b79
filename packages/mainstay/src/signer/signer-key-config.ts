/**
 * Where a signer tool's keys come from, resolved from its flags and conf.json (spec §7), and the
 * opening of the matching `KeySource`.
 *
 * File keys: `-pk` / `-pkTopup` (WIF, as the Go tool), else `-pkFile` / `-pkTopupFile` (a file whose
 * first non-comment line is a WIF or 64 hex), else conf.json `staychain.initPK` / `topupPK`.
 * PKCS#11 (OURS, ADR 0048), chosen when `-pkcs11-module` or conf.json `pkcs11.module` is set:
 * `-pkcs11-module`, `-pkcs11-token` (label) or `-pkcs11-slot` (index among initialised tokens),
 * `-pkcs11-pin`, `-pkcs11-key` (base key label), `-pkcs11-topup-key`; conf.json section `pkcs11`
 * with keys `module`, `token`, `slot`, `pin`, `key`, `topupKey` (environment substitution applies,
 * so `"pin": "MAINSTAY_PKCS11_PIN"` reads that variable); without either, the PIN is taken from
 * the environment variable `MAINSTAY_PKCS11_PIN`.
 */
import type { Secp256k1 } from '@ocean-ts/core';
import { goAtoi, type ConfigEnv, type ConfReader } from '../config/conf-reader.js';
import { FileKeySource } from './file-key-source.js';
import { KeySourceError, type ChaincodeSpec, type KeySource } from './key-source.js';
import { Pkcs11KeySource } from './pkcs11-key-source.js';
import { parsePrivateKeyFile, parsePrivateKeyText } from './private-key-text.js';

/** The key flags every signer tool accepts. */
export const KEY_SOURCE_FLAGS = [
  'pk',
  'pkTopup',
  'pkFile',
  'pkTopupFile',
  'pkcs11-module',
  'pkcs11-token',
  'pkcs11-slot',
  'pkcs11-pin',
  'pkcs11-key',
  'pkcs11-topup-key',
] as const;

export const KEY_SOURCE_USAGE = `  -pk string
        WIF of this signer's base key (else conf.json staychain.initPK)
  -pkTopup string
        WIF of this signer's topup key (else conf.json staychain.topupPK)
  -pkFile string
        file holding the base key (WIF or 64 hex on its first line)
  -pkTopupFile string
        file holding the topup key
  -pkcs11-module string
        PKCS#11 library: sign with keys on an HSM token instead (conf.json pkcs11.module)
  -pkcs11-token string
        label of the token (conf.json pkcs11.token)
  -pkcs11-slot int
        index of the token among the initialised ones (conf.json pkcs11.slot)
  -pkcs11-pin string
        user PIN (conf.json pkcs11.pin, else $MAINSTAY_PKCS11_PIN)
  -pkcs11-key string
        label of the base key (conf.json pkcs11.key)
  -pkcs11-topup-key string
        label of the topup key (conf.json pkcs11.topupKey)
`;

export const PKCS11_PIN_ENV = 'MAINSTAY_PKCS11_PIN';

/** A key given as text (`-pk`, conf.json) or as a file path. */
export type KeyText = { readonly text: string; readonly what: string } | { readonly file: string };

export type KeySourceConfig =
  | { readonly kind: 'file'; readonly base: KeyText; readonly topup?: KeyText }
  | {
      readonly kind: 'pkcs11';
      readonly modulePath: string;
      readonly tokenLabel?: string;
      readonly slotIndex?: number;
      readonly pin: string;
      readonly baseKeyLabel: string;
      readonly topupKeyLabel?: string;
    };

/** Thrown for missing or contradictory key settings (the tool prints it with its usage). */
export class SignerConfigError extends Error {
  override readonly name = 'SignerConfigError';
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** Resolve the key settings. `flags` are the parsed tool flags; `conf` the conf.json, if any. */
export function resolveKeySourceConfig(flags: ReadonlyMap<string, string>, conf: ConfReader | undefined, env: ConfigEnv): KeySourceConfig {
  const flag = (name: string): string | undefined => nonEmpty(flags.get(name));
  const p11 = (key: string): string | undefined => conf?.optional('pkcs11', key);
  const modulePath = flag('pkcs11-module') ?? p11('module');
  if (modulePath !== undefined) {
    const pin = flag('pkcs11-pin') ?? p11('pin') ?? nonEmpty(env[PKCS11_PIN_ENV]);
    if (pin === undefined) throw new SignerConfigError(`the PKCS#11 PIN is missing (-pkcs11-pin, conf.json pkcs11.pin or $${PKCS11_PIN_ENV})`);
    const baseKeyLabel = flag('pkcs11-key') ?? p11('key');
    if (baseKeyLabel === undefined) throw new SignerConfigError('the label of the base key on the token is missing (-pkcs11-key or conf.json pkcs11.key)');
    const slotText = flag('pkcs11-slot') ?? p11('slot');
    let slotIndex: number | undefined;
    if (slotText !== undefined) {
      slotIndex = goAtoi(slotText);
      if (slotIndex === undefined || slotIndex < 0) throw new SignerConfigError(`invalid PKCS#11 slot index ${JSON.stringify(slotText)}`);
    }
    const tokenLabel = flag('pkcs11-token') ?? p11('token');
    const topupKeyLabel = flag('pkcs11-topup-key') ?? p11('topupKey');
    return {
      kind: 'pkcs11',
      modulePath,
      pin,
      baseKeyLabel,
      ...(tokenLabel !== undefined ? { tokenLabel } : {}),
      ...(slotIndex !== undefined ? { slotIndex } : {}),
      ...(topupKeyLabel !== undefined ? { topupKeyLabel } : {}),
    };
  }
  const key = (textFlag: string, fileFlag: string, confKey: string): KeyText | undefined => {
    const text = flag(textFlag);
    if (text !== undefined) return { text, what: `-${textFlag}` };
    const file = flag(fileFlag);
    if (file !== undefined) return { file };
    const fromConf = conf?.optional('staychain', confKey);
    return fromConf !== undefined ? { text: fromConf, what: `conf.json staychain.${confKey}` } : undefined;
  };
  const base = key('pk', 'pkFile', 'initPK');
  if (base === undefined) throw new SignerConfigError('the base key is missing (-pk, -pkFile, conf.json staychain.initPK, or -pkcs11-module with -pkcs11-key)');
  const topup = key('pkTopup', 'pkTopupFile', 'topupPK');
  return { kind: 'file', base, ...(topup !== undefined ? { topup } : {}) };
}

export interface OpenKeySourceDeps {
  readonly secp: Secp256k1;
  /** Reads a key file (the bin passes `fs.readFile(path, 'utf8')`). */
  readonly readFile: (path: string) => Promise<string>;
}

async function loadKey(deps: OpenKeySourceDeps, k: KeyText): Promise<Uint8Array> {
  if ('text' in k) return parsePrivateKeyText(deps.secp, k.text, k.what);
  let content: string;
  try {
    content = await deps.readFile(k.file);
  } catch (e) {
    throw new KeySourceError(`cannot read key file ${k.file}: ${(e as Error).message}`);
  }
  return parsePrivateKeyFile(deps.secp, content, k.file);
}

/** Open the key source described by `config`. */
export async function openKeySource(config: KeySourceConfig, chaincode: ChaincodeSpec, deps: OpenKeySourceDeps): Promise<KeySource> {
  if (config.kind === 'pkcs11') {
    return Pkcs11KeySource.open({ ...config, secp: deps.secp, chaincode });
  }
  const baseKey = await loadKey(deps, config.base);
  const topupKey = config.topup === undefined ? undefined : await loadKey(deps, config.topup);
  try {
    return new FileKeySource({ secp: deps.secp, baseKey, chaincode, ...(topupKey !== undefined ? { topupKey } : {}) });
  } finally {
    baseKey.fill(0);
    topupKey?.fill(0);
  }
}
