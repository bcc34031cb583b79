/**
 * Block checks that need no UTXO set (chain spec §4–§6):
 * - `checkBlockHeader` / `checkBlock`: context-free (`CheckBlockHeader`, `CheckBlock`);
 * - `contextualCheckBlockHeader` / `contextualCheckBlock`: against the parent (`HeaderContext`).
 * Each returns the first failed rule or `null`. State is passed in; nothing is stored.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { Block } from '../primitives/block.js';
import type { BlockHeader } from '../primitives/block-header.js';
import { findWitnessCommitmentIndex, witnessCommitment } from '../primitives/block.js';
import { bytesEqual } from '../encoding/hex.js';
import { verifyScript } from '../script/interpreter.js';
import { BLOCK_PROOF_SCRIPT_VERIFY_FLAGS } from '../script/flags.js';
import { BlockProofChecker } from '../script/block-proof-checker.js';
import { ScriptBuilder } from '../script/script-builder.js';
import { checkTransaction } from './check-transaction.js';
import { legacySigOpCount } from './sigops.js';
import { MAX_BLOCK_BASE_SIZE, MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT, MAX_FUTURE_BLOCK_TIME, MIN_BLOCK_VERSION } from './limits.js';
import { isFinalTx } from './sequence-locks.js';
import type { ConsensusRules } from './consensus-rules.js';
import { badVersion, reject, Reject } from './reject.js';


/**
 * `CheckProof` (chain spec §4.1): the genesis block passes; any other block's solution must
 * satisfy its challenge as `VerifyScript(solution, challenge)` with P2SH only, the message being
 * the block hash.
 */
export function checkProof(header: BlockHeader, genesisHash: Uint8Array, secp: Secp256k1): boolean {
  if (bytesEqual(header.hash, genesisHash)) return true;
  const checker = new BlockProofChecker(secp, header.hash);
  return verifyScript(header.solution, header.challenge, [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, checker).ok;
}

export interface CheckBlockHeaderOptions {
  readonly rules: Pick<ConsensusRules, 'genesisHash'>;
  readonly secp: Secp256k1;
  /** Network-adjusted time now (seconds). */
  readonly adjustedTime: number;
  /** Verify the block proof (default true). */
  readonly checkProof?: boolean;
}

/** `CheckBlockHeader`: block proof, then `time-too-new`. Run for every header received. */
export function checkBlockHeader(header: BlockHeader, opts: CheckBlockHeaderOptions): Reject | null {
  if (opts.checkProof !== false && !checkProof(header, opts.rules.genesisHash, opts.secp)) {
    return reject('block-proof-invalid', 'proof of work failed');
  }
  if (header.time > opts.adjustedTime + MAX_FUTURE_BLOCK_TIME) return reject('time-too-new', 'block timestamp too far in the future');
  return null;
}

export interface CheckBlockOptions extends CheckBlockHeaderOptions {
  /** Compare the Merkle root (default true). */
  readonly checkMerkleRoot?: boolean;
}

/** `CheckBlock` (chain spec §5), in order. */
export function checkBlock(block: Block, opts: CheckBlockOptions): Reject | null {
  const headerFailure = checkBlockHeader(block.header, opts);
  if (headerFailure) return headerFailure;

  if (opts.checkMerkleRoot !== false) {
    const { root, mutated } = block.computeMerkleRoot();
    if (!bytesEqual(root, block.header.merkleRoot)) return reject('bad-txnmrklroot', 'hashMerkleRoot mismatch');
    if (mutated) return reject('bad-txns-duplicate', 'duplicate transaction');
  }

  const txs = block.transactions;
  if (txs.length === 0 || txs.length > MAX_BLOCK_BASE_SIZE || block.strippedSize > MAX_BLOCK_BASE_SIZE) {
    return reject('bad-blk-length', 'size limits failed');
  }

  if (!txs[0]!.isCoinbase) return reject('bad-cb-missing', 'first tx is not coinbase');
  for (let i = 1; i < txs.length; i++) if (txs[i]!.isCoinbase) return reject('bad-cb-multiple', 'more than one coinbase');

  for (const tx of txs) {
    const r = checkTransaction(tx);
    if (r) return new Reject(r.code, r.reason, r.score, `Transaction check failed (tx hash ${tx.txidHex}) ${r.debug ?? ''}`.trimEnd(), r.corruptionPossible);
  }

  let sigops = 0;
  for (const tx of txs) sigops += legacySigOpCount(tx);
  if (sigops * 4 > MAX_BLOCK_SIGOPS_COST) return reject('bad-blk-sigops', 'out-of-bounds SigOpCount');
  return null;
}

/** What the contextual checks need to know about the parent block. */
export interface HeaderContext {
  /** Height of the parent block. */
  readonly prevHeight: number;
  /** The parent block's challenge (`proof.challenge`). */
  readonly prevChallenge: Uint8Array;
  /** Median time past of the parent (median of the last 11 block times up to the parent). */
  readonly medianTimePast: number;
  /** Network-adjusted time now (seconds). */
  readonly adjustedTime: number;
}

/** `ContextualCheckBlockHeader` (chain spec §6) for a non-genesis header. */
export function contextualCheckBlockHeader(
  header: BlockHeader,
  ctx: HeaderContext,
  rules: Pick<ConsensusRules, 'challengeAt'>,
): Reject | null {
  const height = ctx.prevHeight + 1;
  if (!bytesEqual(header.challenge, rules.challengeAt(height, ctx.prevChallenge))) {
    return reject('bad-diffbits', 'incorrect proof of work');
  }
  if (header.time <= ctx.medianTimePast) return reject('time-too-old', "block's timestamp is too early");
  if (header.height !== height) return reject('bad-header-height', `block height in header is ${header.height}, expected ${height}`);
  if (header.time > ctx.adjustedTime + MAX_FUTURE_BLOCK_TIME) return reject('time-too-new', 'block timestamp too far in the future');
  if (header.version < MIN_BLOCK_VERSION) return badVersion(header.version);
  return null;
}

/** `CScript() << height`: the prefix every coinbase scriptSig must start with. */
export function coinbaseHeightPrefix(height: number): Uint8Array {
  return new ScriptBuilder().number(height).build();
}

/** `ContextualCheckBlock` (chain spec §6): finality, coinbase height, witness commitment, weight. */
export function contextualCheckBlock(block: Block, ctx: Pick<HeaderContext, 'prevHeight' | 'medianTimePast'>): Reject | null {
  const height = ctx.prevHeight + 1;
  // BIP113 (csv always active): the lock-time cutoff is the parent's median time past.
  for (const tx of block.transactions) {
    if (!isFinalTx(tx, height, ctx.medianTimePast)) return reject('bad-txns-nonfinal', 'non-final transaction');
  }

  const coinbase = block.transactions[0];
  if (coinbase === undefined || coinbase.inputs.length === 0) return reject('bad-cb-missing', 'first tx is not coinbase');
  // BIP34 in Ocean: whenever nVersion >= 2 (every valid non-genesis block).
  if (block.header.version >= 2) {
    const expect = coinbaseHeightPrefix(height);
    const scriptSig = coinbase.inputs[0]!.scriptSig;
    if (scriptSig.length < expect.length || !bytesEqual(scriptSig.subarray(0, expect.length), expect)) {
      return reject('bad-cb-height', 'block height mismatch in coinbase');
    }
  }

  // Witness commitment (segwit always active).
  let haveWitness = false;
  const commitPos = findWitnessCommitmentIndex(coinbase);
  if (commitPos !== -1) {
    const stack = coinbase.inWitness[0]!.scriptWitness;
    if (coinbase.inWitness.length !== 1 || stack.length !== 1 || stack[0]!.length !== 32) {
      return reject('bad-witness-nonce-size', 'invalid witness nonce size');
    }
    const commitment = witnessCommitment(block.computeWitnessRoot(), stack[0]!);
    const script = coinbase.outputs[commitPos]!.scriptPubKey;
    if (!bytesEqual(commitment, script.subarray(6, 38))) return reject('bad-witness-merkle-match', 'witness merkle commitment mismatch');
    haveWitness = true;
  }
  if (!haveWitness) {
    for (const tx of block.transactions) if (tx.hasWitness) return reject('unexpected-witness', 'unexpected witness data found');
  }

  if (block.weight > MAX_BLOCK_WEIGHT) return reject('bad-blk-weight', 'weight limit failed');
  return null;
}
