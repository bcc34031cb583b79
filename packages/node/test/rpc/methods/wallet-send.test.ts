// The wallet's sending RPCs in process (a TestNode with a real NodeWallet): sendtoaddress, sendmany,
// destroyamount, settxfee, issueasset, reissueasset, fundrawtransaction — balances per asset,
// fees, change, errors with the original's codes and texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, decodeAddress, fromHex, scriptForDestination, toDisplayHex, toHex } from '@ocean-ts/core';
import { json, type TestNode } from './support/test-node.js';
import { walletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;
const CBT_TOTAL = 21_000_000;

function scriptOf(node: TestNode, address: string): Uint8Array {
  const a = decodeAddress(address, node.params.base58);
  return scriptForDestination({ type: a.type, hash: a.hash });
}

async function rawTx(node: TestNode, txid: string): Promise<Transaction> {
  const hex = (await node.call('getrawtransaction', [txid])) as string;
  return Transaction.decode(fromHex(hex));
}

/** Satoshis of a JSON amount. */
function sats(v: unknown): bigint {
  const [w, f = ''] = String(v).split('.');
  return BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
}

function feeOutputs(tx: Transaction) {
  return tx.outputs.filter((o) => o.isFee);
}

test('sendtoaddress: the recipient is paid, change returns, one fee output; the wallet balance moves by the fee only', async (t) => {
  const { node } = await walletTestNode(t);
  const addr = (await node.call('getnewaddress')) as string;
  const txid = (await node.call('sendtoaddress', [addr, json(12.5)])) as string;
  assert.match(txid, /^[0-9a-f]{64}$/);
  const tx = await rawTx(node, txid);
  assert.equal(tx.inputs.length, 1);
  assert.equal(tx.inputs[0]!.sequence, 0xfffffffe, 'RBF off: MAX-1');
  assert.ok(tx.locktime <= node.chain.height && tx.locktime >= Math.max(0, node.chain.height - 99), `anti fee sniping locktime ${tx.locktime}`);
  const fees = feeOutputs(tx);
  assert.equal(fees.length, 1);
  const fee = fees[0]!.value.amount;
  // fallback fee 20000 sat/kB on the dummy-signed (72-byte signature) size
  assert.ok(fee === BigInt(tx.virtualSize() + 1) * 20n || fee === BigInt(tx.virtualSize()) * 20n, `fee ${fee} for ${tx.virtualSize()} vbytes`);
  const paid = tx.outputs.filter((o) => o.scriptPubKey.length > 0 && Buffer.compare(o.scriptPubKey, scriptOf(node, addr)) === 0);
  assert.equal(paid.length, 1);
  assert.equal(paid[0]!.value.amount, 1_250_000_000n);
  assert.equal(tx.outputs.length, 3, 'recipient, change, fee');
  // The wallet paid itself: its balance dropped by the fee only (its own unconfirmed transaction is trusted).
  const bal = (await node.call('getbalance', ['', json(0), false, 'CBT'])) as number;
  assert.equal(sats(bal), BigInt(CBT_TOTAL) * COIN - fee);
  const g = (await node.call('gettransaction', [txid])) as Record<string, unknown>;
  assert.deepEqual(g.fee, { CBT: -Number(fee) / 1e8 });
  assert.equal(g.confirmations, 0);
  await node.generate(1);
  assert.equal(((await node.call('gettransaction', [txid])) as Record<string, unknown>).confirmations, 1);
  assert.equal(sats(await node.call('getbalance', ['', json(0), false, 'CBT'])), BigInt(CBT_TOTAL) * COIN - fee);
});

test('sendtoaddress errors: address, amount, asset, funds, locked wallet', async (t) => {
  const { node } = await walletTestNode(t);
  const addr = (await node.call('getnewaddress')) as string;
  assert.deepEqual(await node.callError('sendtoaddress', ['nope', json(1)]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('sendtoaddress', [addr, json(0)]), { code: -3, message: 'Invalid amount for send' });
  assert.deepEqual(await node.callError('sendtoaddress', [addr, json(-1)]), { code: -3, message: 'Amount out of range' });
  assert.deepEqual(await node.callError('sendtoaddress', [addr, 'x']), { code: -3, message: 'Invalid amount' });
  assert.deepEqual(await node.callError('sendtoaddress', [addr, json(1), '', '', false, 'NOSUCH']), {
    code: -4,
    message: `Unknown label and invalid asset hex: ${'0'.repeat(64)}`,
  });
  assert.deepEqual(await node.callError('sendtoaddress', [addr, json(1), '', '', false, 'ab'.repeat(32)]), { code: -6, message: 'Insufficient funds' });
  // The whole balance without subtracting the fee: the fee cannot be paid.
  const e = await node.callError('sendtoaddress', [addr, json(CBT_TOTAL)]);
  assert.equal(e.code, -4);
  assert.match(e.message, /^Error: This transaction requires a transaction fee of at least 0\.\d+$/);
  assert.deepEqual(await node.callError('sendmany', ['', json({ [addr]: 1 }), json(1), '', json([]), json({ [addr]: 'NOSUCH' })]), {
    code: -4,
    message: `Unknown label and invalid asset hex: ${'0'.repeat(64)}`,
  });
  await node.call('encryptwallet', ['pass']).catch(() => undefined);
});

test('a locked wallet refuses to send (-13)', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const addr = (await node.call('getnewaddress')) as string;
  await wn.wallet.keys.encrypt('secret');
  const locked = { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' };
  assert.deepEqual(await node.callError('sendtoaddress', [addr, json(1)]), locked);
  assert.deepEqual(await node.callError('sendmany', ['', json({ [addr]: 1 })]), locked);
  assert.deepEqual(await node.callError('issueasset', [json(1), json(1)]), locked);
  assert.deepEqual(await node.callError('destroyamount', ['CBT', json(1)]), locked);
  wn.wallet.keys.unlock('secret', 60);
  assert.match((await node.call('sendtoaddress', [addr, json(1)])) as string, /^[0-9a-f]{64}$/);
});

test('subtractfeefromamount: the whole balance to oneself; the recipient pays the fee', async (t) => {
  const { node } = await walletTestNode(t);
  const addr = (await node.call('getnewaddress')) as string;
  const txid = (await node.call('sendtoaddress', [addr, json(CBT_TOTAL), '', '', true])) as string;
  const tx = await rawTx(node, txid);
  assert.equal(tx.inputs.length, 100, 'every genesis coin');
  assert.equal(tx.outputs.length, 2, 'recipient and fee, no change');
  const fee = feeOutputs(tx)[0]!.value.amount;
  assert.equal(tx.outputs[0]!.value.amount + fee, BigInt(CBT_TOTAL) * COIN);
  await node.generate(1);
  assert.equal(sats(await node.call('getbalance', ['', json(1), false, 'CBT'])), BigInt(CBT_TOTAL) * COIN - fee);
  // The coinbase of that block collected the fee (B.1.2): once mature the total is back.
  await node.generate(2);
  const total = ((await node.call('listunspent', [json(0)])) as { amount: number }[]).reduce((a, u) => a + sats(u.amount), 0n);
  assert.equal(total, BigInt(CBT_TOTAL) * COIN);
});

test('sendmany: several recipients, subtractfeefrom, comment, fromaccount; errors', async (t) => {
  const { node } = await walletTestNode(t);
  const a = (await node.call('getnewaddress')) as string;
  const b = (await node.call('getnewaddress')) as string;
  const txid = (await node.call('sendmany', ['', json({ [a]: 1.5, [b]: 2 }), json(1), 'hello', json([b])])) as string;
  const tx = await rawTx(node, txid);
  const fee = feeOutputs(tx)[0]!.value.amount;
  const outA = tx.outputs.find((o) => Buffer.compare(o.scriptPubKey, scriptOf(node, a)) === 0)!;
  const outB = tx.outputs.find((o) => Buffer.compare(o.scriptPubKey, scriptOf(node, b)) === 0)!;
  assert.equal(outA.value.amount, 150_000_000n);
  assert.equal(outB.value.amount, 200_000_000n - fee, 'b pays the fee');
  const g = (await node.call('gettransaction', [txid])) as Record<string, unknown>;
  assert.equal(g.comment, 'hello');
  assert.deepEqual(await node.callError('sendmany', ['', json({ nope: 1 })]), { code: -5, message: 'Invalid Bitcoin address: nope' });
  assert.deepEqual(await node.callError('sendmany', ['', json({ [a]: 0 })]), { code: -3, message: 'Invalid amount for send' });
  assert.deepEqual(await node.callError('sendmany', ['empty', json({ [a]: 1 })]), { code: -6, message: 'Account has insufficient funds' });
  // Elements' CAmountMap comparison: more CBT than asked hides the missing asset; CreateTransaction then fails.
  assert.deepEqual(await node.callError('sendmany', ['', json({ [a]: 1 }), json(1), '', json([]), json({ [a]: 'ab'.repeat(32) })]), {
    code: -6,
    message: 'Insufficient funds',
  });
  assert.deepEqual(await node.callError('sendmany', ['acct', json({ [a]: 1 }), json(1), '', json([]), json({})]), { code: -3, message: 'Accounts can not be used with assets.' });
  // CreateTransaction failures are -6 in sendmany
  assert.deepEqual(await node.callError('sendmany', ['', json({ [a]: 0.00000001 })]), { code: -6, message: 'Transaction amount too small' });
});

test('settxfee changes the fee rate and getwalletinfo.paytxfee', async (t) => {
  const { node } = await walletTestNode(t);
  assert.equal(await node.call('settxfee', [json(0.001)]), true);
  assert.equal(((await node.call('getwalletinfo')) as Record<string, unknown>).paytxfee, 0.001);
  const addr = (await node.call('getnewaddress')) as string;
  const tx = await rawTx(node, (await node.call('sendtoaddress', [addr, json(1)])) as string);
  const fee = feeOutputs(tx)[0]!.value.amount;
  const size = BigInt(tx.virtualSize());
  assert.ok(fee === size * 100n || fee === (size + 1n) * 100n, `fee ${fee} at 100000 sat/kB for ${size} vbytes`);
  assert.deepEqual(await node.callError('settxfee', ['x']), { code: -3, message: 'Invalid amount' });
});

test('issueasset → send the asset (fee in the asset) → reissueasset → destroyamount, balances at each step', async (t) => {
  const { node } = await walletTestNode(t);
  assert.deepEqual(await node.callError('issueasset', [json(0), json(0)]), { code: -3, message: 'Issuance must have one non-zero component' });
  const r = (await node.call('issueasset', [json(1000), json(2)])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(r), ['txid', 'vin', 'entropy', 'asset', 'token']);
  assert.equal(r.vin, 0);
  const tx = await rawTx(node, r.txid as string);
  const ids = tx.inputs[0]!.issuance;
  assert.ok(!ids.isNull);
  const { issuanceIds } = await import('@ocean-ts/core');
  const computed = issuanceIds(tx.inputs[0]!)!;
  assert.equal(toDisplayHex(computed.asset), r.asset);
  assert.equal(toDisplayHex(computed.token), r.token);
  assert.equal(toDisplayHex(computed.entropy), r.entropy);
  // explicit issuance outputs (-disablect): the amounts and ids are visible
  assert.ok(tx.outputs.some((o) => o.asset.isExplicit && o.asset.idHex === r.asset && o.value.amount === 1000n * COIN));
  assert.ok(tx.outputs.some((o) => o.asset.isExplicit && o.asset.idHex === r.token && o.value.amount === 2n * COIN));
  assert.equal(feeOutputs(tx)[0]!.asset.id.every((x, i) => x === node.params.feeAsset[i]), true, 'issuance fee in the domain asset');
  await node.generate(1);
  const asset = r.asset as string;
  const token = r.token as string;
  assert.equal(await node.call('getbalance', ['', json(1), false, asset]), 1000);
  assert.equal(await node.call('getbalance', ['', json(1), false, token]), 2);

  // Send part of the asset: the fee is paid in the asset (Ocean, corpus `wallet-send-issued-asset`).
  const other = (await node.call('getnewaddress')) as string;
  const s = await rawTx(node, (await node.call('sendtoaddress', [other, json(10), '', '', false, asset])) as string);
  assert.equal(feeOutputs(s)[0]!.asset.idHex, asset);
  const sFee = feeOutputs(s)[0]!.value.amount;
  await node.generate(1);
  assert.equal(sats(await node.call('getbalance', ['', json(1), false, asset])), 1000n * COIN - sFee);

  // reissue
  assert.deepEqual(await node.callError('reissueasset', [asset, json(0)]), { code: -3, message: 'Reissuance must create a non-zero amount.' });
  assert.deepEqual(await node.callError('reissueasset', [token, json(1)]), { code: -4, message: 'Asset given is a reissuance token type and can not be reissued.' });
  assert.deepEqual(await node.callError('reissueasset', ['ab'.repeat(32), json(1)]), { code: -4, message: 'Asset reissuance token definition could not be found in wallet.' });
  // the genesis CBT issuance is in the wallet, but it made no token
  assert.deepEqual(await node.callError('reissueasset', ['CBT', json(1)]), { code: -6, message: 'No available reissuance tokens in wallet.' });
  const rr = (await node.call('reissueasset', [asset, json(500)])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(rr), ['txid', 'vin']);
  const rtx = await rawTx(node, rr.txid as string);
  const rin = rtx.inputs[rr.vin as number]!;
  assert.ok(rin.issuance.isReissuance);
  assert.equal(toHex(rin.issuance.assetBlindingNonce), 'ff'.repeat(32), 'explicit token: the unblinded reissuance nonce');
  await node.generate(1);
  assert.equal(sats(await node.call('getbalance', ['', json(1), false, asset])), 1500n * COIN - sFee);
  assert.equal(await node.call('getbalance', ['', json(1), false, token]), 2, 'the token came back whole');

  // destroy
  const cbtBefore = sats(await node.call('getbalance', ['', json(1), false, 'CBT']));
  const d = await rawTx(node, (await node.call('destroyamount', [asset, json(100), 'burn'])) as string);
  const burn = d.outputs.find((o) => o.scriptPubKey.length === 1 && o.scriptPubKey[0] === 0x6a)!;
  assert.equal(burn.value.amount, 100n * COIN);
  assert.equal(burn.asset.idHex, asset);
  const dFee = feeOutputs(d)[0]!;
  assert.equal(toDisplayHex(dFee.asset.id), toDisplayHex(node.params.feeAsset), 'destroyamount pays its fee in the domain asset');
  await node.generate(1);
  // the miner (this wallet, OP_TRUE coinbase) got every fee back: spendable + immature = 1400
  const info = (await node.call('getwalletinfo', [asset])) as { balance: number; immature_balance: number };
  assert.equal(sats(info.balance) + sats(info.immature_balance), 1400n * COIN);
  assert.ok(sats(await node.call('getbalance', ['', json(1), false, 'CBT'])) < cbtBefore);
  assert.deepEqual(await node.callError('destroyamount', [asset, json(0)]), { code: -3, message: 'Invalid amount to destroy' });
  assert.deepEqual(await node.callError('destroyamount', [asset, json(1_000_000)]), { code: -6, message: 'Insufficient funds' });
});

test('fundrawtransaction: adds inputs, change and the fee output; drops existing fee outputs; options and errors', async (t) => {
  const { node } = await walletTestNode(t);
  const addr = (await node.call('getnewaddress')) as string;
  const raw = (await node.call('createrawtransaction', [json([]), json({ [addr]: 3, fee: 0.5 })])) as string;
  const r = (await node.call('fundrawtransaction', [raw])) as { hex: string; fee: number; changepos: number };
  assert.deepEqual(Object.keys(r), ['hex', 'fee', 'changepos']);
  const tx = Transaction.decode(fromHex(r.hex));
  assert.equal(tx.inputs.length, 1);
  assert.equal(tx.inputs[0]!.scriptSig.length, 0, 'not signed');
  const fees = feeOutputs(tx);
  assert.equal(fees.length, 1, 'the old 0.5 fee output is gone, the wallet added its own');
  assert.equal(sats(r.fee), fees[0]!.value.amount);
  assert.ok(r.changepos >= 0);
  assert.ok(tx.outputs[r.changepos]!.value.amount > 0n);
  const signed = (await node.call('signrawtransaction', [r.hex])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  assert.match((await node.call('sendrawtransaction', [signed.hex])) as string, /^[0-9a-f]{64}$/);

  // changePosition, feeRate, subtractFeeFromOutputs, lockUnspents
  const raw2 = (await node.call('createrawtransaction', [json([]), json({ [addr]: 1 })])) as string;
  const r2 = (await node.call('fundrawtransaction', [raw2, json({ changePosition: 0, feeRate: 0.001, lockUnspents: true, subtractFeeFromOutputs: [0] })])) as {
    hex: string;
    fee: number;
    changepos: number;
  };
  assert.equal(r2.changepos, 0);
  const tx2 = Transaction.decode(fromHex(r2.hex));
  assert.equal(tx2.outputs[1]!.value.amount, COIN - sats(r2.fee), 'output 0 (now 1) paid the fee');
  assert.equal(((await node.call('listlockunspent')) as unknown[]).length, tx2.inputs.length);

  assert.deepEqual(await node.callError('fundrawtransaction', ['zz']), { code: -22, message: 'TX decode failed' });
  assert.deepEqual(await node.callError('fundrawtransaction', [raw2, json({ changePosition: 5 })]), { code: -8, message: 'changePosition out of bounds' });
  assert.deepEqual(await node.callError('fundrawtransaction', [raw2, json({ changeAddress: 'nope' })]), { code: -5, message: 'changeAddress must be a valid bitcoin address' });
  assert.deepEqual(await node.callError('fundrawtransaction', [raw2, json({ subtractFeeFromOutputs: [1] })]), { code: -8, message: 'Invalid parameter, position too large: 1' });
  assert.deepEqual(await node.callError('fundrawtransaction', [raw2, json({ subtractFeeFromOutputs: [0, 0] })]), { code: -8, message: 'Invalid parameter, duplicated position: 0' });
  assert.deepEqual(await node.callError('fundrawtransaction', [raw2, json({ bogus: 1 })]), { code: -3, message: 'Unexpected key bogus' });
  const rawBig = (await node.call('createrawtransaction', [json([]), json({ [addr]: 1 }), json(0), json({ [addr]: 'ab'.repeat(32) })])) as string;
  assert.deepEqual(await node.callError('fundrawtransaction', [rawBig]), { code: -4, message: 'Insufficient funds' });
  const change = (await node.call('getrawchangeaddress')) as string;
  const r3 = (await node.call('fundrawtransaction', [raw2, json({ changeAddress: change })])) as { hex: string; changepos: number };
  const tx3 = Transaction.decode(fromHex(r3.hex));
  assert.equal(toHex(tx3.outputs[r3.changepos]!.scriptPubKey), toHex(scriptOf(node, change)));
});
