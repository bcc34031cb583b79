import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainParams } from '../../src/chain/chain-params.js';
import {
  addressForDestination,
  decodeAddress,
  encodeAddress,
  scriptForAddress,
  unconfidentialAddress,
} from '../../src/address/address.js';
import { tweakPublicKey, validateDerivedKey } from '../../src/address/contract-tweak.js';
import { extractDestination } from '../../src/script/standard.js';
import { hash160 } from '../../src/crypto/hash.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { fromHex, isAllZero, toHex } from '../../src/encoding/hex.js';
import { readJson } from '../support/vectors.js';
import { corpusChains, nodeParams } from '../chain/corpus-support.js';

interface Validate {
  isvalid: boolean;
  address: string;
  scriptPubKey: string;
  confidential_key: string;
  unconfidential: string;
  confidential?: string;
  isscript: boolean;
  pubkey?: string;
  derivedpubkey?: string;
  hex?: string;
  addresses?: string[];
}
interface AddressRecord {
  chain: string;
  address: string;
  note: string;
  owner: string;
  validateaddress_owner?: Validate;
  validateaddress_other_node: string;
  validateaddress_other: Validate;
}

const records = readJson<{ addresses: AddressRecord[] }>('vectors', 'ocean-corpus', 'addresses.json').addresses;
const chains = corpusChains();
const paramsByNode = new Map<string, ChainParams>();
for (const c of chains) for (const n of c.nodes) paramsByNode.set(`${c.id}/${n.name}`, nodeParams(n));
const indexParams = (chain: string) => {
  const c = chains.find((x) => x.id === chain)!;
  return paramsByNode.get(`${chain}/${c.index_node}`)!;
};

const backends: Secp256k1[] = [new NobleSecp256k1()];
try {
  backends.push(loadNativeSecp256k1());
} catch {
  // native addon unavailable here: the noble backend alone checks the tweak
}

test('addresses.json: every address decodes, re-encodes and maps to its scriptPubKey', () => {
  assert.equal(records.length, 270);
  let blinded = 0;
  for (const r of records) {
    const params = indexParams(r.chain);
    const d = decodeAddress(r.address, params.base58);
    assert.equal(encodeAddress(d, params.base58), r.address);
    for (const v of [r.validateaddress_owner, r.validateaddress_other]) {
      if (!v) continue;
      assert.equal(v.isvalid, true);
      assert.equal(toHex(scriptForAddress(d)), v.scriptPubKey, r.address);
      assert.equal(toHex(scriptForAddress(r.address, params.base58)), v.scriptPubKey);
      assert.equal(v.isscript, d.type === 'scripthash', r.address);
      assert.equal(unconfidentialAddress(d, params.base58), v.unconfidential, r.address);
      assert.equal(d.blindingKey ? toHex(d.blindingKey) : '', v.confidential_key, r.address);
      const dest = extractDestination(fromHex(v.scriptPubKey))!;
      assert.equal(addressForDestination(dest, params.base58), v.unconfidential);
      if (d.blindingKey) assert.equal(addressForDestination(dest, params.base58, d.blindingKey), r.address);
    }
    if (d.blindingKey) {
      blinded++;
      assert.equal(d.versionKind, d.type === 'keyhash' ? 'pubkey' : 'script');
      const plain = decodeAddress(r.validateaddress_other.unconfidential, params.base58);
      assert.equal(plain.blindingKey, undefined);
      assert.equal(toHex(plain.hash), toHex(d.hash));
    }
    // the owner's confidential form of an unblinded address
    const conf = r.validateaddress_owner?.confidential;
    if (conf) {
      const c = decodeAddress(conf, params.base58);
      assert.ok(c.blindingKey);
      assert.equal(unconfidentialAddress(c, params.base58), r.validateaddress_owner!.unconfidential);
      assert.equal(addressForDestination(c, params.base58, c.blindingKey), conf);
    }
    // multisig members
    for (const a of r.validateaddress_owner?.addresses ?? []) assert.equal(encodeAddress(decodeAddress(a, params.base58), params.base58), a);
    const hex = r.validateaddress_owner?.hex;
    if (hex && d.type === 'scripthash') assert.equal(toHex(hash160(fromHex(hex))), toHex(d.hash));
  }
  assert.ok(blinded >= 35);
});

test('addresses.json: pubkey = derivedpubkey + t·G with the chain contract hash (owner node settings)', () => {
  let tweaked = 0;
  let untweaked = 0;
  for (const r of records) {
    const v = r.validateaddress_owner;
    if (!v?.pubkey || !v.derivedpubkey) continue;
    const params = paramsByNode.get(`${r.chain}/${r.owner}`)!;
    const d = decodeAddress(r.address, params.base58);
    assert.equal(toHex(hash160(fromHex(v.pubkey))), toHex(d.hash));
    const hash = params.keyTweakHash;
    for (const secp of backends) {
      assert.equal(toHex(tweakPublicKey(fromHex(v.derivedpubkey), hash, secp)), v.pubkey, `${r.chain} ${r.address} (${secp.name})`);
      assert.equal(validateDerivedKey(d, fromHex(v.derivedpubkey), hash, secp), true);
    }
    if (isAllZero(hash)) {
      untweaked++;
      assert.equal(v.pubkey, v.derivedpubkey);
    } else {
      tweaked++;
      assert.notEqual(v.pubkey, v.derivedpubkey);
      assert.equal(toHex(hash), toHex(params.contractHashAt(0)));
      // the wrong (untweaked) key does not validate
      assert.equal(validateDerivedKey(d, fromHex(v.pubkey), hash, backends[0]!), false);
    }
  }
  assert.ok(tweaked >= 30, `tweaked ${tweaked}`);
  assert.ok(untweaked >= 100, `untweaked ${untweaked}`);
});
