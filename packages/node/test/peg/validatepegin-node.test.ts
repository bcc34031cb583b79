// -validatepegin on every peg-in, in process (ADR 0033 "Per-claim checks"; policy spec §10.4): the
// composition root with a fake geth. The mempool refuses a claim geth has not confirmed
// (`pegin-no-witness`, 16) and takes it once geth confirms; a block holding an unconfirmed claim is
// rejected (`bad-pegin-witness`, REJECT_PEGIN) with the chain staying put, queued, and connected by
// the re-check round once geth confirms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Block, BlockHeader, REJECT_PEGIN, Transaction, fromHex, merkleRoot, toDisplayHex } from '@ocean-ts/core';
import { RecordingLogger, type ServiceLogger } from '@ocean-ts/service-kit';
import { loadNodeConfig } from '../../src/config/node-config.js';
import { FullNode } from '../../src/full-node.js';
import { addWitnessCommitment, buildCoinbase } from '../../src/mining/coinbase.js';
import { DEFAULT_NEGATIVE_VERDICT_MS } from '../../src/peg/pegin-verdicts.js';
import { freePort, rpc } from '../support/daemon.js';
import { FakeGeth, VECTOR_AMOUNT, VECTOR_BLOCK, VECTOR_FEDPEG, VECTOR_PRIVKEY, ethPeginVector } from '../support/fake-geth.js';

class TestLogger extends RecordingLogger implements ServiceLogger {
  flush(): void {}
  reopen(): void {}
  async close(): Promise<void> {}
}

const ETH_MAINNET_GENESIS = '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
const ETH_TXID = '3080f6cb4434e5f99b8f399aabcd25e8631b1832de10087ee7a2368cb00fa66c';

/** The block on the node's tip holding `txs`, with a witness commitment; nothing collected. */
function blockOn(node: FullNode, txs: readonly Transaction[]): Block {
  const tip = node.chain.tip;
  const cb = addWitnessCommitment(
    buildCoinbase({ height: tip.height + 1, extraNonce: 7, fees: new Map(), destination: Uint8Array.of(0x51), feeAsset: node.params.feeAsset }),
    txs,
    node.params.feeAsset,
  );
  const all = [cb, ...txs];
  const time = Math.max(tip.medianTimePast + 1, Math.floor(Date.now() / 1000));
  const header = new BlockHeader(0x20000000, tip.hash, merkleRoot(all.map((t) => t.txid)).root, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), time, tip.height + 1, tip.header.challenge, new Uint8Array(0));
  return new Block(header, all);
}

test('FullNode -validatepegin: mempool and block connection ask geth about every peg-in; the re-check connects a block once geth confirms', async (t) => {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  geth.answers.set('eth_getBlockByNumber', { result: { number: '0x0', hash: ETH_MAINNET_GENESIS } });
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  const setTip = (aboveLog: number) => geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + aboveLog).toString(16)}` });
  setTip(10); // depth 8: more than 8 + 2 blocks above the log are needed

  const datadir = mkdtempSync(join(tmpdir(), 'fullnode-validatepegin-'));
  const port = await freePort();
  const startup = loadNodeConfig({
    argv: [
      '-regtest',
      `-datadir=${datadir}`,
      `-rpcport=${port}`,
      '-rpcuser=u',
      '-rpcpassword=p',
      '-initialfreecoins=2100000000000000',
      '-validatepegin=1',
      `-fedpegaddress=${VECTOR_FEDPEG}`,
      '-mainchainrpchost=127.0.0.1',
      `-mainchainrpcport=${geth.port}`,
    ],
    env: {},
  });
  assert.equal(startup.kind, 'run');
  if (startup.kind !== 'run') return;
  const node = await FullNode.start(startup.config, new TestLogger(), { pid: 434343 });
  t.after(async () => {
    await node.stop('test done');
    rmSync(datadir, { recursive: true, force: true });
  });
  assert.ok(node.peginValidation);
  const c = async (method: string, params: unknown[] = []) => {
    const r = await rpc(port, method, params);
    if (r.error) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result;
  };

  const { eth_claim_pubkey } = (await c('getethpeginaddress', [VECTOR_PRIVKEY])) as Record<string, string>;
  const raw = (await c('createrawethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey])) as string;
  const signed = (await c('signrawtransaction', [raw])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  const claim = Transaction.decode(fromHex(signed.hex));
  const receipts = () => geth.calls('eth_getTransactionReceipt').length;

  // 1. Mempool: not yet confirmed on geth → the original's reject for an invalid peg-in witness.
  assert.deepEqual((await rpc(port, 'sendrawtransaction', [signed.hex])).error, { code: -26, message: '16: pegin-no-witness' });
  assert.equal(receipts(), 1, 'geth was asked once');
  assert.deepEqual(geth.calls('eth_getTransactionReceipt')[0]!.body.params, [`0x${ETH_TXID}`]);
  assert.deepEqual(await c('testmempoolaccept', [signed.hex]), { txid: claim.txidHex, allowed: false, 'reject-reason': '16: pegin-no-witness' });
  assert.equal(receipts(), 1, 'a fresh negative verdict is not asked again');
  assert.deepEqual(await c('getrawmempool'), []);

  // 2. A block with the unconfirmed claim: rejected, the chain stays put, the block is queued.
  await sleep(DEFAULT_NEGATIVE_VERDICT_MS + 50);
  const block = blockOn(node, [claim]);
  const rejected = await node.processBlock(block);
  assert.equal(rejected?.reason, 'bad-pegin-witness');
  assert.equal(rejected?.code, REJECT_PEGIN);
  assert.equal(receipts(), 2, 'the block made geth be asked again (the negative verdict was stale)');
  assert.equal(node.chain.height, 0);
  assert.equal(node.chain.getEntry(block.hash)?.isFailed, true);
  assert.deepEqual(node.peginValidation.recheck.queued, [toDisplayHex(block.hash)]);

  // A re-check round while geth still says "unconfirmed": the block fails again and stays queued.
  await sleep(DEFAULT_NEGATIVE_VERDICT_MS + 50);
  await node.peginValidation.recheck.runOnce();
  assert.equal(node.chain.height, 0);
  assert.deepEqual(node.peginValidation.recheck.queued, [toDisplayHex(block.hash)]);

  // 3. geth confirms: the mempool takes the claim (after the negative verdict went stale).
  setTip(11);
  await sleep(DEFAULT_NEGATIVE_VERDICT_MS + 50);
  assert.equal(await c('sendrawtransaction', [signed.hex]), claim.txidHex);
  assert.deepEqual(await c('getrawmempool'), [claim.txidHex]);
  const asked = receipts();

  // 4. The re-check round: geth serves the parent chain, the queued block connects (the positive
  //    verdict is reused), the claim leaves the mempool.
  await node.peginValidation.recheck.runOnce();
  assert.equal(node.chain.height, 1);
  assert.equal(node.chain.tip.hashHex, toDisplayHex(block.hash));
  assert.deepEqual(node.peginValidation.recheck.queued, []);
  assert.deepEqual(await c('getrawmempool'), []);
  assert.equal(receipts(), asked);
});
