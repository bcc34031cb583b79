// End-to-end KYC onboarding on the real `bin/oceand` (ocean-functional-behaviour.md B.7, B.8, B.9):
// two nodes on the ot-kyc / ot-enc corpus chains (ocean_test, contract-tweaked keys, genesis
// WHITELIST coins), blocks carried by submitblock. The authority publishes KYC keys
// (topupkycpubkeys), the user writes a KYC file (dumpkycfile), the authority reads, validates and
// onboards it (onboarduser); the user's addresses become whitelisted on both nodes and a payment to
// them enters the mempool; blacklistuser removes them; removekycpubkey spends a key. The encrypted
// variant onboards with an ECIES payload, the user learns its KYC key and registers more addresses
// (sendaddtowhitelisttx) and a multisig (sendaddmultitowhitelisttx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonObject } from '@ocean-ts/core';
import { call, daemonSandbox, rpc } from '../support/daemon.js';
import { corpusDaemonArgs, corpusReplayChain, writeCorpusDatadir, type CorpusReplayChain } from '../support/corpus-node.js';

interface Node {
  readonly port: number;
  readonly datadir: string;
  call<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  error(method: string, params?: unknown[]): Promise<{ code: number; message: string }>;
  /** `stop` (exit 0). */
  stop(): Promise<void>;
  /** Start again on the same data directory, with `extra` arguments for this run. */
  restart(extra?: readonly string[]): Promise<void>;
}

function keyWif(chain: CorpusReplayChain, name: string): string {
  const keys = chain.recorded.get('keys') as JsonObject;
  return (keys.get(name) as JsonObject).get('wif') as string;
}

async function startNode(t: { after(fn: () => void): void }, chain: CorpusReplayChain, extra: readonly string[], before?: (datadir: string) => void): Promise<Node> {
  const sandbox = await daemonSandbox(t, `oceand-kyc-${chain.id}-`);
  writeCorpusDatadir(chain, sandbox.datadir);
  before?.(sandbox.datadir);
  const args = [...corpusDaemonArgs(chain, sandbox.datadir, new Set(['keypool', 'reindex-chainstate', 'pkhwhitelist', 'pkhwhitelist-scan', 'pkhwhitelist-encrypt'])), '-keypool=10', ...extra];
  let d = await sandbox.start(args);
  const port = sandbox.port;
  return {
    port,
    datadir: sandbox.datadir,
    call: async <T>(method: string, params: unknown[] = []) => (await call(port, method, params)) as T,
    error: async (method, params = []) => {
      const r = await rpc(port, method, params);
      assert.ok(r.error, `${method} should fail`);
      return r.error;
    },
    stop: async () => {
      await call(port, 'stop');
      assert.equal(await d.exited, 0);
    },
    restart: async (more = []) => {
      d = await sandbox.start([...args, ...more]);
    },
  };
}

/** Mines one block on `miner` and submits it to the others. */
async function mine(miner: Node, others: readonly Node[]): Promise<void> {
  const [hash] = await miner.call<string[]>('generate', [1]);
  const hex = await miner.call<string>('getblock', [hash, false]);
  for (const o of others) assert.equal(await o.call('submitblock', [hex]), null);
  for (const o of others) assert.equal(await o.call('getbestblockhash'), hash);
}

async function mempool(n: Node): Promise<string[]> {
  return n.call<string[]>('getrawmempool');
}

/** A raw payment from the authority's genesis CBT coin to `address` (fee output, no change). */
async function payment(a: Node, address: string): Promise<string> {
  const coins = await a.call<{ txid: string; vout: number; amount: number; asset: string }[]>('listunspent', [1, 9999999, [], true, 'CBT']);
  const c = coins[0]!;
  const hex = await a.call<string>('createrawtransaction', [[{ txid: c.txid, vout: c.vout }], { [address]: +(c.amount - 0.001).toFixed(8), fee: 0.001 }]);
  const signed = await a.call<{ hex: string; complete: boolean }>('signrawtransaction', [hex]);
  assert.equal(signed.complete, true);
  return signed.hex;
}

test('unencrypted whitelist: KYC keys, KYC file, onboarding, payment, blacklisting, key removal (B.7, B.8)', async (t) => {
  const chain = corpusReplayChain('ot-kyc');
  const tmp = mkdtempSync(join(tmpdir(), 'kyc-files-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const args = ['-pkhwhitelist=1', '-pkhwhitelist-encrypt=0'];
  const authority = await startNode(t, chain, args);
  const user = await startNode(t, chain, args);
  const both = [authority, user];
  await authority.call('importprivkey', [keyWif(chain, 'wl'), '', true]);
  await authority.call('importprivkey', [keyWif(chain, 'ifc'), '', true]);
  const wlBefore = await authority.call<number>('getbalance', ['*', 1, false, 'WHITELIST']);
  await mine(authority, [user]);
  // B.7.4: a copy of the authority's wallet from before the KYC keys existed
  await authority.stop();
  const walletCopy = join(tmp, 'wallet-before-keys.dat');
  copyFileSync(join(authority.datadir, 'ocean_test', 'wallet.dat'), walletCopy);
  await authority.restart();

  // B.8.1: no KYC keys yet
  const file = join(tmp, 'user.kyc');
  for (const n of both) assert.deepEqual(await n.error('dumpkycfile', [file]), { code: -8, message: 'No unassigned KYC public keys available.' });
  assert.deepEqual(await user.error('createkycfile', ['', [], []]), { code: -8, message: 'No unassigned KYC public keys available.' });

  // B.7.1: topupkycpubkeys → one block → counted on every node; WHITELIST balance drops by n satoshis
  assert.equal(await authority.call('topupkycpubkeys', [5]), 5);
  for (const n of both) assert.equal(await n.call('getnunassignedkycpubkeys'), 0, 'unassigned only once mined');
  await mine(authority, [user]);
  for (const n of both) assert.equal(await n.call('getnunassignedkycpubkeys'), 5);
  assert.equal(await authority.call('topupkycpubkeys', [7]), 2, 'only the difference');
  assert.equal(await authority.call('topupkycpubkeys', [3]), 0);
  await mine(authority, [user]);
  for (const n of both) assert.equal(await n.call('getnunassignedkycpubkeys'), 7);
  const wlAfter = await authority.call<number>('getbalance', ['*', 1, false, 'WHITELIST']);
  assert.equal(Math.round((wlBefore - wlAfter) * 1e8), 7);
  const kycDump = join(tmp, 'kyc.keys');
  await authority.call('dumpkycpubkeys', [kycDump]);
  const kycLines = readFileSync(kycDump, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.equal(kycLines.length, 7);
  assert.ok(kycLines.every((l) => l.endsWith(' 1')), 'the authority holds every KYC private key');

  // B.8.2: the user's KYC file; the authority reads and validates it
  const userPub = await user.call<string>('dumpkycfile', [file]);
  assert.match(userPub, /^0[23][0-9a-f]{64}$/);
  const derived = await user.call<{ address: string[]; bpubkey: string[] }>('getderivedkeys');
  const out = join(tmp, 'user.txt');
  assert.equal(await authority.call('readkycfile', [file, out]), null);
  const echo = readFileSync(out, 'utf8');
  for (let i = 0; i < derived.address.length; i++) assert.ok(echo.includes(`${derived.address[i]} ${derived.bpubkey[i]}\n`), 'every pool key decrypted');
  assert.match(echo, /^contracthash: [0-9a-f]{64}$/m);
  const v0 = await authority.call<{ iswhitelisted: boolean; addresses: string[] }>('validatekycfile', [file, true]);
  assert.equal(v0.iswhitelisted, false);
  assert.deepEqual(v0.addresses, derived.address);
  const stranger = await authority.call<string>('getnewaddress');
  assert.deepEqual(await authority.error('validatekycfile', [join(tmp, 'missing')]), { code: -1, message: 'read: cannot open kyc file' });

  // a payment to the user is refused before the onboarding
  const target = derived.address[0]!;
  const before = await payment(authority, target);
  assert.deepEqual(await authority.error('sendrawtransaction', [before]), { code: -26, message: '64: non-whitelisted-address' });

  // B.8.3: onboarding — a zero-fee whitelist-asset transaction, then every address is whitelisted everywhere
  const wlBal = await authority.call<number>('getbalance', ['*', 1, false, 'WHITELIST']);
  writeFileSync(file, readFileSync(file, 'utf8') + '\n \n\f\n');
  const txid = await authority.call<string>('onboarduser', [file]);
  const tx = await authority.call<{ vout: { value: number; scriptPubKey: { type: string } }[] }>('getrawtransaction', [txid, 1]);
  assert.deepEqual(tx.vout.map((o) => o.scriptPubKey.type).sort(), ['pubkeyhash', 'registeraddress_v1']);
  await mine(authority, [user]);
  for (const n of both) for (const a of derived.address) assert.equal(await n.call('querywhitelist', [a]), true, a);
  for (const n of both) assert.equal(await n.call('querywhitelist', [stranger]), false);
  assert.equal((await authority.call<{ iswhitelisted: boolean }>('validatekycfile', [file])).iswhitelisted, true);
  assert.equal(await authority.call('getbalance', ['*', 1, false, 'WHITELIST']), wlBal, 'no fee');
  // the next address of the user's pool was in the file
  const next = await user.call<string>('getnewaddress');
  assert.equal(await authority.call('querywhitelist', [next]), true);
  // and a payment to the user now enters the mempool
  const paid = await authority.call<string>('sendrawtransaction', [await payment(authority, target)]);
  assert.ok((await mempool(authority)).includes(paid));
  await mine(authority, [user]);

  // B.8.4: dumps equal across nodes
  const dumps = await Promise.all(
    both.map(async (n, i) => {
      const f = join(tmp, `wl${i}`);
      await n.call('dumpwhitelist', [f]);
      return readFileSync(f, 'utf8');
    }),
  );
  assert.equal(dumps[0], dumps[1]);

  // B.8.5: blacklisting removes the file's addresses
  await authority.call('blacklistuser', [file]);
  await mine(authority, [user]);
  for (const n of both) for (const a of derived.address) assert.equal(await n.call('querywhitelist', [a]), false, a);

  // B.8.6 / B.9: the encrypted-only RPCs refuse on the unencrypted list
  for (const [m, p] of [
    ['sendaddtowhitelisttx', [1]],
    ['sendaddmultitowhitelisttx', [target, [derived.bpubkey[0]], 1]],
    ['getkycpubkey', []],
  ] as const) {
    assert.deepEqual(await user.error(m, [...p]), { code: -1, message: 'Not implemented for unencrypted whitelist' }, m);
  }
  assert.deepEqual(await authority.error('blacklistkycpubkey', [kycLines[0]!.split(' ')[1]!]), { code: -1, message: 'not implemented for unencrypted whitelist' });

  // B.7.2: removekycpubkey spends a registration; the count drops after a block
  const kyc = kycLines[0]!.split(' ')[1]!;
  const removal = await authority.call<string>('removekycpubkey', [kyc]);
  assert.ok((await mempool(authority)).includes(removal));
  await mine(authority, [user]);
  for (const n of both) assert.equal(await n.call('getnunassignedkycpubkeys'), 6);
  assert.deepEqual(await authority.error('removekycpubkey', [kyc]), { code: -8, message: 'Could not find kycpubkey registration transaction hash' });
  // whitelistkycpubkeys returns 64 (the txid's length)
  const extra = kycLines[1]!.split(' ')[1]!;
  assert.equal(await authority.call('whitelistkycpubkeys', [[extra]]), 64);
  assert.deepEqual(await user.error('whitelistkycpubkeys', [[extra]]), { code: -4, message: 'Error: wallet has no spendable whitelist asset.' });

  // B.7.3 / B.7.4: a node on the old wallet copy holds none of the KYC private keys; it recovers one,
  // then all with -recoverwhitelistkeys, and keeps them across a restart
  const copy = await startNode(t, chain, args, (dir) => {
    mkdirSync(join(dir, 'ocean_test'), { recursive: true });
    copyFileSync(walletCopy, join(dir, 'ocean_test', 'wallet.dat'));
  });
  const tip = await authority.call<number>('getblockcount');
  for (let h = 1; h <= tip; h++) assert.equal(await copy.call('submitblock', [await authority.call('getblock', [await authority.call('getblockhash', [h]), false])]), null);
  const kycDumpOf = async (n: Node): Promise<string[]> => {
    const f = join(tmp, `kyc-${n.port}-${Math.random()}`);
    await n.call('dumpkycpubkeys', [f]);
    return readFileSync(f, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  };
  const held = async (n: Node) => (await kycDumpOf(n)).map((l) => l.endsWith(' 1'));
  assert.equal(await copy.call('getnunassignedkycpubkeys'), 6);
  assert.deepEqual(await held(copy), [false, false, false, false, false, false]);
  // the earliest key of the encryption chain still unassigned (recovering it recovers no other one)
  let someKey: string[] | undefined;
  let first = Infinity;
  for (const l of await kycDumpOf(authority)) {
    const [a, k] = l.split(' ');
    const path = (await authority.call<{ hdkeypath?: string }>('validateaddress', [a])).hdkeypath ?? '';
    const m = /^m\/0'\/2'\/(\d+)'$/.exec(path);
    assert.ok(m, `the authority's KYC keys come from m/0'/2'/k' (${path})`);
    if (Number(m[1]) < first) [first, someKey] = [Number(m[1]), [a!, k!]];
  }
  assert.ok(someKey);
  assert.equal((await copy.call<{ ismine: boolean }>('validateaddress', [someKey[0]])).ismine, false);
  assert.equal(await copy.call('recoverencryptionkey', [someKey[1], 100]), true);
  assert.equal((await copy.call<{ ismine: boolean }>('validateaddress', [someKey[0]])).ismine, true);
  assert.equal((await held(copy)).filter((x) => x).length, 1);
  await copy.stop();
  await copy.restart(['-recoverwhitelistkeys=1']);
  assert.deepEqual(await held(copy), [true, true, true, true, true, true], '-recoverwhitelistkeys');
  await copy.stop();
  await copy.restart();
  assert.equal(await copy.call('getnunassignedkycpubkeys'), 6, 'rebuilt from the UTXO set');
  assert.deepEqual(await held(copy), [true, true, true, true, true, true], 'recovered keys persist');
  assert.equal(await copy.call('recoverkyckeys'), true);
});

test('encrypted whitelist: ECIES onboarding, the user learns its KYC key and registers more addresses (B.9)', async (t) => {
  const chain = corpusReplayChain('ot-enc');
  const tmp = mkdtempSync(join(tmpdir(), 'kyc-enc-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const args = ['-pkhwhitelist=1', '-pkhwhitelist-encrypt=1'];
  const authority = await startNode(t, chain, args);
  const user = await startNode(t, chain, args);
  const both = [authority, user];
  await authority.call('importprivkey', [keyWif(chain, 'wl'), '', true]);
  await authority.call('importprivkey', [keyWif(chain, 'ifc'), '', true]);
  await mine(authority, [user]);
  assert.equal(await authority.call('topupkycpubkeys', [3]), 3);
  await mine(authority, [user]);
  for (const n of both) assert.equal(await n.call('getnunassignedkycpubkeys'), 3);

  // the user's KYC file (ocean-ts: works on a user node, the original fails — ADR 0037)
  const file = join(tmp, 'user.kyc');
  const userPub = await user.call<string>('dumpkycfile', [file]);
  const derived = await user.call<{ address: string[]; bpubkey: string[] }>('getderivedkeys');
  assert.deepEqual(await user.error('getkycpubkey'), { code: -4, message: 'KYC public key not found' });
  const onboard = await authority.call<string>('onboarduser', [file]);
  const tx = await authority.call<{ vout: { scriptPubKey: { type: string; hex: string } }[] }>('getrawtransaction', [onboard, 1]);
  const ra = tx.vout.find((o) => o.scriptPubKey.type === 'registeraddress_v0')!;
  assert.ok(ra.scriptPubKey.hex.includes(userPub), 'KYC key ‖ user key ‖ hex(ECIES)');
  await mine(authority, [user]);
  for (const n of both) for (const a of derived.address) assert.equal(await n.call('querywhitelist', [a]), true, a);
  const kyc = await user.call<string>('getkycpubkey');
  assert.equal(await authority.call('getkycpubkey', [derived.address[0]]), kyc, 'the authority knows the KYC key of the address');
  assert.equal(await authority.call('getnunassignedkycpubkeys'), 2);

  // fund the user on an onboarded address, then register more addresses (fee in CBT)
  const paid = await authority.call<string>('sendrawtransaction', [await payment(authority, derived.address[0]!)]);
  await mine(authority, [user]);
  assert.ok((await user.call<{ confirmations: number }>('gettransaction', [paid])).confirmations >= 1);
  assert.deepEqual(await user.error('sendaddtowhitelisttx', [0]), { code: -8, message: 'Invalid naddresses' });
  assert.deepEqual(await user.error('sendaddtowhitelisttx', [101]), { code: -8, message: 'Invalid naddresses' });
  assert.deepEqual(await authority.error('sendaddtowhitelisttx', [1]), { code: -8, message: 'KYC public key not whitelisted' });
  for (let i = 0; i < 12; i++) await user.call('getnewaddress'); // pool keys beyond the file
  const wlBefore = (await user.call<{ address: string[] }>('getderivedkeys')).address;
  const fresh: string[] = [];
  for (const a of wlBefore) if (!(await authority.call<boolean>('querywhitelist', [a]))) fresh.push(a);
  assert.ok(fresh.length >= 2);
  const add = await user.call<string>('sendaddtowhitelisttx', [2, 'CBT']);
  assert.ok((await mempool(user)).includes(add));
  await mine(user, [authority]);
  for (const n of both) {
    assert.equal(await n.call('querywhitelist', [fresh[0]]), true);
    assert.equal(await n.call('querywhitelist', [fresh[1]]), true);
  }

  // a P2SH multisig of the user's keys
  const k1 = await user.call<{ pubkey: string; derivedpubkey: string }>('validateaddress', [await user.call('getnewaddress')]);
  const k2 = await user.call<{ pubkey: string; derivedpubkey: string }>('validateaddress', [await user.call('getnewaddress')]);
  // the P2SH of the tweaked keys; the registration carries the untweaked ones
  const ms = await user.call<{ address: string }>('createmultisig', [1, [k1.pubkey, k2.pubkey]]);
  assert.deepEqual(await user.error('sendaddmultitowhitelisttx', [ms.address, [k1.derivedpubkey, k2.derivedpubkey], 0, 'CBT']), {
    code: -8,
    message: "N of multisig can't be less than 1",
  });
  assert.deepEqual(await user.error('sendaddmultitowhitelisttx', [ms.address, [k1.derivedpubkey, k2.derivedpubkey], 16, 'CBT']), {
    code: -8,
    message: "N of multisig can't be larger than 255 (1 byte)",
  });
  const msTx = await user.call<string>('sendaddmultitowhitelisttx', [ms.address, [k1.derivedpubkey, k2.derivedpubkey], 1, 'CBT']);
  assert.ok((await mempool(user)).includes(msTx));
  assert.deepEqual(await user.error('sendaddmultitowhitelisttx', [ms.address, [k1.derivedpubkey, k2.derivedpubkey], 1, 'CBT']), {
    code: -8,
    message: 'This P2SH address is pending or has been whitelisted already',
  });
  await mine(user, [authority]);
  for (const n of both) assert.equal(await n.call('querywhitelist', [ms.address]), true);
});
