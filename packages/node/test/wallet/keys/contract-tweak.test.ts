import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContractTerms,
  addressForDestination,
  decodeAddress,
  hash160,
  toDisplayHex,
  tweakPublicKey,
  tweakedMultisigScript,
} from '@ocean-ts/core';
import { formatDerivedKeysDump, validateDerivedKeysDump } from '../../../src/wallet/keys/derived-keys-dump.js';
import { BIP32_HARDENED_KEY_LIMIT, deriveChild, derivePath, masterKeyFromSeed } from '../../../src/wallet/keys/bip32.js';
import { PREFIXES, SeededRandom, hex, openTestWallet, secp, unhex } from './support/fixtures.js';
import { readCorpus, type CorpusAddress, type CorpusChain } from './support/corpus.js';

const chains = readCorpus<{ chains: CorpusChain[] }>('chains.json').chains;
const addresses = readCorpus<{ addresses: CorpusAddress[] }>('addresses.json').addresses;

/** The key tweak of a corpus node: the height-0 contract hash unless it runs -contractintx=1 (policy §8.3). */
function nodeTweak(chainId: string, nodeName: string): Uint8Array {
  const chain = chains.find((c) => c.id === chainId)!;
  const node = chain.nodes.find((n) => n.name === nodeName)!;
  const files = node.files ?? {};
  const latest = files['terms-and-conditions/ocean_test/latest.txt'];
  const old1 = files['terms-and-conditions/ocean_test/old1.txt'];
  const terms = new ContractTerms({ latest, old: [old1] });
  if (chain.getcontracthash_0 !== undefined) assert.equal(toDisplayHex(terms.height0Hash), chain.getcontracthash_0);
  const contractInTx = node.argv.includes('-contractintx=1') || node.ocean_conf.includes('contractintx=1');
  return contractInTx ? new Uint8Array(32) : terms.height0Hash;
}

const OT_KYC_TWEAK = (): Uint8Array => nodeTweak('ot-kyc', 'I');

describe('contract tweak (policy §8.3) against the corpus', () => {
  it('every owner entry with pubkey and derivedpubkey: pubkey = tweak(derivedpubkey), address = P2PKH(HASH160(pubkey))', () => {
    let tweaked = 0;
    let untweaked = 0;
    for (const a of addresses) {
      const v = a.validateaddress_owner;
      if (v?.pubkey === undefined || v.derivedpubkey === undefined) continue;
      const tweak = nodeTweak(a.chain, a.owner);
      const derived = unhex(v.derivedpubkey);
      const pub = tweakPublicKey(derived, tweak, secp);
      assert.equal(hex(pub), v.pubkey, `${a.chain} ${a.address}`);
      assert.equal(addressForDestination({ type: 'keyhash', hash: hash160(pub) }, PREFIXES), v.unconfidential ?? a.address);
      assert.equal(v.scriptPubKey, `76a914${hex(hash160(pub))}88ac`);
      if (v.pubkey !== v.derivedpubkey) tweaked++;
      else untweaked++;
    }
    assert.ok(tweaked >= 20, `tweaked entries checked: ${tweaked}`);
    assert.ok(untweaked >= 100, `untweaked entries checked: ${untweaked} (regtest chains, -contractintx=1)`);
  });

  it('a P2SH multisig of tweaked keys is P2SH(multisig(m, tweak(P1)…tweak(Pn)))', () => {
    let checked = 0;
    for (const a of addresses) {
      const v = a.validateaddress_owner;
      if (v?.hex === undefined || v.addresses === undefined || v.sigsrequired === undefined || !a.note.includes('tweaked')) continue;
      const derived = v.addresses.map((addr) => addresses.find((x) => x.address === addr && x.chain === a.chain)?.validateaddress_owner?.derivedpubkey);
      if (derived.some((d) => d === undefined)) continue;
      const script = tweakedMultisigScript(v.sigsrequired, derived.map((d) => unhex(d!)), nodeTweak(a.chain, a.owner), secp);
      assert.equal(hex(script), v.hex);
      assert.equal(addressForDestination({ type: 'scripthash', hash: hash160(script) }, PREFIXES), a.address);
      checked++;
    }
    assert.ok(checked >= 1, `multisig entries checked: ${checked}`);
  });

  it('validatederivedkeys accepts the corpus pairs with the contract hash and rejects them without it', () => {
    const lines = addresses
      .filter((a) => a.chain === 'ot-kyc' && a.validateaddress_owner?.derivedpubkey !== undefined)
      .map((a) => `${a.address} ${a.validateaddress_owner!.derivedpubkey}`);
    assert.ok(lines.length >= 10);
    const text = `# Derived key dump\n\n${lines.join('\n')}\n\n# End of dump\n`;
    assert.equal(validateDerivedKeysDump(text, PREFIXES, OT_KYC_TWEAK(), secp), undefined);
    assert.deepEqual(validateDerivedKeysDump(text, PREFIXES, new Uint8Array(32), secp), {
      code: -32,
      message: 'Invalid key derivation when tweaking key with contract hash',
    });
  });
});

describe('a wallet on a contract chain', () => {
  it('hands out tweaked addresses, remembers the untweaked key and signs with the tweaked private key', async () => {
    const tweak = OT_KYC_TWEAK();
    const { keys } = await openTestWallet({ contractTweak: tweak });
    const r = new SeededRandom('wallet');
    let s: Uint8Array;
    do s = r.bytes(32);
    while (!secp.privateKeyVerify(s));
    const H = BIP32_HARDENED_KEY_LIMIT;
    const child1 = deriveChild(derivePath(masterKeyFromSeed(s, secp), [H, H], secp), H + 1, secp).key;

    const k = await keys.getNewKey();
    assert.equal(k.tweaked, true);
    assert.deepEqual(k.derivedPubkey, secp.publicKeyCreate(child1, true), "the derived pubkey is the HD key m/0'/0'/1'");
    assert.deepEqual(k.pubkey, tweakPublicKey(k.derivedPubkey, tweak, secp));
    assert.notDeepEqual(k.pubkey, k.derivedPubkey);
    assert.deepEqual(k.keyId, hash160(k.pubkey));
    const signing = keys.getKey(k.keyId)!;
    assert.deepEqual(secp.publicKeyCreate(signing.privateKey, true), k.pubkey);
    const msg = new Uint8Array(32).fill(9);
    assert.ok(secp.verify(msg, secp.sign(msg, signing.privateKey).signature, k.pubkey));
    assert.equal(keys.haveKey(hash160(k.derivedPubkey)), false, 'the untweaked key id is not an address of the wallet');
    assert.deepEqual(keys.keyIdForBase(hash160(k.derivedPubkey)), k.keyId);
    assert.equal(keys.isMine(Uint8Array.of(0x76, 0xa9, 0x14, ...k.keyId, 0x88, 0xac)), 'spendable');
  });

  it('the HD seed is never tweaked (derivation needs the seed itself)', async () => {
    const { keys } = await openTestWallet({ contractTweak: OT_KYC_TWEAK() });
    const seed = keys.keyInfo(keys.hdMasterKeyId!)!;
    assert.equal(seed.tweaked, false);
    assert.deepEqual(seed.pubkey, seed.derivedPubkey);
  });

  it('dumpderivedkeys of the pool validates; a changed line does not', async () => {
    const tweak = OT_KYC_TWEAK();
    const { keys } = await openTestWallet({ contractTweak: tweak, keypoolSize: 4 });
    const lines = keys.poolKeys().map((k) => ({ address: addressForDestination({ type: 'keyhash', hash: k.keyId }, PREFIXES), derivedPubkey: k.derivedPubkey }));
    assert.equal(lines.length, 4);
    const header = { clientBuild: 'v2.1.1.1-test', now: 1_800_000_000, bestHeight: 7, bestHash: 'ab'.repeat(32), bestTime: 1_799_999_000 };
    const text = formatDerivedKeysDump(header, lines);
    assert.ok(text.startsWith('# Derived key dump created by Bitcoin v2.1.1.1-test\n# * Created on 2027-01-15T08:00:00Z\n'));
    assert.ok(text.endsWith(`\n\n# End of dump\n`));
    assert.equal(validateDerivedKeysDump(text, PREFIXES, tweak, secp), undefined);
    const swapped = text.replace(hex(lines[0]!.derivedPubkey), hex(lines[1]!.derivedPubkey));
    assert.equal(validateDerivedKeysDump(swapped, PREFIXES, tweak, secp)?.code, -32);
    assert.deepEqual(validateDerivedKeysDump(text.replace(lines[2]!.address, 'notanaddress'), PREFIXES, tweak, secp), { code: -5, message: 'Invalid Bitcoin address' });
    assert.deepEqual(validateDerivedKeysDump(text.replace(hex(lines[2]!.derivedPubkey), `05${'11'.repeat(32)}`), PREFIXES, tweak, secp), {
      code: -5,
      message: 'Invalid public key',
    });
    const p2sh = addressForDestination({ type: 'scripthash', hash: new Uint8Array(20) }, PREFIXES);
    assert.deepEqual(validateDerivedKeysDump(text.replace(lines[3]!.address, p2sh), PREFIXES, tweak, secp), { code: -5, message: 'Invalid key id' });
    assert.equal(decodeAddress(lines[0]!.address, PREFIXES).type, 'keyhash');
  });

  it('a zero contract hash means no tweak', async () => {
    const { keys } = await openTestWallet({ contractTweak: new Uint8Array(32) });
    const k = await keys.getNewKey();
    assert.equal(k.tweaked, false);
    assert.deepEqual(k.pubkey, k.derivedPubkey);
    assert.equal(keys.contractTweak, undefined);
  });
});
