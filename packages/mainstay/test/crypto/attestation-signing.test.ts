import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BITCOIN_REGTEST,
  BitcoinTransaction,
  bitcoinLegacySighash,
  decodeBitcoinWif,
  fromHex,
  p2shScriptForRedeemScript,
  p2wpkhScriptForPubkey,
  toHex,
} from '@ocean-ts/core';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { tweakPrivateKey } from '../../src/crypto/key-tweak.js';
import {
  ERROR_MISSING_SIGS,
  ERROR_MISSING_SIGS_FOR_INPUT,
  assembleMultisigTransaction,
  attestationRedeemScripts,
  legacyPreimages,
  preimageDigest,
  signDigest,
} from '../../src/crypto/legacy-signing.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { parseMultisigScriptSig } from '../../src/crypto/script-sig.js';
import { attachP2wpkhWitnesses, segwitSighashes } from '../../src/crypto/segwit-signing.js';
import { MultisigStaychain, SegwitStaychain } from '../../src/crypto/staychain-outputs.js';
import { ClassicFeeModel, SegwitFeeModel } from '../../src/crypto/fee-estimate.js';
import { CLASSIC_TX_VERSION, SEGWIT_TX_VERSION, buildUnsignedAttestation, type AttestationUtxo } from '../../src/crypto/attestation-transaction.js';
import { bcoinVerifyInput, readVector, secp } from './support.js';

interface MainnetVector {
  tx: { hex: string; vin: { script_sig_hex: string; previous_redeem_script_hex: string }[] };
  derived_signing_check: { legacy_preimage_hex: string; sighash_digest_hex: string };
}
interface AddressVectors {
  p2sh_multisig: { name: string; redeem_script_hex: string; signer_privkeys_wif_in_pubkey_order?: string[]; chaincodes_hex_in_pubkey_order?: string[] }[];
  p2wpkh: { name: string; privkey_wif: string }[];
}
interface TweakVectors {
  vectors: { base_privkey_wif: string; chaincode_hex: string }[];
}

const ZERO = new Uint8Array(32);
const R1 = commitmentFromDisplayHex('abcadae1214d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');
const R2 = commitmentFromDisplayHex('1a39e34e881d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');

function key(i: number): Uint8Array {
  return fromHex((0x40 + i).toString(16).repeat(64).slice(0, 64));
}

describe('Profile A signing', () => {
  test('mainnet tx: pre-image 0 and its digest; the real signature verifies against it', () => {
    const v = readVector<MainnetVector>('staychain_tx_mainnet.json');
    const tx = BitcoinTransaction.fromHex(v.tx.hex);
    const redeem = fromHex(v.tx.vin[0]!.previous_redeem_script_hex);
    const [pre] = legacyPreimages(tx, redeem);
    assert.equal(toHex(pre!.toBytes()), v.derived_signing_check.legacy_preimage_hex);
    const digest = preimageDigest(pre!.toBytes());
    assert.equal(toHex(digest), v.derived_signing_check.sighash_digest_hex);
    assert.equal(toHex(digest), toHex(bitcoinLegacySighash(tx, 0, redeem, 1)));
    const sig = parseMultisigScriptSig(tx.inputs[0]!.scriptSig).sigs[0]!;
    const compact = secp.signatureImport(sig.subarray(0, sig.length - 1));
    assert.equal(secp.verify(digest, compact, redeem.subarray(2, 35)), true);
    // and bcoin accepts the whole input against the P2SH of the previous redeem script
    assert.equal(bcoinVerifyInput(tx, 0, p2shScriptForRedeemScript(redeem), 1_050_000n), true);
  });

  test('signDigest: RFC6979, low-S, strict DER, SIGHASH_ALL byte', () => {
    const d = preimageDigest(fromHex('00'));
    const s1 = signDigest(secp, key(1), d);
    assert.equal(toHex(s1), toHex(signDigest(secp, key(1), d)));
    assert.equal(s1[s1.length - 1], 1);
    const compact = secp.signatureImport(s1.subarray(0, s1.length - 1));
    assert.equal(toHex(secp.signatureNormalize(compact)), toHex(compact));
    assert.equal(secp.verify(d, compact, secp.publicKeyCreate(key(1), true)), true);
  });

  test('2-of-3 staychain (test.go ScriptMulti) with a topup: two attestations signed and verified by bcoin', () => {
    const vec = readVector<AddressVectors>('multisig_and_addresses.json').p2sh_multisig.find((p) => p.name === 'test_go_ScriptMulti_2of3')!;
    const wifs = vec.signer_privkeys_wif_in_pubkey_order!.map((w) => decodeBitcoinWif(w, BITCOIN_REGTEST).key);
    const ccs = vec.chaincodes_hex_in_pubkey_order!.map(fromHex);
    const initScript = fromHex(vec.redeem_script_hex);
    const chain = new MultisigStaychain(secp, initScript, ccs, BITCOIN_REGTEST);
    const topupKeys = [key(1), key(2), key(3)];
    const topupScript = buildMultisigScript(2, topupKeys.map((k) => secp.publicKeyCreate(k, true)));
    const feeModel = new ClassicFeeModel(initScript.length, chain.m);

    /** Every signer signs every pre-image: input 0 with its base key tweaked by `lastRoot`, others with its topup key. */
    const signAll = (preimages: BitcoinTransaction[], lastRoot: Uint8Array, signers: number[]) =>
      preimages.map((pre, i) =>
        signers.map((j) => signDigest(secp, i === 0 ? tweakPrivateKey(secp, wifs[j]!, ccs[j]!, lastRoot) : topupKeys[j]!, preimageDigest(pre.toBytes()))),
      );

    // attestation 1: spends txid0 (initScript, zero root) and a topup, pays to R1
    const tip0: AttestationUtxo = { txid: '11'.repeat(32), vout: 0, value: 1_000_000n };
    const topup: AttestationUtxo = { txid: '22'.repeat(32), vout: 3, value: 400_000n };
    const a1 = buildUnsignedAttestation({ tip: tip0, topup, outputScript: chain.scriptPubKeyFor(R1), version: CLASSIC_TX_VERSION, feeModel, feePerByte: 10, maxFeePerByte: 20 });
    const pre1 = legacyPreimages(a1.tx, chain.redeemScriptFor(ZERO), topupScript);
    assert.equal(pre1.length, 2);
    assert.equal(toHex(pre1[1]!.inputs[1]!.scriptSig), toHex(topupScript));
    assert.equal(pre1[1]!.inputs[0]!.scriptSig.length, 0);
    pre1.forEach((p, i) => assert.equal(toHex(preimageDigest(p.toBytes())), toHex(bitcoinLegacySighash(a1.tx, i, i === 0 ? initScript : topupScript, 1))));
    const sigs1 = signAll(pre1, ZERO, [0, 1, 2]);
    const redeems1 = attestationRedeemScripts(2, chain.redeemScriptFor(ZERO), topupScript);
    const signed1 = assembleMultisigTransaction(a1.tx, sigs1, chain.m, redeems1);
    assert.equal(parseMultisigScriptSig(signed1.inputs[0]!.scriptSig).sigs.length, 2);
    assert.equal(bcoinVerifyInput(signed1, 0, p2shScriptForRedeemScript(initScript), tip0.value), true);
    assert.equal(bcoinVerifyInput(signed1, 1, p2shScriptForRedeemScript(topupScript), topup.value), true);
    // the signed size stays within the estimate used for the fee
    assert.ok(signed1.size <= feeModel.signedSize(a1.tx.size, 2), `${signed1.size}`);

    // signatures out of pubkey order fail OP_CHECKMULTISIG
    const swapped = assembleMultisigTransaction(a1.tx, [[sigs1[0]![1]!, sigs1[0]![0]!], sigs1[1]!], chain.m, redeems1);
    assert.equal(bcoinVerifyInput(swapped, 0, p2shScriptForRedeemScript(initScript), tip0.value), false);
    // signers 0 and 2 are also a valid pair, in order
    const pair02 = assembleMultisigTransaction(a1.tx, signAll(pre1, ZERO, [0, 2]), chain.m, redeems1);
    assert.equal(bcoinVerifyInput(pair02, 0, p2shScriptForRedeemScript(initScript), tip0.value), true);

    // attestation 2: spends attestation 1 (R1's script), keys tweaked by R1, pays to R2
    const tip1: AttestationUtxo = { txid: signed1.txidHex, vout: 0, value: signed1.outputs[0]!.value };
    const a2 = buildUnsignedAttestation({ tip: tip1, outputScript: chain.scriptPubKeyFor(R2), version: CLASSIC_TX_VERSION, feeModel, feePerByte: 10, maxFeePerByte: 20 });
    const pre2 = legacyPreimages(a2.tx, chain.redeemScriptFor(R1));
    const signed2 = assembleMultisigTransaction(a2.tx, signAll(pre2, R1, [1, 2]), chain.m, attestationRedeemScripts(1, chain.redeemScriptFor(R1)));
    assert.equal(bcoinVerifyInput(signed2, 0, signed1.outputs[0]!.scriptPubKey, tip1.value), true);
    // signing with the untweaked keys (a signer that missed the C message) fails
    const wrong = assembleMultisigTransaction(a2.tx, signAll(pre2, ZERO, [1, 2]), chain.m, attestationRedeemScripts(1, chain.redeemScriptFor(R1)));
    assert.equal(bcoinVerifyInput(wrong, 0, signed1.outputs[0]!.scriptPubKey, tip1.value), false);

    // missing signatures
    assert.throws(() => assembleMultisigTransaction(a1.tx, [sigs1[0]!], chain.m, redeems1), (e: unknown) => e instanceof MainstayCryptoError && e.message === ERROR_MISSING_SIGS);
    assert.throws(
      () => assembleMultisigTransaction(a1.tx, [sigs1[0]!, [sigs1[1]![0]!]], chain.m, redeems1),
      (e: unknown) => e instanceof MainstayCryptoError && e.message === ERROR_MISSING_SIGS_FOR_INPUT,
    );
    assert.throws(() => legacyPreimages(a1.tx, initScript), MainstayCryptoError);
  });
});

describe('Profile B signing', () => {
  test('P2WPKH staychain with a topup: BIP143 sighashes, witnesses, verified by bcoin', () => {
    const t = readVector<TweakVectors>('tweak_extended_key.json').vectors[0]!;
    const topupWif = readVector<AddressVectors>('multisig_and_addresses.json').p2wpkh.find((p) => p.name === 'test_go_TopupPrivMain')!.privkey_wif;
    const base = decodeBitcoinWif(t.base_privkey_wif, BITCOIN_REGTEST).key;
    const topupKey = decodeBitcoinWif(topupWif, BITCOIN_REGTEST).key;
    const cc = fromHex(t.chaincode_hex);
    const chain = new SegwitStaychain(secp, secp.publicKeyCreate(base, true), cc, BITCOIN_REGTEST);
    const topupSpk = p2wpkhScriptForPubkey(secp.publicKeyCreate(topupKey, true));

    const tip0: AttestationUtxo = { txid: '33'.repeat(32), vout: 1, value: 5_000_000n };
    const topup: AttestationUtxo = { txid: '44'.repeat(32), vout: 0, value: 70_000n };
    const a1 = buildUnsignedAttestation({ tip: tip0, topup, outputScript: chain.scriptPubKeyFor(R1), version: SEGWIT_TX_VERSION, feeModel: new SegwitFeeModel(), feePerByte: 10, maxFeePerByte: 100 });
    assert.equal(a1.fee, 1100n);
    assert.equal(a1.tx.version, 1);
    const hashes = segwitSighashes(a1.tx, [
      { scriptPubKey: chain.scriptPubKeyFor(ZERO), value: tip0.value },
      { scriptPubKey: topupSpk, value: topup.value },
    ]);
    const k0 = tweakPrivateKey(secp, base, cc, ZERO);
    const signed1 = attachP2wpkhWitnesses(
      a1.tx,
      [
        { signature: signDigest(secp, k0, hashes[0]!), pubkey: secp.publicKeyCreate(k0, true) },
        { signature: signDigest(secp, topupKey, hashes[1]!), pubkey: secp.publicKeyCreate(topupKey, true) },
      ],
      secp,
    );
    assert.equal(signed1.hasWitness, true);
    assert.equal(signed1.txidHex, a1.tx.txidHex);
    assert.equal(bcoinVerifyInput(signed1, 0, chain.scriptPubKeyFor(ZERO), tip0.value), true);
    assert.equal(bcoinVerifyInput(signed1, 1, topupSpk, topup.value), true);
    assert.equal(bcoinVerifyInput(signed1, 0, chain.scriptPubKeyFor(ZERO), tip0.value + 1n), false);

    // next attestation: the key tweaked by R1 spends R1's output
    const a2 = buildUnsignedAttestation({ tip: { txid: signed1.txidHex, vout: 0, value: signed1.outputs[0]!.value }, outputScript: chain.scriptPubKeyFor(R2), version: SEGWIT_TX_VERSION, feeModel: new SegwitFeeModel(), feePerByte: 10, maxFeePerByte: 100 });
    const [h] = segwitSighashes(a2.tx, [{ scriptPubKey: signed1.outputs[0]!.scriptPubKey, value: signed1.outputs[0]!.value }]);
    const k1 = tweakPrivateKey(secp, base, cc, R1);
    assert.equal(toHex(secp.publicKeyCreate(k1, true)), toHex(chain.publicKeyFor(R1)));
    const signed2 = attachP2wpkhWitnesses(a2.tx, [{ signature: signDigest(secp, k1, h!), pubkey: secp.publicKeyCreate(k1, true) }]);
    assert.equal(bcoinVerifyInput(signed2, 0, signed1.outputs[0]!.scriptPubKey, signed1.outputs[0]!.value), true);

    assert.throws(() => segwitSighashes(a2.tx, [{ scriptPubKey: p2shScriptForRedeemScript(fromHex('51')), value: 1n }]), MainstayCryptoError);
    assert.throws(() => segwitSighashes(a2.tx, []), MainstayCryptoError);
    assert.throws(() => attachP2wpkhWitnesses(a2.tx, []), MainstayCryptoError);
  });
});
