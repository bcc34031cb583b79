// End-to-end: `bin/oceand -zmqpub*` publishes Core 0.14's multipart notifications.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Subscriber } from 'zeromq';
import { Block, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, call, freePort, kill, spendGenesisCoin, startDaemon, waitUntilUp } from '../support/daemon.js';

interface Note {
  topic: string;
  body: Buffer;
  seq: number;
}

async function receive(sock: Subscriber, timeoutMs = 10_000): Promise<Note> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no zmq message within the timeout')), timeoutMs);
  });
  try {
    const parts = await Promise.race([sock.receive(), timeout]);
    assert.equal(parts.length, 3, 'multipart: topic, body, sequence');
    assert.equal(parts[2]!.length, 4);
    return { topic: parts[0]!.toString('ascii'), body: parts[1]!, seq: parts[2]!.readUInt32LE(0) };
  } finally {
    clearTimeout(timer);
  }
}

test('oceand -zmqpub*: hashtx/rawtx/hashblock/rawblock with per-topic sequence numbers', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-zmq-'));
  const port = await freePort();
  const hashPort = await freePort();
  const rawPort = await freePort();
  const hashEndpoint = `tcp://127.0.0.1:${hashPort}`;
  const rawEndpoint = `tcp://127.0.0.1:${rawPort}`;
  const d = startDaemon(port, [
    '-regtest',
    `-datadir=${datadir}`,
    '-initialfreecoins=2100000000000000',
    `-zmqpubhashblock=${hashEndpoint}`,
    `-zmqpubhashtx=${hashEndpoint}`,
    `-zmqpubrawblock=${rawEndpoint}`,
    `-zmqpubrawtx=${rawEndpoint}`,
  ]);
  const hashSub = new Subscriber({ linger: 0 });
  const rawSub = new Subscriber({ linger: 0 });
  t.after(() => {
    hashSub.close();
    rawSub.close();
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  await waitUntilUp(d);
  hashSub.connect(hashEndpoint);
  hashSub.subscribe('hashblock', 'hashtx');
  rawSub.connect(rawEndpoint);
  rawSub.subscribe();
  await sleep(500); // ZeroMQ's slow joiner: let the subscriptions reach the publisher.

  await t.test('generate 1: coinbase hashtx/rawtx (seq 0), then hashblock/rawblock (seq 0) of the new tip', async () => {
    const [hash] = (await call(port, 'generate', [1])) as string[];
    const block = Block.decode(fromHex((await call(port, 'getblock', [hash, 0])) as string));
    const coinbase = block.transactions[0]!;
    assert.equal(block.transactions.length, 1);

    const tx = await receive(hashSub);
    assert.deepEqual({ topic: tx.topic, seq: tx.seq }, { topic: 'hashtx', seq: 0 });
    assert.equal(tx.body.toString('hex'), coinbase.txidHex);
    const blk = await receive(hashSub);
    assert.deepEqual({ topic: blk.topic, seq: blk.seq }, { topic: 'hashblock', seq: 0 });
    assert.equal(blk.body.toString('hex'), hash);

    const rawTx = await receive(rawSub);
    assert.deepEqual({ topic: rawTx.topic, seq: rawTx.seq }, { topic: 'rawtx', seq: 0 });
    assert.equal(rawTx.body.toString('hex'), toHex(coinbase.toBytes()));
    const rawBlock = await receive(rawSub);
    assert.deepEqual({ topic: rawBlock.topic, seq: rawBlock.seq }, { topic: 'rawblock', seq: 0 });
    assert.equal(rawBlock.body.toString('hex'), toHex(block.toBytes()));
  });

  const genesis = Block.decode(fromHex((await call(port, 'getblock', [GENESIS, 0])) as string));
  const spend = spendGenesisCoin(genesis, 0, 10_000n);

  await t.test('sendrawtransaction: hashtx/rawtx with sequence 1', async () => {
    assert.equal(await call(port, 'sendrawtransaction', [toHex(spend.toBytes())]), spend.txidHex);
    const tx = await receive(hashSub);
    assert.deepEqual({ topic: tx.topic, seq: tx.seq, body: tx.body.toString('hex') }, { topic: 'hashtx', seq: 1, body: spend.txidHex });
    const raw = await receive(rawSub);
    assert.deepEqual({ topic: raw.topic, seq: raw.seq, body: raw.body.toString('hex') }, { topic: 'rawtx', seq: 1, body: toHex(spend.toBytes()) });
    // Resending a transaction already in the mempool publishes nothing.
    assert.equal(await call(port, 'sendrawtransaction', [toHex(spend.toBytes())]), spend.txidHex);
  });

  await t.test('generate 2: per block (one tip change each), its transactions then its hashblock', async () => {
    const hashes = (await call(port, 'generate', [2])) as string[];
    const b1 = Block.decode(fromHex((await call(port, 'getblock', [hashes[0], 0])) as string));
    const b2 = Block.decode(fromHex((await call(port, 'getblock', [hashes[1], 0])) as string));
    assert.ok(b1.transactions.some((x) => x.txidHex === spend.txidHex));
    let txSeq = 2;
    const expected: [string, string, number][] = [];
    for (const [i, b] of [b1, b2].entries()) {
      for (const x of b.transactions) expected.push(['hashtx', x.txidHex, txSeq++]);
      expected.push(['hashblock', hashes[i]!, 1 + i]);
    }
    const got: Note[] = [];
    for (let i = 0; i < expected.length; i++) got.push(await receive(hashSub));
    assert.deepEqual(
      got.map((n) => [n.topic, n.body.toString('hex'), n.seq]),
      expected,
    );
  });

  await t.test('stop → exit 0', async () => {
    assert.equal(await call(port, 'stop'), 'Ocean server stopping');
    assert.equal(await d.exited, 0);
  });
});

test('oceand: an unbindable -zmqpub endpoint fails start-up', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-zmq-'));
  const port = await freePort();
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`, '-zmqpubhashblock=tcp://192.0.2.1:1']);
  t.after(() => {
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  const code = await d.exited;
  assert.notEqual(code, 0);
  assert.match(d.stderr, /ZMQ/i);
});
