/**
 * The script verifier pool on real worker threads: the same answers as inline verification on
 * every corpus transaction (broken signatures and range proofs included, first failure in order),
 * the worker entry in both modes (tsx source and compiled dist), crash / termination recovery, and
 * stop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZkpConfidentialVerifier, loadNativeSecp256k1, type Reject, type ScriptCheck, type Secp256k1 } from '@ocean-ts/core';
import { ScriptVerifierPool } from '../../src/verify/script-verifier-pool.js';
import { InlineScriptVerifier } from '../../src/verify/script-verifier.js';
import { MAX_SCRIPTCHECK_THREADS, scriptCheckThreads, scriptWorkerThreads } from '../../src/verify/thread-count.js';
import { scriptWorkerEntry } from '../../src/verify/worker-entry.js';
import { decodeChunk, encodeChunk } from '../../src/verify/script-check-codec.js';
import { corpusChecks, isP2pkhSpend, withBrokenRangeProof, withBrokenSignature } from './support/corpus-checks.js';

const secp = loadNativeSecp256k1();
const verifier = await ZkpConfidentialVerifier.create();
const inline = new InlineScriptVerifier(secp, verifier);

/** A secp256k1 whose signature verification must not be reached: proves the work ran in a worker. */
const mainThreadMustNotVerify: Secp256k1 = new Proxy(secp, {
  get(target, prop, receiver) {
    if (prop === 'verify') return () => assert.fail('signature verified on the main thread');
    const v: unknown = Reflect.get(target, prop, receiver);
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  },
});

function sameReject(a: Reject | null, b: Reject | null, what: string): void {
  if (a === null || b === null) {
    assert.equal(b, a, what);
    return;
  }
  assert.deepEqual(
    { code: b.code, reason: b.reason, score: b.score, debug: b.debug, corruptionPossible: b.corruptionPossible },
    { code: a.code, reason: a.reason, score: a.score, debug: a.debug, corruptionPossible: a.corruptionPossible },
    what,
  );
}

async function withPool<T>(threads: number, fn: (pool: ScriptVerifierPool, exits: number[]) => Promise<T>, base?: string): Promise<T> {
  const exits: number[] = [];
  const pool = new ScriptVerifierPool({
    threads,
    secp: mainThreadMustNotVerify,
    verifier,
    inlineBelowCost: 0,
    onWorkerExit: (id) => exits.push(id),
    ...(base ? { entry: scriptWorkerEntry(base) } : {}),
  });
  await pool.start();
  try {
    return await fn(pool, exits);
  } finally {
    await pool.stop();
  }
}

test('-par: 0 = one thread per core, negative leaves cores free, at most 16, 1 or less = none', () => {
  assert.equal(scriptCheckThreads(0, 2), 2);
  assert.equal(scriptCheckThreads(0, 1), 0);
  assert.equal(scriptCheckThreads(0, 8), 8);
  assert.equal(scriptCheckThreads(-1, 2), 0);
  assert.equal(scriptCheckThreads(-1, 4), 3);
  assert.equal(scriptCheckThreads(-100, 4), 0);
  assert.equal(scriptCheckThreads(1, 8), 0);
  assert.equal(scriptCheckThreads(2, 1), 2);
  assert.equal(scriptCheckThreads(3, 2), 3);
  assert.equal(scriptCheckThreads(100, 2), MAX_SCRIPTCHECK_THREADS);
  assert.equal(scriptCheckThreads(0, 64), MAX_SCRIPTCHECK_THREADS);
  // as Core: the validating thread is one of them, so one worker fewer
  assert.equal(scriptWorkerThreads(0), 0);
  assert.equal(scriptWorkerThreads(2), 1);
  assert.equal(scriptWorkerThreads(MAX_SCRIPTCHECK_THREADS), MAX_SCRIPTCHECK_THREADS - 1);
});

test('chunk codec round-trips checks (transactions, spent outputs, flags and options)', () => {
  const checks = corpusChecks().map((c) => c.check);
  const mixed: ScriptCheck[] = checks.slice(0, 40).map((c, i) => ({ ...c, scripts: i % 3 !== 0, nonMandatoryRetry: i % 2 === 0, flags: c.flags ^ (i << 8) }));
  const decoded = decodeChunk(encodeChunk(mixed, 5, 30));
  assert.equal(decoded.length, 25);
  decoded.forEach(({ index, check }, k) => {
    const c = mixed[5 + k]!;
    assert.equal(index, 5 + k);
    assert.deepEqual(check.tx.toBytes(), c.tx.toBytes());
    assert.equal(check.spent.length, c.spent.length);
    check.spent.forEach((o, j) => assert.ok(o.equals(c.spent[j]!)));
    assert.equal(check.amounts, c.amounts);
    assert.equal(check.scripts, c.scripts);
    assert.equal(check.nonMandatoryRetry, c.nonMandatoryRetry);
    assert.equal(check.flags, c.flags >>> 0);
  });
});

test('two workers: every corpus transaction verifies, alone and as one batch, as it does inline', async () => {
  const all = corpusChecks();
  assert.ok(all.length > 150, `${all.length} corpus transactions`);
  assert.ok(all.some((c) => c.check.amounts), 'confidential transactions included');
  await withPool(2, async (pool) => {
    assert.equal(pool.workerThreadIds().length, 2);
    assert.equal(await pool.verify(all.map((c) => c.check)), null);
    const each = await Promise.all(all.map((c) => pool.verify([c.check])));
    each.forEach((r, i) => assert.equal(r, null, `${all[i]!.chain} ${all[i]!.height}: ${r?.toString()}`));
  });
});

test('broken signatures and range proofs: the pool reports the same reject as inline, the first in order', async () => {
  const all = corpusChecks().map((c) => c.check);
  const p2pkh = all.map((c, i) => ({ c, i })).filter(({ c }) => isP2pkhSpend(c));
  const ct = all.map((c, i) => ({ c, i })).filter(({ c }) => c.amounts && c.tx.outputs.some((o) => o.value.isCommitment));
  assert.ok(p2pkh.length >= 3 && ct.length >= 2);
  await withPool(2, async (pool) => {
    const cases: { what: string; batch: ScriptCheck[] }[] = [];
    // one broken signature in the middle of the whole corpus batch
    const mid = p2pkh[Math.floor(p2pkh.length / 2)]!;
    cases.push({ what: 'signature in the middle', batch: all.map((c, i) => (i === mid.i ? withBrokenSignature(c) : c)) });
    // two broken signatures: the earlier one wins (its debug text names its transaction)
    const early = p2pkh[1]!;
    const late = p2pkh[p2pkh.length - 1]!;
    cases.push({ what: 'two signatures', batch: all.map((c, i) => (i === early.i || i === late.i ? withBrokenSignature(c) : c)) });
    // a broken range proof
    cases.push({ what: 'range proof', batch: all.map((c, i) => (i === ct[0]!.i ? withBrokenRangeProof(c) : c)) });
    // range proof and signature broken in one transaction: bad-txns-in-ne-out
    cases.push({ what: 'both in one tx', batch: all.map((c, i) => (i === ct[1]!.i ? withBrokenSignature(withBrokenRangeProof(c)) : c)) });
    // a broken signature after a broken range proof, and before
    cases.push({ what: 'proof then signature', batch: all.map((c, i) => (i === ct[0]!.i ? withBrokenRangeProof(c) : i === late.i && late.i > ct[0]!.i ? withBrokenSignature(c) : c)) });
    cases.push({ what: 'signature then proof', batch: all.map((c, i) => (i === early.i ? withBrokenSignature(c) : i === ct[1]!.i ? withBrokenRangeProof(c) : c)) });
    for (const { what, batch } of cases) {
      const expected = inline.verifyNow(batch);
      assert.ok(expected !== null, `${what}: inline finds the fault`);
      sameReject(expected, await pool.verify(batch), what);
    }
    assert.match(inline.verifyNow(cases[0]!.batch)!.reason, /^mandatory-script-verify-flag-failed \(/);
    assert.equal(inline.verifyNow(cases[2]!.batch)!.reason, 'bad-txns-in-ne-out');
    assert.equal(inline.verifyNow(cases[3]!.batch)!.reason, 'bad-txns-in-ne-out');
    assert.ok(inline.verifyNow(cases[1]!.batch)!.debug!.includes(cases[1]!.batch[early.i]!.tx.txidHex), 'the earlier transaction is named');
    // concurrent batches do not mix
    const [a, b, c] = await Promise.all([pool.verify(cases[0]!.batch), pool.verify(all), pool.verify(cases[2]!.batch)]);
    sameReject(inline.verifyNow(cases[0]!.batch), a, 'concurrent 1');
    assert.equal(b, null);
    sameReject(inline.verifyNow(cases[2]!.batch), c, 'concurrent 3');
  });
});

test('streaming batches (begin / add / finish): the same answers; abandon drops a batch; a finished batch takes no more', async () => {
  const all = corpusChecks().map((c) => c.check);
  const at = all.findIndex(isP2pkhSpend);
  const broken = all.map((c, i) => (i === at ? withBrokenSignature(c) : c));
  await withPool(2, async (pool) => {
    const b = pool.begin();
    for (const c of broken) b.add(c);
    sameReject(inline.verifyNow(broken), await b.finish(), 'streamed');
    assert.throws(() => b.add(all[0]!), /already finished/);
    const dropped = pool.begin();
    for (const c of all) dropped.add(c);
    dropped.abandon();
    const empty = pool.begin();
    assert.equal(await empty.finish(), null);
    // interleaved batches
    const x = pool.begin();
    const y = pool.begin();
    all.forEach((c, i) => {
      x.add(c);
      y.add(broken[i]!);
    });
    const [rx, ry] = await Promise.all([x.finish(), y.finish()]);
    assert.equal(rx, null);
    sameReject(inline.verifyNow(broken), ry, 'interleaved');
  });
});

test('the worker entry runs from the compiled dist/ (plain node) as well as from the .ts source (tsx)', async () => {
  const src = scriptWorkerEntry(new URL('../../src/verify/script-verifier-pool.ts', import.meta.url).href);
  assert.ok(src.module.pathname.endsWith('/src/verify/script-worker.ts'));
  assert.equal(src.options.eval, true, 'a bootstrap that registers tsx in the worker');
  const distBase = new URL('../../dist/verify/script-verifier-pool.js', import.meta.url).href;
  const dist = scriptWorkerEntry(distBase);
  assert.ok(dist.module.pathname.endsWith('/dist/verify/script-worker.js'));
  assert.equal(dist.script, dist.module, 'the compiled module itself, no loader');
  const checks = corpusChecks().map((c) => c.check);
  const broken = checks.map((c, i) => (i === checks.findIndex(isP2pkhSpend) ? withBrokenSignature(c) : c));
  for (const base of [distBase, undefined]) {
    await withPool(
      1,
      async (pool) => {
        assert.equal(await pool.verify(checks), null);
        sameReject(inline.verifyNow(broken), await pool.verify(broken), `entry ${base ?? 'default'}`);
      },
      base,
    );
  }
});

/** A batch big enough to keep both workers busy for a while (confidential checks are ~40 ms each). */
function bigBatch(): ScriptCheck[] {
  const all = corpusChecks().map((c) => c.check);
  const out: ScriptCheck[] = [];
  for (let k = 0; k < 4; k++) out.push(...all);
  return out;
}

/** The error `p` fails with (observed at once: no unhandled rejection while the test goes on), or undefined. */
function failure(p: Promise<unknown>): Promise<Error | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

for (const kind of ['crash', 'terminate'] as const) {
  test(`a worker ${kind} fails the pending batch with an error; the pool replaces the worker and verifies again`, async () => {
    await withPool(2, async (pool, exits) => {
      const before = pool.workerThreadIds();
      assert.equal(before.length, 2);
      const pending = failure(pool.verify(bigBatch()));
      await sleep(50);
      assert.ok(pool.injectWorkerFault(before[0]!, kind));
      const e = await pending;
      assert.ok(e, 'the batch failed');
      assert.match(e.message, new RegExp(`script verification worker ${before[0]} exited with code \\d+`));
      if (kind === 'crash') assert.match(e.message, /crash requested/);
      await until(() => exits.includes(before[0]!), 'the exit');
      await until(() => pool.workerThreadIds().length === 2, 'a replacement worker');
      const after = pool.workerThreadIds();
      assert.ok(!after.includes(before[0]!), 'the dead worker is gone');
      assert.ok(after.includes(before[1]!), 'the other worker kept running');
      // the pool works again, on workers (the main thread's secp would throw)
      assert.equal(await pool.verify(corpusChecks().map((c) => c.check)), null);
      const c = corpusChecks().map((x) => x.check);
      const broken = c.map((x, i) => (i === c.findIndex(isP2pkhSpend) ? withBrokenSignature(x) : x));
      sameReject(inline.verifyNow(broken), await pool.verify(broken), 'after recovery');
    });
  });
}

test('stop fails pending batches, terminates every worker, and refuses new work', async () => {
  const exits: number[] = [];
  const pool = new ScriptVerifierPool({ threads: 2, secp, verifier, inlineBelowCost: 0, onWorkerExit: (id) => exits.push(id) });
  await pool.start();
  const ids = pool.workerThreadIds();
  assert.equal(ids.length, 2);
  const pending = failure(pool.verify(bigBatch()));
  await sleep(20);
  await pool.stop();
  assert.match((await pending)?.message ?? 'resolved', /script verification pool stopped/);
  assert.deepEqual([...exits].sort(), [...ids].sort(), 'every worker exited');
  assert.deepEqual(pool.workerThreadIds(), []);
  await assert.rejects(pool.verify(corpusChecks().map((c) => c.check)), /stopped/);
  await pool.stop(); // idempotent
});

test('no threads (-par ≤ 1) and small batches verify on the calling thread', async () => {
  const none = new ScriptVerifierPool({ threads: 0, secp, verifier });
  await none.start();
  assert.deepEqual(none.workerThreadIds(), []);
  const checks = corpusChecks().map((c) => c.check);
  assert.equal(await none.verify(checks), null);
  const broken = checks.map((c, i) => (i === checks.findIndex(isP2pkhSpend) ? withBrokenSignature(c) : c));
  sameReject(inline.verifyNow(broken), await none.verify(broken), 'inline pool');
  await none.stop();
  // with workers, a batch below the cost threshold never leaves the main thread
  const counted = { verify: 0 };
  const countingSecp: Secp256k1 = new Proxy(secp, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'verify') return (...a: Parameters<Secp256k1['verify']>) => (counted.verify++, target.verify(...a));
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
  const pool = new ScriptVerifierPool({ threads: 1, secp: countingSecp, verifier, inlineBelowCost: 8 });
  await pool.start();
  try {
    const small = checks.find((c) => isP2pkhSpend(c) && c.tx.inputs.length === 1)!;
    assert.equal(await pool.verify([small]), null);
    assert.ok(counted.verify > 0, 'verified inline');
    counted.verify = 0;
    assert.equal(await pool.verify(checks), null);
    assert.equal(counted.verify, 0, 'a big batch goes to the worker');
  } finally {
    await pool.stop();
  }
});

test('callerHelps: the calling thread runs the chunks no worker has started, each chunk runs once, the answer is the inline one', async () => {
  const p2pkh = corpusChecks()
    .map((c) => c.check)
    .filter((c) => isP2pkhSpend(c) && !c.amounts);
  // ~1,500 input checks (no range proofs: they take ~40 ms each): far more than one worker gets through while the batch is being added
  const big: ScriptCheck[] = [];
  while (big.length < 1500) big.push(...p2pkh);
  const counted = { verify: 0 };
  const countingSecp: Secp256k1 = new Proxy(secp, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'verify') return (...a: Parameters<Secp256k1['verify']>) => (counted.verify++, target.verify(...a));
      return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
    },
  });
  const pool = new ScriptVerifierPool({ threads: 1, secp: countingSecp, verifier, inlineBelowCost: 0 });
  await pool.start();
  try {
    const run = async (checks: readonly ScriptCheck[], callerHelps: boolean): Promise<Reject | null> => {
      const b = pool.begin({ callerHelps });
      for (const c of checks) b.add(c);
      return b.finish();
    };
    const before = pool.chunkStats;
    assert.equal(await run(big, true), null);
    const s = pool.chunkStats;
    const cut = s.cut - before.cut;
    const byCaller = s.caller - before.caller;
    const byWorker = s.workers - before.workers;
    assert.ok(byCaller >= 1, `the caller ran ${byCaller} of ${cut} chunks`);
    assert.ok(byWorker >= 1, `the worker ran ${byWorker} of ${cut} chunks`);
    assert.equal(byCaller + byWorker, cut, 'every chunk ran exactly once');
    assert.ok(counted.verify > 0, 'signatures were verified on the calling thread');
    assert.ok(s.skipped - before.skipped <= byCaller, 'the worker skipped only chunks the caller took');

    // without callerHelps the calling thread verifies nothing
    counted.verify = 0;
    assert.equal(await run(big, false), null);
    assert.equal(counted.verify, 0);

    // a broken signature at the start (a worker's chunk), at the end (the caller's), and both:
    // the reject is the inline one, the first in order
    const first = big.findIndex((c) => isP2pkhSpend(c));
    const last = big.length - 1 - [...big].reverse().findIndex((c) => isP2pkhSpend(c));
    for (const [what, broken] of [
      ['start', [first]],
      ['end', [last]],
      ['both', [first, last]],
    ] as const) {
      const batch = big.map((c, i) => ((broken as readonly number[]).includes(i) ? withBrokenSignature(c) : c));
      sameReject(inline.verifyNow(batch), await run(batch, true), `broken signature at the ${what}`);
    }
  } finally {
    await pool.stop();
  }
});
