// End-to-end against the real `bin/oceand`: sendanytoaddress / createanytoaddress (B.14). The
// wallet issues two assets and gives most of its CBT away; sendany then pays 4 coins with two assets
// (the partial one used entirely), a policy asset is never used, createany with metadata returns a
// signed transaction that is broadcast by hand, and the errors carry the original's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams, OptionValues, addressForDestination, hash160, loadNativeSecp256k1 } from '@ocean-ts/core';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const COIN = 100_000_000n;

const sats = (v: unknown): bigint => {
  const text = String(v);
  const neg = text.startsWith('-');
  const [w, f = ''] = (neg ? text.slice(1) : text).split('.');
  const abs = BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
  return neg ? -abs : abs;
};

function outsideAddress(seed: number): string {
  const prefixes = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], [])).base58;
  return addressForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(new Uint8Array(32).fill(seed), true)) }, prefixes);
}

interface Vout {
  value: number;
  asset: string;
  scriptPubKey: { hex: string; type: string; addresses?: string[] };
}

test('oceand sendanytoaddress / createanytoaddress', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-sendany-');
  const port = sandbox.port;
  await sandbox.start(['-regtest', '-initialfreecoins=2100000000000000', '-policycoins=50000000000000', '-permissioncoinsdestination=51']);
  const c = async (method: string, params: unknown[] = []) => call(port, method, params);
  const vouts = async (txid: string): Promise<Vout[]> =>
    ((await c('decoderawtransaction', [(await c('getrawtransaction', [txid])) as string])) as { vout: Vout[] }).vout;
  const paidTo = (vout: readonly Vout[], addr: string) => vout.filter((o) => o.scriptPubKey.addresses?.includes(addr));

  const a = ((await c('issueasset', [3, 0])) as { asset: string }).asset;
  const b = ((await c('issueasset', [2, 0])) as { asset: string }).asset;
  await c('generate', [1]);
  // keep 0.5 CBT: the issued assets are then the largest balances (the PERMISSION policy coins are larger still)
  const cbt = sats(await c('getbalance', ['', 1, false, 'CBT']));
  await c('sendtoaddress', [outsideAddress(0x41), Number(cbt - COIN / 2n) / 1e8]);
  await c('generate', [1]);

  const dest = outsideAddress(0x42);
  const txid = (await c('sendanytoaddress', [dest, 4, 'for you', '', true, false])) as string;
  assert.match(txid, /^[0-9a-f]{64}$/);
  assert.ok(((await c('getrawmempool')) as string[]).includes(txid));
  const v1 = await vouts(txid);
  const paid = paidTo(v1, dest);
  assert.deepEqual(
    paid.map((o) => [o.asset, sats(o.value)]),
    [
      [a, 2n * COIN],
      [b, 2n * COIN],
    ],
    'B (the partial last asset) is used entirely; A pays the rest',
  );
  const fee = v1.filter((o) => o.scriptPubKey.type === 'fee');
  assert.equal(fee.length, 1);
  assert.equal(fee[0]!.asset, a, 'the asset with the largest balance pays the fee');
  await c('generate', [1]);
  assert.equal(((await c('gettransaction', [txid])) as { confirmations: number }).confirmations, 1);

  // createany with metadata: signed, not broadcast
  const metadata = '5a'.repeat(32);
  const hexes = (await c('createanytoaddress', [dest, 0.25, true, false, 2, false, metadata])) as string[];
  assert.equal(hexes.length, 1);
  const signed = (await c('signrawtransaction', [hexes[0]])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  const dec = (await c('decoderawtransaction', [hexes[0]])) as { txid: string; vout: Vout[] };
  assert.ok(!((await c('getrawmempool')) as string[]).includes(dec.txid));
  assert.equal(dec.vout.filter((o) => o.scriptPubKey.hex === `6a20${metadata}`).length, 1);
  assert.equal(paidTo(dec.vout, dest).reduce((s, o) => s + sats(o.value), 0n), COIN / 4n);
  assert.equal(await c('sendrawtransaction', [signed.hex]), dec.txid);

  // errors
  assert.deepEqual((await rpc(port, 'sendanytoaddress', [dest, 1, '', '', true, false, 7])).error, { code: -3, message: 'Invalid sendany sorting type.' });
  assert.deepEqual((await rpc(port, 'createanytoaddress', [dest, 1, true, false, 1, false, 'nothex'])).error, { code: -3, message: 'Invalid metadata: must be hex string' });
  // the policy coins are not spendable by sendany: 100 coins exceed the other balances
  assert.deepEqual((await rpc(port, 'sendanytoaddress', [dest, 100])).error, { code: -6, message: 'Insufficient funds for sendany' });
});
