// The wallet ledger RPCs in process: a TestNode with a real NodeWallet following its chain and
// mempool (as the composition root wires them); balances, coins, transactions, imports with rescan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAddress, encodeWif, hash160, scriptForDestination, toDisplayHex } from '@ocean-ts/core';
import { json, secp, type TestNode } from './support/test-node.js';
import { payFromGenesis, walletTestNode } from './support/wallet-test-node.js';

const CBT_TOTAL = 21_000_000;
const COIN = 100_000_000n;

function scriptOf(node: TestNode, address: string): Uint8Array {
  const a = decodeAddress(address, node.params.base58);
  return scriptForDestination({ type: a.type, hash: a.hash });
}

test('a fresh wallet on a fresh chain owns the 100 genesis OP_TRUE coins (A.6)', async (t) => {
  const { node } = await walletTestNode(t);
  const unspent = (await node.call('listunspent')) as Record<string, unknown>[];
  assert.equal(unspent.length, 100);
  assert.deepEqual(Object.keys(unspent[0]!), ['txid', 'vout', 'scriptPubKey', 'amount', 'asset', 'assetlabel', 'confirmations', 'spendable', 'solvable', 'blinder', 'assetblinder']);
  assert.equal(unspent[0]!.amount, 210000);
  assert.equal(unspent[0]!.assetlabel, 'CBT');
  assert.equal(unspent[0]!.confirmations, 1);
  assert.equal(unspent[0]!.spendable, true);
  assert.equal(unspent[0]!.blinder, '0'.repeat(64));
  const info = (await node.call('getwalletinfo')) as Record<string, unknown>;
  assert.deepEqual(info.balance, { CBT: CBT_TOTAL });
  assert.deepEqual(info.unconfirmed_balance, {});
  assert.deepEqual(info.immature_balance, {});
  assert.ok((info.txcount as number) >= 1);
  assert.deepEqual(((await node.call('getwalletinfo', ['CBT'])) as Record<string, unknown>).balance, CBT_TOTAL);
  assert.deepEqual(await node.call('getbalance'), { CBT: CBT_TOTAL });
  assert.equal(await node.call('getbalance', ['', json(1), false, 'CBT']), CBT_TOTAL);
  assert.equal(await node.call('getbalance', ['', json(1), false, 'NOSUCHLABEL']), 0);
  assert.deepEqual(await node.call('getbalance', ['*']), { CBT: CBT_TOTAL });
  assert.equal(await node.call('getbalance', ['']), CBT_TOTAL);
  assert.equal(((await node.call('getinfo')) as Record<string, unknown>).balance !== undefined, true);
  assert.deepEqual(((await node.call('getinfo')) as Record<string, unknown>).balance, { CBT: CBT_TOTAL });
  // asset filter (5th argument): by label, by hex, unknown
  const cbtHex = toDisplayHex(node.params.peggedAsset);
  assert.equal(((await node.call('listunspent', [json(1), json(9999999), json([]), true, 'CBT'])) as unknown[]).length, 100);
  assert.equal(((await node.call('listunspent', [json(1), json(9999999), json([]), true, cbtHex])) as unknown[]).length, 100);
  assert.equal(((await node.call('listunspent', [json(1), json(9999999), json([]), true, 'NOSUCH'])) as unknown[]).length, 0);
  assert.equal(((await node.call('listunspent', [json(2)])) as unknown[]).length, 0, 'minconf 2 at height 0');
});

test('an outside payment: unconfirmed, then confirmed; transaction views, received-by, accounts, locks, restart', async (t) => {
  const wn = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const node = wn.node;
  assert.deepEqual(await node.call('getbalance'), {});
  assert.deepEqual(await node.call('listunspent'), []);
  const address = (await node.call('getnewaddress', ['savings'])) as string;
  const tx = payFromGenesis(node, 0, [{ script: scriptOf(node, address), value: 1000n * COIN }]);
  await node.accept(tx);
  const txid = tx.txidHex;
  assert.deepEqual(await node.call('getunconfirmedbalance'), { CBT: 1000 });
  assert.equal(await node.call('getunconfirmedbalance', ['CBT']), 1000);
  assert.deepEqual(await node.call('getbalance'), {});
  assert.deepEqual(((await node.call('getwalletinfo')) as Record<string, unknown>).unconfirmed_balance, { CBT: 1000 });
  assert.equal(((await node.call('listunspent')) as unknown[]).length, 0, 'minconf 1');
  assert.equal(((await node.call('listunspent', [json(0)])) as unknown[]).length, 1, 'include_unsafe defaults to true');
  assert.equal(((await node.call('listunspent', [json(0), json(9999999), json([]), false])) as unknown[]).length, 0, 'an unconfirmed receive is unsafe');
  let list = (await node.call('listtransactions')) as Record<string, unknown>[];
  assert.equal(list.length, 1);
  assert.equal(list[0]!.category, 'receive');
  assert.equal(list[0]!.address, address);
  assert.equal(list[0]!.account, 'savings');
  assert.equal(list[0]!.amount, 1000);
  assert.equal(list[0]!.confirmations, 0);
  assert.equal(list[0]!.trusted, false);
  assert.equal(list[0]!.txid, txid);
  let g = (await node.call('gettransaction', [txid])) as Record<string, unknown>;
  assert.deepEqual(g.amount, { CBT: 1000 });
  assert.equal('fee' in g, false);
  assert.equal(g.confirmations, 0);
  assert.equal(g.hex, Buffer.from(tx.toBytes()).toString('hex'));
  assert.deepEqual(await node.callError('gettransaction', ['00'.repeat(32)]), { code: -5, message: 'Invalid or non-wallet transaction id' });

  const [hash] = await node.generate(1);
  assert.deepEqual(await node.call('getbalance'), { CBT: 1000 });
  assert.deepEqual(await node.call('getunconfirmedbalance'), {});
  g = (await node.call('gettransaction', [txid, false, 'CBT'])) as Record<string, unknown>;
  assert.equal(g.amount, 1000);
  assert.equal(g.confirmations, 1);
  assert.equal(g.blockhash, hash);
  assert.equal(g.blockindex, 1);
  const details = g.details as Record<string, unknown>[];
  assert.equal(details.length, 1);
  assert.equal(details[0]!.vout, 0);
  const unspent = (await node.call('listunspent')) as Record<string, unknown>[];
  assert.equal(unspent.length, 1);
  assert.deepEqual(Object.keys(unspent[0]!), ['txid', 'vout', 'address', 'account', 'scriptPubKey', 'amount', 'asset', 'assetlabel', 'confirmations', 'spendable', 'solvable', 'blinder', 'assetblinder']);
  assert.equal(unspent[0]!.address, address);
  assert.equal(((await node.call('listunspent', [json(1), json(9999999), json([address])])) as unknown[]).length, 1);
  assert.deepEqual(await node.callError('listunspent', [json(1), json(9999999), json([address, address])]), {
    code: -8,
    message: `Invalid parameter, duplicated address: ${address}`,
  });
  assert.deepEqual(await node.callError('listunspent', [json(1), json(9999999), json(['nope'])]), { code: -5, message: 'Invalid Bitcoin address: nope' });

  // received-by and accounts
  assert.deepEqual(await node.call('getreceivedbyaddress', [address]), { CBT: 1000 });
  assert.equal(await node.call('getreceivedbyaddress', [address, json(1), 'CBT']), 1000);
  assert.deepEqual(await node.call('getreceivedbyaddress', [address, json(2)]), {});
  assert.deepEqual(await node.call('getreceivedbyaccount', ['savings']), { CBT: 1000 });
  assert.deepEqual(await node.call('listaccounts'), { '': 0, savings: 1000 }, 'Core: the sent-account entry "" always exists');
  assert.equal(await node.call('getbalance', ['savings']), 1000);
  assert.equal(await node.call('getbalance', ['']), 0);
  const rba = (await node.call('listreceivedbyaddress')) as Record<string, unknown>[];
  assert.equal(rba.length, 1);
  assert.deepEqual(rba[0], { address, account: 'savings', amount: { CBT: 1000 }, confirmations: 1, label: 'savings', txids: [txid] });
  assert.deepEqual(await node.call('listreceivedbyaccount'), [{ account: 'savings', amount: { CBT: 1000 }, confirmations: 1 }]);
  assert.deepEqual(await node.call('listaddressgroupings'), [[[address, 1000, 'savings']]]);

  // listsinceblock
  const genesisHash = toDisplayHex(node.params.genesisBlock.hash);
  const since = (await node.call('listsinceblock', [genesisHash])) as { transactions: Record<string, unknown>[]; lastblock: string };
  assert.equal(since.transactions.length, 1);
  assert.equal(since.lastblock, hash);
  assert.equal(((await node.call('listsinceblock', [hash])) as { transactions: unknown[] }).transactions.length, 0);
  assert.deepEqual(await node.callError('listsinceblock', [hash, json(0)]), { code: -8, message: 'Invalid parameter' });

  // lockunspent
  assert.equal(await node.call('lockunspent', [false, json([{ txid, vout: 0 }])]), true);
  assert.deepEqual(await node.call('listlockunspent'), [{ txid, vout: 0 }]);
  assert.equal(((await node.call('listunspent')) as unknown[]).length, 0);
  assert.deepEqual(await node.call('getbalance'), { CBT: 1000 }, 'GetBalance ignores locks');
  assert.deepEqual(await node.callError('lockunspent', [false, json([{ txid, vout: -1 }])]), { code: -8, message: 'Invalid parameter, vout must be positive' });
  assert.deepEqual(await node.callError('lockunspent', [false, json([{ txid: 'zz', vout: 1 }])]), { code: -8, message: 'Invalid parameter, expected hex txid' });
  assert.equal(await node.call('lockunspent', [true]), true);
  assert.deepEqual(await node.call('listlockunspent'), []);

  // restart: the ledger is read back from the wallet file
  await wn.reopen();
  assert.deepEqual(await node.call('getbalance'), { CBT: 1000 });
  list = (await node.call('listtransactions')) as Record<string, unknown>[];
  assert.equal(list.length, 1);
  assert.equal(list[0]!.confirmations, 1);
});

test('importaddress / importprivkey: no rescan sees nothing old, rescan finds the old payment', async (t) => {
  const { node } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const priv = new Uint8Array(32).fill(0x21);
  const pub = secp.publicKeyCreate(priv, true);
  const script = scriptForDestination({ type: 'keyhash', hash: hash160(pub) });
  const tx = payFromGenesis(node, 3, [{ script, value: 77n * COIN }]);
  await node.accept(tx);
  await node.generate(1);
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), {});
  await node.call('importpubkey', [Buffer.from(pub).toString('hex'), 'watch', false]);
  await assert.doesNotReject(node.call('getwalletinfo'));
  assert.deepEqual(await node.callError('gettransaction', [tx.txidHex, true]), { code: -5, message: 'Invalid or non-wallet transaction id' });
  await node.call('importpubkey', [Buffer.from(pub).toString('hex'), 'watch', true]);
  const g = (await node.call('gettransaction', [tx.txidHex, true])) as Record<string, unknown>;
  assert.deepEqual(g.amount, { CBT: 77 });
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), { CBT: 77 });
  assert.deepEqual(await node.call('getbalance'), {}, 'watch-only is not in the spendable balance');
  const u = (await node.call('listunspent')) as Record<string, unknown>[];
  assert.equal(u.length, 1);
  assert.equal(u[0]!.spendable, false);
  assert.equal(u[0]!.solvable, true);
  const wif = encodeWif(priv, true, node.params.base58);
  await node.call('importprivkey', [wif, 'spend', true]);
  assert.deepEqual(await node.call('getbalance'), { CBT: 77 }, 'the imported key makes the coin spendable');
});

test('abandontransaction: only for unconfirmed transactions outside the mempool; frees the inputs', async (t) => {
  const { node } = await walletTestNode(t);
  const outside = scriptForDestination({ type: 'keyhash', hash: new Uint8Array(20).fill(7) });
  const tx = payFromGenesis(node, 5, [{ script: outside, value: COIN }], 100_000n);
  await node.accept(tx);
  const fee = 100_000n;
  const total = BigInt(CBT_TOTAL) * COIN;
  const cbt = async () => BigInt(Math.round(((await node.call('getbalance', ['', json(1), false, 'CBT'])) as number) * 1e8));
  assert.equal(await cbt(), total - fee - COIN, 'our own spend in the mempool is trusted');
  let send = ((await node.call('listtransactions')) as Record<string, unknown>[]).find((e) => e.category === 'send');
  assert.equal(send?.amount, -1);
  assert.equal(send?.fee, -0.001);
  assert.equal(send?.abandoned, false);
  assert.deepEqual(await node.callError('abandontransaction', [tx.txidHex]), { code: -5, message: 'Transaction not eligible for abandonment' });
  assert.deepEqual(await node.callError('abandontransaction', ['11'.repeat(32)]), { code: -5, message: 'Invalid or non-wallet transaction id' });
  await node.acceptToMempool((pool) => pool.removeRecursive(tx));
  assert.equal(await cbt(), total - 210_000n * COIN, 'out of the mempool: the spend is untrusted but its input stays spent');
  assert.equal(await node.call('abandontransaction', [tx.txidHex]), null);
  assert.equal(await cbt(), total);
  send = ((await node.call('listtransactions')) as Record<string, unknown>[]).find((e) => e.category === 'send');
  assert.equal(send?.abandoned, true);
  assert.equal(send?.txid, tx.txidHex);
});

test('coinbase outputs: immature, then generate category once mature', async (t) => {
  const { node } = await walletTestNode(t);
  const tx = payFromGenesis(node, 7, [], 5_000_000n);
  await node.accept(tx);
  await node.generate(1);
  const info = (await node.call('getwalletinfo')) as Record<string, unknown>;
  assert.deepEqual(info.immature_balance, { CBT: 0.05 });
  let list = (await node.call('listtransactions', ['*', json(100)])) as Record<string, unknown>[];
  assert.ok(list.some((e) => e.category === 'immature' && e.amount === 0.05));
  await node.generate(2);
  list = (await node.call('listtransactions', ['*', json(100)])) as Record<string, unknown>[];
  assert.ok(list.some((e) => e.category === 'generate' && e.amount === 0.05));
  assert.deepEqual(((await node.call('getwalletinfo')) as Record<string, unknown>).immature_balance, {});
  assert.deepEqual(await node.call('getbalance'), { CBT: CBT_TOTAL });
  assert.deepEqual(await node.callError('listtransactions', ['*', json(-1)]), { code: -8, message: 'Negative count' });
  assert.deepEqual(await node.callError('listtransactions', ['*', json(1), json(-1)]), { code: -8, message: 'Negative from' });
});

