// End-to-end against the real `bin/oceand -disablect=0`, two wallet files on one node in sequence
// (-wallet=b.dat, then a.dat, then b.dat again): wallet A pays wallet B's confidential address with
// createrawtransaction → blindrawtransaction → signrawtransaction → sendrawtransaction; B receives
// and unblinds it; B sees A's blinded change only after importblindingkey with A's dumpblindingkey;
// sendrawtransaction refuses an unblinded output that carries a blinding key unless its third
// argument is true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, fromHex } from '@ocean-ts/core';
import { call, daemonSandbox, rpc, type Daemon } from '../support/daemon.js';

type Obj = Record<string, unknown>;
interface Unspent {
  txid: string;
  vout: number;
  amount: number;
  blinder: string;
  amountcommitment?: string;
  spendable: boolean;
}

test('oceand -disablect=0: a blinded payment between two wallets, importblindingkey, sendrawtransaction allowblindfails', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-ct-');
  const port = sandbox.port;
  const base = ['-regtest', '-initialfreecoins=2100000000000000', '-disablect=0'];
  const c = (method: string, params: unknown[] = []) => call(port, method, params);
  const stop = async (d: Daemon) => {
    await c('stop');
    assert.equal(await d.exited, 0);
  };

  // Wallet B hands out a confidential address.
  let daemon = await sandbox.start([...base, '-wallet=b.dat']);
  const bAddr = (await c('getnewaddress')) as string;
  assert.ok(((await c('validateaddress', [bAddr])) as Obj).confidential_key, 'confidential address');
  await stop(daemon);

  // Wallet A pays it, blinded, with confidential change.
  daemon = await sandbox.start([...base, '-wallet=a.dat']);
  const aAddr = (await c('getnewaddress')) as string;
  const aPlain = ((await c('validateaddress', [aAddr])) as Obj).unconfidential as string;
  const [coin, coin2] = (await c('listunspent')) as Unspent[];
  const raw = (await c('createrawtransaction', [[{ txid: coin!.txid, vout: coin!.vout }], { [bAddr]: 700, [aAddr]: coin!.amount - 700 - 0.001, fee: 0.001 }])) as string;
  const blinded = (await c('blindrawtransaction', [raw])) as string;
  const tx = Transaction.decode(fromHex(blinded));
  assert.ok(tx.outputs[0]!.value.isCommitment && tx.outputs[1]!.value.isCommitment && tx.outputs[2]!.isFee);
  const signed = (await c('signrawtransaction', [blinded])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  const payTxid = (await c('sendrawtransaction', [signed.hex])) as string;

  // An output left unblinded although it carries a blinding key: refused unless allowed.
  const careless = (await c('createrawtransaction', [[{ txid: coin2!.txid, vout: coin2!.vout }], { [bAddr]: 5, [aPlain]: coin2!.amount - 5 - 0.001, fee: 0.001 }])) as string;
  assert.deepEqual((await rpc(port, 'sendrawtransaction', [careless])).error, {
    code: -25,
    message: 'Output 0 is unblinded, but has blinding pubkey attached, please use [raw]blindrawtransaction',
  });
  assert.deepEqual((await rpc(port, 'sendrawtransaction', [careless, false, false])).error?.code, -25);
  const carelessTxid = (await c('sendrawtransaction', [careless, false, true])) as string;
  await c('generate', [1]);
  assert.equal(((await c('gettransaction', [carelessTxid])) as Obj).confirmations, 1);

  const aChange = ((await c('listunspent')) as Unspent[]).find((u) => u.txid === payTxid)!;
  assert.equal(aChange.vout, 1);
  assert.equal(aChange.amount, coin!.amount - 700 - 0.001);
  const aKey = (await c('dumpblindingkey', [aAddr])) as string;
  await stop(daemon);

  // Wallet B: receives and unblinds the payment with its own key; A's change only after the import.
  daemon = await sandbox.start([...base, '-wallet=b.dat']);
  const bCoins = ((await c('listunspent')) as Unspent[]).filter((u) => u.txid === payTxid);
  assert.equal(bCoins.length, 1);
  assert.equal(bCoins[0]!.vout, 0);
  assert.equal(bCoins[0]!.amount, 700);
  assert.notEqual(bCoins[0]!.blinder, '0'.repeat(64));
  assert.equal(bCoins[0]!.amountcommitment, tx.outputs[0]!.value.hex);
  // the explicit 5 CBT of the careless payment went to the same address
  assert.equal(((await c('listunspent')) as Unspent[]).find((u) => u.txid === carelessTxid && u.vout === 0)?.amount, 5);
  assert.equal(await c('getreceivedbyaddress', [bAddr, 1, 'CBT']), 705);

  assert.equal(await c('importaddress', [aPlain, '', true]), null);
  const changeSeen = async () => ((await c('listunspent')) as Unspent[]).filter((u) => u.txid === payTxid && u.vout === 1);
  assert.deepEqual(await changeSeen(), [], 'watched, but blinded for B');
  assert.deepEqual((await rpc(port, 'dumpblindingkey', [aAddr])).error, { code: -4, message: 'Blinding key for address is unknown' });
  assert.equal(await c('importblindingkey', [aAddr, aKey]), null);
  const seen = await changeSeen();
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.amount, aChange.amount);
  assert.equal(seen[0]!.blinder, aChange.blinder);
  assert.equal(seen[0]!.spendable, false);
  await stop(daemon);

  // The imported key is in b.dat: still there after a restart.
  daemon = await sandbox.start([...base, '-wallet=b.dat']);
  assert.equal((await changeSeen()).length, 1);
  assert.equal(await c('dumpblindingkey', [aAddr]), aKey);
  await stop(daemon);
});
