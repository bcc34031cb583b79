/**
 * The composition root with `-par=2`, in process: the pool starts with the node (Core's log line),
 * `acceptToMempool` runs `submitAsync` / `acceptAsync` under the chain lock and reports what they
 * admitted to zmq like the synchronous forms, and shutdown stops the pool.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subscriber } from 'zeromq';
import { OP, OutPoint, TransactionBuilder, TxIn, type Transaction } from '@ocean-ts/core';
import { RecordingLogger, type ServiceLogger } from '@ocean-ts/service-kit';
import { loadNodeConfig } from '../../src/config/node-config.js';
import { FullNode } from '../../src/full-node.js';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { freePort } from '../support/daemon.js';

class TestLogger extends RecordingLogger implements ServiceLogger {
  flush(): void {}
  reopen(): void {}
  async close(): Promise<void> {}
}

/** One transaction spending `n` genesis OP_TRUE coins (from `from`) back to OP_TRUE, fee 10,000. */
function spendGenesis(node: FullNode, from: number, n: number): Transaction {
  const coins: { outpoint: OutPoint; asset: Uint8Array; value: bigint }[] = [];
  for (const tx of node.params.genesisBlock.transactions) {
    tx.outputs.forEach((o, i) => {
      if (o.value.isExplicit && o.scriptPubKey.length === 1 && o.scriptPubKey[0] === OP.OP_1) coins.push({ outpoint: new OutPoint(tx.txid, i), asset: o.asset.id, value: o.value.amount });
    });
  }
  const mine = coins.slice(from, from + n);
  assert.equal(mine.length, n);
  const b = new TransactionBuilder();
  b.version = 2;
  for (const c of mine) b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  const total = mine.reduce((s, c) => s + c.value, 0n);
  b.addOutput(explicitOutput(mine[0]!.asset, total - 10_000n, Uint8Array.of(OP.OP_1)));
  b.addOutput(explicitOutput(mine[0]!.asset, 10_000n, new Uint8Array(0)));
  return b.build();
}

test('FullNode -par=2: the pool starts and stops with the node; async mempool acceptance is announced on zmq', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'fullnode-par-'));
  const zmqPort = await freePort();
  const endpoint = `tcp://127.0.0.1:${zmqPort}`;
  const startup = loadNodeConfig({
    argv: ['-regtest', `-datadir=${datadir}`, `-rpcport=${await freePort()}`, '-rpcuser=u', '-rpcpassword=p', '-initialfreecoins=2100000000000000', '-par=2', `-zmqpubhashtx=${endpoint}`],
    env: {},
  });
  assert.equal(startup.kind, 'run');
  if (startup.kind !== 'run') return;
  const logger = new TestLogger();
  const node = await FullNode.start(startup.config, logger, { pid: 424242 });
  const sub = new Subscriber({ linger: 0 });
  t.after(async () => {
    sub.close();
    await node.stop('test done');
    rmSync(datadir, { recursive: true, force: true });
  });
  assert.ok(logger.messages('info').includes('Using 2 threads for script verification'));
  sub.connect(endpoint);
  sub.subscribe('hashtx');
  await new Promise((r) => setTimeout(r, 300)); // the subscription reaches the publisher

  const big = spendGenesis(node, 0, 12);
  const r = await node.acceptToMempool(async (pool) => pool.submitAsync(big));
  assert.equal(r.result.status, 'accepted');
  const small = spendGenesis(node, 12, 1);
  const r2 = await node.acceptToMempool(async (pool) => pool.acceptAsync(small));
  assert.equal(r2.status, 'accepted');
  assert.deepEqual(node.mempool.txids().sort(), [big.txidHex, small.txidHex].sort());

  const seen: string[] = [];
  for (let i = 0; i < 2; i++) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no hashtx notification within 10 s')), 10_000)));
    const [topic, body] = await Promise.race([sub.receive(), timeout]).finally(() => clearTimeout(timer));
    assert.equal(topic!.toString(), 'hashtx');
    seen.push(body!.toString('hex'));
  }
  assert.deepEqual(seen.sort(), [big.txidHex, small.txidHex].sort(), 'both admissions were announced');

  // a double spend through the async path is rejected like the synchronous one
  const conflict = spendGenesis(node, 0, 1);
  const r3 = await node.acceptToMempool(async (pool) => pool.acceptAsync(conflict));
  assert.equal(r3.status, 'rejected');
  assert.equal(r3.status === 'rejected' && r3.reject.reason, 'txn-mempool-conflict');

  const report = await node.stop('test');
  assert.ok(report.ran.includes('script verification threads'), report.ran.join(', '));
  assert.deepEqual(report.failed, []);
  assert.ok(report.ran.indexOf('rpc server') < report.ran.indexOf('script verification threads'), 'the RPC server closes first');
  assert.ok(report.ran.indexOf('script verification threads') < report.ran.indexOf('chain store'), 'the pool stops before the store closes');
});
