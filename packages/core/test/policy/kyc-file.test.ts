// The KYC file (ocean-policy.md §6.4) and Ocean's ECIES: writer and reader, the 32-'0' padding
// QUIRK, every envelope error, the line checks (tweak, keyid, multisig, contract hash), and the
// ECIES structure of the original's encrypted onboarding payload in the ot-enc corpus chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { addressForDestination, decodeAddress } from '../../src/address/address.js';
import { tweakPublicKey, tweakedMultisigScript } from '../../src/address/contract-tweak.js';
import { CUSTOM_BASE58 } from '../../src/chain/base58-prefixes.js';
import { hash160 } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { fromDisplayHex, fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { ECIES_MAGIC, eciesDecrypt, eciesEncrypt, eciesMessageSize, eciesSenderKey } from '../../src/policy/ecies.js';
import { fromHexText, splitEncryptedOnboardPayload } from '../../src/policy/encrypted-register-payload.js';
import {
  KYC_PLAINTEXT_PRELOAD,
  KycFileError,
  formatKycFile,
  kycAddressCount,
  kycPlaintext,
  kycPlaintextLines,
  parseKycPlaintext,
  readKycEnvelope,
  type KycAddressData,
  type KycParseOptions,
} from '../../src/policy/kyc-file.js';
import { decodeBase64Lenient } from '../../src/script/sign/signed-message.js';
import { solver } from '../../src/script/standard.js';
import { readJson } from '../support/vectors.js';

const secp = loadNativeSecp256k1();
const noble = new NobleSecp256k1();
const randomBytes = (n: number): Uint8Array => Uint8Array.from(nodeRandomBytes(n));
const prefixes = CUSTOM_BASE58;
const chains = readJson<{ chains: { id: string; getcontracthash_0: string; getcontracthash_tip: string }[] }>('vectors', 'ocean-corpus', 'chains.json').chains;
const otKyc = chains.find((c) => c.id === 'ot-kyc')!;
const TWEAK = fromDisplayHex(otKyc.getcontracthash_0);
const TIP_CONTRACT = fromDisplayHex(otKyc.getcontracthash_tip);

function newKey(): { priv: Uint8Array; pub: Uint8Array } {
  const priv = randomBytes(32);
  return { priv, pub: secp.publicKeyCreate(priv, true) };
}

/** A user's tweaked key entries (what dumpkycfile lists). */
function userKeys(n: number, tweak = TWEAK): KycAddressData['keys'] {
  return Array.from({ length: n }, () => {
    const pub = newKey().pub;
    return { keyId: hash160(tweakPublicKey(pub, tweak, secp)), pubkey: pub };
  });
}

const opts = (o: Partial<KycParseOptions> = {}): KycParseOptions => ({ prefixes, secp, tweak: TWEAK, contractHash: TIP_CONTRACT, ...o });

test('ECIES: either party decrypts, the header names the sender, a wrong key or a flipped bit fails', () => {
  const user = newKey();
  const kyc = newKey();
  const plain = new TextEncoder().encode('some kyc file content\n');
  const iv = randomBytes(16);
  const msg = eciesEncrypt(secp, plain, user.priv, kyc.pub, iv);
  assert.deepEqual(msg.subarray(0, 4), ECIES_MAGIC);
  assert.equal(toHex(msg.subarray(0, 4)), '42494531', '"BIE1"');
  assert.deepEqual(eciesSenderKey(msg), user.pub);
  assert.deepEqual(msg.subarray(37, 53), iv);
  assert.equal(msg.length, eciesMessageSize(plain.length));
  // the authority: own KYC key, peer = the header's sender key
  assert.deepEqual(eciesDecrypt(secp, msg, kyc.priv), plain);
  // the user: own key, peer = the onboarding key (the header names the user itself)
  assert.equal(eciesDecrypt(secp, msg, user.priv), undefined);
  assert.deepEqual(eciesDecrypt(secp, msg, user.priv, kyc.pub), plain);
  // the pure-JS backend agrees (independent ECDH implementation)
  assert.deepEqual(eciesDecrypt(noble, msg, kyc.priv), plain);
  assert.deepEqual(eciesDecrypt(secp, eciesEncrypt(noble, plain, user.priv, kyc.pub, iv), kyc.priv), plain);
  assert.equal(eciesDecrypt(secp, msg, newKey().priv), undefined);
  for (const at of [0, 10, 40, 60, msg.length - 1]) {
    const bad = msg.slice();
    bad[at]! ^= 1;
    assert.equal(eciesDecrypt(secp, bad, kyc.priv), undefined, `bit flipped at ${at}`);
  }
  assert.equal(eciesDecrypt(secp, msg.subarray(0, 60), kyc.priv), undefined);
});

test('ECIES matches the spec construction step by step (SHA512 of the ECDH secret, AES-256-CBC, HMAC-SHA256)', () => {
  const a = newKey();
  const b = newKey();
  const iv = randomBytes(16);
  const plain = randomBytes(45);
  // S = SHA256(0x02|0x03 ‖ x) of a·B (libsecp256k1's default ECDH hash; the backends cross-check above)
  const shared = secp.ecdh(b.pub, a.priv);
  const k = createHash('sha512').update(shared).digest();
  const c = createCipheriv('aes-256-cbc', k.subarray(0, 32), iv);
  const body = Buffer.concat([Buffer.from('BIE1'), Buffer.from(a.pub), Buffer.from(iv), c.update(plain), c.final()]);
  const mac = createHmac('sha256', k.subarray(32)).update(body).digest();
  assert.equal(toHex(eciesEncrypt(secp, plain, a.priv, b.pub, iv)), toHex(Buffer.concat([body, mac])));
});

test('ot-enc corpus: the encrypted onboarding payload is KYCpub ‖ userPub ‖ hex(BIE1 message from the KYC key), sized for 50 pairs', () => {
  const txs = readJson<{ transactions: { chain: string; kinds: string[]; decoderawtransaction: { vout: { scriptPubKey: { hex: string } }[] } }[] }>(
    'vectors',
    'ocean-corpus',
    'transactions.json',
  ).transactions;
  const onboard = txs.find((t) => t.chain === 'ot-enc' && t.kinds.includes('onboard-register-encrypted'))!;
  const script = onboard.decoderawtransaction.vout.map((o) => fromHex(o.scriptPubKey.hex)).find((s) => s[0] === 0xb8)!;
  const payload = solver(script).solutions[0]!;
  const parts = splitEncryptedOnboardPayload(payload)!;
  assert.ok(secp.publicKeyVerify(parts.kycPubKey) && secp.publicKeyVerify(parts.userPubKey));
  const msg = parts.message!;
  assert.deepEqual(eciesSenderKey(msg), parts.kycPubKey, 'encrypted by the KYC key');
  const c = msg.length - 4 - 33 - 16 - 32;
  assert.equal(c % 16, 0);
  // node P ran -keypool=50: 50 pairs of keyid ‖ pubkey (53 bytes) = 2650 bytes of plaintext
  assert.equal(msg.length, eciesMessageSize(50 * 53));
  // sendaddmultitowhitelisttx: the whole push is hex text of a message from the funding input's key
  const add = txs.find((t) => t.chain === 'ot-enc' && t.kinds.includes('sendaddmultitowhitelisttx'))!;
  const addScript = add.decoderawtransaction.vout.map((o) => fromHex(o.scriptPubKey.hex)).find((s) => s[0] === 0xb8)!;
  const addMsg = fromHexText(solver(addScript).solutions[0]!)!;
  assert.equal(toHex(addMsg.subarray(0, 4)), '42494531');
  assert.ok(secp.publicKeyVerify(eciesSenderKey(addMsg)!));
});

test('KYC file: written and read back; the authority and the user both decrypt it', () => {
  const user = newKey();
  const kyc = newKey();
  const data: KycAddressData = { keys: userKeys(3), bare: [], multisig: [] };
  const lines = kycPlaintextLines(data, prefixes, TIP_CONTRACT);
  assert.equal(lines[0], `contracthash: ${toDisplayHex(TIP_CONTRACT)}`);
  assert.equal(lines.length, 4);
  const plain = kycPlaintext(lines);
  const header = ['# Derived key dump created by Bitcoin v', '# * Created on 2020-01-01T00:00:00Z', '# * Best block at time of backup was 5 (ab),', '#   mined on 2020-01-01T00:00:00Z'];
  const text = formatKycFile({ headerLines: header, onboardPubKey: kyc.pub, userPubKey: user.pub, ciphertext: eciesEncrypt(secp, plain, user.priv, kyc.pub, randomBytes(16)) });
  const fileLines = text.split('\n');
  assert.deepEqual(fileLines.slice(0, 5), [...header, '']);
  const [onboardHex, userHex, n] = fileLines[5]!.split(' ');
  assert.equal(onboardHex, toHex(kyc.pub));
  assert.equal(userHex, toHex(user.pub));
  assert.equal(Number(n), fileLines[6]!.length);
  assert.equal(fileLines[7], '# End of dump');

  const env = readKycEnvelope(text, secp);
  assert.deepEqual(env.leadingLines, [...header, '']);
  assert.deepEqual(env.trailingLines, ['# End of dump']);
  assert.equal(env.dataError, undefined);
  const msg = decodeBase64Lenient(env.base64!).bytes;
  const byAuthority = eciesDecrypt(secp, msg, kyc.priv)!;
  const byUser = eciesDecrypt(secp, msg, user.priv, env.onboardPubKey)!;
  assert.deepEqual(byAuthority, plain);
  assert.deepEqual(byUser, plain);
  const content = parseKycPlaintext(byAuthority, opts());
  assert.deepEqual(content.errors, []);
  assert.deepEqual(content.contractHash, TIP_CONTRACT);
  assert.deepEqual(content.keys, data.keys);
  assert.equal(kycAddressCount(content), 3);
  assert.deepEqual(content.echo, lines);
});

test('KYC file envelope: data wrapped over lines, trailing blank / form-feed lines tolerated, every error text', () => {
  const a = newKey().pub;
  const b = newKey().pub;
  const meta = (n: number | string) => `${toHex(a)} ${toHex(b)} ${n}`;
  const wrapped = `# c\n\n${meta(12)}\nabcd\n  efgh  \nijkl\n\n \n\f\n# End of dump\n\n`;
  const env = readKycEnvelope(wrapped, secp);
  assert.equal(env.base64, 'abcdefghijkl');
  assert.deepEqual(env.trailingLines, ['', '# End of dump', '']);
  assert.equal(readKycEnvelope(`${meta(12)}\nabcdefghijklm\n`, secp).dataError, 'read: invalid KYC file: encrypted data stream too long');
  assert.equal(readKycEnvelope(`${meta(12)}\nabcd\n`, secp).dataError, 'read: invalid KYC file: encrypted data stream too short');
  assert.equal(readKycEnvelope(`${meta(0)}\n`, secp).dataError, 'read: invalid KYC file: encrypted data stream too short');
  const err = (text: string, message: string) => assert.throws(() => readKycEnvelope(text, secp), (e: unknown) => e instanceof KycFileError && e.message === message);
  err('# only comments\n', 'read: invalid KYC file');
  err(`${toHex(a)} ${toHex(b)}\n`, 'read: invalid KYC file');
  err(`${meta(4)} extra\n`, 'read: invalid KYC file');
  err(`02${'00'.repeat(32)} ${toHex(b)} 4\n`, 'read: invalid kyc pub key in KYC file');
  err(`${toHex(a)} zz 4\n`, 'read: invalid onboard user pub key in kyc file');
  err(`${meta('x')}\n`, 'stoi');
});

test("KYC plaintext: shorter than 32 bytes keeps the writer's '0' padding (QUIRK), which reads as an invalid line", () => {
  assert.equal(new TextDecoder().decode(kycPlaintext([])), '0'.repeat(KYC_PLAINTEXT_PRELOAD));
  assert.equal(new TextDecoder().decode(kycPlaintext(['abc'])), `abc\n${'0'.repeat(28)}`);
  const long = ['x'.repeat(40)];
  assert.equal(new TextDecoder().decode(kycPlaintext(long)), `${'x'.repeat(40)}\n`);
  const c = parseKycPlaintext(kycPlaintext([]), opts());
  assert.equal(c.errors.length, 1);
  assert.equal(kycAddressCount(c), 0);
});

test('KYC plaintext lines: pairs, bare addresses and multisig are checked against the contract tweak', () => {
  const [good] = userKeys(1);
  const goodLine = `${addressForDestination({ type: 'keyhash', hash: good!.keyId }, prefixes)} ${toHex(good!.pubkey)}`;
  const untweaked = newKey().pub;
  const untweakedLine = `${addressForDestination({ type: 'keyhash', hash: hash160(untweaked) }, prefixes)} ${toHex(untweaked)}`;
  const msKeys = [newKey().pub, newKey().pub, newKey().pub];
  const msId = hash160(tweakedMultisigScript(2, msKeys, TWEAK, secp));
  const msAddr = addressForDestination({ type: 'scripthash', hash: msId }, prefixes);
  const msLine = `2 ${msAddr} ${msKeys.map(toHex).join(' ')}`;
  const text = [
    '# a comment',
    `contracthash: ${toDisplayHex(TIP_CONTRACT)}`,
    goodLine,
    untweakedLine,
    msLine,
    `4 ${msAddr} ${msKeys.map(toHex).join(' ')}`,
    `0 ${msAddr} ${msKeys.map(toHex).join(' ')}`,
    `2 ${msAddr} ${msKeys.slice(0, 2).map(toHex).join(' ')} 02${'11'.repeat(32)}`,
    `1 ${msAddr} ${msKeys.map(toHex).join(' ')}`,
    `${msAddr} ${toHex(good!.pubkey)}`,
    `${addressForDestination({ type: 'keyhash', hash: good!.keyId }, prefixes)} 02abcd`,
    'notanaddress 02abcd',
    addressForDestination({ type: 'keyhash', hash: good!.keyId }, prefixes),
    '',
  ].join('\n');
  const c = parseKycPlaintext(new TextEncoder().encode(text), opts());
  assert.deepEqual(c.keys, [good]);
  assert.deepEqual(c.multisig, [{ m: 2, scriptId: msId, pubkeys: msKeys }]);
  assert.deepEqual(c.bare, []);
  assert.deepEqual(c.errors, [
    `${untweakedLine}: invalid key tweaking`,
    `4 ${msAddr} ${msKeys.map(toHex).join(' ')}: invalid nmultisig size`,
    `0 ${msAddr} ${msKeys.map(toHex).join(' ')}: invalid nmultisig size`,
    `2 ${msAddr} ${msKeys.slice(0, 2).map(toHex).join(' ')} 02${'11'.repeat(32)}: invalid public key`,
    `1 ${msAddr} ${msKeys.map(toHex).join(' ')}: invalid key tweaking`,
    `${msAddr} ${toHex(good!.pubkey)}: invalid keyid`,
    `${addressForDestination({ type: 'keyhash', hash: good!.keyId }, prefixes)} 02abcd: invalid public key`,
    'notanaddress 02abcd: invalid base58check address',
    `${addressForDestination({ type: 'keyhash', hash: good!.keyId }, prefixes)}: invalid key tweaking`,
  ]);
  assert.equal(c.echo[0], '# a comment');
  assert.equal(c.echo.length, 13, "every line echoed (the final newline ends the last one)");

  // a wrong contract hash line
  const wrong = parseKycPlaintext(new TextEncoder().encode(`contracthash: ${toDisplayHex(TWEAK)}\n${goodLine}\n`), opts());
  assert.deepEqual(wrong.errors, [`contracthash: ${toDisplayHex(TWEAK)}: incorrect contract hash - expected ${toDisplayHex(TIP_CONTRACT)}`]);

  // without a tweak (contract-in-tx): bare addresses are fine, pairs must hash directly
  const zero = new Uint8Array(32);
  const bareP2sh = addressForDestination({ type: 'scripthash', hash: msId }, prefixes);
  const c2 = parseKycPlaintext(new TextEncoder().encode(`${bareP2sh}\n${untweakedLine}\n${goodLine}\n`), opts({ tweak: zero, contractHash: undefined }));
  assert.deepEqual(c2.bare, [{ type: 'scripthash', hash: msId }]);
  assert.deepEqual(c2.keys, [{ keyId: hash160(untweaked), pubkey: untweaked }]);
  assert.deepEqual(c2.errors, [`${goodLine}: invalid key tweaking`]);
  assert.deepEqual(decodeAddress(bareP2sh, prefixes).hash, msId);
});
