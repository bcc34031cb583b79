/**
 * The real `bin/oceand` (compiled dist/) with `-par`: the script verification workers start (the
 * log line Core prints, extra threads in the process; as in Core the validating thread is one of
 * the `-par` threads, so `-par=2` starts one worker), a block of many transactions connects, and
 * `stop` terminates them so the process exits 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Block, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, call, freePort, kill, spendGenesisCoin, startDaemon, waitUntilUp, type Daemon } from '../support/daemon.js';

function threadsOf(pid: number): number {
  const m = /^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'thread count in /proc');
  return Number(m[1]);
}

async function run(par: number, fn: (d: Daemon, datadir: string) => Promise<void>): Promise<void> {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-par-'));
  const port = await freePort();
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`, '-initialfreecoins=2100000000000000', `-par=${par}`]);
  try {
    await waitUntilUp(d);
    await fn(d, datadir);
    await call(port, 'stop');
    assert.equal(await d.exited, 0, `oceand -par=${par} exits 0 after stop: ${d.stderr}`);
  } finally {
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  }
}

test('oceand -par=2: two verification threads (a worker and the validating thread); a 12-transaction block connects; stop exits 0', async () => {
  let withWorkers = 0;
  let without = 0;
  await run(2, async (d, datadir) => {
    const log = readFileSync(join(datadir, 'elementsregtest', 'debug.log'), 'utf8');
    assert.match(log, /Using 2 threads for script verification/);
    withWorkers = threadsOf(d.proc.pid!);
    const genesis = Block.decode(fromHex((await call(d.port, 'getblock', [GENESIS, 0])) as string));
    const txids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const tx = spendGenesisCoin(genesis, i, 10_000n);
      txids.push((await call(d.port, 'sendrawtransaction', [toHex(tx.toBytes())])) as string);
    }
    assert.equal(((await call(d.port, 'getrawmempool')) as string[]).length, 12);
    const [hash] = (await call(d.port, 'generate', [1])) as string[];
    assert.equal(await call(d.port, 'getblockcount'), 1);
    const block = (await call(d.port, 'getblock', [hash])) as { tx: string[] };
    assert.deepEqual(block.tx.slice(1).sort(), [...txids].sort());
    assert.deepEqual(await call(d.port, 'getrawmempool'), []);
  });
  await run(1, async (d, datadir) => {
    const log = readFileSync(join(datadir, 'elementsregtest', 'debug.log'), 'utf8');
    assert.match(log, /Using 0 threads for script verification/);
    without = threadsOf(d.proc.pid!);
    await call(d.port, 'generate', [1]);
    assert.equal(await call(d.port, 'getblockcount'), 1);
  });
  assert.ok(withWorkers > without, `worker threads exist: ${withWorkers} threads with -par=2, ${without} with -par=1`);
});
