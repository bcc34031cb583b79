// End-to-end: guardnode requests and bids on the real `bin/oceand -requestlist=1` — a request from a
// PERMISSION coin (createrawrequesttx), a bid (createrawbidtx), getrequests / getrequestbids, the
// verbose transaction's request object, invalidate / reconsider, restarts with and without
// -requestlist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams, OP, OptionValues, addressForDestination, toDisplayHex, type Block } from '@ocean-ts/core';
import { call, daemonSandbox, rpc, type Daemon } from '../support/daemon.js';

const CHAIN_OPTIONS = ['-regtest', '-initialfreecoins=2100000000000000', '-policycoins=50000000000000', '-permissioncoinsdestination=51', '-txindex=1'];
const params = ChainParams.fromOptionValues(OptionValues.fromSources(CHAIN_OPTIONS, []));
const FEE_KEY = '03e6ac32bbdfa81b8c47941eb28efeead1593d170c54b4461d677f2c497d160662';
const STAKE_KEY = '02267cf38ce52615a0d563b592e0ba9259f518ee01b1f97eee34803b0dd3ef3e55';
const TARGET_KEY = '0202652db913c67c1e14ecc3f035ef32e508d4e7c1758d405660ec95e61ba8b3f0';
const GUARDED_GENESIS = '7e0b8b4d7de390031bfff0284ac61b3ea2b5cc511aa73ac080361a96913b715b';

/** The first genesis OP_TRUE output of `asset`. */
function genesisCoin(genesis: Block, asset: Uint8Array): { txid: string; vout: number; value: bigint } {
  for (const tx of genesis.transactions) {
    for (let i = 0; i < tx.outputs.length; i++) {
      const out = tx.outputs[i]!;
      if (out.asset.isExplicit && Buffer.from(out.asset.id).equals(asset) && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) {
        return { txid: tx.txidHex, vout: i, value: out.value.amount };
      }
    }
  }
  throw new Error('no genesis coin');
}

const coins = (sat: bigint) => `${sat / 100_000_000n}.${(sat % 100_000_000n).toString().padStart(8, '0')}`;

test('oceand -requestlist=1: request, bid, getrequests/getrequestbids, invalidate/reconsider, restart', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-requests-');
  const port = sandbox.port;
  let d: Daemon | undefined;
  const start = async (extra: string[]) => {
    d = await sandbox.start([...CHAIN_OPTIONS, ...extra]);
  };
  const stop = async () => {
    await call(port, 'stop');
    assert.equal(await d!.exited, 0);
  };

  await start(['-requestlist=1', '-rest']);
  assert.equal(await call(port, 'getblockhash', [0]), toDisplayHex(params.genesisHash));

  // 1. the request: end 30, auction until 10, two tickets
  const permission = genesisCoin(params.genesisBlock, params.policyAsset('permission')!);
  const requestHex = (await call(port, 'createrawrequesttx', [
    { txid: permission.txid, vout: permission.vout },
    {
      pubkey: TARGET_KEY,
      genesisBlockHash: GUARDED_GENESIS,
      decayConst: 100,
      fee: 5,
      startBlockHeight: 10,
      tickets: 2,
      startPrice: 2,
      endBlockHeight: 30,
      value: Number(coins(permission.value)),
    },
  ])) as string;
  const requestTxid = (await call(port, 'sendrawtransaction', [requestHex])) as string;
  // in the mempool: no request object yet (the original decorates confirmed transactions only)
  const pending = (await call(port, 'getrawtransaction', [requestTxid, true])) as { vout: Record<string, unknown>[] };
  assert.equal(pending.vout[0]!['request'], undefined);
  const [block1] = (await call(port, 'generate', [1])) as string[];
  const expectedRequest = {
    genesisBlock: GUARDED_GENESIS,
    confirmedBlockHeight: 1,
    startBlockHeight: 10,
    numTickets: 2,
    decayConst: 100,
    feePercentage: 5,
    endBlockHeight: 30,
    startPrice: 2,
    auctionPrice: 2,
    txid: requestTxid,
  };
  assert.deepEqual(await call(port, 'getrequests'), [expectedRequest]);
  assert.deepEqual(await call(port, 'getrequests', [GUARDED_GENESIS, true]), [expectedRequest]);
  assert.deepEqual(await call(port, 'getrequests', ['11'.repeat(32)]), []);
  const verbose = (await call(port, 'getrawtransaction', [requestTxid, true])) as { vout: { request?: Record<string, unknown> }[] };
  const { txid: _omit, ...withoutTxid } = expectedRequest;
  assert.deepEqual(verbose.vout[0]!.request, withoutTxid);
  const rest = (await (await fetch(`http://127.0.0.1:${port}/rest/tx/${requestTxid}.json`)).json()) as { vout: { request?: unknown }[] };
  assert.deepEqual(rest.vout[0]!.request, withoutTxid);

  // 2. a bid staking 5 CBT, with change
  const cbt = genesisCoin(params.genesisBlock, params.feeAsset);
  const changeAddress = addressForDestination({ type: 'keyhash', hash: new Uint8Array(20).fill(9) }, params.base58);
  const stake = 500_000_000n;
  const fee = 10_000n;
  const bidHex = (await call(port, 'createrawbidtx', [
    [{ txid: cbt.txid, vout: cbt.vout }],
    {
      endBlockHeight: 30,
      requestTxid,
      feePubkey: FEE_KEY,
      pubkey: STAKE_KEY,
      fee: Number(coins(fee)),
      value: Number(coins(stake)),
      change: Number(coins(cbt.value - stake - fee)),
      changeAddress,
    },
  ])) as string;
  const bidTxid = (await call(port, 'sendrawtransaction', [bidHex])) as string;
  const [block2] = (await call(port, 'generate', [1])) as string[];
  const bids = [{ txid: bidTxid, feePubKey: FEE_KEY }];
  const withBids = (auctionPrice: number) => ({ ...expectedRequest, auctionPrice, bids });
  // at tip 2: t = 1 → 2·2/(2 + 1/100) = 1.99004975
  assert.deepEqual(await call(port, 'getrequestbids', [requestTxid]), withBids(1.99004975));

  // 3. disconnecting the bid's block drops the bid; the request's block, the request
  await call(port, 'invalidateblock', [block2]);
  assert.deepEqual(((await call(port, 'getrequestbids', [requestTxid])) as { bids: unknown[] }).bids, []);
  await call(port, 'invalidateblock', [block1]);
  assert.deepEqual(await call(port, 'getrequests'), []);
  const missing = await rpc(port, 'getrequestbids', [requestTxid]);
  assert.deepEqual(missing.error, { code: -5, message: 'No such request transaction' });
  await call(port, 'reconsiderblock', [block1]);
  assert.equal(await call(port, 'getblockcount'), 2);
  assert.deepEqual(await call(port, 'getrequestbids', [requestTxid]), withBids(1.99004975));

  // 4. restarts: the table is kept; a node without -requestlist scans the UTXO set and agrees
  const before = await call(port, 'getrequests');
  await stop();
  await start(['-requestlist=1']);
  assert.deepEqual(await call(port, 'getrequests'), before);
  assert.deepEqual(await call(port, 'getrequestbids', [requestTxid]), withBids(1.99004975));
  await stop();
  await start([]);
  assert.deepEqual(await call(port, 'getrequests'), before);
  assert.deepEqual(await call(port, 'getrequestbids', [requestTxid]), withBids(1.99004975));

  // 5. the auction closes at the start height; the request expires after its end height
  await call(port, 'generate', [8]); // tip 10
  assert.deepEqual(await call(port, 'getrequests', ['', true]), []);
  assert.equal(((await call(port, 'getrequests')) as unknown[]).length, 1);
  await stop();
  await start(['-requestlist=1']);
  await call(port, 'generate', [20]); // tip 30 = end: still listed
  assert.equal(((await call(port, 'getrequests')) as unknown[]).length, 1);
  await call(port, 'generate', [1]);
  assert.deepEqual(await call(port, 'getrequests'), []);
  assert.deepEqual((await rpc(port, 'getrequestbids', [requestTxid])).error, { code: -5, message: 'No such request transaction' });
  await stop();
});
