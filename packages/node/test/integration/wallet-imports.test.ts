// End-to-end against the real `bin/oceand` and `bin/ocean-cli`: importmulti with named arguments
// (ocean-cli -named) rescanning from the oldest timestamp less two hours finds an old payment the
// wallet never saw; importprunedfunds with a gettxoutproof proof; signmessage → verifymessage;
// addwitnessaddress; resendwallettransactions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  Block,
  ChainParams,
  OP,
  OptionValues,
  OutPoint,
  TransactionBuilder,
  TxIn,
  addressForDestination,
  fromHex,
  hash160,
  loadNativeSecp256k1,
  scriptForDestination,
  toHex,
  type Destination,
} from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const ROOT = new URL('../../../../', import.meta.url).pathname;
const OCEAN_CLI = join(ROOT, 'bin', 'ocean-cli');
const COIN = 100_000_000n;
const REGTEST_PREFIXES = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], [])).base58;
type Obj = Record<string, unknown>;

function outside(n: number): { dest: Destination; script: Uint8Array } {
  const dest: Destination = { type: 'keyhash', hash: hash160(secp.publicKeyCreate(new Uint8Array(32).fill(n), true)) };
  return { dest, script: scriptForDestination(dest) };
}

test('oceand: importmulti over ocean-cli -named rescans from the oldest timestamp − 2 h; pruned funds; signmessage', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-imports-');
  const port = sandbox.port;
  const daemon = await sandbox.start(['-regtest', '-initialfreecoins=2100000000000000', '-anyonecanspendaremine=0']);
  const c = (method: string, params: unknown[] = []) => call(port, method, params);
  const cli = (...args: string[]): unknown => {
    const r = spawnSync(process.execPath, [OCEAN_CLI, `-datadir=${sandbox.datadir}`, '-regtest', `-rpcport=${port}`, '-rpcuser=u', '-rpcpassword=p', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.trim();
    return out.startsWith('[') || out.startsWith('{') ? JSON.parse(out) : out;
  };

  // a payment to two outside keys from a genesis OP_TRUE coin (not the wallet's: -anyonecanspendaremine=0), then a day of blocks
  const genesis = Block.decode(fromHex((await c('getblock', [await c('getblockhash', [0]), false])) as string));
  const coinTx = genesis.transactions.find((tx) => tx.outputs.some((o) => o.scriptPubKey.length === 1 && o.scriptPubKey[0] === OP.OP_TRUE))!;
  const n = coinTx.outputs.findIndex((o) => o.scriptPubKey.length === 1 && o.scriptPubKey[0] === OP.OP_TRUE);
  const coin = coinTx.outputs[n]!;
  const a = outside(0x31);
  const b = outside(0x32);
  const fee = 100_000n;
  const bld = new TransactionBuilder();
  bld.version = 2;
  bld.addInput(new TxIn(new OutPoint(coinTx.txid, n), new Uint8Array(0), 0xffffffff));
  bld.addOutput(explicitOutput(coin.asset.id, 11n * COIN, a.script));
  bld.addOutput(explicitOutput(coin.asset.id, 22n * COIN, b.script));
  bld.addOutput(explicitOutput(coin.asset.id, coin.value.amount - 33n * COIN - fee, Uint8Array.of(OP.OP_TRUE)));
  bld.addOutput(explicitOutput(coin.asset.id, fee, new Uint8Array(0)));
  const tx = bld.build();
  const raw = toHex(tx.toBytes());
  await c('sendrawtransaction', [raw]);
  const [h1] = (await c('generate', [1])) as string[];
  const t1 = ((await c('getblockheader', [h1])) as Obj).time as number;
  await c('setmocktime', [t1 + 86_400]);
  await c('generate', [12]);
  const addr = (d: Destination) => addressForDestination(d, REGTEST_PREFIXES);
  const addrA = addr(a.dest);
  const addrB = addr(b.dest);

  // "now" (the tip's median time past) − 2 h: the payment's block is not scanned
  assert.deepEqual(cli('-named', 'importmulti', `requests=[{"scriptPubKey":{"address":"${addrA}"},"timestamp":"now","label":"a"}]`), [{ success: true }]);
  assert.equal((await rpc(port, 'gettransaction', [tx.txidHex, true])).error?.code, -5);
  // rescan disabled by the options argument
  assert.deepEqual(cli('-named', 'importmulti', `requests=[{"scriptPubKey":{"address":"${addrA}"},"timestamp":0}]`, 'options={"rescan":false}'), [{ success: true }]);
  assert.equal((await rpc(port, 'gettransaction', [tx.txidHex, true])).error?.code, -5);
  // the block's own time: the scan starts two hours before it and finds the payment
  assert.deepEqual(cli('-named', 'importmulti', `requests=[{"scriptPubKey":{"address":"${addrA}"},"timestamp":${t1}}]`, 'options={"rescan":true}'), [{ success: true }]);
  const g = (await c('gettransaction', [tx.txidHex, true])) as Obj;
  assert.equal(g.confirmations, 13);
  assert.equal(((await c('validateaddress', [addrA])) as Obj).account, '', 'every import sets the label; the last one had none');
  // per-request errors come back in the result array, not as an RPC error
  const mixed = (await c('importmulti', [[{ scriptPubKey: { address: 'bad' }, timestamp: 0 }, { scriptPubKey: toHex(b.script), timestamp: 0 }], { rescan: false }])) as Obj[];
  assert.deepEqual(mixed, [
    { success: false, error: { code: -5, message: 'Invalid address' } },
    { success: false, error: { code: -8, message: 'Internal must be set for hex scriptPubKey' } },
  ]);
  assert.deepEqual((await rpc(port, 'importmulti', [[{ scriptPubKey: { address: addrB } }]])).error, { code: -3, message: 'Missing required timestamp field for key' });

  // importprunedfunds: B watched without rescan, the payment added from its proof; then removed
  await c('importaddress', [addrB, 'b', false]);
  const proof = (await c('gettxoutproof', [[tx.txidHex]])) as string;
  const before = (await c('getbalance', ['*', 1, true])) as Obj;
  await c('removeprunedfunds', [tx.txidHex]);
  assert.equal((await rpc(port, 'gettransaction', [tx.txidHex, true])).error?.code, -5);
  assert.notDeepEqual(await c('getbalance', ['*', 1, true]), before);
  assert.equal(await c('importprunedfunds', [raw, proof]), null);
  assert.equal(((await c('gettransaction', [tx.txidHex, true])) as Obj).blockhash, h1);
  assert.deepEqual(await c('getbalance', ['*', 1, true]), before);
  assert.deepEqual((await rpc(port, 'removeprunedfunds', ['00'.repeat(32)])).error, { code: -32603, message: 'Transaction does not exist in wallet.' });

  // signmessage → verifymessage through ocean-cli; addwitnessaddress; resendwallettransactions
  const mine = (await c('getnewaddress')) as string;
  const sig = cli('signmessage', mine, 'ocean') as string;
  assert.equal(cli('verifymessage', mine, sig, 'ocean'), 'true');
  const wa = (await c('addwitnessaddress', [mine])) as string;
  assert.equal(((await c('validateaddress', [wa])) as Obj).script, 'witness_v0_keyhash');
  assert.deepEqual(await c('resendwallettransactions'), []);
  const ms = cli('-named', 'addmultisigaddress', 'nrequired=1', `keys=["${mine}"]`, 'account=joint') as string;
  assert.equal(((await c('validateaddress', [ms])) as Obj).account, 'joint');

  await c('stop');
  assert.equal(await daemon.exited, 0);
});
