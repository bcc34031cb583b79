// The attestation state machine (spec mainstay.md §2) on the fake node: each state's action, the
// recovery branches of Init, fee bumps, and misbehaving signers. Every test ends with the safety
// check: no second non-RBF spend of a staychain tip was ever broadcast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitcoinTransaction, BitcoinTxIn, BitcoinTxOut, fromDisplayHex, toDisplayHex, toHex } from '@ocean-ts/core';
import { AttestationState } from '../../src/service/attestation-state.js';
import { ERROR_INSUFFICIENT_FUNDS } from '../../src/crypto/attestation-transaction.js';
import { verifySlotProof } from '../../src/merkle/slot-proof.js';
import { FakeMultisigSigners, FakeSegwitSigner } from '../support/fake-signers.js';
import { AttestationFixture, assertStaychainSafety, commitment, ZERO_HEX } from '../support/attestation-fixture.js';

const MINUTE = 60_000;
const S = AttestationState;

function lastErrorMessage(f: AttestationFixture): string {
  return f.logger.messages('error').at(-1) ?? '';
}

describe('attestation service: the happy path (profile A, 2-of-3, topup)', () => {
  it('attests the base, then a new root spending the first attestation', async () => {
    const f = new AttestationFixture({ profile: 'A', topup: true });
    const c = [commitment('a0'), ZERO_HEX, commitment('a2')];
    const root1 = await f.setCommitments(c);
    const service = f.newService();
    const trace = await f.runUntilConfirmed(service, root1);
    assert.deepEqual(
      trace.map((r) => r.ran),
      [S.Init, S.NextCommitment, S.NewAttestation, S.SignAttestation, S.PreSendStore, S.SendAttestation, S.AwaitConfirmation],
    );
    // delays: ATimeSigs after NewAttestation, ATimeConfirmation after the send
    assert.equal(trace[2]!.delayMs, MINUTE);
    assert.equal(trace[5]!.delayMs, 15 * MINUTE);
    assert.equal(trace[6]!.next, S.NextCommitment);

    assert.equal(f.node.broadcasts.length, 1);
    const tx1 = f.node.broadcasts[0]!.tx;
    assert.equal(tx1.version, 2);
    assert.equal(tx1.locktime, 0);
    assert.equal(tx1.inputs.length, 2);
    assert.equal(toDisplayHex(tx1.inputs[0]!.prevTxid), f.txid0);
    assert.equal(tx1.inputs[0]!.sequence, 0xfffffffd);
    assert.equal(toDisplayHex(tx1.inputs[1]!.prevTxid), f.topupTxid);
    assert.equal(tx1.inputs[1]!.sequence, 0xffffffff);
    assert.equal(tx1.outputs.length, 1);
    assert.equal(toHex(tx1.outputs[0]!.scriptPubKey), toHex(f.profile.outputScript(fromDisplayHex(root1))));
    // fee: minFee × the classic size estimate; output = base + topup − fee
    const unsigned = tx1.stripped();
    const fee = 10n * BigInt(f.profile.feeModel.signedSize(unsigned.size, 2));
    assert.equal(tx1.outputs[0]!.value, 10_000_000n + 3_000_000n - fee);

    // the store: confirmed attestation + info, a commitment and a proof per slot
    const [doc] = await f.store.attestationsByRoot(root1);
    assert.equal(doc!.txid, tx1.txidHex);
    assert.equal(doc!.confirmed, true);
    const info = await f.store.attestationInfo(tx1.txidHex);
    assert.equal(info!.amount, Number(tx1.outputs[0]!.value));
    assert.match(info!.blockhash, /^[0-9a-f]{64}$/);
    assert.deepEqual((await f.store.merkleCommitments(root1)).map((d) => d.commitment), c);
    for (let p = 0; p < 3; p++) {
      const proof = await f.store.merkleProof(root1, p);
      assert.ok(proof !== undefined && verifySlotProof(proof, { position: p }));
    }
    // signers: C (zero) before the first T, then C = root1 once confirmed
    const signer = f.signer as FakeMultisigSigners;
    const topics = signer.published.map((p) => `${p.topic}:${p.topic === 'C' ? toDisplayHex(p.payload[0]!).slice(0, 8) : p.payload.length}`);
    assert.deepEqual(topics.slice(0, 4), ['C:00000000', 'C:00000000', 'T:2', `C:${root1.slice(0, 8)}`]);

    // second attestation: spends output 0 of the first, no topup left, keys tweaked with root1
    const root2 = await f.setCommitments([commitment('b0')]);
    await f.runUntilConfirmed(service, root2);
    assert.equal(f.node.broadcasts.length, 2);
    const tx2 = f.node.broadcasts[1]!.tx;
    assert.equal(tx2.inputs.length, 1);
    assert.equal(toDisplayHex(tx2.inputs[0]!.prevTxid), tx1.txidHex);
    assert.equal(tx2.inputs[0]!.prevIndex, 0);
    assertStaychainSafety(f.node.broadcasts, f);
  });

  it('stays in NextCommitment (ATimeSkip) while the root is unchanged', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const root = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.runUntilConfirmed(service, root);
    const trace = await f.run(service, (r) => r.ran === S.NextCommitment);
    const skip = await service.step();
    assert.equal(skip.ran, S.NextCommitment);
    assert.equal(skip.next, S.NextCommitment);
    assert.equal(skip.delayMs, MINUTE);
    assert.ok(trace.length >= 1);
    assert.equal(f.node.broadcasts.length, 1);
  });

  it('waits newAttestation − (now − sendTime) − 1 min after a confirmation', async () => {
    const f = new AttestationFixture({ profile: 'A', timing: { confirmationMs: 10 * MINUTE } });
    const root = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    const trace = await f.runUntilConfirmed(service, root);
    const last = trace.at(-1)!;
    assert.equal(last.ran, S.AwaitConfirmation);
    // sent, then one confirmation step 10 min later: 60 − 10 − 1
    assert.equal(last.delayMs, 49 * MINUTE);
  });

  it('forces every delay to the regtest delay', async () => {
    const f = new AttestationFixture({ profile: 'A', timing: { regtestDelayMs: 5_000 } });
    const root = await f.setCommitments([commitment('x')]);
    const trace = await f.runUntilConfirmed(f.newService(), root);
    assert.ok(trace.every((r) => r.delayMs === 5_000));
  });
});

describe('attestation service: errors go to Error, then Init', () => {
  it('an empty ClientCommitment collection: "List of commitments is empty"', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const service = f.newService();
    const trace = await f.run(service, (r) => r.ran === S.Error);
    assert.deepEqual(trace.map((r) => r.ran), [S.Init, S.NextCommitment, S.Error]);
    assert.equal(trace[1]!.next, S.Error);
    assert.equal(trace[2]!.next, S.Init);
    assert.match(lastErrorMessage(f), /List of commitments is empty/);
    assert.match(lastErrorMessage(f), /NextCommitment \(1\)/);
  });

  it('insufficient funds (less than 5 × the maximum fee): no attestation', async () => {
    const f = new AttestationFixture({ profile: 'A', fundSats: 20_000n });
    await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.run(service, (r) => r.ran === S.NewAttestation);
    assert.equal(service.state, S.Error);
    assert.ok(lastErrorMessage(f).includes(ERROR_INSUFFICIENT_FUNDS));
    assert.equal(f.node.sendAttempts.length, 0);
  });

  it('warns below 100 × the maximum fee and attests', async () => {
    const f = new AttestationFixture({ profile: 'A', fundSats: 500_000n });
    const root = await f.setCommitments([commitment('x')]);
    await f.runUntilConfirmed(f.newService(), root);
    assert.ok(f.logger.messages('warn').some((m) => m.includes('100*maxFee')));
  });

  it('a signer sending garbage in 2-of-3: the two others suffice, ordered by pubkey', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const signer = f.signer as FakeMultisigSigners;
    signer.behaviours = ['ok', 'garbage', 'ok'];
    const root = await f.setCommitments([commitment('x')]);
    await f.runUntilConfirmed(f.newService(), root);
    assert.equal(f.node.broadcasts.length, 1);
    assertStaychainSafety(f.node.broadcasts, f);
  });

  it('too few valid signatures (garbage, wrong key, stale): Error → Init, nothing broadcast', async () => {
    for (const bad of ['garbage', 'wrong-key', 'silent'] as const) {
      const f = new AttestationFixture({ profile: 'A' });
      const signer = f.signer as FakeMultisigSigners;
      signer.behaviours = [bad, bad, 'ok'];
      await f.setCommitments([commitment('x')]);
      const service = f.newService();
      const trace = await f.run(service, (r) => r.ran === S.Error);
      assert.equal(trace.at(-2)!.ran, S.SignAttestation, bad);
      assert.match(lastErrorMessage(f), /Missing signatures|no signatures/, bad);
      const resubs = signer.resubscriptions;
      // and again, through Init: still nothing broadcast, the signers re-subscribed on each failure
      await f.run(service, (r) => r.ran === S.Error);
      assert.ok(signer.resubscriptions > resubs);
      assert.equal(f.node.sendAttempts.length, 0, bad);
    }
  });

  it('a signer that lost the C message is healed by the C sent before each T', async () => {
    const f = new AttestationFixture({ profile: 'A', m: 1, n: 1 });
    const signer = f.signer as FakeMultisigSigners;
    const root1 = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.runUntilConfirmed(service, root1);
    signer.confirmed = new Uint8Array(32); // as if the C of root1 had been lost
    const root2 = await f.setCommitments([commitment('y')]);
    await f.runUntilConfirmed(service, root2);
    assert.equal(f.node.broadcasts.length, 2);
  });
});

describe('attestation service: profile B (P2WPKH, HTTP signer)', () => {
  it('attests twice, version 1, witnesses verified', async () => {
    const f = new AttestationFixture({ profile: 'B', topup: true });
    const root1 = await f.setCommitments([commitment('p')]);
    const service = f.newService();
    await f.runUntilConfirmed(service, root1);
    const tx1 = f.node.broadcasts[0]!.tx;
    assert.equal(tx1.version, 1);
    assert.equal(tx1.inputs.length, 2);
    assert.equal(tx1.inputs[0]!.witness.length, 2);
    const unsigned = tx1.stripped();
    assert.equal(unsigned.outputs[0]!.value, 13_000_000n - 10n * 110n);
    const signer = f.signer as FakeSegwitSigner;
    assert.equal(toDisplayHex(signer.requests[0]!.confirmedRoot), ZERO_HEX);
    const root2 = await f.setCommitments([commitment('q'), commitment('r')]);
    await f.runUntilConfirmed(service, root2);
    assert.equal(toDisplayHex(signer.requests.at(-1)!.confirmedRoot), root1);
    assertStaychainSafety(f.node.broadcasts, f);
  });

  it('a signer that is down, returns a bad signature, a foreign key or too few witnesses: Error → Init, nothing sent', async () => {
    for (const bad of ['down', 'garbage', 'wrong-pubkey', 'short'] as const) {
      const f = new AttestationFixture({ profile: 'B' });
      (f.signer as FakeSegwitSigner).behaviour = bad;
      await f.setCommitments([commitment('p')]);
      const service = f.newService();
      const trace = await f.run(service, (r) => r.ran === S.Error);
      assert.ok([S.NewAttestation, S.SignAttestation].includes(trace.at(-2)!.ran as 2 | 3), bad);
      assert.equal(f.node.sendAttempts.length, 0, bad);
    }
  });
});

describe('attestation service: unconfirmed attestations and fee bumps', () => {
  it('bumps by feeIncrement after handleUnconfirmed, as an RBF replacement, up to maxFee', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const root = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    // no mining: 15-min confirmation checks until 60 min have passed, then bumps
    await f.run(service, () => f.node.broadcasts.length === 4, { mine: false, maxSteps: 200 });
    const fees = f.node.broadcasts.map((b) => b.fee);
    const size = BigInt(f.profile.feeModel.signedSize(f.node.broadcasts[0]!.tx.stripped().size, 1));
    assert.deepEqual(fees, [10n * size, 15n * size, 20n * size, 25n * size]);
    assert.deepEqual(f.node.mempoolTxids, [f.node.broadcasts[3]!.txid]);
    assert.equal((await f.store.attestationsByRoot(root)).length, 4);
    // at maxFee (30) one more bump, then no more re-signing
    await f.run(service, () => f.node.broadcasts.length === 5, { mine: false, maxSteps: 200 });
    const before = f.node.sendAttempts.length;
    await f.run(service, (r) => r.ran === S.HandleUnconfirmed && r.next === S.AwaitConfirmation, { mine: false, maxSteps: 200 });
    assert.equal(f.node.sendAttempts.length, before);
    assert.ok(f.logger.messages('warn').some((m) => m.includes('fee is at its maximum')));
    f.node.mine();
    await f.runUntilConfirmed(service, root);
    const confirmed = (await f.store.attestationsByRoot(root)).filter((a) => a.confirmed);
    assert.deepEqual(confirmed.map((a) => a.txid), [f.node.broadcasts[4]!.txid]);
    assertStaychainSafety(f.node.broadcasts, f);
  });

  it('a failed signing after a bump does not compound the bump (recovery restores the paid rate)', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const signer = f.signer as FakeMultisigSigners;
    await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.run(service, (r) => r.ran === S.HandleUnconfirmed, { mine: false });
    signer.behaviours = ['silent', 'silent', 'silent'];
    await f.run(service, (r) => r.ran === S.Error, { mine: false });
    signer.behaviours = ['ok', 'ok', 'ok'];
    await f.run(service, () => f.node.broadcasts.length === 2, { mine: false });
    const size = BigInt(f.profile.feeModel.signedSize(f.node.broadcasts[0]!.tx.stripped().size, 1));
    assert.deepEqual(f.node.broadcasts.map((b) => b.fee), [10n * size, 15n * size]);
    assertStaychainSafety(f.node.broadcasts, f);
  });
});

describe('attestation service: recovery (Init)', () => {
  it('an unconfirmed attestation in the mempool: AwaitConfirmation, its fee rate and mempool time restored', async () => {
    const f = new AttestationFixture({ profile: 'A', fees: { minFee: 10, maxFee: 90, feeIncrement: 20 } });
    const root = await f.setCommitments([commitment('x')]);
    const first = f.newService();
    await f.run(first, () => f.node.broadcasts.length === 2, { mine: false }); // sent at 10, bumped to 30
    const sentAt = f.node.broadcasts[1]!.time;
    f.clock.advance(5 * MINUTE);
    const second = f.newService();
    const [init] = await f.run(second, () => true, { mine: false });
    assert.equal(init!.next, S.AwaitConfirmation);
    assert.equal(second.attestation.txid, f.node.broadcasts[1]!.txid);
    assert.equal(second.attestation.root, root);
    assert.equal(second.confirmTime, sentAt * 1000);
    // the next bump starts from the restored rate 30: 30 → 50
    await f.run(second, () => f.node.broadcasts.length === 3, { mine: false });
    const size = BigInt(f.profile.feeModel.signedSize(f.node.broadcasts[0]!.tx.stripped().size, 1));
    assert.equal(f.node.broadcasts[2]!.fee, 50n * size);
    assertStaychainSafety(f.node.broadcasts, f);
  });

  it('a confirmed tip: info rewritten, fee reset, delay = newAttestation − age, then NextCommitment', async () => {
    const f = new AttestationFixture({ profile: 'B' });
    const root = await f.setCommitments([commitment('x')]);
    const first = f.newService();
    await f.runUntilConfirmed(first, root);
    const txid = f.node.broadcasts[0]!.txid;
    const sentTime = (await f.node.getTransaction(txid)).time;
    const second = f.newService();
    const r = await second.step();
    assert.equal(r.next, S.NextCommitment);
    assert.equal(second.attestation.txid, txid);
    assert.equal(second.attestation.confirmed, true);
    const age = f.clock.now() - sentTime * 1000;
    assert.ok(age < 60 * MINUTE);
    assert.equal(r.delayMs, 60 * MINUTE - age);
    const info = await f.store.attestationInfo(txid);
    assert.equal(info!.time, sentTime);
    const step = await second.step();
    assert.equal(step.next, S.NextCommitment); // same root: nothing to do
  });

  it('the tip is the base: start from the zero root', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const service = f.newService();
    const r = await service.step();
    assert.equal(r.next, S.NextCommitment);
    assert.equal(service.attestation.root, ZERO_HEX);
    assert.equal(service.attestation.txid, undefined);
  });

  it('finds the tip behind unrelated wallet outputs (membership test, cached)', async () => {
    const f = new AttestationFixture({ profile: 'A', topup: true });
    f.node.unspentOrder = 'reverse';
    const root1 = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.runUntilConfirmed(service, root1);
    const root2 = await f.setCommitments([commitment('y')]);
    await f.runUntilConfirmed(service, root2);
    assert.equal(toDisplayHex(f.node.broadcasts[1]!.tx.inputs[0]!.prevTxid), f.node.broadcasts[0]!.txid);
    assert.ok(service.membership.memberCount >= 3);
  });

  it('wallet failure: re-imports the addresses with a rescan and stays in Init until they show', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const root = await f.setCommitments([commitment('x')]);
    await f.runUntilConfirmed(f.newService(), root);
    f.node.forgetWallet();
    const service = f.newService();
    const first = await service.step();
    assert.equal(first.next, S.Init);
    assert.ok(f.logger.messages('warn').some((m) => m.includes('re-importing')));
    const second = await service.step();
    assert.equal(second.next, S.NextCommitment);
    assert.equal(service.attestation.root, root);
  });

  it('an older version was mined instead of the replacement: conflicted → Error → Init → that version is confirmed', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    const root = await f.setCommitments([commitment('x')]);
    const service = f.newService();
    await f.run(service, () => f.node.broadcasts.length === 2, { mine: false });
    // the replaced first version gets mined (another miner still had it)
    f.node.mineReplacing(f.node.broadcasts[0]!.tx);
    const trace = await f.runUntilConfirmed(service, root, { mine: false });
    assert.ok(trace.some((r) => r.ran === S.AwaitConfirmation && r.next === S.Error));
    assert.match(f.logger.messages('error').join('\n'), /conflicts with a confirmed transaction/);
    const [doc] = (await f.store.attestationsByRoot(root)).filter((a) => a.confirmed);
    assert.equal(doc!.txid, f.node.broadcasts[0]!.txid);
  });

  it('a foreign transaction spending the tip in the mempool blocks attesting (no double spend)', async () => {
    const f = new AttestationFixture({ profile: 'A' });
    await f.setCommitments([commitment('x')]);
    const tip = await f.node.listUnspent();
    const base = tip.find((u) => u.txid === f.txid0)!;
    const foreign = new BitcoinTransaction(
      2,
      [new BitcoinTxIn(fromDisplayHex(f.txid0), base.vout, new Uint8Array(0), 0xfffffffd)],
      [new BitcoinTxOut(9_000_000n, Uint8Array.of(0x51))],
      0,
    );
    f.node.verifyScripts = false;
    await f.node.sendRawTransaction(foreign.toHex());
    f.node.verifyScripts = true;
    const service = f.newService();
    for (let i = 0; i < 12; i++) {
      await service.step();
      f.clock.advance(60_000);
    }
    assert.equal(f.node.sendAttempts.length, 1);
    assert.match(f.logger.messages('error').join('\n'), /no attestation in the store for the unconfirmed staychain transaction/);
  });
});
