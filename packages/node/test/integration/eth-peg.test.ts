// End-to-end against the real `bin/oceand` and a fake geth (HTTP JSON-RPC on an ephemeral loopback
// port): the -validatepegin start-up check (policy spec §10.4), then the Ethereum peg-in flow
// getethpeginaddress → validateethpegin → claimethpegin → a block → the claimed coins in the
// wallet → sendtoethmainchain, with the geth requests as the original sends them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
