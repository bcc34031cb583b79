// Crash safety of the attestation service (issue 6): a scenario of three attestations — the second
// one left unconfirmed long enough to be fee-bumped twice — is run once to count the service's
// port calls; then once per call, with the process "dying" right after that call (the call took
// effect, nothing after it did), and a fresh service (new fee state, new caches) continuing on the
// same store and node. Every run must finish the scenario and must never have broadcast a second
// transaction spending a staychain tip other than an RBF replacement of the same attestation.
// A second sweep restarts the service after each step instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDisplayHex } from '@ocean-ts/core';
import type { AttestationService } from '../../src/service/attestation-service.js';
import { AttestationFixture, assertStaychainSafety, commitment } from '../support/attestation-fixture.js';
import { CrashController } from '../support/crash-proxy.js';

interface Outcome {
  readonly calls: number;
  readonly steps: number;
  readonly restarted: boolean;
}

/** Run the three-attestation scenario; `crash` wraps the first service's ports; `restartAfterStep` replaces the service after that step. */
async function scenario(profile: 'A' | 'B', crash: CrashController, restartAfterStep?: number): Promise<Outcome> {
  const f = new AttestationFixture({ profile, topup: true });
  const phases = [[commitment('one'), commitment('two')], [commitment('three')], [commitment('four'), commitment('five'), commitment('six')]];
  const roots: string[] = [];
  let service: AttestationService = f.newService({ bitcoin: crash.wrap(f.node, 'node'), store: crash.wrap(f.store, 'store'), signer: crash.wrap(f.signer, 'signer') });
  let restarted = false;
  let phase = -1;
  const describeRun = () => `crashAt=${crash.crashAt} restartAfterStep=${restartAfterStep} calls=[${crash.log.slice(-6).join(', ')}] errors=${f.logger.messages('error').slice(-3).join(' | ')}`;
  for (let step = 1; step <= 400; step++) {
    if (phase < 0 || (await f.store.attestationsByRoot(roots[phase]!)).some((a) => a.confirmed)) {
      phase++;
      if (phase === phases.length) {
        assertStaychainSafety(f.node.broadcasts, f);
        await checkChain(f, roots);
        return { calls: crash.count, steps: step, restarted };
      }
      roots.push(await f.setCommitments(phases[phase]!));
    }
    const r = await service.step();
    f.clock.advance(r.delayMs);
    if ((crash.dead && !restarted) || step === restartAfterStep) {
      service = f.newService();
      restarted = true;
    }
    const withhold = phase === 1 && f.broadcastsFor(roots[1]!).length < 3;
    if (!withhold && f.node.mempoolTxids.length > 0) f.node.mine();
    try {
      assertStaychainSafety(f.node.broadcasts, f);
    } catch (e) {
      throw new Error(`${(e as Error).message} (${describeRun()})`);
    }
  }
  assert.fail(`scenario not finished after 400 steps in phase ${phase} (${describeRun()})`);
}

/** The confirmed attestations form one chain from the base, one per root, in order. */
async function checkChain(f: AttestationFixture, roots: readonly string[]): Promise<void> {
  let prev = f.txid0;
  for (const root of roots) {
    const confirmed = (await f.store.attestationsByRoot(root)).filter((a) => a.confirmed);
    assert.equal(confirmed.length, 1, `root ${root}: ${confirmed.length} confirmed attestations`);
    const tx = await f.node.getRawTransaction(confirmed[0]!.txid);
    assert.notEqual(tx.blockhash, undefined);
    assert.equal(tx.vin[0]!.txid, prev, 'the staychain is broken');
    prev = confirmed[0]!.txid;
  }
  assert.equal(toDisplayHex(f.node.broadcasts.at(-1)!.tx.txid), prev);
}

for (const profile of ['A', 'B'] as const) {
  describe(`attestation service crash safety, profile ${profile}`, () => {
    it('a crash after any port call: the restarted service finishes without a conflicting spend', async () => {
      const clean = await scenario(profile, new CrashController());
      assert.ok(clean.calls > 50, `only ${clean.calls} calls`);
      let restarts = 0;
      for (let k = 1; k <= clean.calls; k++) {
        const outcome = await scenario(profile, new CrashController(k));
        if (outcome.restarted) restarts++;
      }
      assert.equal(restarts, clean.calls);
    });

    it('a restart after any step: the restarted service finishes without a conflicting spend', async () => {
      const clean = await scenario(profile, new CrashController());
      for (let s = 1; s < clean.steps; s++) await scenario(profile, new CrashController(), s);
    });
  });
}
