// The confidential-transaction wallet RPCs in process (a TestNode with a real NodeWallet, CT enabled):
// blindrawtransaction → signrawtransaction → sendrawtransaction → generate, the wallet's view of its
// blinded coins, a second wallet that sees the amounts only after importblindingkey, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, decodeAddress, fromHex, scriptForDestination, toDisplayHex, toHex, type Block } from '@ocean-ts/core';
import { json, type TestNode } from './support/test-node.js';
import { walletTestNode, type WalletTestNode } from './support/wallet-test-node.js';

const TOTAL = 21_000_000;

interface Unspent {
  txid: string;
  vout: number;
  address?: string;
  amount: number;
  asset: string;
  assetcommitment?: string;
  amountcommitment?: string;
  blinder: string;
  assetblinder: string;
  confirmations: number;
  spendable: boolean;
}

async function ctNode(t: Parameters<typeof walletTestNode>[0]): Promise<WalletTestNode> {
  return walletTestNode(t, { disableCt: false });
}

const decode = (hex: string) => Transaction.decode(fromHex(hex));

/** Pays `amount` from the first genesis coin to `to` (a confidential address) with the rest as confidential change; returns the blinded, signed hex. */
async function blindedPayment(node: TestNode, to: string, amount: number, fee = 0.001): Promise<{ hex: string; coin: Unspent; change: string }> {
  const coin = ((await node.call('listunspent')) as Unspent[])[0]!;
  const change = (await node.call('getnewaddress')) as string;
  const raw = (await node.call('createrawtransaction', [
    json([{ txid: coin.txid, vout: coin.vout }]),
    json({ [to]: amount, [change]: Number((coin.amount - amount - fee).toFixed(8)), fee }),
  ])) as string;
  const blinded = (await node.call('blindrawtransaction', [raw])) as string;
  const signed = (await node.call('signrawtransaction', [blinded])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  return { hex: signed.hex, coin, change };
}

/** Feeds the blocks `from` has above `to`'s tip into `to` (as submitblock would). */
async function syncBlocks(from: TestNode, to: TestNode): Promise<void> {
  to.time = Math.max(to.time, from.time);
  for (let h = to.chain.height + 1; h <= from.chain.height; h++) {
    const block = from.chain.getBlock(from.chain.getBlockHash(h)!) as Block;
    assert.equal(await to.processBlock(block), null);
  }
}

test('blindrawtransaction to the wallet itself: blinded on chain, unblinded in listunspent, counted in getbalance', async (t) => {
  const { node } = await ctNode(t);
  const to = (await node.call('getnewaddress')) as string;
  assert.ok(decodeAddress(to, node.params.base58).blindingKey, 'getnewaddress is confidential with -disablect=0');
  const { hex, coin, change } = await blindedPayment(node, to, 1000);
  const tx = decode(hex);
  assert.equal(tx.outputs.length, 3);
  assert.ok(tx.outputs[0]!.value.isCommitment && tx.outputs[0]!.asset.isCommitment, 'payment blinded');
  assert.ok(tx.outputs[1]!.value.isCommitment && tx.outputs[1]!.asset.isCommitment, 'change blinded');
  assert.ok(tx.outputs[2]!.isFee);
  const txid = (await node.call('sendrawtransaction', [hex])) as string;
  assert.equal(txid, tx.txidHex);
  await node.generate(1);

  const mine = ((await node.call('listunspent')) as Unspent[]).filter((u) => u.txid === txid);
  assert.equal(mine.length, 2);
  const pay = mine.find((u) => u.vout === 0)!;
  const chg = mine.find((u) => u.vout === 1)!;
  assert.equal(pay.amount, 1000);
  assert.equal(chg.amount, Number((coin.amount - 1000 - 0.001).toFixed(8)));
  for (const u of [pay, chg]) {
    assert.equal(u.asset, toDisplayHex(node.params.peggedAsset));
    assert.notEqual(u.blinder, '0'.repeat(64));
    assert.notEqual(u.assetblinder, '0'.repeat(64));
    assert.equal(u.amountcommitment, tx.outputs[u.vout]!.value.hex);
    assert.equal(u.assetcommitment, tx.outputs[u.vout]!.asset.hex);
  }
  assert.equal(pay.address, (await node.call('validateaddress', [to]) as { unconfidential: string }).unconfidential);
  assert.ok(change);
  // Every CBT is still ours except the fee (the coinbase that collected it is immature).
  assert.equal(await node.call('getbalance', ['', json(1), false, 'CBT']), TOTAL - 0.001);
  const received = (await node.call('getreceivedbyaddress', [to, json(1), 'CBT'])) as number;
  assert.equal(received, 1000);
});

test('blindrawtransaction: a blinded input and no output to blind gets a 0-value OP_RETURN dummy; the result is valid', async (t) => {
  const { node } = await ctNode(t);
  const to = (await node.call('getnewaddress')) as string;
  const { hex } = await blindedPayment(node, to, 1000);
  const txid = (await node.call('sendrawtransaction', [hex])) as string;
  await node.generate(1);
  const plain = (await node.call('validateaddress', [(await node.call('getnewaddress')) as string])) as { unconfidential: string };
  const raw = (await node.call('createrawtransaction', [json([{ txid, vout: 0 }]), json({ [plain.unconfidential]: 999.999, fee: 0.001 })])) as string;
  const blinded = decode((await node.call('blindrawtransaction', [raw])) as string);
  assert.equal(blinded.outputs.length, 3, 'dummy appended');
  const dummy = blinded.outputs[2]!;
  assert.equal(toHex(dummy.scriptPubKey), '6a');
  assert.ok(dummy.value.isCommitment && dummy.asset.isCommitment && !dummy.nonce.isNull);
  assert.ok(blinded.outputs[0]!.value.isExplicit);
  const signed = (await node.call('signrawtransaction', [toHex(blinded.toBytes())])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  await node.call('sendrawtransaction', [signed.hex]);
  await node.generate(1);
  assert.equal(await node.call('getbalance', ['', json(1), false, 'CBT']), TOTAL - 0.002);
});

test('blindrawtransaction: vacuous, single output (ignoreblindfail), and Elements errors', async (t) => {
  const { node } = await ctNode(t);
  const coin = ((await node.call('listunspent')) as Unspent[])[0]!;
  const conf = (await node.call('getnewaddress')) as string;
  const plain = ((await node.call('validateaddress', [conf])) as { unconfidential: string }).unconfidential;
  const inputs = json([{ txid: coin.txid, vout: coin.vout }]);
  // Nothing to blind and no blinded input: unchanged.
  const vacuous = (await node.call('createrawtransaction', [inputs, json({ [plain]: 1, fee: 0.001 })])) as string;
  assert.equal(await node.call('blindrawtransaction', [vacuous]), vacuous);
  // One output to blind and no blinded input: its key is dropped (default), or an error.
  const single = (await node.call('createrawtransaction', [inputs, json({ [conf]: 1, fee: 0.001 })])) as string;
  assert.ok(!decode(single).outputs[0]!.nonce.isNull);
  const stripped = decode((await node.call('blindrawtransaction', [single])) as string);
  assert.ok(stripped.outputs[0]!.nonce.isNull && stripped.outputs[0]!.value.isExplicit);
  assert.deepEqual(await node.callError('blindrawtransaction', [single, false]), {
    code: -8,
    message: 'Unable to blind transaction: Add another output to blind in order to complete the blinding.',
  });
  // The mempool refuses the unblinded output with a key unless told to allow it.
  assert.deepEqual(await node.callError('sendrawtransaction', [single]), {
    code: -25,
    message: 'Output 0 is unblinded, but has blinding pubkey attached, please use [raw]blindrawtransaction',
  });

  const foreign = (await node.call('createrawtransaction', [json([{ txid: '11'.repeat(32), vout: 0 }]), json({ [conf]: 1, [plain]: 1 })])) as string;
  assert.deepEqual(await node.callError('blindrawtransaction', [foreign]), { code: -8, message: 'Invalid parameter: transaction spends from non-wallet output' });
  const beyond = (await node.call('createrawtransaction', [json([{ txid: coin.txid, vout: 500 }]), json({ [conf]: 1 })])) as string;
  assert.deepEqual(await node.callError('blindrawtransaction', [beyond]), { code: -8, message: 'Invalid parameter: transaction spends non-existing output' });
  const two = (await node.call('createrawtransaction', [json([{ txid: coin.txid, vout: coin.vout }, { txid: coin.txid, vout: coin.vout + 1 }]), json({ [conf]: 1 })])) as string;
  assert.deepEqual(await node.callError('blindrawtransaction', [two, true, json(['0a'.repeat(33)])]), {
    code: -8,
    message: 'Asset commitment array must have at least as many entries as transaction inputs.',
  });
  assert.deepEqual(await node.callError('blindrawtransaction', [single, true, json(['0a'])]), { code: -8, message: 'Asset commitments must be a hex encoded string of length 66.' });
  assert.deepEqual(await node.callError('blindrawtransaction', [single, true, json([7])]), { code: -8, message: 'Asset commitments must be a hex encoded string of length 66.' });
  assert.deepEqual(await node.callError('blindrawtransaction', ['00']), { code: -22, message: 'TX decode failed' });
  assert.deepEqual(await node.callError('blindrawtransaction', ['zz']), { code: -8, message: "argument 1 must be hexadecimal string (not 'zz')" });
  assert.deepEqual(await node.callError('blindrawtransaction', [json(1)]), { code: -3, message: 'Expected type string, got number' });
  assert.deepEqual(await node.callError('blindrawtransaction', [single, 'yes']), { code: -3, message: 'Expected type bool, got string' });
  // An asset the inputs do not have cannot be blinded (no surjection proof).
  const other = '22'.repeat(32);
  const tw = (await node.call('getnewaddress')) as string;
  const twoKeys = (await node.call('createrawtransaction', [inputs, json({ [conf]: 1, [tw]: 1 }), json(0), json({ [conf]: other, [tw]: other })])) as string;
  assert.deepEqual(await node.callError('blindrawtransaction', [twoKeys]), {
    code: -8,
    message: 'Unable to blind transaction: Are you sure each asset type to blind is represented in the inputs?',
  });
});

test('a second wallet sees a blinded payment only after importblindingkey with the first wallet’s dumpblindingkey', async (t) => {
  const a = await ctNode(t);
  const b = await ctNode(t);
  const to = (await a.node.call('getnewaddress')) as string;
  const plain = ((await a.node.call('validateaddress', [to])) as { unconfidential: string }).unconfidential;
  const { hex } = await blindedPayment(a.node, to, 1234.5);
  const txid = (await a.node.call('sendrawtransaction', [hex])) as string;
  await a.node.generate(1);
  await syncBlocks(a.node, b.node);

  // B watches the address: the transaction is B's, but the amount does not open.
  assert.equal(await b.node.call('importaddress', [plain, '', true]), null);
  const wtx = b.wallet.ledger.get(fromHex(txid).reverse());
  assert.ok(wtx, 'the payment is a wallet transaction of B');
  assert.equal(b.wallet.ledger.outputs(wtx).at(0)!.value, -1n);
  const listed = async () => ((await b.node.call('listunspent')) as Unspent[]).filter((u) => u.txid === txid);
  assert.deepEqual(await listed(), []);
  assert.deepEqual(await b.node.callError('dumpblindingkey', [to]), { code: -4, message: 'Blinding key for address is unknown' });
  assert.equal(b.wallet.ledger.getBalance(true).get(b.node.params.peggedAsset), 0n, 'watch-only balance');

  const key = (await a.node.call('dumpblindingkey', [to])) as string;
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(await b.node.call('importblindingkey', [to, key]), null);
  const seen = await listed();
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.amount, 1234.5);
  assert.equal(seen[0]!.spendable, false, 'watch-only');
  const aView = ((await a.node.call('listunspent')) as Unspent[]).find((u) => u.txid === txid && u.vout === 0)!;
  assert.equal(seen[0]!.blinder, aView.blinder);
  assert.equal(seen[0]!.assetblinder, aView.assetblinder);
  assert.equal(await b.node.call('dumpblindingkey', [to]), key);
  assert.equal(b.wallet.ledger.getBalance(true).get(b.node.params.peggedAsset), 123_450_000_000n, 'watch-only balance');

  // The imported key survives a restart.
  await b.reopen();
  assert.equal((await listed()).length, 1);
  assert.equal(await b.node.call('dumpblindingkey', [to]), key);
});

test('dumpblindingkey / importblindingkey errors', async (t) => {
  const { node, wallet } = await ctNode(t);
  const conf = (await node.call('getnewaddress')) as string;
  const plain = ((await node.call('validateaddress', [conf])) as { unconfidential: string }).unconfidential;
  const key = (await node.call('dumpblindingkey', [conf])) as string;
  assert.deepEqual(await node.callError('dumpblindingkey', ['nope']), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('dumpblindingkey', [plain]), { code: -5, message: 'Not a CT address' });
  assert.deepEqual(await node.callError('importblindingkey', ['nope', key]), { code: -5, message: 'Invalid Bitcoin address or script' });
  assert.deepEqual(await node.callError('importblindingkey', [plain, key]), { code: -5, message: 'Not a CT address' });
  assert.deepEqual(await node.callError('importblindingkey', [conf, 'zz']), { code: -5, message: 'Invalid hexadecimal for key' });
  assert.deepEqual(await node.callError('importblindingkey', [conf, '']), { code: -5, message: 'Invalid hexadecimal for key' });
  assert.deepEqual(await node.callError('importblindingkey', [conf, '0011']), { code: -5, message: 'Invalid hexadecimal key length' });
  assert.deepEqual(await node.callError('importblindingkey', [conf, '01'.repeat(32)]), { code: -5, message: 'Address and key do not match' });
  assert.deepEqual(await node.callError('importblindingkey', [conf, '00'.repeat(32)]), { code: -5, message: 'Address and key do not match' });
  // An address with someone else's blinding key: unknown to this wallet until the key is imported.
  const theirs = '0b'.repeat(32);
  const theirPub = toHex(node.secp.publicKeyCreate(fromHex(theirs), true));
  const foreign = (await node.call('createblindedaddress', [plain, theirPub])) as string;
  assert.deepEqual(await node.callError('dumpblindingkey', [foreign]), { code: -4, message: 'Blinding key for address is unknown' });
  assert.equal(await node.call('importblindingkey', [foreign, theirs]), null);
  assert.equal(await node.call('dumpblindingkey', [foreign]), theirs);
  // The imported key wins over the derived one for that script (GetBlindingKey)…
  // …and the derived key of the old confidential address is no longer the one the wallet uses.
  assert.deepEqual(await node.callError('dumpblindingkey', [conf]), { code: -4, message: 'Blinding key for address is unknown' });
  const script = scriptForDestination(decodeAddress(plain, node.params.base58));
  assert.equal(toHex(wallet.blindingPubKey(script)!), theirPub);
});
