/**
 * The verifier of `confirmationtool` (spec §6.3, §3.5, pymainstay `sync`): for each staychain
 * transaction, in chain order, check that it is the attestation the Mainstay API says it is and
 * that the client's slot commitment in it is proven and is a block of the client chain.
 */
import { bitcoinAddressFromScript, fromHex, isHex, toHex, type BitcoinNetwork } from '@ocean-ts/core';
import { commitmentFromDisplayHex, isZeroCommitment } from '../crypto/commitment-path.js';
import { MainstayCryptoError } from '../crypto/crypto-error.js';
import type { StaychainOutputs } from '../crypto/staychain-outputs.js';
import { slotFromOps, verifySlotProof } from '../merkle/slot-proof.js';
import type { ClientChain } from './client-chain.js';
import { ApiReplyError, type MainstayApiClient } from './mainstay-api-client.js';
import type { StaychainStep } from './staychain-walker.js';

/** A staychain transaction failed verification; `reason` says which check. */
export class AttestationVerificationError extends Error {
  override readonly name = 'AttestationVerificationError';
  constructor(
    readonly txid: string,
    readonly reason: string,
  ) {
    super(`attestation ${txid}: ${reason}`);
  }
}

const ZERO_HASH = '0'.repeat(64);

/** The staychain base (the start transaction is no attestation but pays to the untweaked address). */
export interface BaseOutcome {
  readonly kind: 'base';
  readonly txid: string;
  readonly vout: number;
  readonly address: string;
  readonly blockhash: string;
  readonly height: number;
}

/** A verified attestation. `commitment`/`clientBlockHeight` are undefined when the slot was empty. */
export interface AttestationOutcome {
  readonly kind: 'attestation';
  readonly txid: string;
  readonly blockhash: string;
  readonly height: number;
  readonly merkleRoot: string;
  readonly address: string;
  readonly position: number;
  /** The slot's commitment (display hex); undefined when the API has none for the slot in this tree. */
  readonly commitment: string | undefined;
  /** Why there is no commitment (the API's message), when there is none. */
  readonly noCommitmentReason: string | undefined;
  readonly proofOps: number;
  /** Height of the client-chain block the commitment names; undefined for no or the zero commitment. */
  readonly clientBlockHeight: number | undefined;
}

export type VerifiedStep = BaseOutcome | AttestationOutcome;

export type VerifierApi = Pick<MainstayApiClient, 'attestation' | 'commitment' | 'commitmentProof'>;

export interface AttestationVerifierOptions {
  readonly api: VerifierApi;
  readonly clientChain: ClientChain;
  /** Where an attestation of each root pays (Profile A P2SH multisig, Profile B P2WPKH). */
  readonly outputs: StaychainOutputs;
  readonly network: BitcoinNetwork;
  /** The client's slot. */
  readonly position: number;
}

export class AttestationVerifier {
  private prev: { txid: string; vout: number; clientHeight: number | undefined } | undefined;

  constructor(private readonly options: AttestationVerifierOptions) {}

  /**
   * Verify the next staychain transaction (steps must come in chain order, the start first). Throws
   * {@link AttestationVerificationError} for a failed check; API transport and node errors propagate.
   */
  async verify(step: StaychainStep): Promise<VerifiedStep> {
    const { tx } = step;
    const fail = (reason: string): never => {
      throw new AttestationVerificationError(tx.txid, reason);
    };
    if (this.prev !== undefined) {
      const in0 = tx.vin[0];
      if (in0 === undefined || in0.txid !== this.prev.txid || in0.vout !== this.prev.vout) {
        fail(`input 0 does not spend the staychain tip ${this.prev.txid}:${this.prev.vout}`);
      }
    }
    let attestation;
    try {
      attestation = await this.options.api.attestation(tx.txid);
    } catch (e) {
      if (!(e instanceof ApiReplyError)) throw e;
      if (step.index === 0) return this.base(step, e.message);
      return fail(`the API has no attestation for this transaction (${e.message})`);
    }
    return this.attestation(step, attestation.txid, attestation.merkleRoot, fail);
  }

  private base(step: StaychainStep, apiMessage: string): BaseOutcome {
    const { tx } = step;
    const baseScript = toHex(this.options.outputs.scriptPubKeyFor(new Uint8Array(32)));
    const vout = tx.vout.findIndex((o) => o.scriptPubKey.hex.toLowerCase() === baseScript);
    if (vout < 0) {
      throw new AttestationVerificationError(
        tx.txid,
        `the API has no attestation for the start transaction (${apiMessage}) and it does not pay to the staychain base address ${this.addressOf(baseScript)}`,
      );
    }
    this.prev = { txid: tx.txid, vout: tx.vout[vout]!.n, clientHeight: undefined };
    return { kind: 'base', txid: tx.txid, vout: tx.vout[vout]!.n, address: this.addressOf(baseScript) ?? baseScript, blockhash: step.blockhash, height: step.height };
  }

  private async attestation(step: StaychainStep, apiTxid: string, apiRoot: string, fail: (reason: string) => never): Promise<AttestationOutcome> {
    const { tx } = step;
    const { api, clientChain, outputs, position } = this.options;
    // 1. exactly one output, with exactly one address
    if (tx.vout.length !== 1) fail(`expected exactly one output, found ${tx.vout.length}`);
    const out = tx.vout[0]!;
    const script = out.scriptPubKey.hex.toLowerCase();
    const address = this.addressOf(script);
    if (address === undefined) fail(`the output script ${script} has no single address`);
    // 2. the attested root, from the API
    if (apiTxid !== tx.txid) fail(`the API answered for transaction ${apiTxid}`);
    const root = apiRoot.toLowerCase();
    if (root.length !== 64 || !isHex(root) || root === ZERO_HASH) fail(`the API gives an invalid merkle root "${apiRoot}"`);
    // 3. the output pays to the keys tweaked with that root
    let expected: string;
    try {
      expected = toHex(outputs.scriptPubKeyFor(commitmentFromDisplayHex(root)));
    } catch (e) {
      if (e instanceof MainstayCryptoError) return fail(`cannot tweak the keys with merkle root ${root}: ${e.message}`);
      throw e;
    }
    if (expected !== script) fail(`the output pays to ${address!}, but merkle root ${root} gives ${this.addressOf(expected) ?? expected}`);

    // 4. the slot's commitment in this tree (none: the slot was not in this attestation)
    let commitment: string;
    try {
      commitment = (await api.commitment(position, root)).toLowerCase();
    } catch (e) {
      if (!(e instanceof ApiReplyError)) throw e;
      this.prev = { txid: tx.txid, vout: out.n, clientHeight: this.prev?.clientHeight };
      return this.outcome(step, root, address!, { commitment: undefined, noCommitmentReason: e.message, proofOps: 0, clientBlockHeight: undefined });
    }
    // 5. its proof leads to the root, and is the proof of this position
    let proof;
    try {
      proof = await api.commitmentProof(position, root);
    } catch (e) {
      if (!(e instanceof ApiReplyError)) throw e;
      return fail(`no proof for position ${position} under merkle root ${root} (${e.message})`);
    }
    if (proof.merkleRoot.toLowerCase() !== root) fail(`the proof is for merkle root ${proof.merkleRoot}, not ${root}`);
    if (proof.commitment.toLowerCase() !== commitment) fail(`the proof is for commitment ${proof.commitment}, but position ${position} holds ${commitment}`);
    if (!verifySlotProof(proof)) fail(`the proof of position ${position} does not lead from commitment ${commitment} to merkle root ${root}`);
    if (!verifySlotProof(proof, { position })) {
      fail(`the proof is not a proof of position ${position}: its ops are those of position ${slotFromOps(proof.ops)} (${proof.ops.length} levels)`);
    }
    // 6. the commitment is a block of the client chain, and client heights do not go down
    let clientBlockHeight: number | undefined;
    if (!isZeroCommitment(fromHex(commitment))) {
      clientBlockHeight = await clientChain.blockHeight(commitment);
      if (clientBlockHeight === undefined) fail(`commitment ${commitment} is not a block of the client chain`);
      const prevHeight = this.prev?.clientHeight;
      if (prevHeight !== undefined && clientBlockHeight! < prevHeight) {
        fail(`client chain height went down: block ${commitment} at height ${clientBlockHeight!} is attested after height ${prevHeight}`);
      }
    }
    this.prev = { txid: tx.txid, vout: out.n, clientHeight: clientBlockHeight ?? this.prev?.clientHeight };
    return this.outcome(step, root, address!, { commitment, noCommitmentReason: undefined, proofOps: proof.ops.length, clientBlockHeight });
  }

  private outcome(
    step: StaychainStep,
    merkleRoot: string,
    address: string,
    slot: Pick<AttestationOutcome, 'commitment' | 'noCommitmentReason' | 'proofOps' | 'clientBlockHeight'>,
  ): AttestationOutcome {
    return { kind: 'attestation', txid: step.tx.txid, blockhash: step.blockhash, height: step.height, merkleRoot, address, position: this.options.position, ...slot };
  }

  private addressOf(scriptHex: string): string | undefined {
    return bitcoinAddressFromScript(fromHex(scriptHex), this.options.network);
  }
}
