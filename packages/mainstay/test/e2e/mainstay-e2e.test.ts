// The end-to-end proof of issue 6 (ADR 0047, "End-to-end"), everything as real processes on
// loopback: bcoin regtest + `bin/oceand` + `bin/mainstay` with three `bin/txsigningtool` (2-of-3
// over ZeroMQ) + `bin/mainstay-api` on one SQLite file + the client tools. The base transaction is
// funded; attestations follow as the Ocean chain grows and the clients commit; a held attestation
// is fee-bumped (RBF); the daemon is killed -9 right after a broadcast and right after
// PreSendStore and resumes without spending a tip twice; one signer down keeps it going, two down
// stop it without broadcasts or a crash, and it recovers; `bin/confirmationtool` verifies the chain.
// Phases run in order on one deployment; a failed phase fails the ones after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toHex } from '@ocean-ts/core';
import { waitFor } from '@ocean-ts/test-harness';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { runTool } from '../clients/support/run-tool.js';
import { MainstayDeployment, TIMING } from './support/mainstay-deployment.js';
import type { SeenSpend } from './support/staychain-watch.js';

const TXID = '([0-9a-f]{64})';

describe('Mainstay end to end: bcoin regtest, oceand, mainstay, 2-of-3 ZeroMQ signers, API and tools', { timeout: 600_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  let d: MainstayDeployment;
  let broken = false;

  /** A phase: fails at once when an earlier one failed (they build on each other). */
  function phase(name: string, timeoutMs: number, fn: () => Promise<void>): void {
    it(name, { timeout: timeoutMs }, async () => {
      if (broken) throw new Error('an earlier phase failed');
      try {
        await fn();
      } catch (e) {
        broken = true;
        throw e;
      }
    });
  }

  /** The output script of an attestation of `root` (display hex). */
  const scriptOf = (root: string): string => toHex(d.staychain.scriptPubKeyFor(commitmentFromDisplayHex(root)));

  /** Stop mining and wait for the next attestation to be broadcast (it stays in the mempool). */
  async function nextHeldAttestation(): Promise<SeenSpend> {
    d.watch.mining = false;
    await d.watch.freshPoll();
    return waitFor(() => d.watch.inMempool()[0], { timeoutMs: 90_000, intervalMs: 20, what: `an attestation in the mempool; mainstay:\n${d.mainstay.tail(3000)}` });
  }

  before(
    async () => {
      d = await MainstayDeployment.start({ after: (fn) => void cleanups.push(fn) });
      d.startMainstay();
    },
    { timeout: 120_000 },
  );

  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  phase('attestations follow the Ocean chain and the commitments: 3 confirmed roots, each spending the previous from initTx', 120_000, async () => {
    const order: { txid: string; root: string }[] = [];
    let plainCommitted = false;
    await waitFor(
      async () => {
        const a = await d.latestAttestation();
        if (a !== undefined && !order.some((o) => o.txid === a.txid)) order.push({ txid: a.txid, root: a.merkle_root });
        if (order.length === 1 && !plainCommitted) {
          plainCommitted = true;
          await d.commitPlain(); // slot 1 changes too
        }
        return new Set(order.map((o) => o.root)).size >= 3;
      },
      { timeoutMs: 100_000, intervalMs: 100, what: `3 confirmed attestations; mainstay:\n${d.mainstay.tail(3000)}` },
    );
    // the vin0 chain on bcoin, from the latest back to initTx, holds every attestation in order
    const back: string[] = [];
    let txid = order[order.length - 1]!.txid;
    for (;;) {
      const tx = await d.bitcoin.getRawTransaction(txid);
      assert.ok(tx.blockhash !== undefined, `${txid} is confirmed`);
      assert.equal(tx.vout.length, 1);
      back.push(txid);
      const in0 = tx.vin[0]!;
      if (in0.txid === d.txid0) {
        assert.equal(in0.vout, d.baseVout, 'the first attestation spends the base output');
        break;
      }
      assert.equal(in0.vout, 0, 'an attestation spends output 0 of the previous one');
      txid = in0.txid!;
      assert.ok(back.length < 100);
    }
    const chain = back.reverse();
    let at = -1;
    for (const o of order) {
      const i = chain.indexOf(o.txid);
      assert.ok(i > at, `attestation ${o.txid} is on the staychain after the previous one`);
      at = i;
      const tx = await d.bitcoin.getRawTransaction(o.txid);
      assert.equal(tx.vout[0]!.scriptPubKey.hex, scriptOf(o.root), 'the output pays to the keys tweaked with the attested root');
      assert.equal((await d.apiAttestation(o.txid))?.confirmed, true);
    }
    // slot 0 has a pubkey: an unsigned commitment is refused, the committer's signed ones are taken
    const refused = await runTool('commitmenttool', ['-mode', 'send', '-commitment', 'ab'.repeat(32), '-signature', '', '-position', String(d.clients[0]!.position), '-authtoken', d.clients[0]!.token, '-apiHost', d.apiUrl]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the API rejected the commitment: .*signature/i);
    assert.match(d.committer.log, /commitment sent.*Commitment added/);
  });

  phase('fee bump: an attestation held unconfirmed is replaced (same root, lower output) once per period, and the replacement confirms', 150_000, async () => {
    const mark = d.mainstay.mark();
    const x1 = await nextHeldAttestation();
    const bumpTimeout = TIMING.handleUnconfirmedMs + 60_000;
    const x2 = await waitFor(() => d.watch.spendsOf(x1.spends).find((s) => s.txid !== x1.txid), { timeoutMs: bumpTimeout, intervalMs: 50, what: `a replacement of ${x1.txid}` });
    await d.watch.freshPoll();
    const mempool = await d.bitcoin.getRawMempool();
    assert.ok(!mempool.includes(x1.txid), 'the replaced attestation left the mempool');
    assert.ok(mempool.includes(x2.txid));
    assert.equal(x2.scriptHex, x1.scriptHex, 'the replacement commits the same root');
    assert.ok(x2.value < x1.value, `lower output, higher fee (${x2.value} < ${x1.value})`);
    assert.ok(x2.firstSeen - x1.firstSeen >= TIMING.handleUnconfirmedMs, `bumped only after handleUnconfirmedMs (${x2.firstSeen - x1.firstSeen} ms)`);
    assert.equal(await d.rootOfTx(x2.txid), await d.rootOfTx(x1.txid));
    // still held: the next bump comes a whole period later, lower again
    const x3 = await waitFor(() => d.watch.spendsOf(x1.spends).find((s) => s.txid !== x1.txid && s.txid !== x2.txid), { timeoutMs: bumpTimeout, intervalMs: 50, what: `a replacement of ${x2.txid}` });
    assert.equal(x3.scriptHex, x1.scriptHex);
    assert.ok(x3.value < x2.value);
    assert.ok(x3.firstSeen - x2.firstSeen >= TIMING.handleUnconfirmedMs, `one bump per period (${x3.firstSeen - x2.firstSeen} ms)`);
    assert.equal(d.mainstay.matches(/bumping the fee of the unconfirmed attestation/, mark).length >= 2, true);
    d.watch.mining = true;
    const confirmed = await d.waitForLatest((a) => d.watch.spendsOf(x1.spends).some((s) => s.txid === a.txid), 'the replacement confirmed');
    const versions = d.watch.spendsOf(x1.spends);
    assert.notEqual(confirmed.txid, x1.txid);
    assert.equal(confirmed.txid, versions[versions.length - 1]!.txid, 'the last version is the one mined');
    assert.equal((await d.apiAttestation(confirmed.txid))?.confirmed, true);
    assert.equal(scriptOf(confirmed.merkle_root), x1.scriptHex);
  });

  phase('kill -9 right after a broadcast: the restarted daemon waits for that attestation instead of attesting again', 150_000, async () => {
    const held = await nextHeldAttestation();
    const mark = d.mainstay.mark();
    await d.mainstay.kill9();
    assert.ok((await d.bitcoin.getRawMempool()).includes(held.txid));
    d.mainstay.restart();
    const found = await d.mainstay.waitForLog(new RegExp(`found unconfirmed attestation.*${held.txid}`), { since: mark, timeoutMs: 60_000 });
    // AwaitConfirmation on it (or, on a slow restart, HandleUnconfirmed bumping it) — not a new attestation
    await d.mainstay.waitForLog(new RegExp(`(waiting for confirmation|bumping the fee of the unconfirmed attestation).*${held.txid}`), { since: found.end, timeoutMs: 60_000 });
    assert.equal(d.mainstay.matches(/new commitment root/, found.end).length, 0, 'no new attestation was started');
    d.watch.mining = true;
    const confirmed = await d.waitForLatest((a) => d.watch.spendsOf(held.spends).some((s) => s.txid === a.txid), 'the recovered attestation confirmed');
    assert.equal(scriptOf(confirmed.merkle_root), held.scriptHex, 'the tip was spent by the recovered attestation (or its RBF version) only');
    assert.ok(d.watch.spendsOf(held.spends).every((s) => s.scriptHex === held.scriptHex));
  });

  phase('kill -9 right after PreSendStore (signed and stored, not sent): the restarted daemon attests again from the confirmed tip', 180_000, async () => {
    d.watch.mining = true;
    for (let attempt = 1; ; attempt++) {
      assert.ok(attempt <= 5, 'never caught the daemon between PreSendStore and SendAttestation');
      const mark = d.mainstay.mark();
      const signed = await d.mainstay.waitForLog(new RegExp(`attestation signed.*txid=${TXID}`), { since: mark, timeoutMs: 90_000 });
      const txid = signed.match[1]!;
      // PreSendStore writes the unconfirmed record fixedMs after signing; the broadcast follows fixedMs later
      const state = await waitFor(
        async () => {
          if (d.watch.spend(txid) !== undefined) return 'sent';
          return (await d.store.attestationsByTxid(txid)).length > 0 ? 'stored' : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 5, what: `attestation ${txid} stored or sent` },
      );
      if (state === 'stored' && !(await d.bitcoin.getRawMempool()).includes(txid)) {
        const killMark = d.mainstay.mark();
        await d.mainstay.kill9();
        await d.watch.freshPoll();
        if (d.watch.spend(txid) !== undefined) {
          d.mainstay.restart(); // the broadcast won the race: a kill after broadcast; try the next one
          continue;
        }
        const record = (await d.store.attestationsByTxid(txid))[0]!;
        assert.equal(record.confirmed, false);
        const restartedAt = Date.now();
        d.mainstay.restart();
        await d.mainstay.waitForLog(/found confirmed staychain tip/, { since: killMark, timeoutMs: 60_000 });
        const confirmed = await d.waitForLatest((a) => (d.watch.spend(a.txid)?.firstSeen ?? 0) > restartedAt, 'an attestation after the restart');
        assert.equal(await d.rootOfTx(confirmed.txid), confirmed.merkle_root);
        // the stored-but-never-sent transaction was never broadcast, unless re-signed identically
        if (d.watch.spend(txid) !== undefined) assert.equal(d.watch.spend(txid)!.firstSeen > restartedAt, true);
        return;
      }
    }
  });

  phase('signers: one of three down keeps attesting; two down → no broadcast, Error/Init loop, no crash; restarted → recovers', 240_000, async () => {
    await d.signers[0]!.kill9();
    let mark = d.mainstay.mark();
    const asked = await d.mainstay.waitForLog(/attestation transaction sent to the signers/, { since: mark, timeoutMs: 60_000 });
    const withTwo = await d.mainstay.waitForLog(new RegExp(`attestation confirmed.*txid=${TXID}`), { since: asked.end, timeoutMs: 90_000 });
    await d.waitForLatest((a) => a.txid === withTwo.match[1], 'the attestation signed by two signers');

    await d.signers[1]!.kill9();
    mark = d.mainstay.mark();
    const failed = /attestation failed in state SignAttestation/;
    const first = await d.mainstay.waitForLog(failed, { since: mark, timeoutMs: 90_000 });
    await d.watch.freshPoll();
    const seen = d.watch.seen.length;
    await d.mainstay.waitForLog(failed, { since: first.end, count: 2, timeoutMs: 90_000 });
    await d.watch.freshPoll();
    assert.equal(d.watch.seen.length, seen, 'nothing was broadcast with one signer');
    assert.ok(d.mainstay.running, 'the daemon did not crash');
    assert.ok(d.mainstay.matches(/recovering after an error/, mark).length >= 2);
    assert.ok(d.mainstay.matches(/INIT ATTESTATION SERVICE/, mark).length >= 2);

    for (const i of [0, 1]) {
      const m = d.signers[i]!.mark();
      d.signers[i]!.restart();
      await d.signers[i]!.waitForLog(/txsigningtool publishing signatures on tcp:/, { since: m, timeoutMs: 30_000 });
    }
    mark = d.mainstay.mark();
    const recovered = await d.mainstay.waitForLog(new RegExp(`attestation confirmed.*txid=${TXID}`), { since: mark, timeoutMs: 120_000 });
    assert.ok(d.watch.seen.length > seen);
    await d.waitForLatest((a) => a.txid === recovered.match[1], 'the attestation after the signers came back');
  });

  phase('shutdown, the safety property over the whole run, and confirmationtool verifying the chain for slot 0', 180_000, async () => {
    assert.equal(await d.committer.stop(), 0, d.committer.tail());
    await d.stopOceanBlocks();
    assert.equal(await d.mainstay.stop(), 0, d.mainstay.tail());
    assert.match(d.mainstay.log, /attestation service stopped/);
    d.watch.mining = true;
    await d.watch.freshPoll();
    await d.watch.freshPoll();
    await d.watch.stop();

    // never two different attestations on one tip; every broadcast was stored first, with its root
    const { chain, problems } = await d.watch.safety();
    assert.deepEqual(problems, []);
    assert.ok(chain.length >= 8, `the staychain has ${chain.length} attestations`);
    for (const s of d.watch.seen) {
      const root = await d.rootOfTx(s.txid);
      assert.ok(root !== undefined, `broadcast ${s.txid} has a store record`);
      assert.equal(scriptOf(root), s.scriptHex, `broadcast ${s.txid} pays to its stored root`);
    }
    assert.ok(d.watch.seen.length > chain.length, 'replacements were seen (fee bumps)');

    const ok = await runTool('confirmationtool', ['-conf', d.confPath, '-position', String(d.clients[0]!.position), '-apiHost', d.apiUrl, '-once'], '', 120_000);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const verified = [...ok.stdout.matchAll(new RegExp(`^attestation ${TXID} verified$`, 'gm'))].map((m) => m[1]);
    assert.deepEqual(verified, chain, 'one line per attestation, in chain order');
    assert.match(ok.stdout, new RegExp(`^staychain base ${d.txid0}:${d.baseVout} `, 'm'));
    const blocks = [...ok.stdout.matchAll(new RegExp(`^  client block: ${TXID} \\(height (\\d+)\\)$`, 'gm'))];
    assert.equal(blocks.length, chain.length, 'every attestation names slot 0\'s Ocean block and its height');
    let last = 0;
    for (const [, hash, height] of blocks) {
      assert.equal((await d.ocean.call<{ height: number }>('getblockheader', [hash])).height, Number(height));
      assert.ok(Number(height) >= last);
      last = Number(height);
    }
    assert.match(ok.stdout, new RegExp(`^${chain.length} attestations verified$`, 'm'));

    // the wrong slot: slot 1 holds plain hashes, not Ocean blocks
    const wrong = await runTool('confirmationtool', ['-conf', d.confPath, '-position', String(d.clients[1]!.position), '-apiHost', d.apiUrl, '-once'], '', 120_000);
    assert.equal(wrong.code, 1, wrong.stdout);
    assert.match(wrong.stderr, new RegExp(`^verification failed: attestation ${TXID}: commitment [0-9a-f]{64} is not a block of the client chain`, 'm'));
  });
});
