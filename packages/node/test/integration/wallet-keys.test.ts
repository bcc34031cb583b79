// The wallet key store in the real bin/oceand: wallet file per -wallet name, backup → copy → load
// (functional spec A.4), encryptwallet stopping the node, locked wallet after restart, key import
// across nodes, signblock with wallet keys on a 2-of-3 chain, and a contract chain whose wallet keys
// are tweaked (pubkey != derivedpubkey).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChainParams, OP, OptionValues, ScriptBuilder, encodeWif, loadNativeSecp256k1, sha256, toHex } from '@ocean-ts/core';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const REGTEST = ['-regtest', '-initialfreecoins=2100000000000000', '-keypool=10'];

test('getnewaddress / validateaddress, backupwallet → -wallet=<copy> gives the same next address (A.4)', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-a-');
  const b = await daemonSandbox(t, 'wallet-keys-b-');
  await a.start(REGTEST);
  const addr = (await call(a.port, 'getnewaddress')) as string;
  const v = (await call(a.port, 'validateaddress', [addr])) as Record<string, unknown>;
  assert.equal(v.ismine, true);
  assert.equal(v.hdkeypath, "m/0'/0'/1'");
  assert.equal(v.pubkey, v.derivedpubkey);
  assert.ok(existsSync(join(a.datadir, 'elementsregtest', 'wallet.dat')));
  const backup = join(a.datadir, 'backup.dat');
  assert.equal(await call(a.port, 'backupwallet', [backup]), null);
  assert.match(readFileSync(join(a.datadir, 'elementsregtest', 'audit.log'), 'utf8'), new RegExp(`^u : backupwallet ${backup}\n`, 'm'));
  // node b: start once to create its chain directory, stop, copy the backup in, start with -wallet
  const nodeB = await b.start(REGTEST);
  await call(b.port, 'stop');
  assert.equal(await nodeB.exited, 0);
  copyFileSync(backup, join(b.datadir, 'elementsregtest', 'copied.dat'));
  await b.start([...REGTEST, '-wallet=copied.dat']);
  const nextA = await call(a.port, 'getnewaddress');
  const nextB = await call(b.port, 'getnewaddress');
  assert.equal(nextB, nextA);
  assert.equal(await call(b.port, 'dumpprivkey', [addr]), await call(a.port, 'dumpprivkey', [addr]));
});

test('-disablewallet: wallet methods are unknown', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-off-');
  await a.start([...REGTEST, '-disablewallet']);
  const r = await rpc(a.port, 'getnewaddress');
  assert.equal(r.error?.code, -32601);
  // dumpassetlabels and the sends are wallet RPCs too; rawblindrawtransaction is not
  for (const m of ['dumpassetlabels', 'sendtoaddress', 'issueasset', 'blindrawtransaction']) assert.equal((await rpc(a.port, m)).error?.code, -32601, m);
  assert.equal((await rpc(a.port, 'rawblindrawtransaction')).error?.code, -1);
  assert.equal(existsSync(join(a.datadir, 'elementsregtest', 'wallet.dat')), false);
});

test('a corrupt wallet file is a clear start-up error', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-bad-');
  mkdirSync(join(a.datadir, 'elementsregtest'), { recursive: true });
  writeFileSync(join(a.datadir, 'elementsregtest', 'broken.dat'), Buffer.alloc(9000, 0x5a));
  await assert.rejects(a.start([...REGTEST, '-wallet=broken.dat']), /Error loading broken\.dat: Wallet corrupted/);
});

test('encryptwallet stops the node; after restart the wallet is locked until walletpassphrase', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-enc-');
  const node = await a.start(REGTEST);
  const addr = (await call(a.port, 'getnewaddress')) as string;
  const wif = (await call(a.port, 'dumpprivkey', [addr])) as string;
  const r = (await call(a.port, 'encryptwallet', ['pass one'])) as string;
  assert.match(r, /^wallet encrypted; Bitcoin server stopping, restart to run with encrypted wallet\./);
  assert.equal(await node.exited, 0);
  const wallet = readFileSync(join(a.datadir, 'elementsregtest', 'wallet.dat'));
  assert.equal(wallet.includes(Buffer.from(wif)), false);
  await a.start(REGTEST);
  assert.deepEqual((await rpc(a.port, 'dumpprivkey', [addr])).error, { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
  assert.equal((await rpc(a.port, 'walletpassphrase', ['wrong', 10])).error?.code, -14);
  await call(a.port, 'walletpassphrase', ['pass one', 1]);
  assert.equal(await call(a.port, 'dumpprivkey', [addr]), wif);
  const info = (await call(a.port, 'getwalletinfo')) as { unlocked_until: number };
  assert.ok(info.unlocked_until > 0);
  await new Promise((res) => setTimeout(res, 1200));
  assert.equal((await rpc(a.port, 'dumpprivkey', [addr])).error?.code, -13, 'relocked after the timeout');
  await call(a.port, 'walletpassphrasechange', ['pass one', 'pass two']);
  await call(a.port, 'walletpassphrase', ['pass two', 60]);
  assert.equal(await call(a.port, 'dumpprivkey', [addr]), wif);
  // an encrypted wallet sends and issues only while unlocked
  const to = (await call(a.port, 'getnewaddress')) as string;
  const sent = (await call(a.port, 'sendtoaddress', [to, 1.5])) as string;
  const issued = (await call(a.port, 'issueasset', [10, 1, false])) as { asset: string };
  await call(a.port, 'generate', [1]);
  assert.equal(((await call(a.port, 'gettransaction', [sent])) as { confirmations: number }).confirmations, 1);
  assert.equal(await call(a.port, 'getbalance', ['', 1, false, issued.asset]), 10);
  await call(a.port, 'walletlock');
  assert.equal((await rpc(a.port, 'dumpprivkey', [addr])).error?.code, -13);
  const locked = { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' };
  assert.deepEqual((await rpc(a.port, 'sendtoaddress', [to, 1])).error, locked);
  assert.deepEqual((await rpc(a.port, 'sendtoaddress', [to, 1, '', '', false, issued.asset])).error, locked);
  assert.deepEqual((await rpc(a.port, 'reissueasset', [issued.asset, 5])).error, locked);
  assert.equal(((await call(a.port, 'getmempoolinfo')) as { size: number }).size, 0, 'nothing was sent while locked');
  const log = readFileSync(join(a.datadir, 'elementsregtest', 'audit.log'), 'utf8');
  assert.match(log, /^u : encryptwallet$/m);
  assert.match(log, /^u : walletpassphrasechange$/m);
  assert.doesNotMatch(log, /pass (one|two)/);
});

test('dumpwallet on one node, importwallet on another; importprivkey round trip', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-dump-a-');
  const b = await daemonSandbox(t, 'wallet-keys-dump-b-');
  await a.start(REGTEST);
  await b.start(REGTEST);
  const x = (await call(a.port, 'getnewaddress', ['acct'])) as string;
  const y = (await call(a.port, 'getnewaddress')) as string;
  const file = join(a.datadir, 'dump.txt');
  await call(a.port, 'dumpwallet', [file]);
  await call(b.port, 'importwallet', [file]);
  assert.equal(await call(b.port, 'dumpprivkey', [x]), await call(a.port, 'dumpprivkey', [x]));
  assert.equal(await call(b.port, 'getaccount', [x]), 'acct');
  const z = (await call(b.port, 'getnewaddress')) as string;
  await call(a.port, 'importprivkey', [await call(b.port, 'dumpprivkey', [z]), 'from b', false]);
  assert.equal(((await call(a.port, 'validateaddress', [z])) as { ismine: boolean }).ismine, true);
  assert.equal(((await call(a.port, 'validateaddress', [y])) as { ismine: boolean }).ismine, true);
});

test('signblock signs with imported wallet keys on a 2-of-3 chain', async (t) => {
  const keys = [0, 1, 2].map((i) => sha256(new TextEncoder().encode(`wallet-keys signer ${i}`)));
  const pubs = keys.map((k) => secp.publicKeyCreate(k, true));
  const b = new ScriptBuilder().number(2);
  for (const p of pubs) b.push(p);
  const challenge = b.number(3).op(OP.OP_CHECKMULTISIG).build();
  const a = await daemonSandbox(t, 'wallet-keys-sign-');
  await a.start([...REGTEST, `-signblockscript=${toHex(challenge)}`]);
  const prefixes = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], [])).base58;
  const blockhex = (await call(a.port, 'getnewblockhex')) as string;
  // no keys yet: only the multisig dummy (OP_0)
  const unsigned = (await call(a.port, 'signblock', [blockhex])) as string;
  assert.equal(unsigned, '00');
  for (const k of keys.slice(0, 2)) await call(a.port, 'importprivkey', [encodeWif(k, true, prefixes), '', false]);
  const sig = (await call(a.port, 'signblock', [blockhex])) as string;
  assert.notEqual(sig, unsigned);
  const combined = (await call(a.port, 'combineblocksigs', [blockhex, [sig]])) as { hex: string; complete: boolean };
  assert.equal(combined.complete, true);
  assert.equal(await call(a.port, 'submitblock', [combined.hex]), null);
  assert.equal(await call(a.port, 'getblockcount'), 1);
});

test('contract chain (ocean_test with terms files): wallet keys are tweaked, derived keys validate', async (t) => {
  const a = await daemonSandbox(t, 'wallet-keys-ot-');
  const terms = join(a.datadir, 'terms-and-conditions', 'ocean_test');
  mkdirSync(terms, { recursive: true });
  writeFileSync(join(terms, 'latest.txt'), 'These are the terms and conditions\nApprove to use the CBT network\n');
  writeFileSync(join(terms, 'old1.txt'), 'These are the old terms and conditions\nApprove to use the CBT network\n');
  await a.start(['-chain=ocean_test', '-initialfreecoins=2100000000000000', '-keypool=5']);
  const addr = (await call(a.port, 'getnewaddress')) as string;
  const v = (await call(a.port, 'validateaddress', [addr])) as Record<string, unknown>;
  assert.equal(v.ismine, true);
  assert.notEqual(v.pubkey, v.derivedpubkey);
  const d = (await call(a.port, 'getderivedkeys')) as { address: string[]; bpubkey: string[] };
  assert.equal(d.address.length, 5);
  const file = join(a.datadir, 'derived.txt');
  await call(a.port, 'dumpderivedkeys', [file]);
  assert.equal(await call(a.port, 'validatederivedkeys', [file]), null);
  // the derived key of a handed-out address validates; its (tweaked) address key does not
  writeFileSync(file, `${readFileSync(file, 'utf8')}${addr} ${v.derivedpubkey as string}\n`);
  assert.equal(await call(a.port, 'validatederivedkeys', [file]), null);
  writeFileSync(file, `${readFileSync(file, 'utf8')}${addr} ${v.pubkey as string}\n`);
  assert.deepEqual((await rpc(a.port, 'validatederivedkeys', [file])).error, { code: -32, message: 'Invalid key derivation when tweaking key with contract hash' });
});
