// Two and three real bin/oceand processes: -connect, addnode, getpeerinfo on both sides,
// getaddednodeinfo, disconnectnode, a garbage peer, setban (drops and refuses), restart keeps bans
// and peers.dat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, freePort, kill, rpc, startDaemon, waitUntilUp, type Daemon } from '../support/daemon.js';

interface PeerRow {
  id: number;
  addr: string;
  inbound: boolean;
  version: number;
  subver: string;
  services: string;
  startingheight: number;
  banscore: number;
  addnode: boolean;
  whitelisted: boolean;
  relaytxes: boolean;
  conntime: number;
  bytessent: number;
  bytesrecv: number;
  pingtime?: number;
  bytessent_per_msg: Record<string, number>;
  bytesrecv_per_msg: Record<string, number>;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const peers = (d: Daemon) => call(d.port, 'getpeerinfo') as Promise<PeerRow[]>;
const handshaked = async (d: Daemon, n: number) => {
  const p = await peers(d);
  // the handshake is complete on this side once the peer's verack arrived (its version alone is not enough)
  return p.length === n && p.every((x) => x.version !== 0 && x.bytesrecv_per_msg.verack === 24) ? p : undefined;
};

test('oceand nodes connect, handshake and report each other; disconnectnode, setban, restart', { timeout: 120_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oceand-p2p-'));
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const d of daemons) kill(d);
    rmSync(root, { recursive: true, force: true });
  });
  const [rpcA, rpcB, rpcC, p2pA, p2pC] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const start = async (name: string, rpcPort: number, args: string[]) => {
    const d = startDaemon(rpcPort, [`-datadir=${join(root, name)}`, '-debug=net', ...args]);
    daemons.push(d);
    await waitUntilUp(d);
    return d;
  };
  for (const n of ['a', 'b', 'c']) mkdirSync(join(root, n));
  let a = await start('a', rpcA, [`-port=${p2pA}`, '-bind=127.0.0.1']);
  const b = await start('b', rpcB, [`-connect=127.0.0.1:${p2pA}`]);
  // -connect: B connects out to A only (and does not listen)
  const [bSide] = await until('B handshaked', () => handshaked(b, 1));
  const [aSide] = await until('A handshaked', () => handshaked(a, 1));
  assert.equal(bSide!.addr, `127.0.0.1:${p2pA}`);
  assert.equal(bSide!.inbound, false);
  assert.equal(aSide!.inbound, true);
  for (const p of [aSide!, bSide!]) {
    assert.equal(p.version, 70015);
    assert.equal(p.subver, '/Satoshi:2.1.1.1/');
    assert.equal(p.services, '0000000000000009');
    assert.equal(p.startingheight, 0);
    assert.equal(p.banscore, 0);
    assert.equal(p.whitelisted, false);
    assert.equal(p.relaytxes, true);
    assert.ok(p.bytessent_per_msg.version === 127 && p.bytesrecv_per_msg.verack === 24, JSON.stringify(p));
    assert.ok(p.bytessent > 0 && p.bytesrecv > 0);
  }
  assert.equal(bSide!.bytessent_per_msg.getaddr, 24); // outbound asks for addresses
  assert.equal(aSide!.bytesrecv_per_msg.getaddr, 24);
  assert.equal(await call(a.port, 'getconnectioncount'), 1);
  assert.equal(((await call(a.port, 'getinfo')) as { connections: number }).connections, 1);
  const netinfo = (await call(a.port, 'getnetworkinfo')) as { connections: number; localservices: string };
  assert.equal(netinfo.connections, 1);
  // pings complete (the first ping goes out right after the handshake)
  await until('pingtime', async () => ((await peers(a))[0]?.pingtime !== undefined ? true : undefined));

  // addnode: C adds A; getaddednodeinfo shows the connection
  const c = await start('c', rpcC, [`-port=${p2pC}`, '-bind=127.0.0.1']);
  assert.equal(await call(c.port, 'addnode', [`127.0.0.1:${p2pA}`, 'add']), null);
  const added = await until('C connected to A', async () => {
    const info = (await call(c.port, 'getaddednodeinfo')) as { addednode: string; connected: boolean; addresses: { address: string; connected: string }[] }[];
    return info[0]?.connected === true ? info : undefined;
  });
  assert.deepEqual(added, [{ addednode: `127.0.0.1:${p2pA}`, connected: true, addresses: [{ address: `127.0.0.1:${p2pA}`, connected: 'outbound' }] }]);
  const cPeers = await until('C handshaked', () => handshaked(c, 1));
  assert.equal(cPeers[0]!.addnode, true);
  const aPeers = await until('A has two peers', () => handshaked(a, 2));

  // a garbage peer is dropped; A keeps serving RPC and its other peers
  const garbage = connect({ host: '127.0.0.1', port: p2pA });
  const garbageClosed = new Promise<void>((resolve) => garbage.once('close', () => resolve()));
  garbage.on('error', () => {});
  garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(4)));
  await garbageClosed;
  assert.equal(await call(a.port, 'getblockcount'), 0);
  assert.equal((await until('A back to two peers', () => handshaked(a, 2))).length, 2);

  // disconnectnode by address; an unknown address is -29
  const cOnA = aPeers.find((p) => p.addr !== aSide!.addr)!;
  assert.equal(await call(a.port, 'disconnectnode', [cOnA.addr]), null);
  await until('C dropped on A', async () => ((await peers(a)).some((p) => p.addr === cOnA.addr) ? undefined : true));
  assert.deepEqual((await rpc(a.port, 'disconnectnode', ['1.2.3.4:5'])).error, { code: -29, message: 'Node not found in connected nodes' });

  // setban drops B and refuses it from then on (B keeps retrying -connect)
  assert.equal(await call(a.port, 'setban', ['127.0.0.1', 'add']), null);
  await until('A has no peers', async () => ((await call(a.port, 'getconnectioncount')) === 0 ? true : undefined));
  await sleep(1500);
  assert.equal(await call(a.port, 'getconnectioncount'), 0);
  assert.equal(await call(b.port, 'getconnectioncount'), 0);
  const banned = (await call(a.port, 'listbanned')) as { address: string; ban_reason: string }[];
  assert.deepEqual(banned.map((x) => [x.address, x.ban_reason]), [['127.0.0.1/32', 'manually added']]);

  // restart A: the ban and peers.dat/banlist.dat survive
  assert.equal(await call(a.port, 'stop'), 'Ocean server stopping');
  assert.equal(await a.exited, 0);
  const chainDir = join(root, 'a', 'ocean_test');
  assert.ok(existsSync(join(chainDir, 'peers.dat')) && existsSync(join(chainDir, 'banlist.dat')));
  a = await start('a', rpcA, [`-port=${p2pA}`, '-bind=127.0.0.1']);
  const after = (await call(a.port, 'listbanned')) as { address: string }[];
  assert.deepEqual(after.map((x) => x.address), ['127.0.0.1/32']);
  const log = readFileSync(join(chainDir, 'debug.log'), 'utf8');
  assert.match(log, /Loaded 0 addresses from peers\.dat/);
  assert.doesNotMatch(log, /Invalid or missing banlist\.dat; recreating[\s\S]*Invalid or missing banlist\.dat; recreating/);
  // clearbanned lets B back in
  assert.equal(await call(a.port, 'clearbanned'), null);
  await until('B reconnected after clearbanned', () => handshaked(a, 1), 30_000);
});
