// Register-address payloads (ocean-policy.md §5.4, §6.5): the v0/v1 reader and writer against the
// original's onboarding transactions in the corpus (ot-kyc: v0, v1, multisig, pubkey list,
// blacklisting; ot-enc: the ECIES-encrypted onboarding and sendaddmultitowhitelisttx), and the
// encrypted payload layout with its lenient plaintext reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { hash160 } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { fromDisplayHex, fromHex, toHex, bytesEqual } from '../../src/encoding/hex.js';
import { solver, TxoutType } from '../../src/script/standard.js';
import { hiddenKeyEntry } from '../../src/policy/policy-list-script.js';
import { tweakPublicKey, tweakedMultisigScript } from '../../src/address/contract-tweak.js';
import { eciesDecrypt, eciesEncrypt, eciesSenderKey } from '../../src/policy/ecies.js';
import {
  parseRegisterPayload,
  registerAddressScript,
  writeRegisterPayload,
  type RegisterEntry,
  type RegisterPayloadRules,
} from '../../src/policy/register-address-payload.js';
import {
  fromHexText,
  hexText,
  parseEncryptedPlaintext,
  splitEncryptedOnboardPayload,
  writeEncryptedOnboardPayload,
} from '../../src/policy/encrypted-register-payload.js';
import { readJson } from '../support/vectors.js';

const secp = loadNativeSecp256k1();
const randomBytes = (n: number): Uint8Array => Uint8Array.from(nodeRandomBytes(n));

interface CorpusTx {
  chain: string;
  txid: string;
  kinds: string[];
  block_height: number;
  decoderawtransaction: { vin: { scriptSig?: { asm: string } }[]; vout: { scriptPubKey: { hex: string; type: string } }[] };
}
const txs = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
const chains = readJson<{ chains: { id: string; getcontracthash_0: string }[] }>('vectors', 'ocean-corpus', 'chains.json').chains;

function rulesOf(chain: string, contractInTx = false): RegisterPayloadRules {
  return { secp, contractInTx, contractHash: fromDisplayHex(chains.find((c) => c.id === chain)!.getcontracthash_0) };
}

/** Every (de)register output of a chain: its script, solver type and payload. */
function registerOutputs(chain: string): { tx: CorpusTx; script: Uint8Array; type: string; payload: Uint8Array }[] {
  const out = [];
  for (const tx of txs.filter((t) => t.chain === chain)) {
    for (const o of tx.decoderawtransaction.vout) {
      const script = fromHex(o.scriptPubKey.hex);
      const s = solver(script);
      if (s.ok && s.type.includes('registeraddress')) out.push({ tx, script, type: s.type, payload: s.solutions[0]! });
    }
  }
  return out;
}

test('ot-kyc onboarding payloads parse with the chain contract tweak and re-encode byte for byte', () => {
  const rules = rulesOf('ot-kyc');
  const outs = registerOutputs('ot-kyc');
  assert.equal(outs.length, 7);
  const expected: Record<string, string> = {
    'onboard-register-v0': 'derived×100',
    'onboard-register-v1': 'derived×100',
    'onboard-register-multisig': 'multisig×1',
    'onboard-register-pubkeylist': 'derived×2',
    'onboard-deregister-blacklistuser': '',
  };
  for (const { tx, script, type, payload } of outs) {
    const version = type.endsWith('_v1') ? 1 : 0;
    const entries = parseRegisterPayload(payload, version, rules);
    assert.ok(entries, `${tx.txid} ${tx.kinds[0]} parses`);
    const kinds = new Set(entries.map((e) => e.kind));
    assert.equal(kinds.size, 1);
    const summary = `${[...kinds][0]}×${entries.length}`;
    const want = expected[tx.kinds[0]!]!;
    if (want !== '') assert.equal(summary, want, tx.kinds[0]);
    assert.equal(toHex(writeRegisterPayload(entries, version)), toHex(payload), 'writer reproduces the payload');
    assert.equal(toHex(registerAddressScript(payload, version, type.startsWith('deregister'))), toHex(script), 'and the script');
  }
  // the blacklisting transactions remove exactly what an earlier onboarding added
  const ids = (p: { payload: Uint8Array; type: string }) =>
    parseRegisterPayload(p.payload, p.type.endsWith('_v1') ? 1 : 0, rules)!
      .map((e) => toHex(e.kind === 'derived' ? e.keyId : new Uint8Array()))
      .sort()
      .join();
  const registered = outs.filter((o) => o.type.startsWith('register')).map(ids);
  for (const d of outs.filter((o) => o.type.startsWith('deregister'))) assert.ok(registered.includes(ids(d)), 'deregistered set was onboarded before');
});

test('payload parsing is all-or-nothing and checks keys, tweaks and entry types', () => {
  const rules = rulesOf('ot-kyc');
  const v1 = registerOutputs('ot-kyc').find((o) => o.tx.kinds.includes('onboard-register-pubkeylist'))!.payload;
  assert.equal(parseRegisterPayload(v1, 1, rules)?.length, 2);
  // a broken tweak in the second entry: nothing at all
  const badTweak = v1.slice();
  badTweak[55] = badTweak[55]! ^ 1;
  assert.equal(parseRegisterPayload(badTweak, 1, rules), undefined);
  // without the contract tweak (a different chain), the same payload does not parse
  assert.equal(parseRegisterPayload(v1, 1, { ...rules, contractHash: new Uint8Array(32) }), undefined);
  // with contract-in-tx the tweak is not checked
  assert.equal(parseRegisterPayload(badTweak, 1, { ...rules, contractInTx: true })?.length, 2);
  // trailing byte, truncation, too short, unknown type byte
  assert.equal(parseRegisterPayload(Uint8Array.of(...v1, 0), 1, rules), undefined);
  assert.equal(parseRegisterPayload(v1.subarray(0, v1.length - 1), 1, rules), undefined);
  assert.equal(parseRegisterPayload(new Uint8Array(19), 1, { ...rules, contractInTx: true }), undefined);
  assert.equal(parseRegisterPayload(Uint8Array.of(4, ...new Uint8Array(20)), 1, { ...rules, contractInTx: true }), undefined);
  // v0 reading of a v1 payload fails (type bytes shift everything)
  assert.equal(parseRegisterPayload(v1, 0, rules), undefined);
  // bare entries: only with contract-in-tx
  const keyId = randomBytes(20);
  const scriptId = randomBytes(20);
  const bare: RegisterEntry[] = [
    { kind: 'p2pkh', keyId },
    { kind: 'p2sh', scriptId },
  ];
  const payload = writeRegisterPayload(bare, 1);
  assert.equal(toHex(payload), `03${toHex(keyId)}02${toHex(scriptId)}`);
  assert.equal(parseRegisterPayload(payload, 1, rules), undefined);
  assert.deepEqual(parseRegisterPayload(payload, 1, { ...rules, contractInTx: true }), bare);
  assert.throws(() => writeRegisterPayload(bare, 0), /v0/);
});

test('v0 multisig entries are tried before derived pairs and need m ≤ n ≤ 15 and the tweak', () => {
  const rules = rulesOf('ot-kyc');
  const keys = [1, 2, 3].map(() => secp.publicKeyCreate(randomBytes(32), true));
  const scriptId = hash160(tweakedMultisigScript(2, keys, rules.contractHash, secp));
  const multi: RegisterEntry = { kind: 'multisig', m: 2, scriptId, pubkeys: keys };
  const pub = secp.publicKeyCreate(randomBytes(32), true);
  const derived: RegisterEntry = { kind: 'derived', keyId: hash160(tweakPublicKey(pub, rules.contractHash, secp)), pubkey: pub };
  for (const version of [0, 1] as const) {
    const p = writeRegisterPayload([multi, derived], version);
    assert.deepEqual(parseRegisterPayload(p, version, rules), [multi, derived]);
  }
  // m > n fails the multisig entry; the bytes then do not read as pairs either
  const bad = writeRegisterPayload([{ ...multi, m: 4 }], 0);
  assert.equal(parseRegisterPayload(bad, 0, rules), undefined);
  assert.equal(parseRegisterPayload(bad, 0, { ...rules, contractInTx: true })?.length, 1);
});

test('ot-enc: the encrypted onboarding carries KYC key, user key and the hex text of an ECIES message from the KYC key', () => {
  const enc = txs.filter((t) => t.chain === 'ot-enc');
  const kycKeys = new Set<string>();
  for (const t of enc.filter((x) => x.kinds.includes('policy-whitelistkycpubkeys-topup'))) {
    for (const o of t.decoderawtransaction.vout) {
      const s = solver(fromHex(o.scriptPubKey.hex));
      if (s.type === TxoutType.MULTISIG && s.solutions.length === 4) kycKeys.add(toHex(hiddenKeyEntry(s.solutions[2]!)));
    }
  }
  assert.equal(kycKeys.size, 5);
  const outs = registerOutputs('ot-enc');
  const onboard = outs.find((o) => o.tx.kinds.includes('onboard-register-encrypted'))!;
  assert.equal(onboard.type, TxoutType.REGISTERADDRESS_V0);
  const split = splitEncryptedOnboardPayload(onboard.payload)!;
  assert.ok(kycKeys.has(toHex(split.kycPubKey)), 'the KYC key is a registered one');
  assert.ok(secp.publicKeyVerify(split.userPubKey));
  assert.ok(split.message);
  assert.equal(toHex(eciesSenderKey(split.message)!), toHex(split.kycPubKey), 'encrypted by the KYC key');
  assert.equal((split.message.length - 4 - 33 - 16 - 32) % 16, 0, 'whole cipher blocks');
  assert.equal(toHex(writeEncryptedOnboardPayload(split.kycPubKey, split.userPubKey, split.message)), toHex(onboard.payload));
  // it is not a plain v0 payload
  assert.equal(parseRegisterPayload(onboard.payload, 0, rulesOf('ot-enc')), undefined);

  // sendaddmultitowhitelisttx: only the hex text, sent by the key of the funding input
  const more = outs.find((o) => o.tx.kinds.includes('sendaddmultitowhitelisttx'))!;
  const message = fromHexText(more.payload)!;
  assert.ok(message);
  assert.equal(toHex(hexText(message)), toHex(more.payload));
  const sender = toHex(eciesSenderKey(message)!);
  const inputKeys = more.tx.decoderawtransaction.vin.map((v) => v.scriptSig?.asm.split(' ')[1]);
  assert.ok(inputKeys.includes(sender), `sender ${sender} signs an input (${inputKeys.join()})`);
});

test('encrypted plaintext: ECIES round trip and the lenient reader that keeps what it read before a bad entry', () => {
  const rules = rulesOf('ot-enc');
  const kyc = randomBytes(32);
  const user = randomBytes(32);
  const pairs: RegisterEntry[] = [1, 2, 3].map(() => {
    const pub = secp.publicKeyCreate(randomBytes(32), true);
    return { kind: 'derived', keyId: hash160(tweakPublicKey(pub, rules.contractHash, secp)), pubkey: pub };
  });
  const keys = [1, 2].map(() => secp.publicKeyCreate(randomBytes(32), true));
  const multi: RegisterEntry = { kind: 'multisig', m: 1, scriptId: hash160(tweakedMultisigScript(1, keys, rules.contractHash, secp)), pubkeys: keys };
  const plain = writeRegisterPayload([multi, ...pairs], 0);
  const msg = eciesEncrypt(secp, plain, kyc, secp.publicKeyCreate(user, true), randomBytes(16));
  const payload = writeEncryptedOnboardPayload(secp.publicKeyCreate(kyc, true), secp.publicKeyCreate(user, true), msg);
  const split = splitEncryptedOnboardPayload(payload)!;
  // the authority (KYC key, peer = user key) and the user (user key, peer = KYC key) both read it
  const byAuthority = eciesDecrypt(secp, split.message!, kyc, split.userPubKey)!;
  const byUser = eciesDecrypt(secp, split.message!, user, split.kycPubKey)!;
  assert.ok(bytesEqual(byAuthority, plain) && bytesEqual(byUser, plain));
  assert.equal(eciesDecrypt(secp, split.message!, randomBytes(32)), undefined);
  assert.deepEqual(parseEncryptedPlaintext(byUser, rules), [multi, ...pairs]);
  // a pair whose address does not derive from its key ends the list there
  const bad = writeRegisterPayload([pairs[0]!, { ...pairs[1]!, keyId: randomBytes(20) } as RegisterEntry, pairs[2]!], 0);
  assert.deepEqual(parseEncryptedPlaintext(bad, rules), [pairs[0]]);
  assert.deepEqual(parseEncryptedPlaintext(bad, { ...rules, contractInTx: true }).length, 3);
});
