/**
 * The attestation service's state machine (spec mainstay.md §2.6–2.8; the original's
 * `attestation/attestservice.go`), written so that one call of {@link AttestationService.step}
 * performs exactly one state's action through the injected ports and returns the next state and
 * delay. Timers live in `AttestationRunner`; the in-memory state here is only ever updated after
 * a state's I/O has succeeded, so dropping the object between or inside steps (a crash) loses
 * nothing the next `Init` cannot rebuild from the node and the store.
 *
 * Safety (ADR 0047). A restart at any point must never make the service broadcast a second
 * transaction spending the staychain tip other than an RBF replacement of the same attestation:
 * - `NewAttestation` refuses a tip that the node's mempool already spends (`gettxout` with the
 *   mempool): an attestation the recovery scan missed blocks instead of being double-spent;
 * - `SendAttestation` re-checks right before the broadcast: if the staychain input is already spent
 *   in the mempool, the spender must be an earlier version of the same attestation (a transaction
 *   the store records for the same root, paying the same output script); otherwise nothing is sent;
 * - every signature is verified before broadcast (see the profiles), so a signer sending garbage
 *   makes a round fail (Error → Init) instead of producing a rejected or invalid broadcast;
 * - fee bumps derive from the transaction last broadcast, so retries never compound a bump.
 */
import { BitcoinTransaction, fromDisplayHex, fromHex, toDisplayHex, toHex } from '@ocean-ts/core';
import { RpcCallError, type BitcoinClient, type UnspentOutput } from '@ocean-ts/rpc-client';
import type { Logger } from '@ocean-ts/service-kit';
import { buildUnsignedAttestation, bumpAttestationFee, WARNING_INSUFFICIENT_FUNDS } from '../crypto/attestation-transaction.js';
import type { SpentOutput } from '../crypto/segwit-signing.js';
import { CommitmentMerkleTree } from '../merkle/commitment-merkle-tree.js';
import type { AttestationInfoDoc, AttestationRecord } from '../store/documents.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { AttestationState, attestationStateName } from './attestation-state.js';
import type { FeePolicy } from './fee-policy.js';
import { AttestationServiceError, ERROR_NO_UNSPENT } from './service-error.js';
import { effectiveDelay, type ServiceTiming } from './service-timing.js';
import type { SignerTransport } from './signer-transport.js';
import { findTopup, StaychainMembership } from './staychain-membership.js';
import type { StaychainProfile } from './staychain-profile.js';

const ZERO = new Uint8Array(32);
const ZERO_HEX = '0'.repeat(64);

/** Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export interface AttestationServiceDeps {
  readonly bitcoin: BitcoinClient;
  readonly store: MainstayStore;
  readonly signer: SignerTransport;
  readonly fees: FeePolicy;
  readonly profile: StaychainProfile;
  /** The staychain base transaction (`initTx`), display hex. */
  readonly txid0: string;
  readonly timing: ServiceTiming;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What one step did. */
export interface StepResult {
  /** The state whose action ran. */
  readonly ran: AttestationState;
  /** The state the next step runs. */
  readonly next: AttestationState;
  /** Milliseconds to wait before the next step (regtest's forced delay applied). */
  readonly delayMs: number;
}

/** The attestation being worked on (the original's `models.Attestation` plus what signing needs). */
interface CurrentAttestation {
  /** The commitment root, display hex (zeros: nothing attested yet). */
  readonly root: string;
  readonly tree: CommitmentMerkleTree | undefined;
  txid: string | undefined;
  /** The working transaction: unsigned while signing, then signed. */
  tx: BitcoinTransaction | undefined;
  /** The version last broadcast (what a fee bump replaces). */
  sentTx: BitcoinTransaction | undefined;
  confirmed: boolean;
  /** The root the spent staychain output is tweaked with (internal order). */
  spentRoot: Uint8Array;
  /** The outputs the inputs spend (BIP143 needs them). */
  spent: SpentOutput[] | undefined;
}

/** A read-only view of the current attestation (tests, logs). */
export interface AttestationSnapshot {
  readonly root: string;
  readonly txid: string | undefined;
  readonly confirmed: boolean;
  readonly txHex: string | undefined;
}

function emptyAttestation(): CurrentAttestation {
  return { root: ZERO_HEX, tree: undefined, txid: undefined, tx: undefined, sentTx: undefined, confirmed: false, spentRoot: ZERO, spent: undefined };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class AttestationService {
  readonly membership: StaychainMembership;
  #state: AttestationState = AttestationState.Init;
  #delay = 0;
  #attestation: CurrentAttestation = emptyAttestation();
  #confirmTime = 0;
  #lastError: { state: AttestationState; error: unknown } | undefined;
  #started = false;
  readonly #baseScriptHex: string;
  readonly #log: Logger;

  constructor(private readonly deps: AttestationServiceDeps) {
    this.membership = new StaychainMembership(deps.bitcoin, deps.txid0);
    this.#baseScriptHex = toHex(deps.profile.outputScript(ZERO));
    this.#log = deps.logger.child({ component: 'attestation' });
  }

  get state(): AttestationState {
    return this.#state;
  }

  get attestation(): AttestationSnapshot {
    const a = this.#attestation;
    return { root: a.root, txid: a.txid, confirmed: a.confirmed, txHex: a.tx?.toHex() };
  }

  /** The error that sent the service to Error most recently. */
  get lastError(): { readonly state: AttestationState; readonly error: unknown } | undefined {
    return this.#lastError;
  }

  /** When the current attestation was sent (or entered the mempool, after recovery), ms. */
  get confirmTime(): number {
    return this.#confirmTime;
  }

  /** Run the current state's action once. Never throws: failures move the service to Error. */
  async step(): Promise<StepResult> {
    const ran = this.#state;
    this.#delay = this.deps.timing.fixedMs;
    try {
      await this.#run(ran);
    } catch (e) {
      this.#lastError = { state: ran, error: e };
      this.#log.error(`attestation failed in state ${attestationStateName(ran)}: ${message(e)}`, {
        state: ran,
        root: this.#attestation.root,
        txid: this.#attestation.txid,
        error: e instanceof Error && e.stack !== undefined ? e.stack : message(e),
      });
      this.#state = AttestationState.Error;
      this.#delay = this.deps.timing.fixedMs;
    }
    return { ran, next: this.#state, delayMs: effectiveDelay(this.deps.timing, this.#delay) };
  }

  #run(state: AttestationState): Promise<void> {
    switch (state) {
      case AttestationState.Error:
        return this.#error();
      case AttestationState.Init:
        return this.#init();
      case AttestationState.NextCommitment:
        return this.#nextCommitment();
      case AttestationState.NewAttestation:
        return this.#newAttestation();
      case AttestationState.SignAttestation:
        return this.#signAttestation();
      case AttestationState.PreSendStore:
        return this.#preSendStore();
      case AttestationState.SendAttestation:
        return this.#sendAttestation();
      case AttestationState.AwaitConfirmation:
        return this.#awaitConfirmation();
      case AttestationState.HandleUnconfirmed:
        return this.#handleUnconfirmed();
    }
  }

  // ---- Error, Init -------------------------------------------------------------------------

  async #error(): Promise<void> {
    const last = this.#lastError;
    this.#log.warn('attestation service: recovering after an error', {
      failedState: last === undefined ? undefined : attestationStateName(last.state),
      error: last === undefined ? undefined : message(last.error),
    });
    this.#state = AttestationState.Init;
  }

  async #init(): Promise<void> {
    this.#log.info('*AttestService* INIT ATTESTATION SERVICE');
    if (!this.#started) {
      const { store, fees } = this.deps;
      const known = [await store.latestAttestation(true), ...(await store.unconfirmedAttestations())];
      this.membership.addMembers(known.flatMap((d) => (d === undefined ? [] : [d.txid])));
      await fees.reset();
      this.#started = true;
    }
    if (await this.#recoverUnconfirmed()) return;
    if (await this.#recoverConfirmed()) return;
    await this.#reimportAddresses();
  }

  /** §2.8 step 1: an unconfirmed staychain transaction in the mempool. */
  async #recoverUnconfirmed(): Promise<boolean> {
    const { bitcoin, store, fees, profile, signer } = this.deps;
    const txid = await this.#findUnconfirmed();
    if (txid === undefined) return false;
    this.#log.info('found unconfirmed attestation', { txid });
    const docs = await store.attestationsByTxid(txid);
    const root = docs[0]?.merkleRoot;
    if (root === undefined) throw new AttestationServiceError(`no attestation in the store for the unconfirmed staychain transaction ${txid}`);
    const tree = await this.#loadTree(root);
    const tx = BitcoinTransaction.fromHex(await bitcoin.getRawTransactionHex(txid));
    const spentRoot = await this.#rootSpentBy(tx);
    const entry = await bitcoin.getMempoolEntry(txid);
    await signer.publishConfirmedHash(spentRoot);
    const unsigned = tx.stripped();
    // OUR FIX: the rate the transaction pays, from `fees.base` over the size its fee was computed on.
    fees.setCurrent(Math.floor(entry.fee / profile.feeModel.signedSize(unsigned.size, unsigned.inputs.length)));
    this.membership.addMembers([txid]);
    this.#attestation = { root, tree, txid, tx, sentTx: tx, confirmed: false, spentRoot, spent: undefined };
    this.#confirmTime = entry.time * 1000;
    this.#state = AttestationState.AwaitConfirmation;
    return true;
  }

  /**
   * The staychain transaction in the mempool, if any: first the store's unconfirmed attestations
   * (Profile B's rule, implemented as intended), then — as Profile A — any mempool transaction
   * whose input 0 spends a known staychain transaction.
   */
  async #findUnconfirmed(): Promise<string | undefined> {
    const { bitcoin, store } = this.deps;
    const mempool = await bitcoin.getRawMempool();
    if (mempool.length === 0) return undefined;
    const inPool = new Set(mempool);
    const stored = [...new Set((await store.unconfirmedAttestations()).map((d) => d.txid))].reverse();
    for (const txid of stored) {
      if (inPool.has(txid) && (await this.#isMemberInMempool(txid))) return txid;
    }
    const tried = new Set(stored);
    for (const txid of mempool) {
      if (tried.has(txid)) continue;
      let prev: string | undefined;
      try {
        prev = (await bitcoin.getRawTransaction(txid)).vin[0]?.txid;
      } catch (e) {
        if (e instanceof RpcCallError) continue; // left the mempool meanwhile
        throw e;
      }
      if (prev !== undefined && (await this.membership.isMember(prev))) {
        // a member's child through input 0 is a member
        this.membership.addMembers([txid]);
        return txid;
      }
    }
    return undefined;
  }

  async #isMemberInMempool(txid: string): Promise<boolean> {
    try {
      return await this.membership.isMember(txid);
    } catch (e) {
      if (e instanceof RpcCallError) return false;
      throw e;
    }
  }

  /** §2.8 step 2: the confirmed tip. */
  async #recoverConfirmed(): Promise<boolean> {
    const { bitcoin, store, fees, signer, timing, clock } = this.deps;
    const unspent = await bitcoin.listUnspent();
    const tip = await this.membership.findTip(unspent, this.#baseScriptHex);
    if (tip === undefined) return false;
    this.#log.info('found confirmed staychain tip', { txid: tip.txid, vout: tip.vout });
    let tree: CommitmentMerkleTree | undefined;
    let root: string | undefined;
    if (tip.txid !== this.deps.txid0) {
      root = (await store.attestationsByTxid(tip.txid))[0]?.merkleRoot;
      if (root !== undefined && root !== ZERO_HEX) {
        try {
          tree = await this.#loadTree(root);
        } catch (e) {
          this.#log.warn('no attestation commitment found in the store for the staychain tip', { txid: tip.txid, error: message(e) });
        }
      }
    }
    if (tree !== undefined && root !== undefined) {
      const walletTx = await bitcoin.getTransaction(tip.txid);
      if (walletTx.blockhash === undefined) throw new AttestationServiceError(`the wallet does not report the staychain tip ${tip.txid} as confirmed`);
      const info: AttestationInfoDoc = { txid: tip.txid, blockhash: walletTx.blockhash, amount: tip.amount, time: walletTx.time };
      this.#attestation = { ...emptyAttestation(), root, tree, txid: tip.txid, confirmed: true };
      await this.#save(true, info);
      await fees.reset();
      const since = clock.now() - walletTx.time * 1000;
      if (since < timing.newAttestationMs) this.#delay = timing.newAttestationMs - since;
      await signer.publishConfirmedHash(fromDisplayHex(root));
    } else {
      this.#log.info('no attestation in the store for the staychain tip: starting from the base', { txid: tip.txid });
      this.#attestation = emptyAttestation();
      await signer.publishConfirmedHash(ZERO);
    }
    this.#state = AttestationState.NextCommitment;
    return true;
  }

  /** §2.8 step 3: neither found ("wallet failure"): re-import the addresses with a rescan. */
  async #reimportAddresses(): Promise<void> {
    const { bitcoin, store, profile } = this.deps;
    const roots = new Set<string>();
    const confirmed = await store.latestAttestation(true);
    const unconfirmed = await store.latestAttestation(false);
    if (confirmed !== undefined) roots.add(confirmed.merkleRoot);
    if (unconfirmed !== undefined) roots.add(unconfirmed.merkleRoot);
    roots.add(ZERO_HEX);
    this.#log.warn('no staychain transaction found in the mempool or the wallet: re-importing the staychain addresses with a rescan', {
      roots: [...roots],
    });
    for (const root of roots) await bitcoin.importAddress(profile.address(fromDisplayHex(root)), '', true);
  }

  // ---- NextCommitment, NewAttestation ----------------------------------------------------------

  async #nextCommitment(): Promise<void> {
    const docs = await this.deps.store.clientCommitments();
    const tree = CommitmentMerkleTree.fromClientCommitments(docs.map((d) => ({ clientPosition: d.clientPosition, commitment: d.commitment })));
    if (tree.root === this.#attestation.root) {
      this.#log.info('Already attested to this commitment', { root: tree.root });
      this.#delay = this.deps.timing.skipMs;
      return;
    }
    this.#log.info('new commitment root', { root: tree.root, slots: tree.leafCount });
    this.#attestation = { ...emptyAttestation(), root: tree.root, tree };
    this.#state = AttestationState.NewAttestation;
  }

  async #newAttestation(): Promise<void> {
    const { bitcoin, profile, fees, signer, timing } = this.deps;
    const a = this.#attestation;
    const rootInternal = fromDisplayHex(a.root);
    const address = profile.address(rootInternal);
    await bitcoin.importAddress(address, '', false);
    const unspent = await bitcoin.listUnspent();
    const tip = await this.membership.findTip(unspent, this.#baseScriptHex);
    if (tip === undefined) throw new AttestationServiceError(ERROR_NO_UNSPENT);
    if ((await bitcoin.getTxOut(tip.txid, tip.vout, true)) === undefined) {
      throw new AttestationServiceError(`the staychain tip ${tip.txid}:${tip.vout} is already spent (by a transaction in the mempool?): not attesting until the recovery scan has found it`);
    }
    const topup = findTopup(unspent, profile.topupAddress, this.deps.txid0);
    const built = buildUnsignedAttestation({
      tip: utxo(tip),
      topup: topup === undefined ? undefined : utxo(topup),
      outputScript: profile.outputScript(rootInternal),
      version: profile.txVersion,
      feeModel: profile.feeModel,
      feePerByte: fees.currentFee,
      maxFeePerByte: fees.limits.maxFee,
    });
    if (built.lowFunds) this.#log.warn(WARNING_INSUFFICIENT_FUNDS, { tip: tip.txid });
    const spent = [tip, ...(topup === undefined ? [] : [topup])].map((u) => ({ scriptPubKey: fromHex(u.scriptPubKey), value: BigInt(u.amount) }));
    const spentRoot = await this.#rootSpentByTxid(tip.txid);
    const items = profile.signingItems(built.tx, spentRoot, spent);
    await signer.resubscribe();
    await signer.publishConfirmedHash(spentRoot);
    await signer.requestSignatures({ items, confirmedRoot: spentRoot });
    this.#log.info('attestation transaction sent to the signers', {
      root: a.root,
      address,
      tip: `${tip.txid}:${tip.vout}`,
      topup: topup === undefined ? undefined : `${topup.txid}:${topup.vout}`,
      fee: built.fee.toString(),
      feeRate: fees.currentFee,
    });
    a.tx = built.tx;
    a.spent = spent;
    a.spentRoot = spentRoot;
    this.#delay = timing.sigsMs;
    this.#state = AttestationState.SignAttestation;
  }

  // ---- SignAttestation, PreSendStore, SendAttestation ----------------------------------------

  async #signAttestation(): Promise<void> {
    const { signer, profile } = this.deps;
    const a = this.#attestation;
    if (a.tx === undefined || a.spent === undefined) throw new AttestationServiceError('no attestation transaction to sign');
    let signed: BitcoinTransaction;
    try {
      const sigs = await signer.collectSignatures();
      signed = profile.assemble(a.tx, a.spentRoot, sigs, a.spent);
    } catch (e) {
      await signer.resubscribe().catch((r: unknown) => this.#log.warn('re-subscribing to the signers failed', { error: message(r) }));
      throw e;
    }
    a.tx = signed;
    a.txid = signed.txidHex;
    this.#log.info('attestation signed', { txid: a.txid, root: a.root });
    this.#state = AttestationState.PreSendStore;
  }

  async #preSendStore(): Promise<void> {
    await this.#save(false);
    this.#state = AttestationState.SendAttestation;
  }

  async #sendAttestation(): Promise<void> {
    const { bitcoin, fees, clock, timing } = this.deps;
    const a = this.#attestation;
    const tx = a.tx;
    if (tx === undefined || a.txid === undefined) throw new AttestationServiceError('no signed attestation to send');
    await this.#checkNoConflictingSpend(tx);
    const txid = await bitcoin.sendRawTransaction(tx.toHex());
    if (txid !== a.txid) throw new AttestationServiceError(`the node reports txid ${txid} for attestation ${a.txid}`);
    this.membership.addMembers([txid]);
    a.sentTx = tx;
    this.#confirmTime = clock.now();
    fees.markSent();
    this.#log.info('attestation sent', { txid, root: a.root, feeRate: fees.currentFee });
    this.#delay = timing.confirmationMs;
    this.#state = AttestationState.AwaitConfirmation;
  }

  /**
   * Refuse to broadcast when the staychain input is already spent in the mempool by anything but
   * an earlier version of this attestation (same root in the store, same output script).
   */
  async #checkNoConflictingSpend(tx: BitcoinTransaction): Promise<void> {
    const { bitcoin, store } = this.deps;
    const input = tx.inputs[0]!;
    const prevTxid = toDisplayHex(input.prevTxid);
    if ((await bitcoin.getTxOut(prevTxid, input.prevIndex, true)) !== undefined) return;
    const ourScript = toHex(tx.outputs[0]!.scriptPubKey);
    for (const doc of await store.attestationsByRoot(this.#attestation.root)) {
      if (doc.txid === tx.txidHex) continue;
      let other;
      try {
        other = await bitcoin.getRawTransaction(doc.txid);
      } catch (e) {
        if (e instanceof RpcCallError) continue;
        throw e;
      }
      const spendsSame = other.vin[0]?.txid === prevTxid && other.vin[0]?.vout === input.prevIndex;
      if (spendsSame && other.blockhash === undefined && other.vout.length === 1 && other.vout[0]!.scriptPubKey.hex === ourScript) return;
    }
    throw new AttestationServiceError(
      `not sending ${tx.txidHex}: its staychain input ${prevTxid}:${input.prevIndex} is already spent by a transaction that is not an earlier version of this attestation`,
    );
  }

  // ---- AwaitConfirmation, HandleUnconfirmed --------------------------------------------------

  async #awaitConfirmation(): Promise<void> {
    const { bitcoin, fees, signer, clock, timing } = this.deps;
    const a = this.#attestation;
    if (a.txid === undefined || a.tx === undefined) throw new AttestationServiceError('no attestation to wait for');
    if (clock.now() - this.#confirmTime > timing.handleUnconfirmedMs) {
      this.#state = AttestationState.HandleUnconfirmed;
      return;
    }
    this.#log.info('waiting for confirmation', { txid: a.txid });
    const walletTx = await bitcoin.getTransaction(a.txid);
    if (walletTx.blockhash === undefined) {
      if (walletTx.confirmations < 0) {
        throw new AttestationServiceError(`attestation ${a.txid} conflicts with a confirmed transaction (${walletTx.confirmations} confirmations)`);
      }
      this.#delay = timing.confirmationMs;
      return;
    }
    const info: AttestationInfoDoc = { txid: a.txid, blockhash: walletTx.blockhash, amount: Number(a.tx.outputs[0]!.value), time: walletTx.time };
    a.confirmed = true;
    await this.#save(true, info);
    this.#log.info('attestation confirmed', { txid: a.txid, root: a.root, blockhash: walletTx.blockhash });
    await fees.reset();
    await signer.publishConfirmedHash(a.txid === this.deps.txid0 ? ZERO : fromDisplayHex(a.root));
    this.#delay = timing.newAttestationMs - (clock.now() - this.#confirmTime) - timing.skipMs;
    this.#state = AttestationState.NextCommitment;
  }

  async #handleUnconfirmed(): Promise<void> {
    const { bitcoin, fees, signer, profile, clock, timing } = this.deps;
    const a = this.#attestation;
    const sent = a.sentTx;
    if (sent === undefined) throw new AttestationServiceError('no sent attestation to replace');
    const bump = fees.bumpForReplacement();
    if (bump.delta === 0) {
      // OUR CHANGE: at the maximum rate a "replacement" would be the same transaction again.
      this.#log.warn('attestation unconfirmed but the fee is at its maximum: waiting', { txid: a.txid, feeRate: bump.current });
      fees.markSent();
      this.#confirmTime = clock.now();
      this.#delay = timing.confirmationMs;
      this.#state = AttestationState.AwaitConfirmation;
      return;
    }
    const { tx: unsigned, feeIncrement } = bumpAttestationFee(sent, profile.feeModel, bump.delta);
    const spentRoot = await this.#rootSpentBy(unsigned);
    const spent = a.spent ?? (await this.#spentOutputs(unsigned));
    const items = profile.signingItems(unsigned, spentRoot, spent);
    await signer.resubscribe();
    await signer.publishConfirmedHash(spentRoot);
    await signer.requestSignatures({ items, confirmedRoot: spentRoot });
    this.#log.info('bumping the fee of the unconfirmed attestation', {
      txid: a.txid,
      root: a.root,
      previousRate: bump.previous,
      rate: bump.current,
      feeIncrement: feeIncrement.toString(),
    });
    a.tx = unsigned;
    a.spent = spent;
    a.spentRoot = spentRoot;
    this.#delay = timing.sigsMs;
    this.#state = AttestationState.SignAttestation;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The commitment tree of a stored root; throws when the store has no commitments for it. */
  async #loadTree(root: string): Promise<CommitmentMerkleTree> {
    const docs = await this.deps.store.merkleCommitments(root);
    if (docs.length === 0) throw new AttestationServiceError(`no commitments in the store for merkle root ${root}`);
    const byPosition: (string | undefined)[] = [];
    for (const d of docs) byPosition[d.clientPosition] = d.commitment;
    const tree = new CommitmentMerkleTree(byPosition);
    if (tree.root !== root) throw new AttestationServiceError(`the stored commitments of merkle root ${root} give root ${tree.root}`);
    return tree;
  }

  /** The root tweaking the keys of the output that `tx`'s input 0 spends. */
  #rootSpentBy(tx: BitcoinTransaction): Promise<Uint8Array> {
    return this.#rootSpentByTxid(toDisplayHex(tx.inputs[0]!.prevTxid));
  }

  /**
   * Zero for `txid0`; else the root the store records for that transaction, else (the original's
   * rule) the latest confirmed root, else zero.
   */
  async #rootSpentByTxid(prevTxid: string): Promise<Uint8Array> {
    if (prevTxid === this.deps.txid0) return ZERO;
    const { store } = this.deps;
    const root = (await store.attestationsByTxid(prevTxid))[0]?.merkleRoot ?? (await store.latestAttestation(true))?.merkleRoot;
    return root === undefined ? ZERO : fromDisplayHex(root);
  }

  async #spentOutputs(tx: BitcoinTransaction): Promise<SpentOutput[]> {
    const out: SpentOutput[] = [];
    for (const input of tx.inputs) {
      const prev = await this.deps.bitcoin.getRawTransaction(toDisplayHex(input.prevTxid));
      const o = prev.vout.find((v) => v.n === input.prevIndex);
      if (o === undefined) throw new AttestationServiceError(`output ${input.prevIndex} of ${prev.txid} not found`);
      out.push({ scriptPubKey: fromHex(o.scriptPubKey.hex), value: BigInt(o.value) });
    }
    return out;
  }

  /** Write the attestation, its commitments and proofs (and info when confirmed) in one transaction. */
  async #save(confirmed: boolean, info?: AttestationInfoDoc): Promise<void> {
    const a = this.#attestation;
    if (a.tree === undefined || a.txid === undefined) throw new AttestationServiceError('no attestation to store');
    const record: AttestationRecord = {
      attestation: { txid: a.txid, merkleRoot: a.root, confirmed, insertedAt: info !== undefined ? info.time * 1000 : this.deps.clock.now() },
      commitments: a.tree.commitmentDocs(),
      proofs: a.tree.proofs(),
      ...(info !== undefined ? { info } : {}),
    };
    await this.deps.store.saveAttestation(record);
  }
}

function utxo(u: UnspentOutput): { txid: string; vout: number; value: bigint } {
  return { txid: u.txid, vout: u.vout, value: BigInt(u.amount) };
}
