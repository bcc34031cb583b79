// signmessage, addmultisigaddress, addwitnessaddress and resendwallettransactions in process: a
// TestNode with a real NodeWallet following its chain and mempool. Signatures are checked with
// verifymessage; script addresses with validateaddress and with payments the ledger sees (0.14
// IsMine: a multisig is the wallet's only with every key, watch-only once its address is imported).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addressForDestination,
  decodeAddress,
  encodeWif,
  hash160,
  scriptForDestination,
  toHex,
  type Destination,
} from '@ocean-ts/core';
import { json, secp, type TestNode } from './support/test-node.js';
import { payFromGenesis, walletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;
type Obj = Record<string, unknown>;

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');
const corpus = (JSON.parse(readFileSync(join(SHARED, 'vectors', 'ocean-corpus', 'addresses.json'), 'utf8')) as { addresses: Obj[] }).addresses;

function outsideKey(n: number, compressed = true) {
  const priv = new Uint8Array(32).fill(n);
  const pub = secp.publicKeyCreate(priv, compressed);
  const dest: Destination = { type: 'keyhash', hash: hash160(pub) };
  return { priv, pub, pubHex: toHex(pub), dest, script: scriptForDestination(dest) };
}

function scriptOf(node: TestNode, address: string): Uint8Array {
  const a = decodeAddress(address, node.params.base58);
  return scriptForDestination({ type: a.type, hash: a.hash });
}

test('signmessage → verifymessage round trip, and every error', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const address = (await node.call('getnewaddress')) as string;
  const sig = (await node.call('signmessage', [address, 'hello ocean'])) as string;
  assert.match(sig, /^[A-Za-z0-9+/]{87}=$/);
  assert.equal(await node.call('verifymessage', [address, sig, 'hello ocean']), true);
  assert.equal(await node.call('verifymessage', [address, sig, 'hello ocean!']), false);
  // an imported (uncompressed) key signs too, and the signature matches signmessagewithprivkey's
  const u = outsideKey(0x71, false);
  const wif = encodeWif(u.priv, false, node.params.base58);
  await node.call('importprivkey', [wif, '', false]);
  const uAddr = addressForDestination(u.dest, node.params.base58);
  const uSig = (await node.call('signmessage', [uAddr, 'm'])) as string;
  assert.equal(uSig, await node.call('signmessagewithprivkey', [wif, 'm']));
  assert.equal(await node.call('verifymessage', [uAddr, uSig, 'm']), true);

  assert.equal((await node.callError('signmessage', [address])).code, -1);
  assert.match((await node.callError('signmessage', [address])).message, /^signmessage "address" "message"\n/);
  assert.equal((await node.callError('signmessage', [address, 'a', 'b'])).code, -1);
  assert.deepEqual(await node.callError('signmessage', ['nope', 'm']), { code: -3, message: 'Invalid address' });
  const p2sh = addressForDestination({ type: 'scripthash', hash: new Uint8Array(20).fill(1) }, node.params.base58);
  assert.deepEqual(await node.callError('signmessage', [p2sh, 'm']), { code: -3, message: 'Address does not refer to key' });
  const blinded = addressForDestination(decodeAddress(address, node.params.base58), node.params.base58, secp.publicKeyCreate(new Uint8Array(32).fill(9), true));
  assert.deepEqual(await node.callError('signmessage', [blinded, 'm']), { code: -3, message: 'Address does not refer to key' });
  const other = addressForDestination(outsideKey(0x72).dest, node.params.base58);
  assert.deepEqual(await node.callError('signmessage', [other, 'm']), { code: -4, message: 'Private key not available' });
  assert.deepEqual(await node.callError('signmessage', [json(1), 'm']), { code: -1, message: 'JSON value is not a string as expected' });

  // locked: -13 before the address is even looked at
  await wallet.keys.encrypt('pw');
  assert.deepEqual(await node.callError('signmessage', [address, 'm']), { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
  assert.deepEqual(await node.callError('signmessage', ['nope', 'm']), { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
  await node.call('walletpassphrase', ['pw', json(60)]);
  const again = (await node.call('signmessage', [address, 'hello ocean'])) as string;
  assert.equal(again, sig, 'RFC 6979: the same key and message give the same signature');
});

test('addmultisigaddress: all keys held → spendable; one of two → not the wallet\'s until imported (watch-only, solvable)', async (t) => {
  const { node, wallet } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const a1 = (await node.call('getnewaddress')) as string;
  const a2 = (await node.call('getnewaddress')) as string;
  const pub2 = ((await node.call('validateaddress', [a2])) as Obj).pubkey as string;
  const ms = (await node.call('addmultisigaddress', [json(2), json([a1, pub2]), 'joint'])) as string;
  const v = (await node.call('validateaddress', [ms])) as Obj;
  assert.equal(v.isscript, true);
  assert.equal(v.ismine, true);
  assert.equal(v.script, 'multisig');
  assert.equal(v.sigsrequired, 2);
  assert.deepEqual(v.addresses, [a1, a2]);
  assert.equal(v.account, 'joint');
  assert.equal(wallet.keys.addressBookEntry({ type: 'scripthash', hash: decodeAddress(ms, node.params.base58).hash })?.purpose, 'send');
  // the same keys give the same address as createmultisig
  const cm = (await node.call('createmultisig', [json(2), json([((await node.call('validateaddress', [a1])) as Obj).pubkey, pub2])])) as Obj;
  assert.equal(cm.address, ms);
  // with a wallet, createmultisig also takes wallet addresses (0.14 `_createmultisig_redeemScript(pwallet, …)`)
  const cmAddr = (await node.call('createmultisig', [json(2), json([a1, pub2])])) as Obj;
  assert.equal(cmAddr.address, ms);

  const outside = outsideKey(0x81);
  const half = (await node.call('addmultisigaddress', [json(1), json([a1, outside.pubHex])])) as string;
  const hv = (await node.call('validateaddress', [half])) as Obj;
  assert.equal(hv.ismine, false);
  assert.equal(hv.iswatchonly, false);
  assert.equal(hv.account, '');

  const tx = payFromGenesis(node, 6, [
    { script: scriptOf(node, ms), value: 3n * COIN },
    { script: scriptOf(node, half), value: 4n * COIN },
  ]);
  await node.accept(tx);
  await node.generate(1);
  assert.deepEqual(await node.call('getbalance'), { CBT: 3 });
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), { CBT: 3 }, 'the 1-of-2 payment is not the wallet\'s at all');
  let unspent = (await node.call('listunspent')) as Obj[];
  assert.equal(unspent.length, 1);
  assert.equal(unspent[0]!.spendable, true);
  assert.equal(unspent[0]!.account, 'joint');

  await node.call('importaddress', [half, 'half', true]);
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), { CBT: 7 });
  unspent = (await node.call('listunspent')) as Obj[];
  const w = unspent.find((u) => u.address === half)!;
  assert.equal(w.spendable, false);
  assert.equal(w.solvable, true);
  assert.equal(w.redeemScript !== undefined, true);

  // errors (runtime_error → -1 unless noted)
  assert.equal((await node.callError('addmultisigaddress', [json(1)])).code, -1);
  assert.match((await node.callError('addmultisigaddress', [json(1)])).message, /^addmultisigaddress nrequired \["key",\.\.\.\] \( "account" \)\n/);
  assert.equal((await node.callError('addmultisigaddress', [json(1), json([a1]), '', 'x'])).code, -1);
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json([a1]), '*']), { code: -11, message: 'Invalid account name' });
  assert.deepEqual(await node.callError('addmultisigaddress', ['1', json([a1])]), { code: -1, message: 'JSON value is not an integer as expected' });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), a1]), { code: -1, message: 'JSON value is not an array as expected' });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(0), json([a1])]), { code: -1, message: 'a multisignature address must require at least one key to redeem' });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(2), json([a1])]), { code: -1, message: 'not enough keys supplied (got 1 keys, but need at least 2 to redeem)' });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json(Array(17).fill(a1))]), {
    code: -1,
    message: 'Number of addresses involved in the multisignature address creation > 16\nReduce the number',
  });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json([ms])]), { code: -1, message: `${ms} does not refer to a key` });
  const unknown = addressForDestination(outsideKey(0x82).dest, node.params.base58);
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json([unknown])]), { code: -1, message: `no full public key for address ${unknown}` });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json(['zz'])]), { code: -1, message: ' Invalid public key: zz' });
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json(['02' + 'ff'.repeat(32)])]), { code: -1, message: ` Invalid public key: 02${'ff'.repeat(32)}` });
  const big = Array.from({ length: 16 }, (_, i) => outsideKey(0x90 + i, false).pubHex);
  assert.deepEqual(await node.callError('addmultisigaddress', [json(1), json(big)]), { code: -1, message: 'redeemScript exceeds size limit: 1059 > 520' });
  // a watched public key (importpubkey) is a full public key
  const watched = outsideKey(0x83);
  await node.call('importpubkey', [watched.pubHex, '', false]);
  assert.equal(
    await node.call('addmultisigaddress', [json(1), json([addressForDestination(watched.dest, node.params.base58)])]),
    (await node.call('createmultisig', [json(1), json([watched.pubHex])]) as Obj).address,
  );
});

test('addwitnessaddress: P2SH-P2WPKH of a wallet key (validateaddress as the corpus), P2SH-P2WSH of a multisig, errors', async (t) => {
  const { node } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const address = (await node.call('getnewaddress')) as string;
  const keyId = decodeAddress(address, node.params.base58).hash;
  const wa = (await node.call('addwitnessaddress', [address])) as string;
  const expected = addressForDestination({ type: 'scripthash', hash: hash160(Uint8Array.of(0x00, 20, ...keyId)) }, node.params.base58);
  assert.equal(wa, expected);
  const v = (await node.call('validateaddress', [wa])) as Obj;
  // the original's validateaddress of an addwitnessaddress result (ocean corpus, rt-policy)
  const ref = corpus.find((e) => e.note === 'p2sh-p2wpkh (addwitnessaddress)')!.validateaddress_owner as Obj;
  assert.deepEqual(Object.keys(v), Object.keys(ref));
  assert.equal(v.ismine, true);
  assert.equal(v.script, 'witness_v0_keyhash');
  assert.equal(v.hex, `0014${toHex(keyId)}`);
  assert.deepEqual(v.addresses, []);
  assert.equal(v.account, '');
  // the result is already a witness program's P2SH: returned as it is
  assert.equal(await node.call('addwitnessaddress', [wa]), wa);

  // a payment to it is the wallet's and spendable
  const tx = payFromGenesis(node, 7, [{ script: scriptOf(node, wa), value: 2n * COIN }]);
  await node.accept(tx);
  await node.generate(1);
  assert.deepEqual(await node.call('getbalance'), { CBT: 2 });
  const u = (await node.call('listunspent')) as Obj[];
  assert.equal(u.length, 1);
  assert.equal(u[0]!.address, wa);
  assert.equal(u[0]!.spendable, true);

  // a 2-of-2 of wallet keys → P2SH-P2WSH
  const b = (await node.call('getnewaddress')) as string;
  const ms = (await node.call('addmultisigaddress', [json(2), json([address, b])])) as string;
  const wms = (await node.call('addwitnessaddress', [ms])) as string;
  const wv = (await node.call('validateaddress', [wms])) as Obj;
  assert.equal(wv.ismine, true);
  assert.equal(wv.script, 'witness_v0_scripthash');

  // a watched compressed public key is solvable: allowed
  const watched = outsideKey(0xa1);
  await node.call('importpubkey', [watched.pubHex, '', false]);
  assert.match((await node.call('addwitnessaddress', [addressForDestination(watched.dest, node.params.base58)])) as string, /^\w+$/);

  const NOT_KNOWN = { code: -4, message: 'Public key or redeemscript not known to wallet, or the key is uncompressed' };
  assert.equal((await node.callError('addwitnessaddress', [])).code, -1);
  assert.match((await node.callError('addwitnessaddress', [])).message, /^addwitnessaddress "address"\n/);
  assert.deepEqual(await node.callError('addwitnessaddress', ['nope']), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('addwitnessaddress', [addressForDestination(outsideKey(0xa2).dest, node.params.base58)]), NOT_KNOWN);
  assert.deepEqual(await node.callError('addwitnessaddress', [addressForDestination({ type: 'scripthash', hash: new Uint8Array(20).fill(3) }, node.params.base58)]), NOT_KNOWN);
  // an uncompressed key cannot be used under segwit
  const unc = outsideKey(0xa3, false);
  await node.call('importprivkey', [encodeWif(unc.priv, false, node.params.base58), '', false]);
  assert.deepEqual(await node.callError('addwitnessaddress', [addressForDestination(unc.dest, node.params.base58)]), NOT_KNOWN);
  // a multisig with a key the wallet does not hold is not solvable
  const half = (await node.call('addmultisigaddress', [json(1), json([address, outsideKey(0xa4).pubHex])])) as string;
  assert.deepEqual(await node.callError('addwitnessaddress', [half]), NOT_KNOWN);
});

test('resendwallettransactions: unconfirmed wallet transactions in the pool (or taken again), oldest first', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const outside = scriptForDestination({ type: 'keyhash', hash: new Uint8Array(20).fill(5) });
  const base = node.time;
  assert.deepEqual(await node.call('resendwallettransactions'), []);
  // B received first in wall-clock order but with a later time than A
  node.time = base + 20;
  const txB = payFromGenesis(node, 10, [{ script: outside, value: COIN }]);
  await node.accept(txB);
  node.time = base + 10;
  const txA = payFromGenesis(node, 11, [{ script: outside, value: COIN }]);
  await node.accept(txA);
  // C: a wallet transaction the mempool does not have (yet): resending takes it in
  node.time = base + 15;
  const txC = payFromGenesis(node, 12, [{ script: outside, value: COIN }]);
  await wallet.ledger.addTransaction(txC, { fromMe: true });
  // D: abandoned; E: conflicts with A in the pool (not taken)
  const txD = payFromGenesis(node, 13, [{ script: outside, value: COIN }]);
  await wallet.ledger.addTransaction(txD, { fromMe: true });
  assert.equal(await node.call('abandontransaction', [txD.txidHex]), null);
  const txE = payFromGenesis(node, 11, [{ script: outside, value: 2n * COIN }]);
  await wallet.ledger.addTransaction(txE, { fromMe: true });
  assert.equal(node.mempool.has(txC.txidHex), false);

  node.time = base + 30;
  assert.deepEqual(await node.call('resendwallettransactions'), [txA.txidHex, txC.txidHex, txB.txidHex]);
  assert.equal(node.mempool.has(txC.txidHex), true);
  assert.equal(node.mempool.has(txD.txidHex), false);
  assert.equal(node.mempool.has(txE.txidHex), false);
  // only transactions received at or before now
  node.time = base + 15;
  assert.deepEqual(await node.call('resendwallettransactions'), [txA.txidHex, txC.txidHex]);
  node.time = base + 30;
  await node.generate(1);
  assert.deepEqual(await node.call('resendwallettransactions'), []);
  assert.equal((await node.callError('resendwallettransactions', [json(1)])).code, -1);
  assert.equal(node.methods.get('resendwallettransactions')?.category, 'hidden');
});
