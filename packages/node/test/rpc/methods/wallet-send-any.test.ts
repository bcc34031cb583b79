// sendanytoaddress / createanytoaddress in process (a TestNode with a real NodeWallet):
// B.14.1–5 of the functional behaviour (insufficient funds, several assets in both sort orders,
// createany + allowwatchonly, metadata, change address) and the argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { OP, Transaction, addressForDestination, decodeAddress, fromHex, scriptForDestination, toDisplayHex, toHex } from '@ocean-ts/core';
import { chainParams, json, secp, type TestNode } from './support/test-node.js';
import { walletTestNode, type WalletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;

function sats(v: unknown): bigint {
  const s = String(v);
  const neg = s.startsWith('-');
  const [w, f = ''] = (neg ? s.slice(1) : s).split('.');
  const r = BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
  return neg ? -r : r;
}

function coins(n: bigint): number {
  return Number(n) / 1e8;
}

/** An address whose key nobody in this test holds. */
function foreignAddress(node: TestNode): string {
  return addressForDestination({ type: 'keyhash', hash: new Uint8Array(randomBytes(20)) }, node.params.base58);
}

function scriptOf(node: TestNode, address: string): Uint8Array {
  const a = decodeAddress(address, node.params.base58);
  return scriptForDestination({ type: a.type, hash: a.hash });
}

async function rawTx(node: TestNode, txid: string): Promise<Transaction> {
  return Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
}

/** `asset display hex → amount` of the outputs of `tx` paying `script`. */
function paidTo(tx: Transaction, script: Uint8Array): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const o of tx.outputs) {
    if (Buffer.compare(o.scriptPubKey, script) !== 0) continue;
    const a = toDisplayHex(o.asset.id);
    m.set(a, (m.get(a) ?? 0n) + o.value.amount);
  }
  return m;
}

const sum = (m: Map<string, bigint>): bigint => [...m.values()].reduce((a, b) => a + b, 0n);

/** The wallet's spendable balance per asset (display hex). */
function balanceOf(wn: WalletTestNode): Map<string, bigint> {
  return new Map(wn.wallet.ledger.getBalance().entries().map((e) => [e.assetHex, e.amount]));
}

/**
 * Issues assets of the given amounts (fees in CBT), then sends all CBT but `keepCbt` away, so that
 * the issued assets are not dwarfed by the genesis coins. Returns the asset ids (display hex).
 */
async function walletWithAssets(wn: WalletTestNode, amounts: readonly number[], keepCbt: bigint): Promise<string[]> {
  const node = wn.node;
  const assets: string[] = [];
  for (const a of amounts) assets.push(((await node.call('issueasset', [json(a), json(0)])) as { asset: string }).asset);
  await node.generate(1);
  const cbt = toDisplayHex(node.params.feeAsset);
  const cbtBalance = balanceOf(wn).get(cbt)!;
  await node.call('sendtoaddress', [foreignAddress(node), json(coins(cbtBalance - keepCbt))]);
  await node.generate(1);
  return assets;
}

test('B.14.1: with only policy-asset balance both RPCs fail with -6 Insufficient funds for sendany', async (t) => {
  // The genesis coins go elsewhere; the PERMISSION policy coins go to OP_TRUE (the wallet's).
  const params = chainParams(['-initialfreecoinsdestination=76a914' + '11'.repeat(20) + '88ac', '-policycoins=50000000000000', '-permissioncoinsdestination=51']);
  const wn = await walletTestNode(t, { params });
  const node = wn.node;
  const bal = balanceOf(wn);
  assert.equal(bal.size, 1, 'the wallet holds the policy asset only');
  assert.equal([...bal.values()][0], 50_000_000_000_000n);
  const addr = foreignAddress(node);
  const funds = { code: -6, message: 'Insufficient funds for sendany' };
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(1)]), funds);
  assert.deepEqual(await node.callError('createanytoaddress', [addr, json(1)]), funds);
  assert.deepEqual(await node.callError('createanytoaddress', [addr, json(1), true, false, json(2), true]), funds);
});

test('sendany argument errors: address, amount, sort type, metadata, change address', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const addr = foreignAddress(node);
  assert.deepEqual(await node.callError('sendanytoaddress', ['nope', json(1)]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('createanytoaddress', ['nope', json(1)]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(0)]), { code: -3, message: 'Invalid amount for send' });
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(-1)]), { code: -3, message: 'Amount out of range' });
  const sort = { code: -3, message: 'Invalid sendany sorting type.' };
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(1), '', '', true, false, json(3)]), sort);
  assert.deepEqual(await node.callError('createanytoaddress', [addr, json(1), true, false, json(0)]), sort);
  const meta = { code: -3, message: 'Invalid metadata: must be hex string' };
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(1), '', '', true, false, json(1), 'xyz1']), meta);
  assert.deepEqual(await node.callError('createanytoaddress', [addr, json(1), true, false, json(1), false, 'abc']), meta);
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(1), '', '', true, false, json(1), '', 'nope']), { code: -5, message: 'Invalid Bitcoin address' });
  // more than the wallet holds
  await node.call('sendtoaddress', [addr, json(1)]);
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(21_000_000)]), { code: -6, message: 'Insufficient funds for sendany' });
  // a locked wallet
  await wn.wallet.keys.encrypt('secret');
  const locked = { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' };
  assert.deepEqual(await node.callError('sendanytoaddress', [addr, json(1)]), locked);
  assert.deepEqual(await node.callError('createanytoaddress', [addr, json(1)]), locked);
});

test('B.14.2: several assets pay the amount (sort 1 and 2); a full asset pair needs another asset for the fee; nearly everything', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const [a, b, c, d] = await walletWithAssets(wn, [3, 2, 0.5, 0.001], COIN / 5n);
  const cbt = toDisplayHex(node.params.feeAsset);
  const dest = foreignAddress(node);
  const script = scriptOf(node, dest);

  // sort 1, 4 coins: A (3) and B (2, the partial last asset) → B is used entirely, A pays 2; the fee and change are A's
  const txid1 = (await node.call('sendanytoaddress', [dest, json(4), '', '', true, false])) as string;
  assert.match(txid1, /^[0-9a-f]{64}$/);
  assert.ok(node.mempool.has(txid1), 'in the mempool');
  const tx1 = await rawTx(node, txid1);
  assert.deepEqual(Object.fromEntries(paidTo(tx1, script)), { [a!]: 2n * COIN, [b!]: 2n * COIN });
  const fee1 = tx1.outputs.filter((o) => o.isFee);
  assert.equal(fee1.length, 1);
  assert.equal(toDisplayHex(fee1[0]!.asset.id), a, 'the asset with the largest balance pays the fee');
  await node.generate(1);
  assert.equal(balanceOf(wn).get(b!) ?? 0n, 0n, 'B is gone');
  assert.equal(balanceOf(wn).get(a!), COIN - fee1[0]!.value.amount, 'A keeps 1 minus the fee');

  // sort 1, exactly A's 1 - fee and C: A and C are used entirely; CBT (the next asset with enough) pays the fee
  const aLeft = balanceOf(wn).get(a!)!;
  const exact = aLeft + COIN / 2n;
  const txid2 = (await node.call('sendanytoaddress', [dest, json(coins(exact)), '', '', true, false, json(1)])) as string;
  const tx2 = await rawTx(node, txid2);
  assert.equal(sum(paidTo(tx2, script)), exact);
  const fee2 = tx2.outputs.filter((o) => o.isFee);
  assert.equal(toDisplayHex(fee2[0]!.asset.id), cbt, 'no spare A or C: CBT pays the fee');
  await node.generate(1);

  // sort 2 (ascending): the tiny D first, then CBT (partial, the largest) which pays the fee
  const before = balanceOf(wn);
  assert.deepEqual([before.get(d!), before.get(a!) ?? 0n, before.get(c!) ?? 0n], [100_000n, 0n, 0n]);
  const txid3 = (await node.call('sendanytoaddress', [dest, json(0.1), '', '', true, false, json(2)])) as string;
  const tx3 = await rawTx(node, txid3);
  const paid3 = paidTo(tx3, script);
  assert.equal(sum(paid3), COIN / 10n, 'the sum is the amount');
  assert.equal(paid3.get(d!), 100_000n, 'the smallest balance is used first, entirely');
  assert.equal(paid3.get(cbt), COIN / 10n - 100_000n);
  assert.equal(toDisplayHex(tx3.outputs.find((o) => o.isFee)!.asset.id), cbt);
  await node.generate(1);

  // the whole remaining balance minus a small margin
  const total = [...balanceOf(wn).values()].reduce((x, y) => x + y, 0n);
  const txid4 = (await node.call('sendanytoaddress', [dest, json(coins(total - 1_000_000n)), '', '', true, false])) as string;
  assert.equal(sum(paidTo(await rawTx(node, txid4), script)), total - 1_000_000n);
  assert.ok(node.mempool.has(txid4));
});

test('B.14.3: createanytoaddress returns one signed, unbroadcast tx; allowwatchonly spends an imported 1-of-2 multisig', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const [a, e] = await walletWithAssets(wn, [3, 10], COIN);
  const dest = foreignAddress(node);
  const script = scriptOf(node, dest);

  const hexes = (await node.call('createanytoaddress', [dest, json(2.5), true, false, json(2), false])) as string[];
  assert.equal(hexes.length, 1);
  const tx = Transaction.decode(fromHex(hexes[0]!));
  assert.ok(!node.mempool.has(tx.txidHex), 'not broadcast');
  assert.equal(sum(paidTo(tx, script)), 250_000_000n);
  const signed = (await node.call('signrawtransaction', [hexes[0]!])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  assert.equal(signed.hex, hexes[0], 'already signed');
  assert.equal(await node.call('sendrawtransaction', [signed.hex]), tx.txidHex);
  await node.generate(1);

  // Move all of E to a 1-of-2 multisig of one wallet key and a foreign key.
  const mine = (await node.call('validateaddress', [(await node.call('getnewaddress')) as string])) as { pubkey: string };
  const other = toHex(secp.publicKeyCreate(new Uint8Array(32).fill(0x42), true));
  const ms = (await node.call('createmultisig', [json(1), json([mine.pubkey, other])])) as { address: string; redeemScript: string };
  const cbt = toDisplayHex(node.params.feeAsset);
  await node.call('sendmany', ['', json({ [ms.address]: 10 }), json(1), '', json([]), json({ [ms.address]: e, fee: cbt })]);
  await node.generate(1);
  const spendable = [...balanceOf(wn).values()].reduce((x, y) => x + y, 0n);
  assert.equal(balanceOf(wn).get(e!) ?? 0n, 0n, 'E left the wallet');
  const amount = json(coins(spendable + COIN));
  const funds = { code: -6, message: 'Insufficient funds for sendany' };
  assert.deepEqual(await node.callError('createanytoaddress', [dest, amount, true, false, json(1), true]), funds, 'not imported: no watch-only funds');

  await node.call('importaddress', [ms.redeemScript, '', true, true]);
  assert.deepEqual(await node.callError('createanytoaddress', [dest, amount, true, false, json(1), false]), funds, 'watch-only funds need allowwatchonly');
  const hw = (await node.call('createanytoaddress', [dest, amount, true, false, json(1), true])) as string[];
  assert.equal(hw.length, 1);
  const wtx = Transaction.decode(fromHex(hw[0]!));
  const paid = paidTo(wtx, script);
  assert.equal(sum(paid), sats(amount));
  assert.equal(paid.get(e!), sats(amount), 'the watch-only E (largest balance) pays it all');
  const msScript = scriptOf(node, ms.address);
  const spent = wtx.inputs.map((i) => wn.wallet.ledger.get(i.prevout.txid)?.tx.outputs[i.prevout.index]?.scriptPubKey);
  assert.ok(spent.some((s) => s !== undefined && Buffer.compare(s, msScript) === 0), 'the multisig coin is spent');
  const s2 = (await node.call('signrawtransaction', [hw[0]!])) as { hex: string; complete: boolean };
  assert.equal(s2.complete, true);
  assert.equal(await node.call('sendrawtransaction', [s2.hex]), wtx.txidHex);
  void a;
});

test('B.14.4: metadata adds an OP_RETURN output 6a20<metadata> of value 0 in the fee asset', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const [a] = await walletWithAssets(wn, [5], COIN / 10n);
  const metadata = 'c0ffee'.repeat(10) + 'beef';
  const txid = (await node.call('sendanytoaddress', [foreignAddress(node), json(1), '', '', true, false, json(1), metadata])) as string;
  const tx = await rawTx(node, txid);
  const md = tx.outputs.filter((o) => o.scriptPubKey[0] === OP.OP_RETURN);
  assert.equal(md.length, 1);
  assert.equal(toHex(md[0]!.scriptPubKey), `6a20${metadata}`);
  assert.equal(md[0]!.value.amount, 0n);
  assert.equal(toDisplayHex(md[0]!.asset.id), a);
  const hexes = (await node.call('createanytoaddress', [foreignAddress(node), json(1), true, false, json(1), false, metadata])) as string[];
  const ctx = Transaction.decode(fromHex(hexes[0]!));
  assert.equal(ctx.outputs.filter((o) => toHex(o.scriptPubKey) === `6a20${metadata}`).length, 1);
  // the guardnode's call: nulls take the defaults (ignoreblindfail true, sort type 1), no metadata output
  const dest = foreignAddress(node);
  const txid2 = (await node.call('sendanytoaddress', [dest, json(0.5), null, null, null, true, null])) as string;
  const tx2 = await rawTx(node, txid2);
  assert.equal(sum(paidTo(tx2, scriptOf(node, dest))), COIN / 2n);
  assert.equal(tx2.outputs.filter((o) => o.scriptPubKey[0] === OP.OP_RETURN).length, 0);
});

test('B.14.5: with the change address all change goes to that one address; the recipient receives exactly the amount', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  const [a, b, c] = await walletWithAssets(wn, [3, 2, 1.5], COIN);
  const dest = foreignAddress(node);
  const change = (await node.call('getnewaddress')) as string;
  const changeScript = scriptOf(node, change);
  const txid = (await node.call('sendanytoaddress', [dest, json(4.5), 'c', 'to', true, false, json(1), '', change])) as string;
  const tx = await rawTx(node, txid);
  assert.equal(sum(paidTo(tx, scriptOf(node, dest))), 450_000_000n);
  const others = tx.outputs.filter((o) => !o.isFee && Buffer.compare(o.scriptPubKey, scriptOf(node, dest)) !== 0);
  assert.ok(others.length >= 1, 'there is change');
  for (const o of others) assert.equal(toHex(o.scriptPubKey), toHex(changeScript), 'change goes to the change address');
  const g = (await node.call('gettransaction', [txid])) as Record<string, unknown>;
  assert.equal(g.comment, 'c');
  assert.equal(g.to, 'to');
  void [a, b, c];
});

test('B.15: hundreds of small coins of many assets: too large → split into two transactions, both mined in the next block', async (t) => {
  const wn = await walletTestNode(t);
  const node = wn.node;
  // A–D: 2 coins each, paid out as 200 coins of 0.01; E: 1 coin as two coins of 0.5 (unused by the payment: the shared fee pool)
  const assets = await walletWithAssets(wn, [2, 2, 2, 2, 1], COIN / 5n);
  const cbt = toDisplayHex(node.params.feeAsset);
  const addrs: string[] = [];
  for (let i = 0; i < 200; i++) addrs.push((await node.call('getnewaddress')) as string);
  for (const asset of assets.slice(0, 4)) {
    const to: Record<string, number> = {};
    const which: Record<string, string> = { fee: cbt };
    for (const a of addrs) {
      to[a] = 0.01;
      which[a] = asset;
    }
    await node.call('sendmany', ['', json(to), json(1), '', json([]), json(which)]);
  }
  await node.call('sendmany', ['', json({ [addrs[0]!]: 0.5, [addrs[1]!]: 0.5 }), json(1), '', json([]), json({ [addrs[0]!]: assets[4]!, [addrs[1]!]: assets[4]!, fee: cbt })]);
  await node.generate(1);
  assert.equal(wn.wallet.ledger.availableCoins().filter((c) => assets.slice(0, 4).includes(toDisplayHex(c.asset!))).length, 800);

  const dest = foreignAddress(node);
  const script = scriptOf(node, dest);
  assert.deepEqual(await node.callError('sendanytoaddress', [dest, json(7.5), '', '', true, false, json(1)]), { code: -4, message: 'Transaction too large' });
  assert.deepEqual(await node.callError('createanytoaddress', [dest, json(7.5), true, false, json(1)]), { code: -4, message: 'Transaction too large' });
  assert.equal(node.mempool.size, 0, 'nothing was sent');

  const created = (await node.call('createanytoaddress', [dest, json(7.5), true, true, json(1)])) as string[];
  assert.equal(created.length, 2, 'createany splits too');
  assert.equal(node.mempool.size, 0, 'createany does not broadcast');

  const txids = (await node.call('sendanytoaddress', [dest, json(7.5), '', '', true, true, json(1)])) as string[];
  assert.ok(Array.isArray(txids) && txids.length === 2, 'an array of two txids');
  const txs = await Promise.all(txids.map((id) => rawTx(node, id)));
  let paid = 0n;
  for (const tx of txs) {
    assert.ok(tx.weight < 400_000, `weight ${tx.weight}`);
    assert.ok(node.mempool.has(tx.txidHex));
    paid += sum(paidTo(tx, script));
  }
  assert.equal(paid, 750_000_000n, 'the payments sum to the amount');
  // the halves spend disjoint coins and pay disjoint assets
  const spent = txs.flatMap((tx) => tx.inputs.map((i) => `${toHex(i.prevout.txid)}:${i.prevout.index}`));
  assert.equal(new Set(spent).size, spent.length);
  const [h0, h1] = txs.map((tx) => new Set(paidTo(tx, script).keys()));
  assert.ok([...h0!].every((a) => !h1!.has(a)));
  assert.equal(h0!.size + h1!.size, 4);

  const [hash] = await node.generate(1);
  const block = (await node.call('getblock', [hash!])) as { tx: string[] };
  assert.equal(block.tx.length, 3, 'coinbase + the two transactions');
  assert.deepEqual(new Set(block.tx.slice(1)), new Set(txids));
  // the recipient's confirmed unspent outputs total the amount
  let received = 0n;
  for (const [i, id] of txids.entries()) {
    for (const [n, o] of txs[i]!.outputs.entries()) {
      if (Buffer.compare(o.scriptPubKey, script) !== 0) continue;
      const u = (await node.call('gettxout', [id, json(n)])) as { value: unknown; confirmations: number };
      assert.equal(u.confirmations, 1);
      received += sats(u.value);
    }
  }
  assert.equal(received, 750_000_000n, "the recipient's total is the amount");
});
