// Util RPCs: signmessagewithprivkey / verifymessage (asset-mapping signature vectors, round trips,
// Core's errors), createblindedaddress (every confidential address of the corpus), setmocktime,
// echo / echojson and getmemoryinfo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addressForDestination, encodeWif, fromHex, hash160, loadNativeSecp256k1, writeJson, type JsonValue } from '@ocean-ts/core';
import type { NodeRpcContext } from '../../../src/rpc/methods/context.js';
import { signMessageWithPrivKey, verifyMessage } from '../../../src/rpc/methods/util-message.js';
import { createBlindedAddress } from '../../../src/rpc/methods/util-blinded-address.js';
import { setMockTime, utilTestingMethods } from '../../../src/rpc/methods/util-testing.js';
import { corpusChain } from '../../chain/support/corpus.js';
import { args, callContext, expectRpcError } from './support/method-calls.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');
const readShared = (...p: string[]) => JSON.parse(readFileSync(join(SHARED, 'vectors', ...p), 'utf8')) as unknown;
const secp = loadNativeSecp256k1();
const params = corpusChain('rt-policy').params;
let mock: number | undefined;
const ctx = { params, secp, setMockTime: (t: number) => (mock = t) } as unknown as NodeRpcContext;

const vectors = readShared('asset-mapping', 'derived', 'signature_vectors.json') as {
  derived_signing: { privkeys: Record<string, string>; canonical_message: string; expected_sigs: Record<string, string> };
};

test('signmessagewithprivkey reproduces the asset-mapping signatures (uncompressed WIF)', () => {
  const d = vectors.derived_signing;
  for (const n of ['1', '2']) {
    const w = encodeWif(fromHex(d.privkeys[n]!), false, params.base58);
    assert.equal(signMessageWithPrivKey(ctx, args(w, d.canonical_message)), d.expected_sigs[n]);
  }
});

test('verifymessage accepts exactly the signer\'s P2PKH address and message', () => {
  const key = fromHex(vectors.derived_signing.privkeys['3']!);
  for (const compressed of [true, false]) {
    const addr = addressForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(key, compressed)) }, params.base58);
    const otherForm = addressForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(key, !compressed)) }, params.base58);
    const sig = signMessageWithPrivKey(ctx, args(encodeWif(key, compressed, params.base58), 'Ocean ✓'));
    assert.equal(verifyMessage(ctx, args(addr, sig, 'Ocean ✓')), true);
    assert.equal(verifyMessage(ctx, args(addr, sig, 'Ocean')), false);
    assert.equal(verifyMessage(ctx, args(otherForm, sig, 'Ocean ✓')), false);
    // Trailing non-base64 text is ignored by Core's decoder.
    assert.equal(verifyMessage(ctx, args(addr, `${sig} trailing`, 'Ocean ✓')), true);
  }
  // A signature of the wrong length recovers nothing.
  const addr = addressForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(key, true)) }, params.base58);
  assert.equal(verifyMessage(ctx, args(addr, 'AAAA', 'x')), false);
});

test('message RPC errors', () => {
  const p2sh = addressForDestination({ type: 'scripthash', hash: new Uint8Array(20) }, params.base58);
  const p2pkh = addressForDestination({ type: 'keyhash', hash: new Uint8Array(20) }, params.base58);
  expectRpcError(() => verifyMessage(ctx, args('nope', 'AAAA', 'm')), -3, 'Invalid address');
  expectRpcError(() => verifyMessage(ctx, args(p2sh, 'AAAA', 'm')), -3, 'Address does not refer to key');
  expectRpcError(() => verifyMessage(ctx, args(p2pkh, 'AAAAA', 'm')), -5, 'Malformed base64 encoding');
  expectRpcError(() => verifyMessage(ctx, args(p2pkh, 1, 'm')), -1, 'JSON value is not a string as expected');
  expectRpcError(() => signMessageWithPrivKey(ctx, args('nope', 'm')), -5, 'Invalid private key');
  expectRpcError(() => signMessageWithPrivKey(ctx, args(encodeWif(new Uint8Array(32).fill(0xff), true, params.base58), 'm')), -5, 'Private key outside allowed range');
});

test('createblindedaddress reproduces every confidential address of the corpus', () => {
  const addresses = (readShared('ocean-corpus', 'addresses.json') as { addresses: { chain: string; validateaddress_owner?: { address: string; unconfidential: string; confidential_key: string } }[] }).addresses;
  const ct = corpusChain('rt-ct').params;
  const ctCtx = { params: ct, secp } as unknown as NodeRpcContext;
  let n = 0;
  for (const a of addresses) {
    const v = a.validateaddress_owner;
    if (a.chain !== 'rt-ct' || !v?.confidential_key) continue;
    assert.equal(createBlindedAddress(ctCtx, args(v.unconfidential, v.confidential_key)), v.address);
    // A blinded address cannot be blinded again.
    expectRpcError(() => createBlindedAddress(ctCtx, args(v.address, v.confidential_key)), -5, 'Not an unblinded address');
    n++;
  }
  assert.ok(n >= 10, `${n} confidential addresses`);
  const p2pkh = addressForDestination({ type: 'keyhash', hash: new Uint8Array(20) }, params.base58);
  expectRpcError(() => createBlindedAddress(ctx, args('nope', '02'.repeat(33))), -5, 'Invalid Bitcoin address or script');
  expectRpcError(() => createBlindedAddress(ctx, args(p2pkh, 'xx')), -5, 'Invalid hexadecimal for key');
  expectRpcError(() => createBlindedAddress(ctx, args(p2pkh, '02')), -5, 'Invalid hexadecimal key length, must be length 66.');
});

test('setmocktime: regtest-style chains only, integer seconds, passed to the node clock', () => {
  assert.equal(setMockTime(ctx, args(1_700_000_000)), null);
  assert.equal(mock, 1_700_000_000);
  assert.equal(setMockTime(ctx, args(0)), null);
  assert.equal(mock, 0);
  expectRpcError(() => setMockTime(ctx, args('1')), -3, 'Expected type number, got string');
  expectRpcError(() => setMockTime(ctx, args(1.5)), -1, 'JSON integer out of range');
  const main = { ...ctx, params: { network: { mineBlocksOnDemand: false } } } as unknown as NodeRpcContext;
  expectRpcError(() => setMockTime(main, args(5)), -1, 'setmocktime for regression testing (-regtest mode) only');
});

test('echo / echojson return their arguments; getmemoryinfo reports an empty locked pool', async () => {
  const methods = utilTestingMethods(ctx);
  const byName = (n: string) => methods.find((m) => m.name === n)!;
  const callCtx = callContext('x');
  for (const name of ['echo', 'echojson']) {
    const m = byName(name);
    assert.equal(m.category, 'hidden');
    assert.equal(m.maxArgs, undefined);
    assert.equal(writeJson((await m.handler(args('a', 1, null, { b: [2] }), callCtx)) as JsonValue), '["a",1,null,{"b":[2]}]');
  }
  const mem = byName('getmemoryinfo');
  assert.equal(mem.category, 'control');
  assert.equal(writeJson((await mem.handler([], callCtx)) as JsonValue), '{"locked":{"used":0,"free":0,"total":0,"locked":0,"chunks_used":0,"chunks_free":0}}');
});
