// The wallet key RPCs in process: a TestNode with a real NodeWallet (an LMDB wallet file in a
// temporary directory) attached and the wallet methods registered, as the composition root does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OutPoint,
  TransactionBuilder,
  TxIn,
  decodeAddress,
  encodeWif,
  hash160,
  scriptForDestination,
  toHex,
  type ChainParams,
} from '@ocean-ts/core';
import { explicitOutput } from '../../../src/mining/coinbase.js';
import { registerWalletMethods } from '../../../src/rpc/methods/index.js';
import { NodeWallet } from '../../../src/wallet/node-wallet.js';
import { ENCRYPT_WALLET_RESULT } from '../../../src/rpc/methods/wallet-encryption.js';
import { TestNode, genesisCoins, json, secp } from './support/test-node.js';

const corpus = JSON.parse(readFileSync(new URL('../../../../../../shared/vectors/ocean-corpus/addresses.json', import.meta.url), 'utf8')) as {
  addresses: { note: string; validateaddress_owner?: Record<string, unknown>; validateaddress_other?: Record<string, unknown> }[];
};
const corpusP2pkh = corpus.addresses.find((a) => a.note === 'p2pkh' && a.validateaddress_owner)!;

interface WalletNode {
  node: TestNode;
  wallet: NodeWallet;
  dir: string;
  shutdowns: number;
}

async function walletNode(t: { after(fn: () => Promise<void> | void): void }, opts: { keypool?: number; params?: ChainParams; disableCt?: boolean } = {}): Promise<WalletNode> {
  const node = await TestNode.create(opts.params ? { params: opts.params } : {});
  const dir = mkdtempSync(join(tmpdir(), 'wallet-rpc-'));
  const wallet = await NodeWallet.open({
    dir,
    fileName: 'wallet.dat',
    params: node.params,
    secp,
    clock: { now: () => node.now(), monotonicMs: () => performance.now() },
    useHd: true,
    keypool: opts.keypool ?? 5,
    disableCt: opts.disableCt ?? true,
    anyoneCanSpendAreMine: true,
    payTxFeePerKb: 0n,
  });
  const wn: WalletNode = { node, wallet, dir, shutdowns: 0 };
  wallet.onShutdownRequest(() => wn.shutdowns++);
  Object.defineProperty(node, 'wallet', { value: wallet });
  registerWalletMethods(node.methods, node);
  t.after(async () => {
    await wallet.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return wn;
}

test('without a wallet the wallet methods are not registered (-disablewallet: Method not found)', async () => {
  const node = await TestNode.create({ walletDisabled: true });
  for (const name of ['getnewaddress', 'dumpprivkey', 'encryptwallet', 'getwalletinfo', 'getderivedkeys']) assert.equal(node.methods.get(name), undefined, name);
  const info = (await node.call('getinfo')) as Record<string, unknown>;
  assert.equal('walletversion' in info, false);
});

test('getnewaddress → validateaddress has the original key set and order; another node sees the short form', async (t) => {
  const a = await walletNode(t);
  const b = await walletNode(t);
  const addr = (await a.node.call('getnewaddress')) as string;
  const mine = (await a.node.call('validateaddress', [addr])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(mine), Object.keys(corpusP2pkh.validateaddress_owner!));
  assert.equal(mine.ismine, true);
  assert.equal(mine.hdkeypath, "m/0'/0'/1'");
  assert.equal(mine.pubkey, mine.derivedpubkey, 'no contract: not tweaked');
  assert.equal(toHex(hash160(Buffer.from(mine.pubkey as string, 'hex'))), toHex(decodeAddress(addr, a.node.params.base58).hash));
  const master = a.wallet.keys.hdMasterKeyId!;
  assert.equal(mine.hdmasterkeyid, toHex(master.slice().reverse()));
  assert.equal(mine.timestamp, a.node.now());
  // the confidential form carries the wallet's blinding key for this script
  const conf = decodeAddress(mine.confidential as string, a.node.params.base58);
  assert.equal(toHex(conf.blindingKey!), toHex(a.wallet.blindingPubKey(scriptForDestination(conf))!));
  const other = (await b.node.call('validateaddress', [addr])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(other), Object.keys(corpusP2pkh.validateaddress_other!));
  assert.equal(other.ismine, false);
  // next address is the next HD key; the pool is topped up again
  assert.equal(((await a.node.call('validateaddress', [await a.node.call('getnewaddress')])) as Record<string, unknown>).hdkeypath, "m/0'/0'/2'");
  assert.equal(((await a.node.call('getwalletinfo')) as Record<string, unknown>).keypoolsize, 5, 'topped up to -keypool + 1, then one taken');
});

test('-disablect=0: getnewaddress returns the confidential address', async (t) => {
  const a = await walletNode(t, { disableCt: false });
  const addr = (await a.node.call('getnewaddress')) as string;
  const d = decodeAddress(addr, a.node.params.base58);
  assert.ok(d.blindingKey);
  const v = (await a.node.call('validateaddress', [addr])) as Record<string, unknown>;
  assert.equal(v.ismine, true);
  assert.equal('confidential' in v, false, 'a blinded address gets no confidential field');
});

test('accounts: labels, getaccount, setaccount, getaddressesbyaccount, getaccountaddress', async (t) => {
  const a = await walletNode(t);
  const b = await walletNode(t);
  assert.deepEqual(await a.node.callError('getnewaddress', [json('*')]), { code: -11, message: 'Invalid account name' });
  const x = (await a.node.call('getnewaddress', [json('savings')])) as string;
  assert.equal(await a.node.call('getaccount', [json(x)]), 'savings');
  assert.deepEqual(await a.node.callError('getaccount', [json('nope')]), { code: -5, message: 'Invalid Bitcoin address' });
  const y = (await a.node.call('getaccountaddress', [json('savings')])) as string;
  assert.equal(await a.node.call('getaccountaddress', [json('savings')]), y, 'stable while unused');
  assert.deepEqual(((await a.node.call('getaddressesbyaccount', [json('savings')])) as string[]).sort(), [x, y].sort());
  await a.node.call('setaccount', [json(x), json('other')]);
  assert.deepEqual(await a.node.call('getaddressesbyaccount', [json('other')]), [x]);
  // moving the account's current key elsewhere gives the account a new one
  await a.node.call('setaccount', [json(y), json('other')]);
  assert.notEqual(await a.node.call('getaccountaddress', [json('savings')]), y);
  const foreign = (await b.node.call('getnewaddress')) as string;
  assert.deepEqual(await a.node.callError('setaccount', [json(foreign), json('x')]), { code: -1, message: 'setaccount can only be used with own address' });
});

test('dumpprivkey / importprivkey round trip, errors and the audit log', async (t) => {
  const a = await walletNode(t);
  const b = await walletNode(t);
  const addr = (await a.node.call('getnewaddress')) as string;
  const wif = (await a.node.call('dumpprivkey', [json(addr)])) as string;
  assert.equal(wif, encodeWif(a.wallet.keys.getKey(decodeAddress(addr, a.node.params.base58).hash)!.privateKey, true, a.node.params.base58));
  assert.deepEqual(await b.node.callError('dumpprivkey', [json(addr)]), { code: -4, message: `Private key for address ${addr} is not known` });
  assert.deepEqual(await b.node.callError('dumpprivkey', [json('xyz')]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await b.node.callError('importprivkey', [json('notakey')]), { code: -5, message: 'Invalid private key encoding' });
  assert.equal(await b.node.call('importprivkey', [json(wif), json('imported'), json(false)]), null);
  assert.equal(await b.node.call('dumpprivkey', [json(addr)]), wif);
  const v = (await b.node.call('validateaddress', [json(addr)])) as Record<string, unknown>;
  assert.equal(v.ismine, true);
  assert.equal(v.account, 'imported');
  assert.equal(v.timestamp, 1);
  assert.equal('hdkeypath' in v, false);
  const log = readFileSync(join(a.dir, 'audit.log'), 'utf8');
  assert.equal(log, ` : dumpprivkey ${addr}\n`);
  assert.match(readFileSync(join(b.dir, 'audit.log'), 'utf8'), new RegExp(` : importprivkey ${addr} imported\n`));
  assert.doesNotMatch(readFileSync(join(b.dir, 'audit.log'), 'utf8'), new RegExp(wif));
  // a P2SH address does not refer to a key
  const ms = (await a.node.call('createmultisig', [json(1), json([v.pubkey])])) as { address: string };
  assert.deepEqual(await a.node.callError('dumpprivkey', [json(ms.address)]), { code: -3, message: 'Address does not refer to a key' });
});

test('importaddress / importpubkey make watch-only entries; importing an own address is refused', async (t) => {
  const a = await walletNode(t);
  const b = await walletNode(t);
  const addr = (await b.node.call('getnewaddress')) as string;
  const pub = ((await b.node.call('validateaddress', [json(addr)])) as { pubkey: string }).pubkey;
  await a.node.call('importaddress', [json(addr), json('watch'), json(false)]);
  let v = (await a.node.call('validateaddress', [json(addr)])) as Record<string, unknown>;
  assert.equal(v.ismine, false);
  assert.equal(v.iswatchonly, true);
  assert.equal(v.account, 'watch');
  assert.equal(v.timestamp, 0);
  await a.node.call('importpubkey', [json(pub), json('watch'), json(false)]);
  v = (await a.node.call('validateaddress', [json(addr)])) as Record<string, unknown>;
  assert.equal(v.pubkey, pub);
  assert.deepEqual(await a.node.callError('importpubkey', [json('zz')]), { code: -5, message: 'Pubkey must be a hex string' });
  assert.deepEqual(await a.node.callError('importpubkey', [json('02' + '00'.repeat(32))]), { code: -5, message: 'Pubkey is not a valid public key' });
  assert.deepEqual(await a.node.callError('importaddress', [json('bad address')]), { code: -5, message: 'Invalid Bitcoin address or script' });
  assert.deepEqual(await a.node.callError('importaddress', [json(addr), json(''), json(false), json(true)]), {
    code: -5,
    message: 'Cannot use the p2sh flag with an address - use a script instead',
  });
  const own = (await a.node.call('getnewaddress')) as string;
  assert.deepEqual(await a.node.callError('importaddress', [json(own), json(''), json(false)]), {
    code: -4,
    message: 'The wallet already contains the private key for this address or script',
  });
});

test('dumpwallet / importwallet / backupwallet; file errors', async (t) => {
  const a = await walletNode(t);
  const b = await walletNode(t);
  const addrs = [(await a.node.call('getnewaddress', [json('l 1')])) as string, (await a.node.call('getnewaddress')) as string];
  const file = join(a.dir, 'dump.txt');
  assert.equal(await a.node.call('dumpwallet', [json(file)]), null);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Wallet dump created by Bitcoin /);
  assert.match(text, /# extended private masterkey: tprv/);
  assert.match(text, /label=l%201 # addr=/);
  assert.match(text, /hdmaster=1/);
  assert.match(text, /reserve=1/);
  await b.node.call('importwallet', [json(file)]);
  for (const x of addrs) assert.equal(await b.node.call('dumpprivkey', [json(x)]), await a.node.call('dumpprivkey', [json(x)]));
  assert.equal(await b.node.call('getaccount', [json(addrs[0])]), 'l 1');
  assert.deepEqual(await b.node.callError('importwallet', [json(join(a.dir, 'missing'))]), { code: -8, message: 'Cannot open wallet dump file' });
  assert.deepEqual(await b.node.callError('dumpwallet', [json(join(a.dir, 'no', 'such', 'dir'))]), { code: -8, message: 'Cannot open wallet dump file' });
  assert.equal(await a.node.call('backupwallet', [json(join(a.dir, 'copy.dat'))]), null);
  assert.deepEqual(await a.node.callError('backupwallet', [json(join(a.dir, 'wallet.dat'))]), { code: -4, message: 'Error: Wallet backup failed!' });
  assert.match(readFileSync(join(a.dir, 'audit.log'), 'utf8'), new RegExp(` : dumpwallet ${file.replace(/[.]/g, '[.]')}\n`));
});

test('encryption: encryptwallet stops the node, locked errors, walletpassphrase, walletlock, passphrase change', async (t) => {
  const a = await walletNode(t, { keypool: 1 });
  const addr = (await a.node.call('getnewaddress')) as string;
  for (const [m, p] of [['walletlock', []], ['walletpassphrase', [json('x'), json(1)]], ['walletpassphrasechange', [json('x'), json('y')]]] as const) {
    assert.deepEqual(await a.node.callError(m, [...p]), { code: -15, message: `Error: running with an unencrypted wallet, but ${m} was called.` });
  }
  assert.equal((await a.node.callError('encryptwallet', [])).code, -1);
  assert.equal(await a.node.call('encryptwallet', [json('secret')]), ENCRYPT_WALLET_RESULT);
  assert.equal(a.shutdowns, 1);
  assert.deepEqual(await a.node.callError('encryptwallet', [json('again')]), { code: -15, message: 'Error: running with an encrypted wallet, but encryptwallet was called.' });
  const locked = { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' };
  assert.deepEqual(await a.node.callError('dumpprivkey', [json(addr)]), locked);
  assert.deepEqual(await a.node.callError('keypoolrefill', []), locked);
  assert.deepEqual(await a.node.callError('dumpwallet', [json(join(a.dir, 'd'))]), locked);
  // the pool (1 key after encryption) runs out while locked
  await a.node.call('getnewaddress');
  assert.deepEqual(await a.node.callError('getnewaddress', []), { code: -12, message: 'Error: Keypool ran out, please call keypoolrefill first' });
  assert.deepEqual(await a.node.callError('walletpassphrase', [json('wrong'), json(60)]), { code: -14, message: 'Error: The wallet passphrase entered was incorrect.' });
  assert.equal((await a.node.callError('walletpassphrase', [json('secret')])).code, -1, 'usage');
  assert.equal(await a.node.call('walletpassphrase', [json('secret'), json(60)]), null);
  const info = (await a.node.call('getwalletinfo')) as Record<string, unknown>;
  assert.equal(info.unlocked_until, a.node.now() + 60);
  assert.equal(info.keypoolsize, 2, 'topped up on unlock');
  assert.equal(typeof (await a.node.call('dumpprivkey', [json(addr)])), 'string');
  await a.node.call('walletlock');
  assert.equal(((await a.node.call('getwalletinfo')) as Record<string, unknown>).unlocked_until, 0);
  assert.deepEqual(await a.node.callError('dumpprivkey', [json(addr)]), locked);
  assert.deepEqual(await a.node.callError('walletpassphrasechange', [json('wrong'), json('new')]), { code: -14, message: 'Error: The wallet passphrase entered was incorrect.' });
  await a.node.call('walletpassphrasechange', [json('secret'), json('new')]);
  assert.equal((await a.node.callError('walletpassphrase', [json('secret'), json(60)])).code, -14);
  await a.node.call('walletpassphrase', [json('new'), json(0)]);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(await a.node.callError('dumpprivkey', [json(addr)]), locked, 'relocked after the timeout');
  const log = readFileSync(join(a.dir, 'audit.log'), 'utf8');
  assert.match(log, / : encryptwallet\n/);
  assert.match(log, / : walletpassphrase 60\n/);
  assert.match(log, / : walletlock\n/);
  assert.doesNotMatch(log, /secret/);
});

test('keypoolrefill and getderivedkeys / dumpderivedkeys / validatederivedkeys', async (t) => {
  const a = await walletNode(t, { keypool: 3 });
  assert.deepEqual(await a.node.callError('keypoolrefill', [json(-1)]), { code: -8, message: 'Invalid parameter, expected valid size.' });
  await a.node.call('keypoolrefill', [json(10)]);
  const d = (await a.node.call('getderivedkeys')) as { address: string[]; bpubkey: string[] };
  assert.equal(d.address.length, 11);
  assert.equal(d.bpubkey.length, 11);
  // FIFO: the first pool key is the next address
  assert.equal(await a.node.call('getnewaddress'), d.address[0]);
  const file = join(a.dir, 'derived.txt');
  await a.node.call('dumpderivedkeys', [json(file)]);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Derived key dump created by Bitcoin /);
  assert.equal(await a.node.call('validatederivedkeys', [json(file)]), null);
  // a line whose pubkey does not belong to the address
  const d2 = (await a.node.call('getderivedkeys')) as { address: string[]; bpubkey: string[] };
  writeFileSync(file, `${text}${d2.address[0]} ${d2.bpubkey[1]}\n`);
  assert.deepEqual(await a.node.callError('validatederivedkeys', [json(file)]), { code: -32, message: 'Invalid key derivation when tweaking key with contract hash' });
  assert.deepEqual(await a.node.callError('validatederivedkeys', [json(join(a.dir, 'none'))]), { code: -8, message: 'Cannot open key dump file' });
});

test('signrawtransaction without privkeys signs with wallet keys (and needs an unlocked wallet)', async (t) => {
  const a = await walletNode(t);
  const params = a.node.params;
  const addr = (await a.node.call('getnewaddress')) as string;
  const dest = decodeAddress(addr, params.base58);
  const coin = genesisCoins(params)[0]!;
  const fund = new TransactionBuilder();
  fund.version = 2;
  fund.inputs = [new TxIn(coin.outpoint, new Uint8Array(0), 0xffffffff)];
  const value = coin.out.value.amount;
  fund.addOutput(explicitOutput(params.feeAsset, value - 10_000n, scriptForDestination(dest)));
  fund.addOutput(explicitOutput(params.feeAsset, 10_000n, new Uint8Array(0)));
  const funding = fund.build();
  await a.node.accept(funding);
  const spend = new TransactionBuilder();
  spend.version = 2;
  spend.inputs = [new TxIn(new OutPoint(funding.txid, 0), new Uint8Array(0), 0xffffffff)];
  spend.addOutput(explicitOutput(params.feeAsset, value - 20_000n, Uint8Array.of(0x51)));
  spend.addOutput(explicitOutput(params.feeAsset, 10_000n, new Uint8Array(0)));
  const hex = toHex(spend.build().toBytes());
  const r = (await a.node.call('signrawtransaction', [json(hex)])) as { hex: string; complete: boolean };
  assert.equal(r.complete, true);
  const other = await walletNode(t);
  assert.equal(((await other.node.call('signrawtransaction', [json(hex)])) as { complete: boolean }).complete, false);
  await a.node.call('encryptwallet', [json('pw')]);
  assert.deepEqual(await a.node.callError('signrawtransaction', [json(hex)]), { code: -13, message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
});

test('generate pays the coinbase (the fees) to a wallet key, as P2PK', async (t) => {
  const a = await walletNode(t);
  // the host hook FullNode.generateHost adds when it has a wallet
  const host = a.node.generateHost.bind(a.node);
  Object.defineProperty(a.node, 'generateHost', { value: () => ({ ...host(), reserveCoinbaseScript: () => a.wallet.reserveCoinbaseScript() }) });
  const params = a.node.params;
  const coin = genesisCoins(params)[0]!;
  const b = new TransactionBuilder();
  b.version = 2;
  b.inputs = [new TxIn(coin.outpoint, new Uint8Array(0), 0xffffffff)];
  const value = coin.out.value.amount;
  b.addOutput(explicitOutput(params.feeAsset, value - 5000n, Uint8Array.of(0x51)));
  b.addOutput(explicitOutput(params.feeAsset, 5000n, new Uint8Array(0)));
  await a.node.accept(b.build());
  const before = a.wallet.keys.poolKeys().map((k) => toHex(k.pubkey));
  const [hash] = await a.node.generate(1);
  const block = a.node.chain.getBlock(Buffer.from(hash!, 'hex').reverse())!;
  const out = block.transactions[0]!.outputs[0]!;
  assert.equal(out.value.amount, 5000n);
  assert.equal(a.wallet.keys.isMine(out.scriptPubKey), 'spendable');
  assert.equal(out.scriptPubKey.length, 35, toHex(out.scriptPubKey));
  const pub = toHex(out.scriptPubKey.slice(1, 34));
  assert.equal(pub, before[0], 'the oldest pool key');
  assert.equal(a.wallet.keys.poolKeys().some((k) => toHex(k.pubkey) === pub), false, 'kept: it left the pool');
});
