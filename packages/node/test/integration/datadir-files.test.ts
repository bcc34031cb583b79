// The chain directory's files of spec A.2 on the real oceand: a normal run creates debug.log,
// db.log, peers.dat, fee_estimates.dat and audit.log; the harness deletes the first four after a
// clean shutdown and restarts; corrupt peers.dat / fee_estimates.dat are logged and replaced as
// Core does, never fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCEAN_CLIENT_VERSION } from '../../src/datadir-files.js';
import { FeeEstimatorState } from '../../src/datadir/fee-estimates-file.js';
import { PeersFile } from '../../src/datadir/peers-file.js';
import { freePort } from '../support/daemon.js';
import { TestNode } from '../support/test-node.js';

const MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
const HARNESS_DELETES = ['debug.log', 'db.log', 'peers.dat', 'fee_estimates.dat'];

test('oceand data-directory files: created by a normal run, recreated after the harness deletes them, corrupt ones ignored with a log line', async (t) => {
  // ocean.conf as the functional-test harness writes it (A.2); the test's -rpcuser/-rpcpassword override it
  const node = await TestNode.create({
    conf: ['regtest=1', 'rpcuser=rpcuser💻0', 'rpcpassword=rpcpass🔑0', `port=${await freePort()}`, 'listenonion=0', 'initialfreecoins=2100000000000000', 'chain=ocean_test'],
    args: ['-server', '-keypool=1', '-discover=0', '-rest', '-mocktime=0'],
  });
  t.after(() => node.cleanup());
  const file = (name: string) => join(node.chainDir, name);
  const peers = () => PeersFile.decode(readFileSync(file('peers.dat')), MAGIC);
  const fees = () => FeeEstimatorState.decode(readFileSync(file('fee_estimates.dat')), OCEAN_CLIENT_VERSION);

  await t.test('a normal run: all files after a clean shutdown, in Core 0.14’s formats', async () => {
    await node.start();
    assert.ok(existsSync(file('peers.dat')), 'peers.dat is written at start when missing');
    assert.ok(existsSync(file('db.log')));
    assert.ok(existsSync(file('audit.log')));
    await node.call('generate', [3]);
    await node.stop();
    for (const name of [...HARNESS_DELETES, 'audit.log']) assert.ok(existsSync(file(name)), name);
    assert.equal(existsSync(file('.lock')), false);
    assert.equal(existsSync(file('.cookie')), false);
    const p = readFileSync(file('peers.dat'));
    assert.equal(p.length, 4178);
    assert.deepEqual([...p.subarray(0, 4)], [...MAGIC]);
    assert.equal(peers().newCount + peers().triedCount, 0);
    const f = fees();
    assert.equal(f.bestSeenHeight, 3);
    assert.equal(f.feeStats.buckets.length, 98);
    assert.equal(readFileSync(file('fee_estimates.dat')).readInt32LE(0), 139900);
  });

  await t.test('restart with the files present: loaded, kept, the chain is intact', async () => {
    const peersBefore = readFileSync(file('peers.dat'));
    const logBefore = node.debugLog().length;
    await node.start();
    assert.equal(await node.call('getblockcount'), 3);
    const log = node.debugLog().slice(logBefore);
    assert.match(log, /Loaded 0 addresses from peers\.dat {2}\d+ms\n/);
    assert.doesNotMatch(log, /Invalid or missing peers\.dat/);
    await node.call('generate', [1]);
    await node.stop();
    assert.deepEqual(readFileSync(file('peers.dat')), peersBefore, 'the same address manager (key) is written back');
    assert.equal(fees().bestSeenHeight, 4);
  });

  await t.test('the harness deletes debug.log, db.log, peers.dat, fee_estimates.dat after a clean shutdown: the next run makes them again', async () => {
    for (const name of HARNESS_DELETES) rmSync(file(name));
    await node.start();
    assert.equal(await node.call('getblockcount'), 4);
    for (const name of ['debug.log', 'db.log', 'peers.dat']) assert.ok(existsSync(file(name)), `${name} while running`);
    assert.match(node.debugLog(), /Invalid or missing peers\.dat; recreating\n/);
    await node.stop();
    for (const name of HARNESS_DELETES) assert.ok(existsSync(file(name)), name);
    assert.equal(fees().bestSeenHeight, 4, 'a missing file starts a fresh estimator');
  });

  await t.test('corrupt peers.dat and fee_estimates.dat: logged as Core does, replaced, the node starts and works', async () => {
    writeFileSync(file('peers.dat'), Buffer.alloc(5000, 0x42));
    writeFileSync(file('fee_estimates.dat'), readFileSync(file('fee_estimates.dat')).subarray(0, 300));
    const logBefore = node.debugLog().length;
    await node.start();
    assert.equal(await node.call('getblockcount'), 4);
    const log = node.debugLog().slice(logBefore);
    assert.match(log, /ERROR: Read: Checksum mismatch, data corrupted\n/);
    assert.match(log, /Invalid or missing peers\.dat; recreating\n/);
    assert.match(log, /CTxMemPool::ReadFeeEstimates\(\): unable to read policy estimator data \(non-fatal\)/);
    assert.equal(peers().newCount, 0, 'a valid peers.dat was written at once');
    await node.stop();
    assert.equal(fees().bestSeenHeight, 4);
    assert.equal(fees().feeStats.buckets.length, 98);
  });

  await t.test('a peers.dat of another network and a fee file from a newer version are refused the same way', async () => {
    const other = PeersFile.empty(new Uint8Array(32).fill(9)).encode(Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9));
    writeFileSync(file('peers.dat'), other);
    const newer = FeeEstimatorState.empty(1).encode(OCEAN_CLIENT_VERSION);
    new DataView(newer.buffer, newer.byteOffset).setInt32(0, OCEAN_CLIENT_VERSION + 1, true);
    writeFileSync(file('fee_estimates.dat'), newer);
    const logBefore = node.debugLog().length;
    await node.start();
    const log = node.debugLog().slice(logBefore);
    assert.match(log, /ERROR: Read: Invalid network magic number\n/);
    assert.match(log, new RegExp(`ERROR: CTxMemPool::ReadFeeEstimates\\(\\): up-version \\(${OCEAN_CLIENT_VERSION + 1}\\) fee estimate file\\n`));
    assert.deepEqual([...readFileSync(file('peers.dat')).subarray(0, 4)], [...MAGIC]);
    await node.kill();
  });

  await t.test('after kill -9 the files are whatever the last run left; the next start is normal', async () => {
    const logBefore = node.debugLog().length;
    await node.start();
    assert.equal(await node.call('getblockcount'), 4);
    assert.match(node.debugLog().slice(logBefore), /Loaded 0 addresses from peers\.dat/);
    await node.stop();
    for (const name of [...HARNESS_DELETES, 'audit.log']) assert.ok(existsSync(file(name)), name);
  });
});

test('oceand -disablewallet keeps no wallet database log (no db.log), the other files as usual', async (t) => {
  const node = await TestNode.start({ args: ['-regtest', '-disablewallet'] });
  t.after(() => node.cleanup());
  await node.stop();
  assert.equal(existsSync(join(node.chainDir, 'db.log')), false);
  for (const name of ['debug.log', 'peers.dat', 'fee_estimates.dat', 'audit.log']) assert.ok(existsSync(join(node.chainDir, name)), name);
});
