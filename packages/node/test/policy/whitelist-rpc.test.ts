// The whitelist RPC handlers against an in-memory list (rpc spec §3.2, §3.3): getnunassignedkycpubkeys
// when neither switch is on, the encrypted list's KYC-key arguments (an unknown KYC key is
// blacklisted, readwhitelist's key is whitelisted first), its messages, and dumpkycpubkeys' file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { JsonNumber, addressForDestination, hash160, loadNativeSecp256k1, toHex, tweakPublicKey, type JsonValue } from '@ocean-ts/core';
import { createWhitelist } from '../../src/policy/whitelist-factory.js';
import type { AddressWhitelist } from '../../src/policy/whitelist.js';
import { policyWhitelistMethods, policyWhitelistWalletMethods } from '../../src/rpc/methods/policy-whitelist.js';
import type { NodeRpcContext } from '../../src/rpc/methods/context.js';
import { RpcError } from '../../src/rpc/server/rpc-error.js';
import type { RpcMethod } from '../../src/rpc/server/rpc-method.js';
import { corpusChainParams } from '../support/corpus-params.js';

const secp = loadNativeSecp256k1();
const params = corpusChainParams('ot-enc');

function methods(whitelist: AddressWhitelist): Map<string, RpcMethod> {
  const ctx = { params, secp, whitelist, wallet: undefined } as unknown as NodeRpcContext;
  return new Map([...policyWhitelistMethods(ctx), ...policyWhitelistWalletMethods(ctx)].map((m) => [m.name, m]));
}

async function run(ms: Map<string, RpcMethod>, name: string, params: JsonValue[]): Promise<JsonValue> {
  return ms.get(name)!.handler(params, { method: name, authUser: '', uri: '/', peer: '', signal: new AbortController().signal });
}

async function fails(ms: Map<string, RpcMethod>, name: string, params: JsonValue[]): Promise<{ code: number; message: string }> {
  try {
    await run(ms, name, params);
  } catch (e) {
    if (e instanceof RpcError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${name} did not fail`);
}

function pair(): { address: string; base: string } {
  const base = secp.publicKeyCreate(Uint8Array.from(randomBytes(32)), true);
  return { address: addressForDestination({ type: 'keyhash', hash: hash160(tweakPublicKey(base, params.keyTweakHash, secp)) }, params.base58), base: toHex(base) };
}

test('getnunassignedkycpubkeys needs -pkhwhitelist or -pkhwhitelist-scan', async () => {
  const off = methods(createWhitelist({ pkhWhitelist: false, pkhWhitelistEncrypt: false, pkhWhitelistScan: false }, { params, secp, walletEnabled: true }));
  assert.deepEqual(await fails(off, 'getnunassignedkycpubkeys', []), { code: -1, message: 'pkhwhitelist and pkhwhitelist-scan are nor enabled\n' });
  // the maintenance RPCs work without the switches
  const p = pair();
  assert.equal(await run(off, 'addtowhitelist', [p.address, p.base]), null);
  assert.equal(await run(off, 'querywhitelist', [p.address]), true);
  const on = methods(createWhitelist({ pkhWhitelist: false, pkhWhitelistEncrypt: true, pkhWhitelistScan: true }, { params, secp, walletEnabled: true }));
  assert.deepEqual(await run(on, 'getnunassignedkycpubkeys', []), JsonNumber.of(0));
});

test('encrypted list: KYC key arguments, messages and readwhitelist', async () => {
  const w = createWhitelist({ pkhWhitelist: true, pkhWhitelistEncrypt: true, pkhWhitelistScan: false }, { params, secp, walletEnabled: true });
  const ms = methods(w);
  const kyc = toHex(secp.publicKeyCreate(Uint8Array.from(randomBytes(32)), true));
  const [a, b, x] = [pair(), pair(), pair()];
  // without a KYC key: whitelisted
  assert.equal(await run(ms, 'addtowhitelist', [a.address, a.base]), null);
  assert.equal(await run(ms, 'querywhitelist', [a.address]), true);
  // under an unknown KYC key: recorded, the key blacklisted, so not whitelisted
  assert.equal(await run(ms, 'addtowhitelist', [b.address, b.base, kyc]), null);
  assert.equal(await run(ms, 'querywhitelist', [b.address]), false);
  assert.equal(w.contains({ type: 'keyhash', hash: hash160(tweakPublicKey(Buffer.from(b.base, 'hex'), params.keyTweakHash, secp)) }), true);
  assert.deepEqual(await fails(ms, 'addtowhitelist', [a.address, b.base]), { code: -8, message: 'add_derived: address does not derive from public key when tweaked with contract hash' });
  assert.deepEqual(await fails(ms, 'addtowhitelist', [a.address, '00']), { code: -8, message: 'add_derived: invalid public key' });
  assert.deepEqual(await fails(ms, 'addtowhitelist', ['x', a.base]), { code: -8, message: 'add_derived: invalid Bitcoin address: x' });
  // readwhitelist with the KYC key: the key is whitelisted first, then every line is added under it
  const dir = mkdtempSync(join(tmpdir(), 'wl-rpc-'));
  try {
    const file = join(dir, 'keys.txt');
    writeFileSync(file, `# Derived key dump\n\n${x.address} ${x.base}\n\n# End of dump\n`);
    assert.equal(await run(ms, 'readwhitelist', [file, kyc]), null);
    assert.equal(await run(ms, 'querywhitelist', [x.address]), true);
    assert.equal(await run(ms, 'querywhitelist', [b.address]), true, 'the same KYC key is white now');
    const dump = join(dir, 'wl.txt');
    await run(ms, 'dumpwhitelist', [dump]);
    const kycAddr = addressForDestination({ type: 'keyhash', hash: hash160(Buffer.from(kyc, 'hex')) }, params.base58);
    const lines = readFileSync(dump, 'utf8').split('\n');
    assert.equal(lines.length, 3 + 4);
    assert.ok(lines.includes(`${x.address} ${kycAddr}`));
    assert.ok(lines.includes(`${a.address} 2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ`), 'no KYC key: the null key id');
    const kycDump = join(dir, 'kyc.txt');
    await run(ms, 'dumpkycpubkeys', [kycDump]);
    assert.equal(readFileSync(kycDump, 'utf8'), '# KYC public key dump - format: [address] [kycPubKey] [ismine]\n\n# End of dump\n');
    await run(ms, 'clearwhitelist', []);
    assert.equal(await run(ms, 'querywhitelist', [x.address]), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
