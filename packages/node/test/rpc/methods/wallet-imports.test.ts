// importmulti, importprunedfunds and removeprunedfunds in process: a TestNode with a real NodeWallet
// (wallet file in a temporary directory) following its chain; every per-request and top-level error
// of Core 0.14's rpcdump.cpp, the rescan window (oldest timestamp − 2 h), and pruned-funds imports
// with a gettxoutproof proof.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  addressForDestination,
  base58CheckEncode,
  concatBytes,
  encodeWif,
  fromHex,
  hash160,
  scriptForDestination,
  toHex,
  type Destination,
} from '@ocean-ts/core';
import { json, secp, type TestNode } from './support/test-node.js';
import { payFromGenesis, walletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;
const SECP_ORDER = fromHex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');

type Obj = Record<string, unknown>;

/** An outside key: private key n (filled bytes), its compressed pubkey, P2PKH destination. */
function outsideKey(n: number) {
  const priv = new Uint8Array(32).fill(n);
  const pub = secp.publicKeyCreate(priv, true);
  const dest: Destination = { type: 'keyhash', hash: hash160(pub) };
  return { priv, pub, pubHex: toHex(pub), dest, script: scriptForDestination(dest) };
}

function addressOf(node: TestNode, dest: Destination): string {
  return addressForDestination(dest, node.params.base58);
}

const err = (code: number, message: string) => ({ success: false, error: { code, message } });

test('importmulti: every per-request error of ProcessImport, each reported in its own result', async (t) => {
  const { node, wallet } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const prefixes = node.params.base58;
  const a = outsideKey(0x11);
  const b = outsideKey(0x12);
  const addrA = addressOf(node, a.dest);
  const p2sh = addressOf(node, { type: 'scripthash', hash: hash160(Uint8Array.of(0x51)) });
  const mine = (await node.call('getnewaddress')) as string;
  const mineWif = (await node.call('dumpprivkey', [mine])) as string;
  const mineKeyScript = scriptForDestination({ type: 'keyhash', hash: hash160(fromHex(((await node.call('validateaddress', [mine])) as Obj).pubkey as string)) });
  const badRange = base58CheckEncode(concatBytes(Uint8Array.of(prefixes.secretKey), SECP_ORDER, Uint8Array.of(1)));
  const ts = 1_500_000_000;
  const cases: [unknown, unknown][] = [
    [{ timestamp: ts }, err(-8, 'Invalid scriptPubKey')],
    [{ scriptPubKey: { nothing: 1 }, timestamp: ts }, err(-8, 'Invalid scriptPubKey')],
    [{ scriptPubKey: 5, timestamp: ts }, err(-8, 'Invalid scriptPubKey')],
    [{ scriptPubKey: { address: 'nope' }, timestamp: ts }, err(-5, 'Invalid address')],
    [{ scriptPubKey: 'zz', internal: true, timestamp: ts }, err(-5, 'Invalid scriptPubKey')],
    [{ scriptPubKey: { address: addrA }, watchonly: true, keys: [encodeWif(a.priv, true, prefixes)], timestamp: ts }, err(-8, 'Incompatibility found between watchonly and keys')],
    [{ scriptPubKey: { address: addrA }, internal: true, label: 'x', timestamp: ts }, err(-8, 'Incompatibility found between internal and label')],
    [{ scriptPubKey: toHex(a.script), timestamp: ts }, err(-8, 'Internal must be set for hex scriptPubKey')],
    [{ scriptPubKey: { address: addrA }, pubkeys: [a.pubHex, b.pubHex], timestamp: ts }, err(-8, 'More than private key given for one address')],
    [{ scriptPubKey: { address: addrA }, keys: [encodeWif(a.priv, true, prefixes), encodeWif(b.priv, true, prefixes)], timestamp: ts }, err(-8, 'More than private key given for one address')],
    [{ scriptPubKey: { address: p2sh }, redeemscript: 'zz', timestamp: ts }, err(-5, 'Invalid redeem script')],
    [{ scriptPubKey: { address: addrA }, redeemscript: '51', timestamp: ts }, err(-5, 'Invalid P2SH address / script')],
    [{ scriptPubKey: { address: p2sh }, redeemscript: '51'.repeat(521), timestamp: ts }, err(-4, 'Error adding p2sh redeemScript to wallet')],
    [{ scriptPubKey: { address: p2sh }, redeemscript: toHex(mineKeyScript), timestamp: ts }, err(-4, 'The wallet already contains the private key for this address or script')],
    [{ scriptPubKey: { address: addrA }, keys: ['notakey'], timestamp: ts }, err(-5, 'Invalid private key encoding')],
    [{ scriptPubKey: { address: addrA }, keys: [badRange], timestamp: ts }, err(-5, 'Private key outside allowed range')],
    [{ scriptPubKey: { address: addrA }, pubkeys: ['zz'], timestamp: ts }, err(-5, 'Pubkey must be a hex string')],
    [{ scriptPubKey: { address: addrA }, pubkeys: ['02' + 'ff'.repeat(32)], timestamp: ts }, err(-5, 'Pubkey is not a valid public key')],
    [{ scriptPubKey: { address: addrA }, pubkeys: [b.pubHex], timestamp: ts }, err(-5, 'Consistency check failed')],
    [{ scriptPubKey: { address: addrA }, keys: [encodeWif(b.priv, true, prefixes)], timestamp: ts }, err(-5, 'Consistency check failed')],
    [{ scriptPubKey: toHex(a.script), internal: true, pubkeys: [b.pubHex], timestamp: ts }, err(-5, 'Consistency check failed')],
    [{ scriptPubKey: { address: mine }, timestamp: ts }, err(-4, 'The wallet already contains the private key for this address or script')],
    [{ scriptPubKey: { address: p2sh }, redeemscript: '52', keys: [mineWif], timestamp: ts }, err(-4, 'Already have this key')],
    // a field of the wrong type is the `catch (...)`: -1 Missing required fields
    [{ scriptPubKey: { address: 5 }, timestamp: ts }, err(-1, 'Missing required fields')],
    [{ scriptPubKey: { address: addrA }, label: 5, timestamp: ts }, err(-1, 'Missing required fields')],
    [{ scriptPubKey: { address: addrA }, pubkeys: 'x', timestamp: ts }, err(-1, 'Missing required fields')],
    [{ scriptPubKey: { address: addrA }, internal: 'yes', timestamp: ts }, err(-1, 'Missing required fields')],
    [{ scriptPubKey: { address: addrA }, pubkeys: [7], timestamp: ts }, err(-1, 'Missing required fields')],
  ];
  const results = (await node.call('importmulti', [json(cases.map((c) => c[0])), json({ rescan: false })])) as unknown[];
  assert.equal(results.length, cases.length);
  cases.forEach(([req, expected], i) => assert.deepEqual(results[i], expected, JSON.stringify(req)));
  // Nothing of A was imported by the failed requests' early checks.
  assert.equal(wallet.keys.haveWatchOnly(a.script), false);
  assert.equal(wallet.keys.haveKey(a.dest.hash), false);
  // The P2SH request with a too-long redeem script watched it before AddCScript refused it (0.14 order).
  assert.equal(wallet.keys.haveWatchOnly(fromHex('51'.repeat(521))), true);

  // 0.14's `return false` for a private key the wallet already holds: a bare false result…
  assert.deepEqual(await node.call('importmulti', [json([{ scriptPubKey: { address: mine }, keys: [mineWif], label: 'relabel', timestamp: ts }]), json({ rescan: false })]), [false]);
  assert.equal(((await node.call('validateaddress', [mine])) as Obj).account, 'relabel', 'labelled before the early return');
  // …which the rescan loop's result["success"].get_bool() cannot read.
  assert.deepEqual(await node.callError('importmulti', [json([{ scriptPubKey: { address: mine }, keys: [mineWif], timestamp: ts }])]), {
    code: -1,
    message: 'JSON value is not a boolean as expected',
  });
});

test('importmulti: top-level errors fail the whole call before anything is imported', async (t) => {
  const { node, wallet } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const a = outsideKey(0x21);
  const good = { scriptPubKey: { address: addressOf(node, a.dest) }, timestamp: 'now' };
  assert.equal((await node.callError('importmulti', [])).code, -1);
  assert.match((await node.callError('importmulti', [])).message, /^importmulti "requests" "options"\n/);
  assert.equal((await node.callError('importmulti', [json([]), json({}), json(1)])).code, -1);
  assert.deepEqual(await node.callError('importmulti', [json({})]), { code: -3, message: 'Expected type array, got object' });
  assert.deepEqual(await node.callError('importmulti', [json([]), json([])]), { code: -3, message: 'Expected type object, got array' });
  assert.deepEqual(await node.callError('importmulti', [json([]), null]), { code: -3, message: 'Expected type object, got null' });
  assert.deepEqual(await node.callError('importmulti', [json([good]), json({ rescan: 'no' })]), { code: -1, message: 'JSON value is not a boolean as expected' });
  assert.deepEqual(await node.callError('importmulti', [json([good, { scriptPubKey: { address: 'x' } }])]), { code: -3, message: 'Missing required timestamp field for key' });
  assert.deepEqual(await node.callError('importmulti', [json([good, 5])]), { code: -3, message: 'Missing required timestamp field for key' });
  assert.deepEqual(await node.callError('importmulti', [json([good, { timestamp: 'yesterday' }])]), {
    code: -3,
    message: 'Expected number or "now" timestamp value for key. got type string',
  });
  assert.deepEqual(await node.callError('importmulti', [json([good, { timestamp: true }])]), { code: -3, message: 'Expected number or "now" timestamp value for key. got type bool' });
  assert.deepEqual(await node.callError('importmulti', [json([good, { timestamp: 1.5 }])]), { code: -1, message: 'JSON integer out of range' });
  assert.equal(wallet.keys.haveWatchOnly(a.script), false, 'the good request was not imported');
  assert.deepEqual(await node.call('importmulti', [json([])]), []);

  await wallet.keys.encrypt('secret');
  assert.deepEqual(await node.callError('importmulti', [json([good])]), { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
  wallet.keys.unlock('secret');
  assert.deepEqual(await node.call('importmulti', [json([good])]), [{ success: true }]);
});

test('importmulti: address, pubkey, private key, P2SH and script imports with their timestamps and labels', async (t) => {
  const wn = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const { node, wallet } = wn;
  const prefixes = node.params.base58;
  const w = outsideKey(0x31);
  const pk = outsideKey(0x32);
  const k = outsideKey(0x33);
  const s = outsideKey(0x34);
  const m1 = outsideKey(0x35);
  const m2 = outsideKey(0x36);
  const multisig = concatBytes(Uint8Array.of(0x51, 33), m1.pub, Uint8Array.of(33), m2.pub, Uint8Array.of(0x52, 0xae));
  const p2shDest: Destination = { type: 'scripthash', hash: hash160(multisig) };
  const mtp = node.chain.tip.medianTimePast;
  const r = await node.call('importmulti', [
    json([
      { scriptPubKey: { address: addressOf(node, w.dest) }, timestamp: 1_400_000_000, label: 'watched' },
      { scriptPubKey: { address: addressOf(node, pk.dest) }, pubkeys: [pk.pubHex], timestamp: 'now', label: 'bypub' },
      { scriptPubKey: { address: addressOf(node, k.dest) }, keys: [encodeWif(k.priv, true, prefixes)], timestamp: 1_400_000_001, label: 'bykey' },
      { scriptPubKey: { address: addressOf(node, p2shDest) }, redeemscript: toHex(multisig), keys: [encodeWif(m1.priv, true, prefixes)], timestamp: 1_400_000_002, label: 'p2sh' },
      { scriptPubKey: toHex(s.script), internal: true, timestamp: -5 },
    ]),
    json({ rescan: false }),
  ]);
  assert.deepEqual(r, [{ success: true }, { success: true }, { success: true }, { success: true }, { success: true }]);
  const v = async (dest: Destination) => (await node.call('validateaddress', [addressOf(node, dest)])) as Obj;

  let info = await v(w.dest);
  assert.equal(info.iswatchonly, true);
  assert.equal(info.account, 'watched');
  assert.equal(info.timestamp, 1_400_000_000);
  assert.equal(wallet.keys.isMine(w.script), 'watch-unsolvable');

  info = await v(pk.dest);
  assert.equal(info.iswatchonly, true);
  assert.equal(info.account, 'bypub');
  assert.equal(info.timestamp, mtp, '"now" is the tip\'s median time past');
  assert.equal(info.pubkey, pk.pubHex);
  assert.equal(wallet.keys.isMine(pk.script), 'watch-solvable');
  assert.equal(wallet.keys.haveWatchOnly(concatBytes(Uint8Array.of(33), pk.pub, Uint8Array.of(0xac))), true, 'the raw P2PK script is watched too');

  info = await v(k.dest);
  assert.equal(info.ismine, true);
  assert.equal(info.account, 'bykey');
  assert.equal(info.timestamp, 1_400_000_001);

  info = await v(p2shDest);
  assert.equal(info.iswatchonly, true);
  assert.equal(info.account, 'p2sh');
  assert.equal(info.script, 'multisig');
  assert.equal(info.timestamp, 1_400_000_002);
  assert.equal(wallet.keys.haveKey(m1.dest.hash), true);
  assert.equal(((await v(m1.dest)) as Obj).account, 'p2sh', 'P2SH keys get the label too');
  assert.equal(wallet.keys.haveWatchOnly(multisig), true, 'the redeem script itself is watched');

  // internal script: watched with the minimum timestamp 1, no address book entry
  assert.equal(wallet.keys.watchOnlyTime(s.script), 1);
  assert.equal('account' in (await v(s.dest)), false);
  assert.match(readFileSync(wallet.audit.path, 'utf8'), new RegExp(`^ : importmulti ${addressOf(node, w.dest)} .* ${toHex(s.script)}$`, 'm'));
  // the watch-only records and their times are in the wallet file
  const reopened = await wn.reopen();
  assert.equal(reopened.keys.watchOnlyTime(w.script), 1_400_000_000);
  assert.equal(reopened.keys.watchOnlyTime(s.script), 1);
  assert.equal(reopened.keys.isMine(pk.script), 'watch-solvable');
});

test('importmulti rescans from the oldest timestamp less 2 hours (TIMESTAMP_WINDOW)', async (t) => {
  const { node } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const a = outsideKey(0x41);
  const b = outsideKey(0x42);
  const c = outsideKey(0x43);
  const tx = payFromGenesis(node, 1, [
    { script: a.script, value: 10n * COIN },
    { script: b.script, value: 20n * COIN },
    { script: c.script, value: 30n * COIN },
  ]);
  await node.accept(tx);
  await node.generate(1);
  const t1 = node.chain.tip.header.time;
  // much later: a dozen blocks a day after the payment, so the median time past moves past it
  node.time += 86_400;
  await node.generate(12);
  const watchAll = async () => (await node.call('getbalance', ['*', json(1), true])) as Obj;
  const req = (k: ReturnType<typeof outsideKey>, timestamp: unknown) => ({ scriptPubKey: { address: addressOf(node, k.dest) }, timestamp });

  // "now" (median time past) − 2 h is after the payment's block: not found
  assert.deepEqual(await node.call('importmulti', [json([req(a, 'now')])]), [{ success: true }]);
  assert.deepEqual(await watchAll(), {});
  // rescan: false never scans, however old the timestamp
  assert.deepEqual(await node.call('importmulti', [json([req(a, 0)]), json({ rescan: false })]), [{ success: true }]);
  assert.deepEqual(await watchAll(), {});
  // one second outside the window: the scan starts at the next block
  assert.deepEqual(await node.call('importmulti', [json([req(b, t1 + 7201)])]), [{ success: true }]);
  assert.deepEqual(await watchAll(), {});
  assert.deepEqual(await node.callError('gettransaction', [tx.txidHex, true]), { code: -5, message: 'Invalid or non-wallet transaction id' });
  // the oldest timestamp of the call decides: c at t1 + 7200 brings the payment's block into the scan
  assert.deepEqual(await node.call('importmulti', [json([req(c, 'now'), req(c, t1 + 7200)])]), [{ success: true }, { success: true }]);
  assert.deepEqual(await watchAll(), { CBT: 60 }, 'a, b and c were all watched by then');
  const g = (await node.call('gettransaction', [tx.txidHex, true])) as Obj;
  assert.equal(g.confirmations, 13);
  assert.deepEqual(await node.call('getbalance'), {}, 'watch-only only');
});

test('importmulti with timestamp 0 rescans from genesis', async (t) => {
  const { node } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const a = outsideKey(0x51);
  const tx = payFromGenesis(node, 2, [{ script: a.script, value: 5n * COIN }]);
  await node.accept(tx);
  await node.generate(1);
  node.time += 86_400;
  await node.generate(12);
  const res = (await node.call('importmulti', [json([{ scriptPubKey: { address: 'bad' }, timestamp: 0 }])])) as Obj[];
  assert.equal(res[0]!.success, false);
  const r = await node.call('importmulti', [json([{ scriptPubKey: { address: addressOf(node, a.dest) }, keys: [encodeWif(a.priv, true, node.params.base58)], timestamp: 0 }])]);
  assert.deepEqual(r, [{ success: true }]);
  assert.deepEqual(await node.call('getbalance'), { CBT: 5 }, 'the imported key spends the old payment');
});

test('importprunedfunds: a gettxoutproof proof adds the transaction with its block; removeprunedfunds drops it', async (t) => {
  const { node } = await walletTestNode(t, { anyoneCanSpendAreMine: false });
  const a = outsideKey(0x61);
  const other = outsideKey(0x62);
  const tx = payFromGenesis(node, 3, [{ script: a.script, value: 7n * COIN }]);
  const notOurs = payFromGenesis(node, 4, [{ script: other.script, value: COIN }]);
  await node.accept(tx);
  await node.accept(notOurs);
  const hash = (await node.generate(1))[0]!;
  await node.generate(2);
  const raw = toHex(tx.toBytes());
  const proof = (await node.call('gettxoutproof', [json([tx.txidHex])])) as string;
  const proofOther = (await node.call('gettxoutproof', [json([notOurs.txidHex])])) as string;

  // the address is watched without a rescan: the wallet does not know the payment
  await node.call('importaddress', [addressOf(node, a.dest), 'pruned', false]);
  assert.deepEqual(await node.callError('gettransaction', [tx.txidHex, true]), { code: -5, message: 'Invalid or non-wallet transaction id' });

  // errors
  assert.equal((await node.callError('importprunedfunds', [raw])).code, -1);
  assert.match((await node.callError('importprunedfunds', [raw])).message, /^importprunedfunds\n\nImports funds without rescan\./);
  assert.deepEqual(await node.callError('importprunedfunds', ['zz', proof]), { code: -22, message: 'TX decode failed' });
  assert.deepEqual(await node.callError('importprunedfunds', [json(5), proof]), { code: -1, message: 'JSON value is not a string as expected' });
  assert.deepEqual(await node.callError('importprunedfunds', [raw, 'zz']), { code: -8, message: "proof must be hexadecimal string (not 'zz')" });
  assert.deepEqual(await node.callError('importprunedfunds', [raw, '00']), { code: -1, message: 'CDataStream::read(): end of data: iostream error' });
  assert.deepEqual(await node.callError('importprunedfunds', [raw, proofOther]), { code: -5, message: "Transaction given doesn't exist in proof" });
  // a proof whose hashes do not lead to the header's merkle root
  const bad = proof.slice(0, -80) + (proof.slice(-80, -78) === 'ff' ? '00' : 'ff') + proof.slice(-78);
  assert.deepEqual(await node.callError('importprunedfunds', [raw, bad]), { code: -5, message: 'Something wrong with merkleblock' });
  assert.deepEqual(await node.callError('importprunedfunds', [toHex(notOurs.toBytes()), proofOther]), { code: -5, message: 'No addresses in wallet correspond to included transaction' });

  assert.equal(await node.call('importprunedfunds', [raw, proof]), null);
  const g = (await node.call('gettransaction', [tx.txidHex, true])) as Obj;
  assert.equal(g.confirmations, 3);
  assert.equal(g.blockhash, hash);
  assert.equal(g.blockindex, 1);
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), { CBT: 7 });

  // removeprunedfunds
  assert.equal((await node.callError('removeprunedfunds', [])).code, -1);
  assert.equal(await node.call('removeprunedfunds', [tx.txidHex]), null);
  assert.deepEqual(await node.callError('gettransaction', [tx.txidHex, true]), { code: -5, message: 'Invalid or non-wallet transaction id' });
  assert.deepEqual(await node.call('getbalance', ['*', json(1), true]), {});
  assert.deepEqual(await node.callError('removeprunedfunds', [tx.txidHex]), { code: -32603, message: 'Transaction does not exist in wallet.' });
  assert.deepEqual(await node.callError('removeprunedfunds', ['not hex']), { code: -32603, message: 'Transaction does not exist in wallet.' });
  assert.deepEqual(await node.callError('removeprunedfunds', [json(1)]), { code: -1, message: 'JSON value is not a string as expected' });

  // a block that left the active chain (its payment goes back to the mempool, where the wallet sees it)
  await node.call('invalidateblock', [hash]);
  assert.deepEqual(await node.callError('importprunedfunds', [raw, proof]), { code: -5, message: 'Block not found in chain' });
});
