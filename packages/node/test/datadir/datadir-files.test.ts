import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { DataDirFiles, OCEAN_CLIENT_VERSION, type DataDirFilesOptions } from '../../src/datadir-files.js';
import { FeeEstimatorState } from '../../src/datadir/fee-estimates-file.js';
import { PeersFile } from '../../src/datadir/peers-file.js';

const MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);

function setup(t: { after: (fn: () => void) => void }): { dir: string; logger: RecordingLogger; opts: (o?: Partial<DataDirFilesOptions>) => DataDirFilesOptions } {
  const dir = mkdtempSync(join(tmpdir(), 'ocean-datadir-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logger = new RecordingLogger();
  let n = 0;
  return { dir, logger, opts: (o = {}) => ({ dir, messageStart: MAGIC, logger, wallet: true, randomKey: () => new Uint8Array(32).fill(++n), ...o }) };
}

const peersOf = (dir: string) => PeersFile.decode(readFileSync(join(dir, 'peers.dat')), MAGIC);
const feesOf = (dir: string) => FeeEstimatorState.decode(readFileSync(join(dir, 'fee_estimates.dat')), OCEAN_CLIENT_VERSION);

test('first start: db.log, audit.log and a fresh peers.dat at once; fee_estimates.dat at shutdown with the best height', (t) => {
  const { dir, logger, opts } = setup(t);
  const files = DataDirFiles.open(opts());
  assert.ok(existsSync(join(dir, 'db.log')));
  assert.ok(existsSync(join(dir, 'audit.log')));
  assert.equal(readFileSync(join(dir, 'db.log')).length, 0);
  assert.deepEqual(peersOf(dir).key, new Uint8Array(32).fill(1));
  assert.equal(existsSync(join(dir, 'fee_estimates.dat')), false, 'written at shutdown, as Core');
  assert.ok(logger.messages().includes('Invalid or missing peers.dat; recreating'));
  files.close(7);
  files.close(8); // idempotent
  assert.equal(feesOf(dir).bestSeenHeight, 7);
  assert.deepEqual(feesOf(dir).feeStats, FeeEstimatorState.empty().feeStats);
  assert.deepEqual(peersOf(dir).key, new Uint8Array(32).fill(1));
});

test('restart: both files are loaded and kept (the address key survives, the best height only grows)', (t) => {
  const { dir, logger, opts } = setup(t);
  DataDirFiles.open(opts()).close(9);
  logger.records.length = 0;
  const files = DataDirFiles.open(opts());
  assert.ok(logger.messages().some((m) => /^Loaded 0 addresses from peers\.dat {2}\d+ms$/.test(m)), logger.messages().join('\n'));
  assert.ok(!logger.messages().includes('Invalid or missing peers.dat; recreating'));
  assert.equal(files.feeEstimates.bestSeenHeight, 9);
  files.close(3);
  assert.equal(feesOf(dir).bestSeenHeight, 9);
  assert.deepEqual(peersOf(dir).key, new Uint8Array(32).fill(1));
});

test('a corrupt peers.dat is logged and replaced at once; a corrupt fee_estimates.dat is logged (non-fatal) and rewritten at shutdown', (t) => {
  const { dir, logger, opts } = setup(t);
  DataDirFiles.open(opts()).close(4);
  const peers = readFileSync(join(dir, 'peers.dat'));
  peers[10]! ^= 0xff;
  writeFileSync(join(dir, 'peers.dat'), peers);
  writeFileSync(join(dir, 'fee_estimates.dat'), readFileSync(join(dir, 'fee_estimates.dat')).subarray(0, 100));
  logger.records.length = 0;
  const files = DataDirFiles.open(opts());
  const lines = logger.messages();
  assert.ok(lines.includes('ERROR: Read: Checksum mismatch, data corrupted'), lines.join('\n'));
  assert.ok(lines.includes('Invalid or missing peers.dat; recreating'));
  assert.ok(lines.some((m) => m.startsWith('CTxMemPool::ReadFeeEstimates(): unable to read policy estimator data (non-fatal)')), lines.join('\n'));
  assert.deepEqual(peersOf(dir).key, new Uint8Array(32).fill(2), 'a fresh address manager was written at start');
  assert.equal(files.feeEstimates.bestSeenHeight, 0);
  files.close(5);
  assert.equal(feesOf(dir).bestSeenHeight, 5);
});

test('an up-version fee file is refused with its own line; -disablewallet makes no db.log; an unwritable path is logged, not thrown', (t) => {
  const { dir, logger, opts } = setup(t);
  const w = FeeEstimatorState.empty(3).encode(OCEAN_CLIENT_VERSION);
  new DataView(w.buffer, w.byteOffset).setInt32(0, OCEAN_CLIENT_VERSION + 1, true);
  writeFileSync(join(dir, 'fee_estimates.dat'), w);
  mkdirSync(join(dir, 'peers.dat'));
  const files = DataDirFiles.open(opts({ wallet: false }));
  assert.equal(existsSync(join(dir, 'db.log')), false);
  const lines = logger.messages();
  assert.ok(lines.includes(`ERROR: CTxMemPool::ReadFeeEstimates(): up-version (${OCEAN_CLIENT_VERSION + 1}) fee estimate file`), lines.join('\n'));
  assert.ok(logger.messages('warn').some((m) => m.includes('peers.dat')), 'peers.dat as a directory cannot be replaced: logged');
  files.close(1);
  assert.equal(feesOf(dir).bestSeenHeight, 1);
});
