// A staychain set up on the fake Bitcoin node: deterministic keys, a funded base (and topup)
// output, a memory store, fake signers and a driver that runs the attestation service step by step
// on a manual clock. Also the safety check every service test runs at the end.
import assert from 'node:assert/strict';
import {
  BITCOIN_REGTEST,
  loadNativeSecp256k1,
  p2shAddress,
  p2shScriptForRedeemScript,
  p2wpkhAddress,
  p2wpkhScriptForPubkey,
  sha256,
  toDisplayHex,
  toHex,
  type Secp256k1,
} from '@ocean-ts/core';
import type { BitcoinClient } from '@ocean-ts/rpc-client';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { MultisigStaychain, SegwitStaychain } from '../../src/crypto/staychain-outputs.js';
import { CommitmentMerkleTree } from '../../src/merkle/commitment-merkle-tree.js';
import { AttestationService, type StepResult } from '../../src/service/attestation-service.js';
import { AttestationState } from '../../src/service/attestation-state.js';
import { ClassicStaychainProfile } from '../../src/service/classic-profile.js';
import { FeePolicy, type FeeLimits } from '../../src/service/fee-policy.js';
import { SegwitStaychainProfile } from '../../src/service/segwit-profile.js';
import { DEFAULT_TIMING, type ServiceTiming } from '../../src/service/service-timing.js';
import type { SignerTransport } from '../../src/service/signer-transport.js';
import type { StaychainProfile } from '../../src/service/staychain-profile.js';
import type { MainstayStore } from '../../src/store/mainstay-store.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import type { Broadcast } from './fake-bitcoin-node.js';
import { FakeBitcoinNode } from './fake-bitcoin-node.js';
import { FakeClock } from './fake-clock.js';
import { FakeMultisigSigners, FakeSegwitSigner, type SignerKey } from './fake-signers.js';

export const secp: Secp256k1 = loadNativeSecp256k1();
export const ZERO = new Uint8Array(32);
export const ZERO_HEX = '0'.repeat(64);

const text = (s: string) => new TextEncoder().encode(s);

/** Deterministic test key material for signer `j`. */
export function signerKey(j: number): SignerKey {
  return { key: sha256(text(`signer-${j}`)), chaincode: sha256(text(`chaincode-${j}`)), topupKey: sha256(text(`topup-${j}`)) };
}

/** A display-hex commitment from a label. */
export function commitment(label: string): string {
  return toDisplayHex(sha256(text(`commitment ${label}`)));
}

export interface FixtureOptions {
  readonly profile: 'A' | 'B';
  /** Profile A: m-of-n (default 2-of-3). */
  readonly m?: number;
  readonly n?: number;
  /** Fund a topup output too (default false). */
  readonly topup?: boolean;
  /** Base output value (default 10_000_000 sats). */
  readonly fundSats?: bigint;
  readonly fees?: FeeLimits;
  readonly timing?: Partial<ServiceTiming>;
}

export const TEST_FEES: FeeLimits = { minFee: 10, maxFee: 30, feeIncrement: 5 };

export class AttestationFixture {
  readonly clock = new FakeClock();
  readonly node: FakeBitcoinNode;
  readonly store: MemoryMainstayStore = new MemoryMainstayStore();
  readonly logger = new RecordingLogger();
  readonly profile: StaychainProfile;
  readonly signer: FakeMultisigSigners | FakeSegwitSigner;
  readonly keys: SignerKey[];
  readonly timing: ServiceTiming;
  readonly fees: FeeLimits;
  readonly txid0: string;
  readonly topupTxid: string | undefined;

  constructor(readonly options: FixtureOptions) {
    this.node = new FakeBitcoinNode({ clock: this.clock });
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.fees = options.fees ?? TEST_FEES;
    if (options.profile === 'A') {
      const n = options.n ?? 3;
      const m = options.m ?? 2;
      this.keys = Array.from({ length: n }, (_, j) => signerKey(j));
      const script = buildMultisigScript(m, this.keys.map((k) => secp.publicKeyCreate(k.key, true)));
      const staychain = new MultisigStaychain(secp, script, this.keys.map((k) => k.chaincode), BITCOIN_REGTEST);
      const topupScript = buildMultisigScript(m, this.keys.map((k) => secp.publicKeyCreate(k.topupKey!, true)));
      this.profile = new ClassicStaychainProfile(secp, staychain, options.topup ? { address: p2shAddress(topupScript, BITCOIN_REGTEST), script: topupScript } : undefined);
      this.signer = new FakeMultisigSigners(secp, this.keys);
      if (options.topup) {
        this.topupTxid = this.node.fund(p2shScriptForRedeemScript(topupScript), 3_000_000n);
        void this.node.importAddress(p2shAddress(topupScript, BITCOIN_REGTEST), '', true);
      }
    } else {
      this.keys = [signerKey(0)];
      const k = this.keys[0]!;
      const staychain = new SegwitStaychain(secp, secp.publicKeyCreate(k.key, true), k.chaincode, BITCOIN_REGTEST);
      const topupPub = secp.publicKeyCreate(k.topupKey!, true);
      this.profile = new SegwitStaychainProfile(secp, staychain, options.topup ? p2wpkhAddress(topupPub, BITCOIN_REGTEST) : undefined);
      this.signer = new FakeSegwitSigner(secp, k);
      if (options.topup) {
        this.topupTxid = this.node.fund(p2wpkhScriptForPubkey(topupPub), 3_000_000n);
        void this.node.importAddress(p2wpkhAddress(topupPub, BITCOIN_REGTEST), '', true);
      }
    }
    this.txid0 = this.node.fund(this.profile.outputScript(ZERO), options.fundSats ?? 10_000_000n, { change: 1_000n });
    void this.node.importAddress(this.profile.address(ZERO), '', true);
  }

  /** A new service (a process start): fresh fee state and caches, on the given (or the fixture's) ports. */
  newService(ports: { bitcoin?: BitcoinClient; store?: MainstayStore; signer?: SignerTransport } = {}): AttestationService {
    return new AttestationService({
      bitcoin: ports.bitcoin ?? this.node,
      store: ports.store ?? this.store,
      signer: ports.signer ?? this.signer,
      fees: new FeePolicy(this.fees, { useMinimum: true }),
      profile: this.profile,
      txid0: this.txid0,
      timing: this.timing,
      clock: this.clock,
      logger: this.logger,
    });
  }

  /** Set the slot commitments (display hex by position) and return the tree's root. */
  async setCommitments(commitments: readonly string[]): Promise<string> {
    for (let p = 0; p < commitments.length; p++) await this.store.upsertClientCommitment({ clientPosition: p, commitment: commitments[p]! });
    const all = await this.store.clientCommitments();
    return CommitmentMerkleTree.fromClientCommitments(all.map((d) => ({ clientPosition: d.clientPosition, commitment: d.commitment }))).root;
  }

  /**
   * Step until `done` (checked after each step) or `maxSteps`; the clock advances by each returned
   * delay; with `mine` the node mines whenever the service waits for a confirmation.
   */
  async run(service: AttestationService, done: (r: StepResult) => boolean | Promise<boolean>, options: { maxSteps?: number; mine?: boolean } = {}): Promise<StepResult[]> {
    const results: StepResult[] = [];
    const max = options.maxSteps ?? 100;
    for (let i = 0; i < max; i++) {
      const r = await service.step();
      results.push(r);
      this.clock.advance(r.delayMs);
      if ((options.mine ?? true) && r.next === AttestationState.AwaitConfirmation && this.node.mempoolTxids.length > 0) this.node.mine();
      if (await done(r)) return results;
    }
    assert.fail(`not done after ${max} steps; last: ${JSON.stringify(results.slice(-5))}; errors: ${this.logger.messages('error').slice(-3).join(' | ')}`);
  }

  /** Run until the attestation of `root` is confirmed in the store. */
  runUntilConfirmed(service: AttestationService, root: string, options: { maxSteps?: number; mine?: boolean } = {}): Promise<StepResult[]> {
    return this.run(service, async () => (await this.store.attestationsByRoot(root)).some((a) => a.confirmed), options);
  }

  /** The accepted broadcasts paying to the attestation output of `root`. */
  broadcastsFor(root: string): Broadcast[] {
    const script = toHex(this.profile.outputScript(Buffer.from(root, 'hex').reverse()));
    return this.node.broadcasts.filter((b) => toHex(b.tx.outputs[0]!.scriptPubKey) === script);
  }
}

/**
 * The safety property: every broadcast spending a given staychain outpoint after the first is an
 * RBF replacement of the same attestation — same inputs, same output script, higher fee — and the
 * fee rate never exceeds the configured maximum.
 */
export function assertStaychainSafety(broadcasts: readonly Broadcast[], fixture: AttestationFixture): void {
  const byTip = new Map<string, Broadcast[]>();
  for (const b of broadcasts) {
    const i = b.tx.inputs[0]!;
    const key = `${toDisplayHex(i.prevTxid)}:${i.prevIndex}`;
    byTip.set(key, [...(byTip.get(key) ?? []), b]);
  }
  for (const [tip, group] of byTip) {
    const first = group[0]!;
    const inputs = (b: Broadcast) => b.tx.inputs.map((i) => `${toDisplayHex(i.prevTxid)}:${i.prevIndex}`).join(',');
    for (let k = 1; k < group.length; k++) {
      const b = group[k]!;
      assert.equal(toHex(b.tx.outputs[0]!.scriptPubKey), toHex(first.tx.outputs[0]!.scriptPubKey), `a second attestation with another root spends the tip ${tip}`);
      assert.equal(b.tx.outputs.length, 1);
      assert.equal(inputs(b), inputs(first), `a replacement of the attestation spending ${tip} changed its inputs`);
      assert.ok(b.fee > group[k - 1]!.fee, `a replacement spending ${tip} does not pay more`);
    }
    for (const b of group) {
      const unsigned = b.tx.stripped();
      const maxFee = BigInt(fixture.fees.maxFee) * BigInt(fixture.profile.feeModel.signedSize(unsigned.size, unsigned.inputs.length));
      assert.ok(b.fee <= maxFee, `fee ${b.fee} above the maximum ${maxFee}`);
    }
  }
}
