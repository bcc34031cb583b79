// The peers' median clock offset (AddTimeData) becomes GetAdjustedTime: in the connection manager
// over real sockets from distinct loopback addresses, and in a real oceand (getnetworkinfo, block
// templates and the future-block check `time-too-new`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { VerackMessage, VersionMessage } from '@ocean-ts/wire';
import { call, daemonSandbox, freePort, rpc } from '../support/daemon.js';
import { CLOCK, FrameReader, frame, peerVersion, startManager, waitFor } from './support/fake-peer.js';

/** An inbound peer from `127.0.0.<n>` whose clock is `offset` seconds ahead of `base()`. */
async function skewedPeer(port: number, n: number, offset: number, base: () => number): Promise<{ socket: Socket; reader: FrameReader; version: VersionMessage }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress: `127.0.0.${n}` });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const reader = new FrameReader(socket);
  socket.write(frame(peerVersion({ time: BigInt(base() + offset), nonce: BigInt(1000 + n) })));
  const v = await reader.next();
  assert.equal(v.command, 'version');
  assert.equal((await reader.next()).command, 'verack');
  socket.write(frame(new VerackMessage()));
  return { socket, reader, version: VersionMessage.decode(v.payload) };
}

test('five samples (with our own 0) give the median offset; inbound version times then carry it', async (t) => {
  const { manager, logger } = await startManager(['-debug=net']);
  t.after(() => manager.stop());
  const port = Number(manager.listenAddresses[0]!.split(':').pop());
  const peers = [];
  for (let n = 2; n <= 4; n++) peers.push(await skewedPeer(port, n, 600, () => CLOCK));
  await waitFor(() => manager.timeData.sampleCount === 4);
  assert.equal(manager.timeOffset, 0);
  assert.equal(manager.adjustedTime(), CLOCK);
  peers.push(await skewedPeer(port, 5, 600, () => CLOCK));
  await waitFor(() => manager.timeOffset === 600);
  assert.equal(manager.adjustedTime(), CLOCK + 600);
  assert.deepEqual(manager.peerInfo().map((p) => p.timeOffset), [600, 600, 600, 600]);
  assert.ok(logger.messages().includes('added time data, samples 5, offset +600 (+10 minutes)'));
  assert.ok(logger.messages().includes('+0  +600  +600  +600  +600  |  nTimeOffset = +600  (+10 minutes)'));
  // a second connection from a sampled address adds nothing; an inbound version now carries adjusted time
  const again = await skewedPeer(port, 5, -3000, () => CLOCK);
  assert.equal(again.version.fields.time, BigInt(CLOCK + 600));
  assert.equal(manager.timeData.sampleCount, 5);
  for (const p of [...peers, again]) p.socket.destroy();
});

test('peers far off our clock: no adjustment, the warning once, in getnetworkinfo warnings', async (t) => {
  const { manager, logger } = await startManager([]);
  t.after(() => manager.stop());
  const port = Number(manager.listenAddresses[0]!.split(':').pop());
  const peers = [];
  for (let n = 2; n <= 5; n++) peers.push(await skewedPeer(port, n, 2 * 3600, () => CLOCK));
  await waitFor(() => manager.timeData.sampleCount === 5);
  assert.equal(manager.timeOffset, 0);
  const warning = "Please check that your computer's date and time are correct! If your clock is wrong, Ocean Core will not work properly.";
  assert.equal(manager.timeData.warning, warning);
  assert.deepEqual(logger.messages().filter((m) => m.includes('date and time')), [`Warning: ${warning}`]);
  for (const p of peers) p.socket.destroy();
});

interface NetInfo {
  timeoffset: number;
  warnings: string;
}

test('oceand: the offset moves getnetworkinfo, getnewblockhex times and the time-too-new limit', { timeout: 90_000 }, async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-timeoffset-');
  const p2p = await freePort();
  const d = await sandbox.start([`-port=${p2p}`, '-bind=127.0.0.1', '-discover=0']);
  const OFFSET = 3000;
  const now = () => Math.floor(Date.now() / 1000);
  const peers = [];
  for (let n = 2; n <= 5; n++) peers.push(await skewedPeer(p2p, n, OFFSET, now));
  t.after(() => {
    for (const p of peers) p.socket.destroy();
  });
  let info: NetInfo | undefined;
  for (let i = 0; i < 100; i++) {
    info = (await call(d.port, 'getnetworkinfo')) as NetInfo;
    if (info.timeoffset !== 0) break;
    await sleep(100);
  }
  // a second may tick between the peer's stamp and our reading of it
  assert.ok(Math.abs(info!.timeoffset - OFFSET) <= 1, `timeoffset ${info!.timeoffset}`);
  assert.equal(info!.warnings, '');
  const offset = info!.timeoffset;
  const getinfo = (await call(d.port, 'getinfo')) as { timeoffset: number };
  assert.equal(getinfo.timeoffset, offset);
  // block templates use the adjusted time
  const hex = (await call(d.port, 'getnewblockhex')) as string;
  const block = Buffer.from(hex, 'hex');
  const TIME_AT = 4 + 32 * 5; // version, prev, merkle, contract, attestation, mapping
  assert.ok(block.readUInt32LE(TIME_AT) >= now() + offset - 2, 'template time is adjusted');
  // the future-block limit is adjusted time + 2 h: a block 2 h + 30 min ahead of our clock is accepted
  // only because of the offset; one beyond adjusted + 2 h is too new
  const withTime = (time: number) => {
    const b = Buffer.from(block);
    b.writeUInt32LE(time, TIME_AT);
    return b.toString('hex');
  };
  const tooNew = await rpc(d.port, 'submitblock', [withTime(now() + offset + 7200 + 120)]);
  assert.match(JSON.stringify(tooNew), /time-too-new/);
  const ok = await rpc(d.port, 'submitblock', [withTime(now() + 7200 + 1800)]);
  assert.equal(ok.error, null);
  assert.equal(ok.result, null);
  assert.equal(await call(d.port, 'getblockcount'), 1);
});
