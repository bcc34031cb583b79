// End-to-end against the real `bin/oceand`: the wallet sends. sendtoaddress to an outside address
// and the fee coming back through the coinbase (B.1.2); the whole balance to oneself with
// subtractfeefromamount; issueasset → reissueasset → destroyamount with the balances after each
// step; a transaction the local mempool refuses stays in the wallet and is offered again at
// restart; -fixedtxfee gives exactly one 0.001 fee output (B.11.1).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ChainParams, OptionValues, addressForDestination, hash160, loadNativeSecp256k1 } from '@ocean-ts/core';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const COIN = 100_000_000n;
type Obj = Record<string, unknown>;

const sats = (v: unknown): bigint => {
  const text = String(v);
  const neg = text.startsWith('-');
  const [w, f = ''] = (neg ? text.slice(1) : text).split('.');
  const abs = BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
  return neg ? -abs : abs;
};

/** A P2PKH address (elementsregtest) of a key the node's wallet does not have. */
function outsideAddress(): string {
  const prefixes = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], [])).base58;
  return addressForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(new Uint8Array(32).fill(0x42), true)) }, prefixes);
}

test('oceand wallet sends: fees back through the coinbase, subtractfee to self, issue/reissue/destroy, a refused transaction kept', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-sends-');
  const port = sandbox.port;
  // -limitancestorcount=1: a send spending unconfirmed change is refused by the mempool (last step)
  const args = ['-regtest', '-initialfreecoins=2100000000000000', '-limitancestorcount=1'];
  let daemon = await sandbox.start(args);
  const c = async (method: string, params: unknown[] = []) => call(port, method, params);
  /** CBT (or `asset`) the wallet owns: spendable + immature (mined blocks pay the wallet). */
  const owned = async (asset = 'CBT'): Promise<bigint> => {
    const w = (await c('getwalletinfo', [asset])) as Obj;
    return sats(w.balance) + sats(w.immature_balance);
  };
  const total = 21_000_000n * COIN;
  assert.equal(await owned(), total);

  // 1. 100 CBT to an outside key: the wallet loses exactly 100 once the block with the fee is mined
  const outside = outsideAddress();
  const txid1 = (await c('sendtoaddress', [outside, 100])) as string;
  const dec1 = (await c('decoderawtransaction', [(await c('getrawtransaction', [txid1])) as string])) as { vout: { value: number; scriptPubKey: { type: string } }[] };
  // the send is in the audit log with its parameters and txid
  assert.match(readFileSync(join(sandbox.datadir, 'elementsregtest', 'audit.log'), 'utf8'), new RegExp(`^u : sendtoaddress ${outside} 100 ${txid1}\n`, 'm'));
  const fee1 = dec1.vout.filter((o) => o.scriptPubKey.type === 'fee');
  assert.equal(fee1.length, 1);
  assert.ok(sats(fee1[0]!.value) > 0n);
  assert.equal(sats(await c('getbalance', ['', 0, false, 'CBT'])), total - 100n * COIN - sats(fee1[0]!.value));
  assert.ok(((await c('getrawmempool')) as string[]).includes(txid1));
  await c('generate', [1]);
  assert.equal(await owned(), total - 100n * COIN, 'the fee came back in the coinbase');
  await c('generate', [2]);
  assert.equal(sats(await c('getbalance', ['', 1, false, 'CBT'])), total - 100n * COIN, 'and matured');

  // 2. issue, reissue, destroy (before step 3 merges every CBT coin: an input total above 21M CBT with another asset is out of range)
  const before2 = await owned();
  const iss = (await c('issueasset', [1000, 2])) as { txid: string; vin: number; entropy: string; asset: string; token: string };
  assert.equal(iss.vin, 0);
  await c('generate', [1]);
  assert.equal(await c('getbalance', ['', 1, false, iss.asset]), 1000);
  assert.equal(await c('getbalance', ['', 1, false, iss.token]), 2);
  assert.equal(await owned(), before2, 'issuance fee back to the miner');
  const re = (await c('reissueasset', [iss.asset, 500])) as { txid: string; vin: number };
  assert.deepEqual(Object.keys(re), ['txid', 'vin']);
  await c('generate', [1]);
  assert.equal(await c('getbalance', ['', 1, false, iss.asset]), 1500);
  assert.equal(await c('getbalance', ['', 1, false, iss.token]), 2);
  const burn = (await c('destroyamount', [iss.asset, 250.5, 'gone'])) as string;
  assert.equal(((await c('gettransaction', [burn])) as Obj).comment, 'gone');
  await c('generate', [1]);
  assert.equal(await c('getbalance', ['', 1, false, iss.asset]), 1249.5);
  assert.equal(await owned(), before2);
  await c('generate', [2]);

  // 3. the whole balance to oneself, the fee subtracted from it
  const all = sats(await c('getbalance', ['', 1, false, 'CBT']));
  const self = (await c('getnewaddress')) as string;
  const txid2 = (await c('sendtoaddress', [self, Number(all) / 1e8, '', '', true])) as string;
  const g2 = (await c('gettransaction', [txid2])) as Obj;
  const fee2 = -sats((g2.fee as Obj).CBT);
  assert.ok(fee2 > 0n);
  const dec2 = (await c('decoderawtransaction', [g2.hex])) as { vout: { value: number; scriptPubKey: { type: string } }[] };
  assert.equal(dec2.vout.length, 2, 'recipient + fee, no change');
  assert.equal(sats(dec2.vout.find((o) => o.scriptPubKey.type !== 'fee')!.value), all - fee2);
  await c('generate', [3]);
  assert.equal(sats(await c('getbalance', ['', 1, false, 'CBT'])), all, 'the fee matured back to the miner (this wallet)');

  // 4. refused by the local mempool (ancestor limit 1): the wallet keeps it and returns its txid
  const spendAll = sats(await c('getbalance', ['', 1, false, 'CBT']));
  const txidA = (await c('sendtoaddress', [self, Number(spendAll) / 1e8, '', '', true])) as string;
  assert.ok(((await c('getrawmempool')) as string[]).includes(txidA));
  const txidB = (await c('sendtoaddress', [outside, 1])) as string;
  assert.match(txidB, /^[0-9a-f]{64}$/);
  assert.equal(((await c('getrawmempool')) as string[]).includes(txidB), false, 'too-long-mempool-chain');
  const gB = (await c('gettransaction', [txidB])) as Obj;
  assert.equal(gB.confirmations, 0);
  await c('generate', [1]);
  assert.equal(((await c('gettransaction', [txidA])) as Obj).confirmations, 1);
  // restart: ReacceptWalletTransactions offers it again, now its parent is confirmed
  assert.equal(await c('stop'), 'Ocean server stopping');
  assert.equal(await daemon.exited, 0);
  daemon = await sandbox.start(args);
  assert.ok(((await c('getrawmempool')) as string[]).includes(txidB), 'reaccepted at start-up');
  await c('generate', [1]);
  assert.equal(((await c('gettransaction', [txidB])) as Obj).confirmations, 1);
  assert.deepEqual((await rpc(port, 'sendtoaddress', ['nope', 1])).error, { code: -5, message: 'Invalid Bitcoin address' });
});

test('oceand -fixedtxfee=100000: wallet transactions carry exactly one 0.001 fee output (B.11.1)', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-fixedfee-');
  const port = sandbox.port;
  await sandbox.start(['-regtest', '-initialfreecoins=2100000000000000', '-fixedtxfee=100000']);
  const c = async (method: string, params: unknown[] = []) => call(port, method, params);
  const a = (await c('getnewaddress')) as string;
  const b = (await c('getnewaddress')) as string;
  const txids = [
    (await c('sendtoaddress', [a, 12.3])) as string,
    (await c('sendmany', ['', { [a]: 1, [b]: 2 }])) as string,
    (await c('sendtoaddress', [b, 5, '', '', true])) as string,
  ];
  const iss = (await c('issueasset', [10, 0])) as { txid: string; asset: string };
  txids.push(iss.txid);
  const mempool = (await c('getrawmempool')) as string[];
  for (const txid of txids) {
    assert.ok(mempool.includes(txid), `${txid} accepted by the fixed-fee mempool`);
    const dec = (await c('decoderawtransaction', [((await c('gettransaction', [txid])) as Obj).hex])) as { vout: { value: number; scriptPubKey: { type: string } }[] };
    const fees = dec.vout.filter((o) => o.scriptPubKey.type === 'fee');
    assert.equal(fees.length, 1, txid);
    assert.equal(fees[0]!.value, 0.001);
  }
  await c('generate', [1]);
  // the issued asset pays its own fixed fee when sent
  const s = (await c('sendtoaddress', [a, 1, '', '', false, iss.asset])) as string;
  const dec = (await c('decoderawtransaction', [((await c('gettransaction', [s])) as Obj).hex])) as { vout: { value: number; asset: string; scriptPubKey: { type: string } }[] };
  const fee = dec.vout.filter((o) => o.scriptPubKey.type === 'fee');
  assert.equal(fee.length, 1);
  assert.equal(fee[0]!.value, 0.001);
  assert.equal(fee[0]!.asset, iss.asset);
  assert.ok(((await c('getrawmempool')) as string[]).includes(s));
});

test('oceand: a policy asset (ISSUANCE) is sent without a fee output and accepted (B.1.3)', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-policy-');
  const port = sandbox.port;
  await sandbox.start(['-regtest', '-initialfreecoins=2100000000000000', '-policycoins=5000000000000', '-issuancecoinsdestination=51']);
  const c = async (method: string, params: unknown[] = []) => call(port, method, params);
  assert.equal(await c('getbalance', ['', 1, false, 'ISSUANCE']), 50000);
  const a = (await c('getnewaddress')) as string;
  const txid = (await c('sendtoaddress', [a, 10, '', '', false, 'ISSUANCE'])) as string;
  assert.ok(((await c('getrawmempool')) as string[]).includes(txid));
  const dec = (await c('decoderawtransaction', [((await c('gettransaction', [txid])) as Obj).hex])) as { vout: { scriptPubKey: { type: string } }[] };
  assert.equal(dec.vout.filter((o) => o.scriptPubKey.type === 'fee').length, 0);
  await c('generate', [1]);
  assert.equal(((await c('gettransaction', [txid])) as Obj).confirmations, 1);
  assert.equal(await c('getbalance', ['', 1, false, 'ISSUANCE']), 50000);
});
