import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bitcoinAddressFromScript,
  bitcoinAddressToScript,
  p2pkhAddress,
  p2shAddress,
  p2shScriptForRedeemScript,
  p2wpkhAddress,
  p2wpkhScriptForPubkey,
  p2wshAddress,
} from '../../src/bitcoin/bitcoin-address.js';
import { BCOIN_REGTEST, BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET, bitcoinNetworkFromChain, type BitcoinNetwork } from '../../src/bitcoin/bitcoin-network.js';
import { decodeBitcoinWif, encodeBitcoinWif } from '../../src/bitcoin/bitcoin-wif.js';
import { hash160 } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { DecodeError } from '../../src/encoding/errors.js';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { readJson } from '../support/vectors.js';
import { bcoin } from './bcoin.js';

const secp = loadNativeSecp256k1();

interface AddressVectors {
  p2sh_multisig: { name: string; redeem_script_hex: string; network: string; expected_p2sh_address: string; derived_script_pubkey_hex: string; signer_privkeys_wif?: Record<string, string>; signer_privkeys_wif_in_pubkey_order?: string[]; pubkeys_hex: string[] }[];
  p2wpkh: { privkey_wif: string; expected_p2wpkh_address: string; network: string; pubkey_hex?: string; derived_pubkey_hex?: string }[];
}
interface MainnetVector {
  expected_output_address: string;
  expected_output_script_pubkey_hex: string;
  derived_redeem_script_hex: string;
}

const V = readJson<AddressVectors>('vectors', 'mainstay', 'multisig_and_addresses.json');

describe('bitcoin networks, addresses and WIF', () => {
  test('chain names select the networks (anything else is mainnet)', () => {
    assert.equal(bitcoinNetworkFromChain('regtest'), BITCOIN_REGTEST);
    assert.equal(bitcoinNetworkFromChain('testnet'), BITCOIN_TESTNET);
    assert.equal(bitcoinNetworkFromChain('mainnet'), BITCOIN_MAINNET);
    assert.equal(bitcoinNetworkFromChain('whatever'), BITCOIN_MAINNET);
    assert.equal(bitcoinNetworkFromChain('bcoin-regtest'), BCOIN_REGTEST);
  });

  test('P2SH multisig addresses of the vectors, and their scripts round trip', () => {
    for (const v of V.p2sh_multisig) {
      const net = bitcoinNetworkFromChain(v.network);
      const redeem = fromHex(v.redeem_script_hex);
      assert.equal(p2shAddress(redeem, net), v.expected_p2sh_address, v.name);
      assert.equal(toHex(p2shScriptForRedeemScript(redeem)), v.derived_script_pubkey_hex, v.name);
      assert.equal(bitcoinAddressFromScript(fromHex(v.derived_script_pubkey_hex), net), v.expected_p2sh_address);
      assert.equal(toHex(bitcoinAddressToScript(v.expected_p2sh_address, net)), v.derived_script_pubkey_hex);
      // the signer WIFs belong to the listed pubkeys
      const wifs = v.signer_privkeys_wif_in_pubkey_order?.map((w, k) => [v.pubkeys_hex[k]!, w] as const) ?? Object.entries(v.signer_privkeys_wif ?? {});
      for (const [pub, wif] of wifs) {
        const k = decodeBitcoinWif(wif, net);
        assert.equal(k.compressed, true);
        assert.equal(toHex(secp.publicKeyCreate(k.key, true)), pub);
        assert.equal(encodeBitcoinWif(k.key, true, net), wif);
      }
    }
  });

  test('mainnet staychain output address', () => {
    const v = readJson<MainnetVector>('vectors', 'mainstay', 'staychain_tx_mainnet.json');
    const redeem = fromHex(v.derived_redeem_script_hex);
    assert.equal(p2shAddress(redeem, BITCOIN_MAINNET), v.expected_output_address);
    assert.equal(toHex(bitcoinAddressToScript(v.expected_output_address, BITCOIN_MAINNET)), v.expected_output_script_pubkey_hex);
    assert.throws(() => bitcoinAddressToScript(v.expected_output_address, BITCOIN_REGTEST), DecodeError);
  });

  test('P2WPKH regtest addresses from the vector WIFs', () => {
    for (const v of V.p2wpkh) {
      const k = decodeBitcoinWif(v.privkey_wif, BITCOIN_REGTEST);
      const pub = secp.publicKeyCreate(k.key, true);
      assert.equal(toHex(pub), v.pubkey_hex ?? v.derived_pubkey_hex);
      assert.equal(p2wpkhAddress(pub, BITCOIN_REGTEST), v.expected_p2wpkh_address);
      assert.equal(toHex(bitcoinAddressToScript(v.expected_p2wpkh_address, BITCOIN_REGTEST)), toHex(p2wpkhScriptForPubkey(pub)));
      assert.equal(bitcoinAddressFromScript(p2wpkhScriptForPubkey(pub), BITCOIN_REGTEST), v.expected_p2wpkh_address);
    }
  });

  test('WIF rejects other networks, bad lengths and out-of-range keys', () => {
    const wif = V.p2wpkh[0]!.privkey_wif;
    assert.throws(() => decodeBitcoinWif(wif, BITCOIN_MAINNET), DecodeError);
    assert.throws(() => decodeBitcoinWif(encodeBitcoinWif(new Uint8Array(32), true, BITCOIN_MAINNET), BITCOIN_MAINNET), DecodeError);
    const k = encodeBitcoinWif(new Uint8Array(32).fill(1), false, BITCOIN_MAINNET);
    assert.equal(decodeBitcoinWif(k, BITCOIN_MAINNET).compressed, false);
  });

  test('addresses and WIFs agree with bcoin on every network (bcoin regtest uses its own prefixes)', () => {
    const pairs: [BitcoinNetwork, string][] = [
      [BITCOIN_MAINNET, 'main'],
      [BITCOIN_TESTNET, 'testnet'],
      [BCOIN_REGTEST, 'regtest'],
    ];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp.privateKeyVerify(k)), fc.uint8Array({ minLength: 1, maxLength: 60 }), (key, script) => {
        const pub = secp.publicKeyCreate(key, true);
        for (const [net, name] of pairs) {
          const outputs = [
            [p2pkhAddress(pub, net), fromHex('76a914' + toHex(hash160(pub)) + '88ac')],
            [p2shAddress(script, net), p2shScriptForRedeemScript(script)],
            [p2wpkhAddress(pub, net), p2wpkhScriptForPubkey(pub)],
            [p2wshAddress(script, net), bitcoinAddressToScript(p2wshAddress(script, net), net)],
          ] as const;
          for (const [addr, spk] of outputs) {
            assert.equal(bcoin.Address.fromScript(bcoin.Script.fromRaw(Buffer.from(spk)))!.toString(name), addr);
            assert.equal(toHex(bitcoinAddressToScript(addr, net)), toHex(spk));
          }
          assert.equal(bcoin.KeyRing.fromPrivate(Buffer.from(key), true).toSecret(name), encodeBitcoinWif(key, true, net));
        }
      }),
      { numRuns: 50 },
    );
  });

  test('scripts without an address form', () => {
    assert.equal(bitcoinAddressFromScript(fromHex('51'), BITCOIN_MAINNET), undefined);
    assert.equal(bitcoinAddressFromScript(fromHex('0015' + '00'.repeat(21)), BITCOIN_MAINNET), undefined);
  });
});
