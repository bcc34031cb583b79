import { fromHex, isHex, toHex, type Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { ConfigError } from '../config/config-error.js';
import type { ConfigEnv } from '../config/conf-reader.js';
import { RpcClientChain, type ClientChainEndpoint } from './client-chain.js';
import { encodeCommitmentEnvelope } from './commitment-envelope.js';
import { CommitmentSignatureError, signCommitment } from './commitment-signature.js';
import { FlagError, parseToolFlags } from './go-flags.js';
import { ApiReplyError, ApiTransportError, DEFAULT_MAINSTAY_API_URL, MainstayApiClient } from './mainstay-api-client.js';
import { RecurrentCommitter } from './recurrent-committer.js';
import { loadToolConfig } from './tool-config.js';
import type { ToolIo } from './tool-io.js';

export const COMMITMENT_TOOL_USAGE = `Usage of commitmenttool:
  -init
        generate a new key pair: prints the private key hex and the compressed public key hex
  -apiHost string
        Mainstay API host (default "${DEFAULT_MAINSTAY_API_URL}")
 standard mode (asks for whatever the flags below do not give):
  -mode string
        sign, send or both (or as the first argument after the flags)
  -commitment string
        the commitment, 64 hex characters
  -privkey string
        private key hex (32 bytes), to sign the commitment
  -signature string
        base64 signature to send (empty: unsigned)
  -position int
        slot position
  -authtoken string
        slot auth token
 recurrent mode:
  -ocean
        every -delay minutes commit the client chain's best block hash (with -position, -authtoken,
        optional -privkey); SIGTERM stops it
  -delay int
        minutes between commitments (default 60)
  -delaySeconds int
        seconds between commitments, instead of -delay (for tests)
  -conf string
        conf.json with a clientchain (or ocean) section: rpcurl, rpcuser, rpcpass, chain
  -oceanurl string
        client chain RPC host:port (instead of -conf)
  -oceanuser string
        client chain RPC user
  -oceanpass string
        client chain RPC password
`;

export interface CommitmentToolDeps {
  readonly io: ToolIo;
  readonly secp: Secp256k1;
  /** Cryptographic random bytes (`-init`). */
  readonly randomBytes: (n: number) => Uint8Array;
  /** For conf.json substitution. */
  readonly env: ConfigEnv;
  /** Ends the `-ocean` loop (the bin aborts it on SIGTERM / SIGINT). */
  readonly signal: AbortSignal;
  /** Where `-ocean` logs its rounds. */
  readonly logger: Logger;
}

/** A problem with the tool's input (printed, exit 1). */
class ToolInputError extends Error {}

const VALUE_FLAGS = [
  'apiHost',
  'mode',
  'commitment',
  'privkey',
  'signature',
  'position',
  'authtoken',
  'delay',
  'delaySeconds',
  'conf',
  'oceanurl',
  'oceanuser',
  'oceanpass',
];

function parsePosition(text: string): number {
  const t = text.trim();
  if (!/^[0-9]{1,10}$/.test(t) || Number(t) > 0x7fffffff) throw new ToolInputError(`invalid position "${text}": expected a non-negative integer`);
  return Number(t);
}

function parsePrivateKey(secp: Secp256k1, text: string): Uint8Array {
  const t = text.trim();
  if (t.length !== 64 || !isHex(t)) throw new ToolInputError('invalid private key: expected 64 hex characters');
  const key = fromHex(t);
  if (!secp.privateKeyVerify(key)) throw new ToolInputError('invalid private key: out of range');
  return key;
}

function parseCommitment(text: string): string {
  const t = text.trim();
  if (t.length !== 64 || !isHex(t)) throw new ToolInputError(`invalid commitment "${t}": expected 64 hex characters`);
  return t;
}

function parseMinutesOrSeconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,7}$/.test(text) || Number(text) === 0) throw new FlagError(`invalid value "${text}" for flag -${flag}: expected a positive integer`);
  return Number(text);
}

/** A fresh key pair (`-init`). */
export function generateKeyPair(secp: Secp256k1, randomBytes: (n: number) => Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array } {
  for (;;) {
    const privateKey = randomBytes(32);
    if (secp.privateKeyVerify(privateKey)) return { privateKey, publicKey: secp.publicKeyCreate(privateKey, true) };
  }
}

/**
 * `commitmenttool` (spec §6.4): `-init` key generation; the standard `sign|send|both` mode,
 * interactive like the Go tool for anything the flags do not give; and the recurrent `-ocean` mode.
 * Returns the exit code (0 ok, 1 failure, 2 usage).
 */
export async function runCommitmentTool(argv: readonly string[], deps: CommitmentToolDeps): Promise<number> {
  const { io } = deps;
  const flags = parseToolFlags(argv, { values: VALUE_FLAGS, booleans: ['init', 'ocean'] }, COMMITMENT_TOOL_USAGE, (text) => io.err(text));
  if (typeof flags === 'number') return flags;
  try {
    if (flags.rest.length > (flags.booleans.has('ocean') || flags.booleans.has('init') ? 0 : 1)) throw new FlagError(`unexpected argument: ${flags.rest[flags.rest.length - 1]}`);
    if (flags.booleans.has('init') && flags.booleans.has('ocean')) throw new FlagError('use either -init or -ocean');
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`${e.message}\n${COMMITMENT_TOOL_USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    if (flags.booleans.has('init')) {
      const { privateKey, publicKey } = generateKeyPair(deps.secp, deps.randomBytes);
      io.out(`privkey: ${toHex(privateKey)}\npubkey: ${toHex(publicKey)}\n`);
      return 0;
    }
    const api = new MainstayApiClient(flags.values.get('apiHost') ?? DEFAULT_MAINSTAY_API_URL);
    if (flags.booleans.has('ocean')) return await runRecurrent(flags.values, api, deps);
    return await runStandard(flags.values, flags.rest[0], api, deps);
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`${e.message}\n${COMMITMENT_TOOL_USAGE}`);
      return 2;
    }
    if (e instanceof ToolInputError || e instanceof ConfigError || e instanceof CommitmentSignatureError || e instanceof ApiTransportError) {
      io.err(`commitmenttool: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ApiReplyError) {
      io.err(`commitmenttool: the API rejected the commitment: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

async function runStandard(values: ReadonlyMap<string, string>, modeArg: string | undefined, api: MainstayApiClient, deps: CommitmentToolDeps): Promise<number> {
  const { io, secp } = deps;
  const interactive = !values.has('commitment') || !(values.has('mode') || modeArg !== undefined);
  const ask = async (flag: string, prompt: string): Promise<string> => {
    const given = values.get(flag);
    if (given !== undefined) return given;
    io.out(prompt);
    const line = await io.readLine();
    if (line === undefined) throw new ToolInputError(`no ${flag} given (end of input)`);
    return line.trim();
  };
  if (interactive) io.out('\n***** Mainstay Commitment Tool *****\n\n');
  const commitment = parseCommitment(await ask('commitment', 'Insert commitment: '));
  const mode = (values.get('mode') ?? modeArg ?? (await ask('mode', 'sign, send or both? '))).trim().toLowerCase();
  if (mode !== 'sign' && mode !== 'send' && mode !== 'both') throw new ToolInputError(`invalid mode "${mode}": expected sign, send or both`);

  let signature: string | undefined;
  if (mode === 'sign' || mode === 'both') {
    const key = parsePrivateKey(secp, await ask('privkey', 'Insert private key: '));
    signature = signCommitment(secp, key, commitment);
    io.out(`signature: ${signature}\n`);
  }
  if (mode === 'send' || mode === 'both') {
    if (signature === undefined) signature = await ask('signature', 'Insert signature (empty for none): ');
    const position = parsePosition(await ask('position', 'Insert position: '));
    const token = await ask('authtoken', 'Insert auth token: ');
    if (token === '') throw new ToolInputError('no auth token given');
    const response = await api.sendCommitment(encodeCommitmentEnvelope({ commitment, position, token }, signature));
    io.out(`response: ${response}\n`);
  }
  return 0;
}

async function runRecurrent(values: ReadonlyMap<string, string>, api: MainstayApiClient, deps: CommitmentToolDeps): Promise<number> {
  const positionText = values.get('position');
  const token = values.get('authtoken');
  if (positionText === undefined) throw new FlagError('-ocean needs -position');
  if (token === undefined || token === '') throw new FlagError('-ocean needs -authtoken');
  const position = parsePosition(positionText);
  const privkey = values.get('privkey');
  const privateKey = privkey === undefined ? undefined : parsePrivateKey(deps.secp, privkey);
  const seconds = parseMinutesOrSeconds(values.get('delaySeconds'), 'delaySeconds');
  const minutes = parseMinutesOrSeconds(values.get('delay'), 'delay') ?? 60;
  const intervalMs = seconds !== undefined ? seconds * 1000 : minutes * 60_000;
  const committer = new RecurrentCommitter({
    clientChain: RpcClientChain.connect(await clientChainEndpoint(values, deps.env)),
    api,
    secp: deps.secp,
    position,
    token,
    ...(privateKey !== undefined ? { privateKey } : {}),
    intervalMs,
    logger: deps.logger,
  });
  await committer.run(deps.signal);
  return 0;
}

/** `-oceanurl/-oceanuser/-oceanpass` (all three), else conf.json's `clientchain` / `ocean` section. */
async function clientChainEndpoint(values: ReadonlyMap<string, string>, env: ConfigEnv): Promise<ClientChainEndpoint> {
  const url = values.get('oceanurl');
  const user = values.get('oceanuser');
  const pass = values.get('oceanpass');
  if (url !== undefined || user !== undefined || pass !== undefined) {
    if (url === undefined || user === undefined || pass === undefined) throw new FlagError('-oceanurl, -oceanuser and -oceanpass must be given together');
    return { url, user, pass };
  }
  const conf = values.get('conf');
  if (conf === undefined) throw new FlagError('-ocean needs the client chain: -conf <conf.json> or -oceanurl/-oceanuser/-oceanpass');
  const rpc = (await loadToolConfig(conf, env)).clientChain();
  if (rpc === undefined) throw new ConfigError('clientchain', '', 'is missing (or an "ocean" section)');
  return rpc;
}
