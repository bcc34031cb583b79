// End-to-end against two real `bin/oceand -disablect=0` processes on one chain (blocks carried
// with getblock/submitblock until the P2P layer lands): wallet sends to confidential addresses.
// A pays B's confidential address in CBT and in a blinded issued asset; B (which owns nothing from
// genesis) sees exactly those amounts, unblinded, while the chain shows only commitments; B then
// pays A back with its own blinded send, and A receives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, daemonSandbox } from '../support/daemon.js';

type Obj = Record<string, unknown>;
interface Vout {
  value?: number;
  amountcommitment?: string;
  assetcommitment?: string;
  scriptPubKey: { type: string; addresses?: string[] };
}

test('oceand -disablect=0: blinded wallet sends between two wallets (CBT and an issued asset), both ways', async (t) => {
  const a = await daemonSandbox(t, 'oceand-ct-send-a-');
  const b = await daemonSandbox(t, 'oceand-ct-send-b-');
  const ct = ['-regtest', '-initialfreecoins=2100000000000000', '-disablect=0', '-txindex'];
  await a.start(ct);
  await b.start([...ct, '-anyonecanspendaremine=0']);
  const ca = (method: string, params: unknown[] = []) => call(a.port, method, params);
  const cb = (method: string, params: unknown[] = []) => call(b.port, method, params);
  /** Carries the blocks `from` has and `to` lacks (same chain, heights in order). */
  const carry = async (from: typeof ca, to: typeof ca): Promise<void> => {
    const have = (await to('getblockcount')) as number;
    const tip = (await from('getblockcount')) as number;
    for (let h = have + 1; h <= tip; h++) {
      const hex = (await from('getblock', [await from('getblockhash', [h]), false])) as string;
      assert.equal(await to('submitblock', [hex]), null, `block ${h}`);
    }
  };

  const addrB = (await cb('getnewaddress')) as string;
  const vb = (await cb('validateaddress', [addrB])) as Obj;
  assert.notEqual(vb.confidential_key, '', 'B hands out a confidential address');
  assert.deepEqual(await cb('getbalance'), {}, 'B owns nothing from genesis');

  // A: a blinded issuance, then blinded sends of CBT and of the new asset to B
  const iss = (await ca('issueasset', [100, 1, true])) as { txid: string; asset: string };
  await ca('generate', [1]);
  const txCbt = (await ca('sendtoaddress', [addrB, 12.5])) as string;
  const txAsset = (await ca('sendtoaddress', [addrB, 7.25, '', '', false, iss.asset])) as string;
  await ca('generate', [1]);
  // Ocean: the sent asset pays the fee (it comes back to A through the coinbase once mature)
  const assetTx = (await ca('decoderawtransaction', [await ca('getrawtransaction', [txAsset])])) as { vout: Vout[] };
  const assetFee = assetTx.vout.find((o) => o.scriptPubKey.type === 'fee')!.value!;
  assert.ok(assetFee > 0);
  assert.equal(await ca('getbalance', ['', 1, false, iss.asset]), Number((92.75 - assetFee).toFixed(8)));

  // on the chain the payments are commitments only
  for (const txid of [txCbt, txAsset]) {
    const tx = (await ca('decoderawtransaction', [await ca('getrawtransaction', [txid])])) as { vout: Vout[] };
    const toB = tx.vout.filter((o) => o.scriptPubKey.addresses?.includes(vb.unconfidential as string));
    assert.equal(toB.length, 1, txid);
    assert.equal(toB[0]!.value, undefined);
    assert.match(toB[0]!.amountcommitment ?? '', /^0[89][0-9a-f]{64}$/);
    assert.match(toB[0]!.assetcommitment ?? '', /^0[ab][0-9a-f]{64}$/);
  }

  // B follows the chain and opens exactly what it was paid
  await carry(ca, cb);
  assert.equal(await cb('getbalance', ['', 1, false, 'CBT']), 12.5);
  assert.equal(await cb('getbalance', ['', 1, false, iss.asset]), 7.25);
  const unspent = (await cb('listunspent')) as (Obj & { amount: number; asset: string; amountcommitment?: string; blinder: string })[];
  assert.deepEqual(unspent.map((u) => u.amount).sort(), [12.5, 7.25].sort());
  for (const u of unspent) {
    assert.ok(u.amountcommitment !== undefined, 'received confidential');
    assert.notEqual(u.blinder, '0'.repeat(64));
  }
  assert.equal(unspent.find((u) => u.amount === 7.25)!.asset, iss.asset);
  const got = (await cb('gettransaction', [txAsset])) as { amount: Record<string, number> };
  assert.equal(got.amount[iss.asset], 7.25);

  // B pays A back from its blinded coins: a blinded send with blinded change
  const addrA = (await ca('getnewaddress')) as string;
  const back = (await cb('sendtoaddress', [addrA, 5])) as string;
  const backTx = (await cb('decoderawtransaction', [await cb('getrawtransaction', [back])])) as { vout: Vout[] };
  assert.ok(backTx.vout.filter((o) => o.scriptPubKey.type !== 'fee').every((o) => o.value === undefined || o.value === 0), 'every output but the fee (and a 0-value dummy) is blinded');
  const fee = backTx.vout.find((o) => o.scriptPubKey.type === 'fee')!.value!;
  await cb('generate', [1]);
  await carry(cb, ca);
  assert.equal(await cb('getbalance', ['', 1, false, 'CBT']), Number((12.5 - 5 - fee).toFixed(8)));
  assert.deepEqual(await ca('getreceivedbyaddress', [addrA, 1]), { CBT: 5 });
  const seen = (await ca('gettransaction', [back])) as { amount: Record<string, number> };
  assert.equal(seen.amount.CBT, 5);
});
