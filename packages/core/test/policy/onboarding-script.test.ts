// Onboarding scripts built from KYC-file addresses (ocean-policy.md §5.4, §6.5, §6.6): the
// original's onboarding and blacklisting outputs in the ot-kyc corpus chain are rebuilt byte for
// byte from the addresses they carry; entry order, versions, contract-in-tx bare entries, and the
// encrypted variants decrypt to the v0 payload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { tweakPublicKey, tweakedMultisigScript } from '../../src/address/contract-tweak.js';
import { hash160 } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { fromDisplayHex, fromHex, toHex } from '../../src/encoding/hex.js';
import { eciesDecrypt, eciesSenderKey } from '../../src/policy/ecies.js';
import { fromHexText, parseEncryptedPlaintext, splitEncryptedOnboardPayload } from '../../src/policy/encrypted-register-payload.js';
import type { KycAddressData } from '../../src/policy/kyc-file.js';
import { encryptedAddAddressesScript, encryptedOnboardingScript, onboardingEntries, plainOnboardingScript } from '../../src/policy/onboarding-script.js';
import { parseRegisterPayload, writeRegisterPayload, type RegisterPayloadRules } from '../../src/policy/register-address-payload.js';
import { solver } from '../../src/script/standard.js';
import { readJson } from '../support/vectors.js';

const secp = loadNativeSecp256k1();
const randomBytes = (n: number): Uint8Array => Uint8Array.from(nodeRandomBytes(n));
const chains = readJson<{ chains: { id: string; getcontracthash_0: string }[] }>('vectors', 'ocean-corpus', 'chains.json').chains;
const TWEAK = fromDisplayHex(chains.find((c) => c.id === 'ot-kyc')!.getcontracthash_0);
const rules: RegisterPayloadRules = { secp, contractInTx: false, contractHash: TWEAK };
const txs = readJson<{ transactions: { chain: string; txid: string; kinds: string[]; decoderawtransaction: { vout: { scriptPubKey: { hex: string } }[] } }[] }>(
  'vectors',
  'ocean-corpus',
  'transactions.json',
).transactions;

/** The KYC-file addresses an onboarding payload carries. */
function dataOf(payload: Uint8Array, version: 0 | 1): KycAddressData {
  const entries = parseRegisterPayload(payload, version, rules)!;
  return {
    keys: entries.flatMap((e) => (e.kind === 'derived' ? [{ keyId: e.keyId, pubkey: e.pubkey }] : [])),
    bare: [],
    multisig: entries.flatMap((e) => (e.kind === 'multisig' ? [{ m: e.m, scriptId: e.scriptId, pubkeys: e.pubkeys }] : [])),
  };
}

test('ot-kyc: every onboarding and blacklisting script is rebuilt byte for byte from its addresses', () => {
  let n = 0;
  for (const tx of txs.filter((t) => t.chain === 'ot-kyc' && t.kinds.some((k) => k.startsWith('onboard-')))) {
    for (const o of tx.decoderawtransaction.vout) {
      const script = fromHex(o.scriptPubKey.hex);
      const s = solver(script);
      if (!s.type.includes('registeraddress')) continue;
      const version = s.type.endsWith('_v1') ? 1 : 0;
      const deregister = s.type.startsWith('deregister');
      const data = dataOf(s.solutions[0]!, version);
      assert.equal(toHex(plainOnboardingScript(data, version, false, deregister)!), toHex(script), `${tx.kinds[0]} ${tx.txid}`);
      n++;
    }
  }
  assert.equal(n, 7);
});

test('entry order: multisig entries, then key pairs, then bare addresses; v1 with contract-in-tx writes bare entries', () => {
  const pub = secp.publicKeyCreate(randomBytes(32), true);
  const keyId = hash160(tweakPublicKey(pub, TWEAK, secp));
  const msKeys = [secp.publicKeyCreate(randomBytes(32), true), secp.publicKeyCreate(randomBytes(32), true)];
  const scriptId = hash160(tweakedMultisigScript(1, msKeys, TWEAK, secp));
  const bareId = randomBytes(20);
  const data: KycAddressData = { keys: [{ keyId, pubkey: pub }], bare: [], multisig: [{ m: 1, scriptId, pubkeys: msKeys }] };
  assert.deepEqual(
    onboardingEntries(data, 1, false)!.map((e) => e.kind),
    ['multisig', 'derived'],
  );
  const script = plainOnboardingScript(data, 1, false)!;
  assert.deepEqual(script.subarray(0, 2), Uint8Array.of(0xb8, 0x51));
  assert.deepEqual(parseRegisterPayload(solver(script).solutions[0]!, 1, rules), onboardingEntries(data, 1, false));
  assert.equal(plainOnboardingScript(data, 0, false)![1], 0x4c, 'v0: no OP_1, a PUSHDATA1 of the payload');
  assert.equal(plainOnboardingScript(data, 1, false, true)![0], 0xb6, 'blacklisting uses OP_DEREGISTERADDRESS');

  const withBare: KycAddressData = { ...data, bare: [{ type: 'keyhash', hash: bareId }] };
  assert.deepEqual(
    onboardingEntries(withBare, 1, true),
    [
      { kind: 'p2sh', scriptId },
      { kind: 'p2pkh', keyId },
      { kind: 'p2pkh', keyId: bareId },
    ],
  );
  assert.equal(onboardingEntries(withBare, 0, true), undefined, 'a v0 payload cannot carry bare addresses');
  assert.equal(plainOnboardingScript(withBare, 0, true), undefined);
  // an empty file still gives a script (with an empty payload), as the original's read-back check does
  assert.deepEqual(plainOnboardingScript({ keys: [], bare: [], multisig: [] }, 1, false), Uint8Array.of(0xb8, 0x51, 0x00));
});

test('encrypted onboarding: KYC key ‖ user key ‖ hex(ECIES v0 payload) that both the authority and the user decrypt', () => {
  const kycPriv = randomBytes(32);
  const kycPub = secp.publicKeyCreate(kycPriv, true);
  const userPriv = randomBytes(32);
  const userPub = secp.publicKeyCreate(userPriv, true);
  const keys = Array.from({ length: 3 }, () => {
    const pub = secp.publicKeyCreate(randomBytes(32), true);
    return { keyId: hash160(tweakPublicKey(pub, TWEAK, secp)), pubkey: pub };
  });
  const data: KycAddressData = { keys, bare: [], multisig: [] };
  const script = encryptedOnboardingScript(secp, data, { kycPrivateKey: kycPriv, kycPubKey: kycPub, userPubKey: userPub, iv: randomBytes(16) }, false)!;
  const s = solver(script);
  assert.equal(s.type, 'registeraddress_v0');
  const parts = splitEncryptedOnboardPayload(s.solutions[0]!)!;
  assert.deepEqual(parts.kycPubKey, kycPub);
  assert.deepEqual(parts.userPubKey, userPub);
  assert.deepEqual(eciesSenderKey(parts.message!), kycPub);
  const v0 = writeRegisterPayload(onboardingEntries(data, 0, false)!, 0);
  assert.deepEqual(eciesDecrypt(secp, parts.message!, kycPriv, userPub), v0);
  assert.deepEqual(eciesDecrypt(secp, parts.message!, userPriv), v0);
  assert.deepEqual(parseEncryptedPlaintext(v0, rules), onboardingEntries(data, 0, false));

  // an onboarded user's further addresses: hex text only, from a funding input's key to the KYC key
  const inputPriv = randomBytes(32);
  const add = encryptedAddAddressesScript(secp, onboardingEntries(data, 0, false)!, inputPriv, kycPub, randomBytes(16));
  const msg = fromHexText(solver(add).solutions[0]!)!;
  assert.deepEqual(eciesSenderKey(msg), secp.publicKeyCreate(inputPriv, true));
  assert.deepEqual(eciesDecrypt(secp, msg, kycPriv), v0, 'the authority decrypts with the header sender key');
});
