// End-to-end against the real `bin/oceand` and a fake geth (HTTP JSON-RPC on an ephemeral loopback
// port): the -validatepegin start-up check (policy spec §10.4), then the Ethereum peg-in flow
// getethpeginaddress → validateethpegin → claimethpegin → a block → the claimed coins in the
// wallet → sendtoethmainchain, with the geth requests as the original sends them; and the per-claim
// checks of -validatepegin on sendrawtransaction and submitblock (ADR 0033 "Per-claim checks").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Block, BlockHeader, ChainParams, OptionValues, Transaction, fromHex, merkleRoot, toDisplayHex, toHex } from '@ocean-ts/core';
import { addWitnessCommitment, buildCoinbase } from '../../src/mining/coinbase.js';
import { call, daemonSandbox, rpc, startDaemon } from '../support/daemon.js';
import { FakeGeth, VECTOR_AMOUNT, VECTOR_BLOCK, VECTOR_FEDPEG, VECTOR_PRIVKEY, ethPeginVector } from '../support/fake-geth.js';

const ETH_MAINNET_GENESIS = '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
const ETH_TXID = '3080f6cb4434e5f99b8f399aabcd25e8631b1832de10087ee7a2368cb00fa66c';

test('oceand -validatepegin: refuses to start unless geth serves the parent chain; then a full Ethereum peg-in and peg-out', async (t) => {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  const sandbox = await daemonSandbox(t, 'oceand-eth-peg-');
  const gethArgs = [`-mainchainrpchost=127.0.0.1`, `-mainchainrpcport=${geth.port}`, '-mainchainrpcuser=gethuser', '-mainchainrpcpassword=gethpw'];
  const args = ['-regtest', '-txindex', '-initialfreecoins=2100000000000000', '-validatepegin=1', `-fedpegaddress=${VECTOR_FEDPEG}`, ...gethArgs];

  // 1. geth answers with another chain's genesis block: init error, exit 1.
  geth.answers.set('eth_getBlockByNumber', { result: { number: '0x0', hash: `0x${'11'.repeat(32)}` } });
  const refused = startDaemon(sandbox.port, [`-datadir=${sandbox.datadir}`, ...args]);
  t.after(() => {
    if (refused.proc.exitCode === null) refused.proc.kill('SIGKILL');
  });
  assert.equal(await refused.exited, 1);
  assert.match(refused.stderr, /ERROR: oceand is set to verify pegins but cannot get valid response from geth/);
  const probe = geth.calls('eth_getBlockByNumber')[0]!;
  assert.deepEqual(probe.body, { method: 'eth_getBlockByNumber', params: ['0x0', false], id: 1 });
  assert.equal(probe.headers.authorization, `Basic ${Buffer.from('gethuser:gethpw').toString('base64')}`);
  assert.equal(probe.headers['content-type'], 'application/json');

  // 2. The right genesis: the node starts.
  geth.answers.set('eth_getBlockByNumber', { result: { number: '0x0', hash: ETH_MAINNET_GENESIS } });
  await sandbox.start(args);
  const port = sandbox.port;
  const c = (method: string, params: unknown[] = []) => call(port, method, params);

  const { eth_mainchain_address, eth_claim_pubkey } = (await c('getethpeginaddress', [VECTOR_PRIVKEY])) as Record<string, string>;
  assert.equal(eth_mainchain_address, VECTOR_FEDPEG);

  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 10).toString(16)}` });
  assert.deepEqual((await rpc(port, 'validateethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey])).error, {
    code: -25,
    message: 'Peg-in eth transaction needs more confirmations to be sent',
  });
  assert.deepEqual((await rpc(port, 'claimethpegin', [ETH_TXID, '1.5', eth_claim_pubkey])).error, {
    code: -25,
    message: "Pegin amount and ERC-20 transaction amount don't match",
  });
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 11).toString(16)}` });
  assert.equal(await c('validateethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey]), true);
  assert.deepEqual(geth.calls('eth_getTransactionReceipt').at(-1)!.body.params, [`0x${ETH_TXID}`]);
  assert.deepEqual(await c('getethpegin', [ETH_TXID]), ethPeginVector('ethpegin_valid'));

  const txid = (await c('claimethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey])) as string;
  assert.ok(((await c('getrawmempool')) as string[]).includes(txid));
  await c('generate', [1]);
  const claimed = ((await c('listunspent')) as { txid: string; amount: number; assetlabel?: string }[]).find((u) => u.txid === txid);
  assert.ok(claimed, 'the claim output is the wallet\'s');
  assert.equal(claimed.assetlabel, 'CBT');
  const fee = ((await c('getrawtransaction', [txid, 1])) as { vout: { value: number; scriptPubKey: { type: string } }[] }).vout.find((o) => o.scriptPubKey.type === 'fee')!.value;
  assert.equal(Math.round((claimed.amount + fee) * 1e8), 3_999_900_000_000);

  // Claimed twice: the double-withdraw rule.
  const again = await rpc(port, 'claimethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey]);
  assert.equal(again.error?.code, -26);

  // Peg-out.
  const out = (await c('sendtoethmainchain', ['8200623f998a774536b8840fce890637989ae130', 10])) as string;
  const tx = (await c('getrawtransaction', [out, 1])) as { vout: { value: number; scriptPubKey: { hex: string } }[] };
  const pegout = tx.vout.find((o) => o.scriptPubKey.hex.startsWith('6a20'))!;
  assert.equal(pegout.scriptPubKey.hex, '6a20a38fcbb10d8cec9ae6346a90d018a14567f5d5406ab810c0f8ae76f84067e5d4148200623f998a774536b8840fce890637989ae130');
  assert.equal(pegout.value, 10);
});

/** Block 1 on `genesis` holding `txs` (witness commitment, nothing collected), as a hex string. */
function blockOnGenesis(genesis: Block, feeAsset: Uint8Array, txs: readonly Transaction[]): Block {
  const cb = addWitnessCommitment(buildCoinbase({ height: 1, extraNonce: 3, fees: new Map(), destination: Uint8Array.of(0x51), feeAsset }), txs, feeAsset);
  const all = [cb, ...txs];
  const time = Math.floor(Date.now() / 1000);
  const header = new BlockHeader(0x20000000, genesis.hash, merkleRoot(all.map((t) => t.txid)).root, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), time, 1, genesis.header.challenge, new Uint8Array(0));
  return new Block(header, all);
}

test('oceand -validatepegin: every peg-in is checked against geth — sendrawtransaction and submitblock refuse an unconfirmed claim and a failing geth, then take it once confirmed', async (t) => {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  const sandbox = await daemonSandbox(t, 'oceand-eth-pegin-check-');
  const chainArgs = ['-regtest', '-initialfreecoins=2100000000000000', `-fedpegaddress=${VECTOR_FEDPEG}`];
  geth.answers.set('eth_getBlockByNumber', { result: { number: '0x0', hash: ETH_MAINNET_GENESIS } });
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  const setTip = (aboveLog: number) => geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + aboveLog).toString(16)}` });
  setTip(10);
  await sandbox.start([...chainArgs, '-validatepegin=1', '-mainchainrpchost=127.0.0.1', `-mainchainrpcport=${geth.port}`]);
  const port = sandbox.port;
  const c = (method: string, params: unknown[] = []) => call(port, method, params);
  const params = ChainParams.fromOptionValues(OptionValues.fromSources(chainArgs, []));
  assert.equal(await c('getblockhash', [0]), toDisplayHex(params.genesisBlock.hash));

  const { eth_claim_pubkey } = (await c('getethpeginaddress', [VECTOR_PRIVKEY])) as Record<string, string>;
  const raw = (await c('createrawethpegin', [ETH_TXID, VECTOR_AMOUNT, eth_claim_pubkey])) as string;
  const { hex } = (await c('signrawtransaction', [raw])) as { hex: string };
  const claim = Transaction.decode(fromHex(hex));
  const receipts = () => geth.calls('eth_getTransactionReceipt').length;

  // Unconfirmed on geth: the mempool's and the block's reasons for an invalid peg-in witness.
  assert.deepEqual((await rpc(port, 'sendrawtransaction', [hex])).error, { code: -26, message: '16: pegin-no-witness' });
  assert.equal(receipts(), 1);
  await sleep(1_100);
  const block = blockOnGenesis(params.genesisBlock, params.feeAsset, [claim]);
  assert.equal(await c('submitblock', [toHex(block.toBytes())]), 'bad-pegin-witness');
  assert.equal(receipts(), 2);
  assert.equal(await c('getblockcount'), 0);
  assert.equal(await c('submitblock', [toHex(block.toBytes())]), 'duplicate-invalid');

  // geth failing (HTTP 503): the catch-all `Invalid eth transaction` — the claim is refused.
  setTip(11);
  geth.status = 503;
  await sleep(1_100);
  assert.deepEqual((await rpc(port, 'sendrawtransaction', [hex])).error, { code: -26, message: '16: pegin-no-witness' });
  assert.equal(receipts(), 3);

  // geth back and confirming: accepted, mined.
  geth.status = 200;
  await sleep(1_100);
  assert.equal(await c('sendrawtransaction', [hex]), claim.txidHex);
  assert.equal(receipts(), 4);
  const [mined] = (await c('generate', [1])) as string[];
  assert.equal(receipts(), 4, 'the confirmed verdict is reused for the block');
  assert.ok(((await c('getblock', [mined])) as { tx: string[] }).tx.includes(claim.txidHex));
  assert.deepEqual(await c('getrawmempool'), []);
});
