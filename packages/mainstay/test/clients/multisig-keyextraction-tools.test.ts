// multisigtool and keyextractiontool as real processes, against the vectors.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BITCOIN_REGTEST, decodeBitcoinWif, fromHex, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { readVector } from '../api/support/api-fixture.js';
import { pubkeyFromDecimalCoordinates } from '../../src/clients/decimal-pubkey.js';
import { runTool } from './support/run-tool.js';

const secp = loadNativeSecp256k1();

interface MultisigVectors {
  p2sh_multisig: { name: string; redeem_script_hex: string; network: string; expected_p2sh_address: string; m: number; n: number; pubkeys_hex: string[] }[];
  pubkey_from_coordinates: { pub_x_decimal: string; pub_y_decimal: string; derived_compressed_pubkey_hex: string }[];
}
interface TweakVectors {
  vectors: { base_privkey_wif: string; chaincode_hex: string; commitment_display_hex: string; derived_tweaked_pubkey_hex: string; derived_tweaked_privkey_hex: string }[];
}
interface MainnetVector {
  base_pubkey_hex: string;
  chaincode_hex: string;
  merkle_root: string;
  expected_output_address: string;
  derived_redeem_script_hex: string;
}

const field = (out: string, name: string): string => {
  const m = new RegExp(`^${name.replace(/[()]/g, '\\$&')}: (.*)$`, 'm').exec(out);
  assert.ok(m, `no "${name}" in:\n${out}`);
  return m[1]!;
};

/** Decimal affine coordinates of a public key. */
function coordinates(pubHex: string): { x: string; y: string } {
  const u = secp.publicKeyConvert(fromHex(pubHex), false);
  return { x: BigInt(`0x${toHex(u.subarray(1, 33))}`).toString(10), y: BigInt(`0x${toHex(u.subarray(33))}`).toString(10) };
}

describe('multisigtool', () => {
  const vectors = readVector<MultisigVectors>('multisig_and_addresses.json');

  for (const v of vectors.p2sh_multisig) {
    it(`reproduces ${v.name} (${v.m}-of-${v.n}, ${v.network})`, async () => {
      const r = await runTool('multisigtool', ['-chain', v.network, '-nKeys', String(v.n), '-nSigs', String(v.m), '-keys', v.pubkeys_hex.join(',')]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(field(r.stdout, `${v.m}-of-${v.n} multisig script`), v.redeem_script_hex);
      assert.equal(field(r.stdout, `${v.m}-of-${v.n} P2SH address`), v.expected_p2sh_address);
      v.pubkeys_hex.forEach((k, i) => assert.equal(field(r.stdout, `pubkey ${i + 1}`), k));
    });
  }

  it('reads -keysX/-keysY as DECIMAL coordinates: the HSM key of the vectors (the original parsed them as hex)', async () => {
    const hsm = vectors.pubkey_from_coordinates[0]!;
    assert.equal(toHex(pubkeyFromDecimalCoordinates(secp, hsm.pub_x_decimal, hsm.pub_y_decimal)), hsm.derived_compressed_pubkey_hex);
    // Hex digits are not decimal: rejected rather than misread.
    assert.throws(() => pubkeyFromDecimalCoordinates(secp, hsm.pub_x_decimal, 'abc'), /decimal/);
    const oneOfTwo = vectors.p2sh_multisig.find((v) => v.name === 'test_go_Script_1of2')!;
    const main = coordinates(oneOfTwo.pubkeys_hex[0]!);
    const r = await runTool('multisigtool', ['-chain', 'regtest', '-nKeys', '2', '-nSigs', '1', '-keysX', `${main.x},${hsm.pub_x_decimal}`, '-keysY', `${main.y},${hsm.pub_y_decimal}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, 'pubkey 2'), hsm.derived_compressed_pubkey_hex);
    assert.equal(field(r.stdout, '1-of-2 multisig script'), oneOfTwo.redeem_script_hex);
    assert.equal(field(r.stdout, '1-of-2 P2SH address'), oneOfTwo.expected_p2sh_address);
  });

  it('regtest mode without keys prints the original 1-of-2 of the main key and the HSM coordinates', async () => {
    const oneOfTwo = vectors.p2sh_multisig.find((v) => v.name === 'test_go_Script_1of2')!;
    const r = await runTool('multisigtool', ['-chain', 'regtest']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, '1-of-2 P2SH address'), oneOfTwo.expected_p2sh_address);
    assert.equal(field(r.stdout, 'address 1'), 'mw7fcJJZ5kBNLNC2JAZGee8MWnyYXsQ2oA');
  });

  it('rejects bad input with a message and a non-zero exit', async () => {
    const k = vectors.p2sh_multisig[0]!.pubkeys_hex;
    const cases: [string[], number, RegExp][] = [
      [['-chain', 'regtest', '-nSigs', '3', '-keys', k.join(',')], 1, /number of signatures must be 1\.\.2/],
      [['-chain', 'regtest', '-nKeys', '3', '-nSigs', '1', '-keys', k.join(',')], 1, /-nKeys is 3 but 2 keys/],
      [['-chain', 'regtest', '-nSigs', '1', '-keysX', '1', '-keysY', '2'], 1, /not a point on secp256k1/],
      [['-chain', 'regtest', '-nSigs', '1', '-keysX', '0x1f', '-keysY', '2'], 1, /must be a decimal integer/],
      [['-chain', 'regtest', '-nSigs', '1', '-keys', '02abcd'], 1, /33 or 65 bytes/],
      [['-chain', 'regtest', '-keys', k.join(',')], 2, /-nSigs is required/],
      [['-chain', 'regest'], 2, /invalid value "regest" for flag -chain/],
      [['-chain', 'mainnet'], 2, /no keys given/],
      [['-bogus'], 2, /flag provided but not defined: -bogus/],
    ];
    for (const [args, code, re] of cases) {
      const r = await runTool('multisigtool', args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stdout, '');
    }
  });
});

describe('keyextractiontool', () => {
  for (const [i, v] of readVector<TweakVectors>('tweak_extended_key.json').vectors.entries()) {
    it(`recovers the tweaked WIF of tweak_extended_key vector ${i}`, async () => {
      const r = await runTool('keyextractiontool', ['-chain', 'regtest', '-tweak', v.commitment_display_hex, '-privkey', v.base_privkey_wif, '-chaincode', v.chaincode_hex]);
      assert.equal(r.code, 0, r.stderr);
      const wif = field(r.stdout, 'tweaked private key (WIF)');
      const decoded = decodeBitcoinWif(wif, BITCOIN_REGTEST);
      assert.equal(toHex(decoded.key), v.derived_tweaked_privkey_hex);
      assert.equal(decoded.compressed, true);
      assert.equal(field(r.stdout, 'tweaked public key'), v.derived_tweaked_pubkey_hex);
      assert.equal(toHex(secp.publicKeyCreate(decoded.key, true)), v.derived_tweaked_pubkey_hex);
    });
  }

  it('prints the tweaked multisig script and address of the real mainnet attestation', async () => {
    const v = readVector<MainnetVector>('staychain_tx_mainnet.json');
    const script = `5121${v.base_pubkey_hex}51ae`;
    const r = await runTool('keyextractiontool', ['-tweak', v.merkle_root, '-script', script, '-chaincodes', v.chaincode_hex]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, 'tweaked multisig script'), v.derived_redeem_script_hex);
    assert.equal(field(r.stdout, 'P2SH address'), v.expected_output_address);
  });

  it('the zero tweak gives the base key and script back; bad input fails with a message', async () => {
    const v = readVector<TweakVectors>('tweak_extended_key.json').vectors[0]!;
    const zero = '0'.repeat(64);
    const r = await runTool('keyextractiontool', ['-chain', 'regtest', '-tweak', zero, '-privkey', v.base_privkey_wif, '-chaincode', v.chaincode_hex]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, 'tweaked private key (WIF)'), v.base_privkey_wif);

    const cases: [string[], number, RegExp][] = [
      [['-tweak', v.commitment_display_hex, '-privkey', v.base_privkey_wif, '-chaincode', v.chaincode_hex], 1, /invalid private key version/],
      [['-chain', 'regtest', '-tweak', 'abcd', '-privkey', v.base_privkey_wif, '-chaincode', v.chaincode_hex], 1, /64 hex characters/],
      [['-chain', 'regtest', '-tweak', zero, '-privkey', v.base_privkey_wif, '-chaincode', 'abcd'], 1, /invalid chaincode/],
      [['-chain', 'regtest', '-tweak', zero, '-script', '5121', '-chaincodes', v.chaincode_hex], 1, /invalid multisig redeem script/],
      [['-chain', 'regtest', '-privkey', v.base_privkey_wif, '-chaincode', v.chaincode_hex], 2, /-tweak is required/],
      [['-chain', 'regtest', '-tweak', zero, '-privkey', v.base_privkey_wif], 2, /must be given together/],
    ];
    for (const [args, code, re] of cases) {
      const run = await runTool('keyextractiontool', args);
      assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, re);
    }
  });
});
