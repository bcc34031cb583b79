import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BitcoinTransaction } from '../../src/bitcoin/bitcoin-transaction.js';
import { DecodeError } from '../../src/encoding/errors.js';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { readJson } from '../support/vectors.js';
import { bcoin } from './bcoin.js';
import { BIP143_P2WPKH_SIGNED, arbTx } from './support.js';

interface MainnetVector {
  tx: {
    txid: string;
    hex: string;
    version: number;
    locktime: number;
    size: number;
    vin: { txid: string; vout: number; sequence: number; script_sig_hex: string }[];
    vout: { value_sats: number; script_pubkey_hex: string }[];
  };
}
interface DecodedVector {
  version: number;
  locktime: number;
  vin: { txid: string; vout: number; script_sig_hex: string; sequence: number }[];
  vout: { value_sats: number; script_pubkey_hex: string }[];
}
interface ZmqVector {
  framing: Record<string, unknown>;
}

function checkDecoded(tx: BitcoinTransaction, d: DecodedVector): void {
  assert.equal(tx.version, d.version);
  assert.equal(tx.locktime, d.locktime);
  assert.equal(tx.inputs.length, d.vin.length);
  d.vin.forEach((v, k) => {
    const i = tx.inputs[k]!;
    assert.equal(i.prevTxidHex, v.txid);
    assert.equal(i.prevIndex, v.vout);
    assert.equal(toHex(i.scriptSig), v.script_sig_hex);
    assert.equal(i.sequence, v.sequence);
  });
  assert.equal(tx.outputs.length, d.vout.length);
  d.vout.forEach((v, k) => {
    assert.equal(tx.outputs[k]!.value, BigInt(v.value_sats));
    assert.equal(toHex(tx.outputs[k]!.scriptPubKey), v.script_pubkey_hex);
  });
}

describe('BitcoinTransaction', () => {
  test('the mainnet staychain transaction decodes, re-encodes and hashes to its txid', () => {
    const v = readJson<MainnetVector>('vectors', 'mainstay', 'staychain_tx_mainnet.json');
    const tx = BitcoinTransaction.fromHex(v.tx.hex);
    checkDecoded(tx, { ...v.tx, vin: v.tx.vin });
    assert.equal(tx.toHex(), v.tx.hex);
    assert.equal(tx.txidHex, v.tx.txid);
    assert.equal(tx.wtxidHex, v.tx.txid);
    assert.equal(tx.size, v.tx.size);
    assert.equal(tx.strippedSize, v.tx.size);
    assert.equal(tx.hasWitness, false);
  });

  test('the unsigned attestation transactions of the zmq vectors decode and re-encode', () => {
    const f = readJson<ZmqVector>('vectors', 'mainstay', 'signer_zmq_serialisation.json').framing;
    for (const n of [1, 2]) {
      const hex = f[`unsigned_tx${n}_hex`] as string;
      const tx = BitcoinTransaction.fromHex(hex);
      checkDecoded(tx, f[`unsigned_tx${n}_decoded_derived`] as DecodedVector);
      assert.equal(tx.toHex(), hex);
      assert.equal(tx.txidHex, bcoin.TX.fromRaw(Buffer.from(hex, 'hex')).txid());
    }
  });

  test('BIP143 example: witness serialization, txid, wtxid, sizes', () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    assert.equal(tx.hasWitness, true);
    assert.equal(tx.inputs[0]!.witness.length, 0);
    assert.equal(tx.inputs[1]!.witness.length, 2);
    assert.equal(toHex(tx.inputs[1]!.witness[1]!), '025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357');
    assert.equal(tx.toHex(), BIP143_P2WPKH_SIGNED);
    const b = bcoin.TX.fromRaw(Buffer.from(BIP143_P2WPKH_SIGNED, 'hex'));
    assert.equal(tx.txidHex, b.txid());
    assert.equal(tx.wtxidHex, b.wtxid());
    assert.notEqual(tx.txidHex, tx.wtxidHex);
    assert.equal(tx.size, b.getSize());
    assert.equal(tx.weight, b.getWeight());
    assert.equal(tx.vsize, b.getVirtualSize());
    // the legacy form drops marker, flag and witnesses
    const legacy = BitcoinTransaction.fromBytes(tx.toBytes(false));
    assert.equal(legacy.hasWitness, false);
    assert.equal(legacy.txidHex, tx.txidHex);
    assert.equal(legacy.size, tx.strippedSize);
  });

  test('decoding follows Core 0.14: superfluous witness, unknown flags, trailing bytes, no-witness mode', () => {
    const base = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    // marker+flag but all witnesses empty
    const noWit = base.stripped();
    const w = noWit.toBytes(false);
    const forged = new Uint8Array([...w.subarray(0, 4), 0, 1, ...w.subarray(4, w.length - 4), 0, 0, ...w.subarray(w.length - 4)]);
    assert.throws(() => BitcoinTransaction.fromBytes(forged), (e: unknown) => e instanceof DecodeError && e.message === 'Superfluous witness record');
    const flag2 = forged.slice();
    flag2[5] = 2;
    assert.throws(() => BitcoinTransaction.fromBytes(flag2), (e: unknown) => e instanceof DecodeError && e.message === 'Unknown transaction optional data');
    assert.throws(() => BitcoinTransaction.fromBytes(new Uint8Array([...w, 0])), DecodeError);
    assert.throws(() => BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED, { allowWitness: false }), DecodeError);
    assert.throws(() => BitcoinTransaction.fromBytes(w.subarray(0, w.length - 1)), DecodeError);
  });

  test('random transactions serialize exactly as bcoin parses them (txid, wtxid, size)', () => {
    fc.assert(
      fc.property(arbTx(), (tx) => {
        const raw = tx.toBytes();
        const back = BitcoinTransaction.fromBytes(raw);
        assert.equal(toHex(back.toBytes()), toHex(raw));
        const b = bcoin.TX.fromRaw(Buffer.from(raw));
        assert.equal(b.toRaw().toString('hex'), toHex(raw));
        assert.equal(tx.txidHex, b.txid());
        assert.equal(tx.wtxidHex, b.wtxid());
        assert.equal(tx.size, b.getSize());
        assert.equal(tx.weight, b.getWeight());
      }),
      { numRuns: 200 },
    );
  });

  test('copy helpers leave the original unchanged', () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    const before = tx.toHex();
    const changed = tx.withInput(0, tx.inputs[0]!.withScriptSig(fromHex('51'))).withOutput(1, tx.outputs[1]!.withValue(5n));
    assert.equal(tx.toHex(), before);
    assert.equal(toHex(changed.inputs[0]!.scriptSig), '51');
    assert.equal(changed.outputs[1]!.value, 5n);
    assert.equal(tx.stripped().inputs.every((i) => i.scriptSig.length === 0 && i.witness.length === 0), true);
  });
});
