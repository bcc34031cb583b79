// The wallet's KYC RPCs in process (rpc spec §3.3, §3.4): every error they report, on a node with a
// real NodeWallet and the node's whitelist (unencrypted or encrypted), on a chain with a contract
// (keys tweaked, KYC files carry the contract hash). The flows across two real nodes are in
// test/integration/policy-kyc.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ChainParams,
  OptionValues,
  Transaction,
  addressForDestination,
  decodeAddress,
  eciesEncrypt,
  encodeWif,
  formatKycFile,
  hash160,
  kycPlaintext,
  toDisplayHex,
  toHex,
  tweakPublicKey,
} from '@ocean-ts/core';
import { createWhitelist } from '../../../src/policy/whitelist-factory.js';
import type { AddressWhitelist } from '../../../src/policy/whitelist.js';
import { json, secp } from './support/test-node.js';
import { walletTestNode, type WalletTestNode } from './support/wallet-test-node.js';

const TERMS = 'These are the terms and conditions\n';
const params = ChainParams.fromOptionValues(
  OptionValues.fromSources(['-chain=elementsregtest', '-initialfreecoins=2100000000000000', '-policycoins=50000000000000', '-whitelistcoinsdestination=51'], []),
  { terms: { latest: TERMS } },
);

interface KycNode extends WalletTestNode {
  readonly whitelist: AddressWhitelist;
  readonly tmp: string;
}

async function kycNode(t: { after(fn: () => Promise<void> | void): void }, encrypted = false): Promise<KycNode> {
  const wn = await walletTestNode(t, { params });
  const whitelist = createWhitelist(
    { pkhWhitelist: true, pkhWhitelistEncrypt: encrypted, pkhWhitelistScan: false } as Parameters<typeof createWhitelist>[0],
    { params, secp, walletEnabled: true },
  );
  Object.defineProperty(wn.node, 'whitelist', { value: whitelist });
  const tmp = mkdtempSync(join(tmpdir(), 'kyc-rpc-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  return Object.assign(wn, { whitelist, tmp });
}

const key = () => {
  const priv = Uint8Array.from(randomBytes(32));
  return { priv, pub: secp.publicKeyCreate(priv, true) };
};

/** A KYC file from `user` (private key imported into the node's wallet) to `onboard`, with the given plaintext lines. */
async function craftedFile(n: KycNode, lines: string[], onboard = key()): Promise<string> {
  const user = key();
  await n.node.call('importprivkey', [encodeWif(user.priv, true, params.base58), '', false]);
  const msg = eciesEncrypt(secp, kycPlaintext(lines), user.priv, onboard.pub, Uint8Array.from(randomBytes(16)));
  const path = join(n.tmp, `f${Math.random()}`);
  writeFileSync(path, formatKycFile({ headerLines: ['# test'], onboardPubKey: onboard.pub, userPubKey: user.pub, ciphertext: msg }));
  return path;
}

const contractLine = `contracthash: ${toDisplayHex(params.contractHashAt(0))}`;

test('KYC key RPCs: parameters and state errors', async (t) => {
  const n = await kycNode(t);
  const node = n.node;
  assert.deepEqual(await node.callError('topupkycpubkeys', ['5']), { code: -1, message: 'JSON value is not an integer as expected' });
  assert.equal(await node.call('topupkycpubkeys', [json(0)]), 0);
  assert.equal(await node.call('topupkycpubkeys', [json(-3)]), 0);
  const many = Array.from({ length: 101 }, () => toHex(key().pub));
  assert.deepEqual(await node.callError('whitelistkycpubkeys', [json(many)]), { code: -8, message: 'Error: too many keys in input array' });
  assert.deepEqual(await node.callError('whitelistkycpubkeys', [json(['02abcd'])]), { code: -5, message: 'Invalid public key' });
  // the genesis WHITELIST coins pay OP_TRUE: no key to be the admin key
  assert.deepEqual(await node.callError('whitelistkycpubkeys', [json([toHex(key().pub)])]), { code: -4, message: 'Error: wallet has no spendable whitelist asset.' });
  assert.deepEqual(await node.callError('topupkycpubkeys', [json(2)]), { code: -4, message: 'Error: wallet has no spendable whitelist asset.' });

  assert.deepEqual(await node.callError('removekycpubkey', ['nothex']), { code: -5, message: 'Invalid public key' });
  assert.deepEqual(await node.callError('removekycpubkey', [toHex(key().pub)]), { code: -8, message: 'Could not find kycpubkey registration transaction hash' });
  assert.deepEqual(await node.callError('blacklistkycpubkey', [toHex(key().pub)]), { code: -1, message: 'not implemented for unencrypted whitelist' });
  assert.deepEqual(await node.callError('getkycpubkey'), { code: -1, message: 'Not implemented for unencrypted whitelist' });

  assert.deepEqual(await node.callError('recoverencryptionkey', ['02']), { code: -5, message: 'Invalid public key' });
  assert.deepEqual(await node.callError('recoverencryptionkey', [toHex(key().pub), json(0)]), { code: -8, message: 'Invalid parameter maxngen: must be greater than 0' });
  assert.deepEqual(await node.callError('recoverkyckeys', [json(-1)]), { code: -8, message: 'Invalid parameter maxngen: must be greater than 0' });
  const counter = n.wallet.keys.hdEncryptionCounter!;
  assert.equal(await node.call('recoverencryptionkey', [toHex(key().pub), json(5)]), false);
  assert.equal(n.wallet.keys.hdEncryptionCounter, counter + 5, 'five keys derived looking for it');
  assert.equal(await node.call('recoverkyckeys'), true, 'no unassigned keys: nothing missing');
  // a key this wallet's chain derives later is found
  const later = (await n.wallet.keys.newEncryptionKeys(1))[0]!;
  assert.equal(await node.call('recoverencryptionkey', [toHex(later.pubkey), json(1)]), true);
});

test('encrypted whitelist: blacklistkycpubkey / getkycpubkey / sendaddtowhitelisttx errors', async (t) => {
  const n = await kycNode(t, true);
  const node = n.node;
  assert.deepEqual(await node.callError('removekycpubkey', [toHex(key().pub)]), { code: -1, message: 'not implemented for encrypted whitelist' });
  assert.deepEqual(await node.callError('blacklistkycpubkey', [toHex(key().pub)]), { code: -8, message: 'kycpubkey is not whitelisted' });
  assert.deepEqual(await node.callError('getkycpubkey'), { code: -4, message: 'KYC public key not found' });
  assert.deepEqual(await node.callError('getkycpubkey', ['nope']), { code: -5, message: 'Invalid Bitcoin address' });
  const addr = (await node.call('getnewaddress')) as string;
  assert.deepEqual(await node.callError('getkycpubkey', [addr]), { code: -8, message: 'KYC public key not found' });
  assert.deepEqual(await node.callError('sendaddtowhitelisttx', [json(0)]), { code: -8, message: 'Invalid naddresses' });
  assert.deepEqual(await node.callError('sendaddtowhitelisttx', [json(101)]), { code: -8, message: 'Invalid naddresses' });
  assert.deepEqual(await node.callError('sendaddtowhitelisttx', [json(1), 'NOPE']), { code: -4, message: `Unknown label and invalid asset hex: ${'0'.repeat(64)}` });
  assert.deepEqual(await node.callError('sendaddtowhitelisttx', [json(1)]), { code: -8, message: 'KYC public key not whitelisted' });
  const info = (await node.call('validateaddress', [addr])) as { pubkey: string; derivedpubkey: string };
  const ms = (await node.call('createmultisig', [json(1), json([info.pubkey])])) as { address: string };
  const sam = (args: unknown[]) => node.callError('sendaddmultitowhitelisttx', args.map(json));
  assert.deepEqual(await sam(['nope', [info.derivedpubkey], 1]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await sam([ms.address, ['02'], 1]), { code: -5, message: 'Invalid public key' });
  assert.deepEqual(await sam([ms.address, [info.derivedpubkey], 0]), { code: -8, message: "N of multisig can't be less than 1" });
  assert.deepEqual(await sam([ms.address, [info.derivedpubkey], 16]), { code: -8, message: "N of multisig can't be larger than 255 (1 byte)" });
  assert.deepEqual(await sam([ms.address, [info.pubkey], 1]), { code: -8, message: 'add_multisig_whitelist: address does not derive from public keys when tweaked with contract hash' });
  assert.deepEqual(await sam([ms.address, [info.derivedpubkey], 1]), { code: -8, message: 'KYC public key not whitelisted' });
  n.whitelist.addPending({ type: 'scripthash', hash: decodeAddress(ms.address, params.base58).hash });
  assert.deepEqual(await sam([ms.address, [info.derivedpubkey], 1]), { code: -8, message: 'This P2SH address is pending or has been whitelisted already' });
});

test('KYC files: dumpkycfile / createkycfile / readkycfile / validatekycfile round trip and errors', async (t) => {
  const n = await kycNode(t);
  const node = n.node;
  const file = join(n.tmp, 'user.kyc');
  assert.deepEqual(await node.callError('dumpkycfile', [file]), { code: -8, message: 'No unassigned KYC public keys available.' });
  assert.deepEqual(await node.callError('createkycfile', [file, json([]), json([])]), { code: -8, message: 'No unassigned KYC public keys available.' });
  // the authority's KYC key is this wallet's own encryption key (one wallet plays both parts here)
  const kyc = (await n.wallet.keys.newEncryptionKeys(1))[0]!;
  const kycHex = toHex(kyc.pubkey);
  assert.deepEqual(await node.callError('dumpkycfile', [join(n.tmp, 'no', 'such', 'dir'), kycHex]), { code: -8, message: 'Cannot open key dump file' });
  assert.deepEqual(await node.callError('dumpkycfile', [file, '02ab']), { code: -5, message: 'Invalid public key' });
  const userPub = (await node.call('dumpkycfile', [file, kycHex])) as string;
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Derived key dump created by Bitcoin /);
  assert.ok(text.includes(`\n${kycHex} ${userPub} `));
  assert.ok(text.endsWith('\n# End of dump\n'));
  const out = join(n.tmp, 'out.txt');
  assert.equal(await node.call('readkycfile', [file, out]), null);
  const echo = readFileSync(out, 'utf8').split('\n');
  assert.equal(echo[0]!.startsWith('# Derived key dump'), true);
  assert.ok(echo.includes(contractLine));
  const pool = n.wallet.keys.poolKeys();
  for (const k of pool) assert.ok(echo.includes(`${addressForDestination({ type: 'keyhash', hash: k.keyId }, params.base58)} ${toHex(k.derivedPubkey)}`));
  assert.deepEqual(await node.callError('readkycfile', [file, join(n.tmp, 'no', 'out')]), { code: -8, message: 'Cannot open output file' });
  assert.equal((await node.callError('readkycfile', [file])).code, -1, 'exactly two parameters');
  const v = (await node.call('validatekycfile', [file, true])) as { iswhitelisted: boolean; addresses: string[] };
  assert.equal(v.iswhitelisted, false);
  assert.equal(v.addresses.length, pool.length);
  assert.deepEqual(Object.keys((await node.call('validatekycfile', [file])) as object), ['iswhitelisted']);

  // createkycfile: parameter errors
  const addr = (await node.call('getnewaddress')) as string;
  const info = (await node.call('validateaddress', [addr])) as { pubkey: string; derivedpubkey: string };
  const ck = (pl: unknown, ml: unknown) => node.callError('createkycfile', ['', json(pl), json(ml), kycHex]);
  assert.deepEqual(await ck(null, null), { code: -8, message: "Invalid parameters, arguments 2 and 3 can't both be null" });
  assert.deepEqual(await ck([{ pubkey: info.derivedpubkey }], []), { code: -8, message: 'Address missing in pubkeylist' });
  assert.deepEqual(await ck([{ address: 'bad', pubkey: info.derivedpubkey }], []), { code: -8, message: 'Invalid address in pubkeylist: bad' });
  assert.deepEqual(await ck([{ address: addr }], []), { code: -8, message: 'Pubkey missing in pubkeylist' });
  assert.deepEqual(await ck([{ address: addr, pubkey: '02zz' }], []), { code: -8, message: 'Invalid pubkey in pubkeylist: 02zz' });
  assert.deepEqual(await ck([], [{ pubkeys: [info.derivedpubkey] }]), { code: -8, message: 'nmultisig missing in multisiglist' });
  assert.deepEqual(await ck([], [{ nmultisig: 1 }]), { code: -8, message: 'pubkeys missing in multisiglist' });
  assert.deepEqual(await ck([], [{ nmultisig: '1', pubkeys: [info.derivedpubkey] }]), { code: -8, message: 'nmultisig must be an integer' });
  assert.deepEqual(await ck([], [{ nmultisig: 2.1, pubkeys: [info.derivedpubkey] }]), { code: -1, message: 'JSON integer out of range' });
  assert.deepEqual(await ck([], [{ nmultisig: 16, pubkeys: [info.derivedpubkey] }]), { code: -8, message: 'nmultisig must be an integer between 1 and 15' });
  assert.deepEqual(await ck([], [{ nmultisig: 1, pubkeys: ['02'] }]), { code: -8, message: 'Invalid pubkey in multisiglist: 02' });
  assert.deepEqual(await ck([], [{ nmultisig: 2, pubkeys: [info.derivedpubkey] }]), { code: -8, message: 'Invalid address from pubkeys in multisiglist' });

  // createkycfile "" returns the file; its addresses are the pair and the multisig (tweaked P2SH)
  const ms = (await node.call('createmultisig', [json(1), json([info.pubkey])])) as { address: string };
  const r = (await node.call('createkycfile', ['', json([{ address: addr, pubkey: info.derivedpubkey }]), json([{ nmultisig: 1, pubkeys: [info.derivedpubkey] }]), kycHex])) as {
    onboardpubkey: string;
    onboarduserpubkey: string;
    kycfile: string;
  };
  assert.deepEqual(Object.keys(r), ['onboardpubkey', 'onboarduserpubkey', 'kycfile']);
  assert.equal(r.onboardpubkey, kycHex);
  assert.match(r.kycfile, /^# Created KYC file made by Ocean /);
  const created = join(n.tmp, 'created.kyc');
  writeFileSync(created, r.kycfile);
  assert.deepEqual(((await node.call('validatekycfile', [created, true])) as { addresses: string[] }).addresses, [addr, ms.address]);
  const written = (await node.call('createkycfile', [join(n.tmp, 'c2.kyc'), json([{ address: addr, pubkey: info.derivedpubkey }]), null, kycHex])) as object;
  assert.deepEqual(Object.keys(written), ['onboardpubkey', 'onboarduserpubkey']);
  // [] [] is written (its only line is the contract hash) but has no address data
  await node.call('createkycfile', [join(n.tmp, 'empty.kyc'), json([]), json([]), kycHex]);
  assert.deepEqual(await node.callError('validatekycfile', [join(n.tmp, 'empty.kyc')]), { code: -1, message: 'is_valid: no address data in file' });

  // read errors
  assert.deepEqual(await node.callError('validatekycfile', [join(n.tmp, 'missing')]), { code: -1, message: 'read: cannot open kyc file' });
  const bad = join(n.tmp, 'bad.kyc');
  writeFileSync(bad, `# x\n\n${kycHex} ${userPub}\n`);
  assert.deepEqual(await node.callError('validatekycfile', [bad]), { code: -1, message: 'read: invalid KYC file' });
  writeFileSync(bad, `${toHex(key().pub)} ${toHex(key().pub)} 4\nabcd\n`);
  assert.deepEqual(await node.callError('validatekycfile', [bad]), {
    code: -1,
    message: 'read: cannot get onboard private key. Use "syncwhitelistwallet" to generate more encryption keys.',
  });
  writeFileSync(bad, `${kycHex} ${userPub} 8\nabcd\nefghij\n`);
  assert.deepEqual(await node.callError('validatekycfile', [bad]), { code: -1, message: 'read: invalid KYC file: encrypted data stream too long' });
  writeFileSync(bad, `${kycHex} ${userPub} 8\nabcd\n`);
  assert.deepEqual(await node.callError('validatekycfile', [bad]), { code: -1, message: 'read: invalid KYC file: encrypted data stream too short' });
  writeFileSync(bad, `${kycHex} ${userPub} 8\nabcdefgh\n`);
  assert.deepEqual(await node.callError('validatekycfile', [bad]), { code: -1, message: 'read: KYC file decryption failed' });

  // invalid lines: validatekycfile -8, onboarduser -1 with the lines, readkycfile echoes them
  const untweaked = key().pub;
  const badLine = `${addressForDestination({ type: 'keyhash', hash: hash160(untweaked) }, params.base58)} ${toHex(untweaked)}`;
  const invalid = await craftedFile(n, [contractLine, badLine]);
  assert.deepEqual(await node.callError('validatekycfile', [invalid]), { code: -8, message: 'kycfile is invalid' });
  assert.deepEqual(await node.callError('onboarduser', [invalid]), { code: -1, message: `invalid addresses in kycfile: ${badLine}: invalid key tweaking\n` });
  await node.call('readkycfile', [invalid, out]);
  assert.ok(readFileSync(out, 'utf8').includes(`${badLine}: invalid key tweaking\n`));
  // the contract hash line is required when a contract exists
  const good = key().pub;
  const goodLine = `${addressForDestination({ type: 'keyhash', hash: hash160(tweakPublicKey(good, params.keyTweakHash, secp)) }, params.base58)} ${toHex(good)}`;
  assert.deepEqual(await node.callError('onboarduser', [await craftedFile(n, [goodLine, goodLine])]), { code: -1, message: 'getOnboardingScriptno contract hash in kycfile' });
  const ok = await craftedFile(n, [contractLine, goodLine]);
  assert.deepEqual(await node.callError('onboarduser', [ok, json(2)]), { code: -8, message: 'Cannot generate onboarding script' });
  assert.deepEqual(await node.callError('blacklistuser', [join(n.tmp, 'empty.kyc')]), { code: -8, message: 'Cannot generate blacklisting script' });
});

test('onboarduser / blacklistuser send a zero-fee whitelist-asset transaction from the first whitelist coin', async (t) => {
  const n = await kycNode(t);
  const node = n.node;
  const good = key().pub;
  const keyId = hash160(tweakPublicKey(good, params.keyTweakHash, secp));
  const goodLine = `${addressForDestination({ type: 'keyhash', hash: keyId }, params.base58)} ${toHex(good)}`;
  const file = await craftedFile(n, [contractLine, goodLine]);
  const txid = (await node.call('onboarduser', [file])) as string;
  // (this in-process mempool has no policy-asset hooks, so it refuses the zero fee: read the wallet's copy)
  const walletTx = async (id: string) => Transaction.decode(Buffer.from(((await node.call('gettransaction', [id])) as { hex: string }).hex, 'hex'));
  const tx = await walletTx(txid);
  const wl = params.policyAsset('whitelist')!;
  assert.equal(tx.inputs.length, 1);
  assert.equal(tx.outputs.length, 2, 'register output and change, no fee output');
  const ra = tx.outputs.find((o) => o.scriptPubKey[0] === 0xb8)!;
  assert.equal(ra.value.amount, 0n);
  assert.equal(toHex(ra.asset.id), toHex(wl));
  assert.equal(toHex(ra.scriptPubKey), `b85136` + `00${toHex(keyId)}${toHex(good)}`);
  const change = tx.outputs.find((o) => o.scriptPubKey[0] !== 0xb8)!;
  assert.equal(toHex(change.scriptPubKey), '51', 'the change goes back to the coin’s own script');
  assert.equal(change.value.amount, 500_000_000_000n, 'the whole coin: no fee');
  const v0 = (await node.call('onboarduser', [file, json(0)])) as string;
  assert.equal(toHex((await walletTx(v0)).outputs.find((o) => o.scriptPubKey[0] === 0xb8)!.scriptPubKey.subarray(0, 2)), 'b835');
  const bl = (await node.call('blacklistuser', [file])) as string;
  assert.equal(toHex((await walletTx(bl)).outputs.find((o) => o.scriptPubKey[0] === 0xb6)!.scriptPubKey.subarray(0, 2)), 'b651');
});
