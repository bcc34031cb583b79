import { bitcoinNetworkFromChain, fromHex, isHex, type BitcoinNetwork, type Secp256k1 } from '@ocean-ts/core';
import type { BitcoinClient } from '@ocean-ts/rpc-client';
import type { Logger } from '@ocean-ts/service-kit';
import { ConfigError } from '../config/config-error.js';
import type { ConfigEnv } from '../config/conf-reader.js';
import type { MainChainConfig } from '../config/mainstay-config.js';
import { parseChaincode, parseChaincodes } from '../crypto/chaincodes.js';
import { MainstayCryptoError } from '../crypto/crypto-error.js';
import { parseRedeemScript } from '../crypto/redeem-script.js';
import { MultisigStaychain, SegwitStaychain, type StaychainOutputs } from '../crypto/staychain-outputs.js';
import { AttestationVerificationError, AttestationVerifier, type VerifiedStep } from './attestation-verifier.js';
import { RpcClientChain, type ClientChain } from './client-chain.js';
import { FlagError, parseToolFlags } from './go-flags.js';
import { ApiTransportError, DEFAULT_MAINSTAY_API_URL, MainstayApiClient } from './mainstay-api-client.js';
import { StaychainWalkError, StaychainWalker } from './staychain-walker.js';
import { toolBitcoinClient } from './tool-bitcoin-client.js';
import { loadToolConfig } from './tool-config.js';
import type { ToolIo } from './tool-io.js';

export const CONFIRMATION_TOOL_USAGE = `Usage of confirmationtool:
  -tx string
        txid of the staychain transaction to start from: the base (initTx) or any attestation
        (default: conf.json staychain.initTx)
  -position int
        the client's slot position
  -apiHost string
        Mainstay API host (default "${DEFAULT_MAINSTAY_API_URL}")
  -conf string
        conf.json: section main (Bitcoin node: rpcurl, rpcuser, rpcpass, chain[, type]) and section
        clientchain or ocean (the client chain node); staychain keys stand in for missing flags
 Profile A (P2SH multisig):
  -script string
        the staychain's initScript (multisig redeem script hex)
  -chaincodes string
        chaincodes of the script's keys, comma-separated, in key order
 Profile B (P2WPKH, single key):
  -pubkey string
        the staychain's initPublicKey (hex)
  -chaincode string
        its chaincode
 walking:
  -detailed
        print the address and proof of every attestation
  -once
        stop at the Bitcoin chain tip (default: keep polling for new blocks)
  -poll int
        minutes between polls for new blocks (default 5)
  -pollSeconds int
        seconds between polls, instead of -poll (for tests)
`;

export interface ConfirmationToolDeps {
  readonly io: ToolIo;
  readonly secp: Secp256k1;
  readonly env: ConfigEnv;
  /** Ends the walk (the bin aborts it on SIGTERM / SIGINT). */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** The Bitcoin node of the `main` section (default: bitcoind RPC, or bcoin with `main.type`). */
  readonly bitcoinClient?: (main: MainChainConfig) => BitcoinClient;
}

/** The staychain keys a verification needs. */
export type StaychainKeys =
  | { readonly profile: 'A'; readonly initScript: string; readonly chaincodes: string }
  | { readonly profile: 'B'; readonly initPublicKey: string; readonly chaincode: string };

/** Where the attestations of a staychain pay (throws `MainstayCryptoError` for bad keys). */
export function staychainOutputs(secp: Secp256k1, keys: StaychainKeys, network: BitcoinNetwork): StaychainOutputs {
  if (keys.profile === 'A') {
    const hex = keys.initScript.trim();
    if (hex === '' || !isHex(hex)) throw new MainstayCryptoError('the script must be hex');
    const script = fromHex(hex);
    const n = parseRedeemScript(secp, script).n;
    return new MultisigStaychain(secp, script, parseChaincodes(keys.chaincodes, n), network);
  }
  const pub = keys.initPublicKey.trim();
  if (pub === '' || !isHex(pub)) throw new MainstayCryptoError('the public key must be hex');
  return new SegwitStaychain(secp, fromHex(pub), parseChaincode(keys.chaincode), network);
}

/** Everything a verification run needs, already connected. */
export interface ConfirmationRun {
  readonly bitcoin: BitcoinClient;
  readonly clientChain: ClientChain;
  readonly api: MainstayApiClient;
  readonly outputs: StaychainOutputs;
  readonly network: BitcoinNetwork;
  readonly startTxid: string;
  readonly position: number;
  readonly pollMs?: number;
  readonly once?: boolean;
}

/**
 * Walk and verify the staychain, calling `onStep` for every verified transaction. Resolves when the
 * walk ends (tip reached with `once`, or `signal` aborted); throws `AttestationVerificationError` at
 * the first failed check (and `StaychainWalkError` / node / API errors as they come).
 */
export async function verifyStaychain(run: ConfirmationRun, onStep: (s: VerifiedStep) => void, signal?: AbortSignal, logger?: Logger): Promise<number> {
  const walker = new StaychainWalker(run.bitcoin, run.startTxid, {
    ...(run.pollMs !== undefined ? { pollMs: run.pollMs } : {}),
    once: run.once ?? false,
    ...(signal !== undefined ? { signal } : {}),
    ...(logger !== undefined ? { logger } : {}),
  });
  const verifier = new AttestationVerifier({ api: run.api, clientChain: run.clientChain, outputs: run.outputs, network: run.network, position: run.position });
  let verified = 0;
  for await (const step of walker.walk()) {
    const outcome = await verifier.verify(step);
    if (outcome.kind === 'attestation') verified++;
    onStep(outcome);
  }
  return verified;
}

/** The lines printed for a verified step. */
export function describeStep(s: VerifiedStep, detailed: boolean): string {
  if (s.kind === 'base') {
    return `staychain base ${s.txid}:${s.vout} (${s.address})\n  bitcoin block: ${s.blockhash} (height ${s.height})\n`;
  }
  const lines = [`attestation ${s.txid} verified`, `  bitcoin block: ${s.blockhash} (height ${s.height})`, `  merkle root: ${s.merkleRoot}`];
  if (detailed) lines.push(`  address: ${s.address}`);
  if (s.commitment === undefined) {
    lines.push(`  position ${s.position}: no commitment in this attestation (${s.noCommitmentReason ?? ''})`);
  } else {
    if (detailed) lines.push(`  commitment: ${s.commitment} (proof: ${s.proofOps} ops)`);
    lines.push(s.clientBlockHeight === undefined ? `  client block: none (zero commitment)` : `  client block: ${s.commitment} (height ${s.clientBlockHeight})`);
  }
  return `${lines.join('\n')}\n`;
}

function parseIntFlag(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) < min || Number(text) > 0x7fffffff) throw new FlagError(`invalid value "${text}" for flag -${flag}`);
  return Number(text);
}

/**
 * `confirmationtool` (spec §6.3): verify a client's attestations along the staychain. Prints each
 * verified attestation (Bitcoin block, merkle root, client block and height); exits 1 at the first
 * failed verification with the reason, 0 when stopped (tip reached with `-once`, or a signal).
 */
export async function runConfirmationTool(argv: readonly string[], deps: ConfirmationToolDeps): Promise<number> {
  const { io } = deps;
  try {
    const flags = parseToolFlags(argv, {
      values: ['tx', 'script', 'chaincodes', 'pubkey', 'chaincode', 'position', 'apiHost', 'conf', 'poll', 'pollSeconds'],
      booleans: ['detailed', 'once'],
    }, CONFIRMATION_TOOL_USAGE, (text) => io.err(text));
    if (typeof flags === 'number') return flags;
    if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
    const v = (k: string) => flags.values.get(k);
    const position = parseIntFlag(v('position'), 'position', 0);
    if (position === undefined) throw new FlagError('-position is required');
    const conf = v('conf');
    if (conf === undefined) throw new FlagError('-conf is required (the main and clientchain sections name the nodes)');
    const config = await loadToolConfig(conf, deps.env);
    const main = config.main();
    const clientRpc = config.clientChain();
    if (clientRpc === undefined) throw new ConfigError('clientchain', '', 'is missing (or an "ocean" section)');

    const startTxid = (v('tx') ?? config.staychain.initTx ?? '').trim().toLowerCase();
    if (startTxid === '') throw new FlagError('-tx is required (or conf.json staychain.initTx)');
    if (startTxid.length !== 64 || !isHex(startTxid)) throw new FlagError(`invalid value "${startTxid}" for flag -tx: expected a txid`);
    const keys = staychainKeys(flags.values, config);
    const network = bitcoinNetworkFromChain(main.chain);
    const outputs = staychainOutputs(deps.secp, keys, network);
    const seconds = parseIntFlag(v('pollSeconds'), 'pollSeconds', 1);
    const minutes = parseIntFlag(v('poll'), 'poll', 1);
    const pollMs = seconds !== undefined ? seconds * 1000 : minutes !== undefined ? minutes * 60_000 : undefined;
    const run: ConfirmationRun = {
      bitcoin: (deps.bitcoinClient ?? toolBitcoinClient)(main),
      clientChain: RpcClientChain.connect(clientRpc),
      api: new MainstayApiClient(v('apiHost') ?? DEFAULT_MAINSTAY_API_URL),
      outputs,
      network,
      startTxid,
      position,
      ...(pollMs !== undefined ? { pollMs } : {}),
      once: flags.booleans.has('once'),
    };
    const detailed = flags.booleans.has('detailed');
    const verified = await verifyStaychain(run, (s) => io.out(describeStep(s, detailed)), deps.signal, deps.logger);
    io.out(`${verified} attestation${verified === 1 ? '' : 's'} verified\n`);
    return 0;
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`${e.message}\n${CONFIRMATION_TOOL_USAGE}`);
      return 2;
    }
    if (e instanceof AttestationVerificationError) {
      io.err(`verification failed: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ConfigError || e instanceof MainstayCryptoError || e instanceof StaychainWalkError || e instanceof ApiTransportError) {
      io.err(`confirmationtool: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function staychainKeys(values: ReadonlyMap<string, string>, config: Awaited<ReturnType<typeof loadToolConfig>>): StaychainKeys {
  const script = values.get('script');
  const chaincodes = values.get('chaincodes');
  const pubkey = values.get('pubkey');
  const chaincode = values.get('chaincode');
  const a = script !== undefined || chaincodes !== undefined;
  const b = pubkey !== undefined || chaincode !== undefined;
  if (a && b) throw new FlagError('use either -script/-chaincodes (Profile A) or -pubkey/-chaincode (Profile B)');
  if (a) {
    if (script === undefined || chaincodes === undefined) throw new FlagError('-script and -chaincodes must be given together');
    return { profile: 'A', initScript: script, chaincodes };
  }
  if (b) {
    if (pubkey === undefined || chaincode === undefined) throw new FlagError('-pubkey and -chaincode must be given together');
    return { profile: 'B', initPublicKey: pubkey, chaincode };
  }
  const s = config.staychain;
  if (config.profile === 'B') {
    if (s.initPublicKey === undefined || s.initChaincode === undefined) throw new FlagError('no staychain keys: give -pubkey/-chaincode (or conf.json staychain.initPublicKey/initChaincode)');
    return { profile: 'B', initPublicKey: s.initPublicKey, chaincode: s.initChaincode };
  }
  if (s.initScript === undefined || s.initChaincodes.length === 0) throw new FlagError('no staychain keys: give -script/-chaincodes (or conf.json staychain.initScript/initChaincodes)');
  return { profile: 'A', initScript: s.initScript, chaincodes: s.initChaincodes.join(',') };
}
