import { sha256 } from '../crypto/hash.js';
import { assert } from '../encoding/errors.js';
import { concatBytes, toHex } from '../encoding/hex.js';
import { AssetIssuance } from '../primitives/asset-issuance.js';
import { Block } from '../primitives/block.js';
import { BlockHeader } from '../primitives/block-header.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../primitives/confidential.js';
import { merkleRoot } from '../primitives/merkle.js';
import { OutPoint } from '../primitives/outpoint.js';
import { Transaction } from '../primitives/transaction.js';
import { SEQUENCE_FINAL, TxIn } from '../primitives/tx-in.js';
import { TxOut } from '../primitives/tx-out.js';
import { assetEntropy, calculateAsset } from '../assets/asset-id.js';
import type { ChainOptions } from './chain-options.js';
import { POLICY_ASSETS, policyAssetContract, type PolicyAssetKind } from './policy-assets.js';

/** Ocean's `MAX_SCRIPT_SIZE`. */
const MAX_SCRIPT_SIZE = 50_000;
const OP_RETURN = 0x6a;
const OP_REGISTERADDRESS = 0xb8;
const OP_DEREGISTERADDRESS = 0xb6;
/** Outputs per genesis issuance transaction. */
export const GENESIS_ISSUANCE_OUTPUTS = 100;

const ZERO32 = new Uint8Array(32);
const encoder = new TextEncoder();

/** Everything the genesis block depends on. */
export type GenesisInputs = Pick<
  ChainOptions,
  | 'chain'
  | 'signBlockScript'
  | 'fedpegScript'
  | 'parentContract'
  | 'fedpegAddress'
  | 'parentGenesisBlockHash'
  | 'genesisTimestamp'
  | 'initialFreeCoins'
  | 'initialFreeCoinsDestination'
  | 'policyCoins'
  | 'policyDestinations'
  | 'issueControlScript'
  | 'attestationHash'
> & {
  /** Header `hashContract`: the height-0 contract hash when `-embedcontract`, else zero. */
  readonly contractHash: Uint8Array;
};

export interface Genesis {
  readonly block: Block;
  /** Genesis block hash (internal order). */
  readonly hash: Uint8Array;
  /** The argument commitment (chain spec §3.2), used raw. */
  readonly commitment: Uint8Array;
  /** `CBT`: the asset of the free-coin issuance at prevout `(commitment, 0)`, issued or not. */
  readonly peggedAsset: Uint8Array;
  /** Policy assets actually issued in the genesis block, in issuance order. */
  readonly policyAssets: ReadonlyMap<PolicyAssetKind, Uint8Array>;
}

/**
 * `SHA256(chain || hex(fedpegScript) || hex(signblockScript) || hex(parentContract internal) ||
 * hex(fedpegAddress))` — single SHA-256 over the ASCII text (chain spec §3.2).
 */
export function genesisCommitment(
  inputs: Pick<GenesisInputs, 'chain' | 'fedpegScript' | 'signBlockScript' | 'parentContract' | 'fedpegAddress'>,
): Uint8Array {
  const text =
    inputs.chain + toHex(inputs.fedpegScript) + toHex(inputs.signBlockScript) + toHex(inputs.parentContract) + toHex(inputs.fedpegAddress);
  return sha256(encoder.encode(text));
}

/** The pegged asset: `CalculateAsset(AssetEntropy((commitment, 0), parentGenesisBlockHash))`. */
export function peggedAssetId(commitment: Uint8Array, parentGenesisBlockHash: Uint8Array): Uint8Array {
  return calculateAsset(assetEntropy(new OutPoint(commitment, 0), parentGenesisBlockHash));
}

/**
 * A genesis destination receives coins only when spendable: non-empty, not starting with
 * OP_RETURN / OP_REGISTERADDRESS / OP_DEREGISTERADDRESS, and at most `MAX_SCRIPT_SIZE` bytes.
 */
export function isSpendableGenesisDestination(script: Uint8Array): boolean {
  if (script.length === 0 || script.length > MAX_SCRIPT_SIZE) return false;
  const first = script[0];
  return first !== OP_RETURN && first !== OP_REGISTERADDRESS && first !== OP_DEREGISTERADDRESS;
}

/** Build the genesis block deterministically from the chain options (chain spec §3). */
export function buildGenesis(inputs: GenesisInputs): Genesis {
  assert(inputs.contractHash.length === 32 && inputs.attestationHash.length === 32, 'genesis hashes are 32 bytes');
  const commitment = genesisCommitment(inputs);
  const txs: Transaction[] = [coinbase(commitment, inputs.issueControlScript)];

  let k = 0;
  if (inputs.initialFreeCoins !== 0n) {
    txs.push(issuance(commitment, k, inputs.parentGenesisBlockHash, inputs.initialFreeCoins, inputs.initialFreeCoinsDestination));
    k++;
  }
  const policyAssets = new Map<PolicyAssetKind, Uint8Array>();
  if (inputs.policyCoins !== 0n) {
    for (const p of POLICY_ASSETS) {
      const dest = inputs.policyDestinations[p.kind];
      if (dest === undefined || !isSpendableGenesisDestination(dest)) continue;
      const contract = policyAssetContract(p);
      txs.push(issuance(commitment, k, contract, inputs.policyCoins, dest));
      policyAssets.set(p.kind, calculateAsset(assetEntropy(new OutPoint(commitment, k), contract)));
      k++;
    }
  }

  const header = new BlockHeader(
    1,
    ZERO32,
    merkleRoot(txs.map((t) => t.txid)).root,
    inputs.contractHash,
    inputs.attestationHash,
    ZERO32,
    inputs.genesisTimestamp,
    0,
    inputs.signBlockScript,
    new Uint8Array(0),
  );
  const block = new Block(header, txs);
  return {
    block,
    hash: header.hash,
    commitment,
    peggedAsset: peggedAssetId(commitment, inputs.parentGenesisBlockHash),
    policyAssets,
  };
}

/** Explicit all-zero asset, explicit 0 value, null nonce. */
function zeroOutput(script: Uint8Array): TxOut {
  return new TxOut(ConfidentialAsset.fromId(ZERO32), ConfidentialValue.fromAmount(0n), ConfidentialNonce.NULL, script);
}

function coinbase(commitment: Uint8Array, issueControlScript: Uint8Array): Transaction {
  const input = new TxIn(OutPoint.NULL, pushData(commitment), SEQUENCE_FINAL);
  const outputs = [zeroOutput(new Uint8Array([OP_RETURN]))];
  if (issueControlScript.length > 0) outputs.push(zeroOutput(concatBytes(new Uint8Array([OP_RETURN]), pushData(issueControlScript))));
  return new Transaction(1, [input], outputs, 0);
}

function issuance(commitment: Uint8Array, k: number, contract: Uint8Array, coins: bigint, destination: Uint8Array): Transaction {
  const perOutput = coins / BigInt(GENESIS_ISSUANCE_OUTPUTS);
  const asset = calculateAsset(assetEntropy(new OutPoint(commitment, k), contract));
  const input = new TxIn(
    new OutPoint(commitment, k),
    new Uint8Array(0),
    SEQUENCE_FINAL,
    new AssetIssuance(
      ZERO32,
      contract,
      ConfidentialValue.fromAmount(perOutput * BigInt(GENESIS_ISSUANCE_OUTPUTS)),
      ConfidentialValue.fromAmount(0n),
    ),
  );
  const out = new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(perOutput), ConfidentialNonce.NULL, destination);
  return new Transaction(1, [input], Array<TxOut>(GENESIS_ISSUANCE_OUTPUTS).fill(out), 0);
}

/** `CScript() << data`: minimal push of a byte vector. */
function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  let prefix: Uint8Array;
  if (n < 0x4c) prefix = new Uint8Array([n]);
  else if (n <= 0xff) prefix = new Uint8Array([0x4c, n]);
  else if (n <= 0xffff) prefix = new Uint8Array([0x4d, n & 0xff, n >> 8]);
  else prefix = new Uint8Array([0x4e, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  return concatBytes(prefix, data);
}

