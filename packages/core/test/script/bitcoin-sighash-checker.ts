/**
 * Test-only: a signature checker that hashes with BITCOIN's sighash over the Bitcoin-format
 * crediting/spending transactions of Bitcoin's script_tests harness. It lets the shared
 * `script_tests.json` signature cases (whose signatures were made over Bitcoin transactions) run
 * through the Ocean interpreter unchanged, so that every interpreter path they exercise is still
 * checked against Bitcoin Core's expectations; only the sighash differs, and the Ocean sighash is
 * tested separately against the verified Ocean vectors.
 */
import { sha256d } from '../../src/crypto/hash.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import { Writer } from '../../src/encoding/writer.js';
import type { Transaction } from '../../src/primitives/transaction.js';
import { SigVersion } from '../../src/script/checker.js';
import { isValidPubKeySize } from '../../src/script/ecdsa-checker.js';
import { verifyEcdsaLax } from '../../src/crypto/der.js';
import { removeCodeSeparators } from '../../src/script/script.js';
import { TransactionSignatureChecker } from '../../src/script/transaction-checker.js';

/** Bitcoin's BuildCreditingTransaction txid for `scriptPubKey` and `value`. */
export function bitcoinCreditTxid(scriptPubKey: Uint8Array, value: bigint): Uint8Array {
  const w = new Writer();
  w.i32le(1).compactSize(1);
  w.bytes(new Uint8Array(32)).u32le(0xffffffff).varBytes(Uint8Array.of(0, 0)).u32le(0xffffffff);
  w.compactSize(1).i64le(value).varBytes(scriptPubKey);
  w.u32le(0);
  return sha256d(w.finish());
}

/** Hashes of BuildSpendingTransaction (1 input spending credit:0, 1 output with empty script). */
export class BitcoinSighashChecker extends TransactionSignatureChecker {
  constructor(
    secp: Secp256k1,
    oceanSpend: Transaction,
    private readonly creditTxid: Uint8Array,
    private readonly value: bigint,
  ) {
    super(secp, oceanSpend, 0, value);
  }

  override checkSig(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): boolean {
    if (!isValidPubKeySize(pubkey) || sig.length === 0) return false;
    const hashType = sig[sig.length - 1]!;
    const h = sigversion === SigVersion.WITNESS_V0 ? this.bip143(scriptCode, hashType) : this.legacy(scriptCode, hashType);
    return verifyEcdsaLax(this.secp, h, sig.subarray(0, sig.length - 1), pubkey);
  }

  private legacy(scriptCode: Uint8Array, hashType: number): Uint8Array {
    const base = hashType & 0x1f;
    const code = removeCodeSeparators(scriptCode);
    const w = new Writer();
    w.i32le(1).compactSize(1);
    w.bytes(this.creditTxid).u32le(0).compactSize(code.declaredLength).bytes(code.bytes).u32le(0xffffffff);
    if (base === 2) w.compactSize(0);
    else w.compactSize(1).i64le(this.value).varBytes(new Uint8Array(0));
    w.u32le(0).i32le(hashType);
    return sha256d(w.finish());
  }

  private bip143(scriptCode: Uint8Array, hashType: number): Uint8Array {
    const base = hashType & 0x1f;
    const acp = (hashType & 0x80) !== 0;
    const zero = new Uint8Array(32);
    const prevouts = sha256d(new Writer().bytes(this.creditTxid).u32le(0).finish());
    const sequences = sha256d(new Writer().u32le(0xffffffff).finish());
    const outputs = sha256d(new Writer().i64le(this.value).varBytes(new Uint8Array(0)).finish());
    const w = new Writer();
    w.i32le(1);
    w.bytes(acp ? zero : prevouts);
    w.bytes(!acp && base !== 2 && base !== 3 ? sequences : zero);
    w.bytes(this.creditTxid).u32le(0);
    w.varBytes(scriptCode);
    w.i64le(this.value);
    w.u32le(0xffffffff);
    w.bytes(base === 2 ? zero : outputs); // SINGLE with nIn 0 < 1 output hashes that one output
    w.u32le(0).i32le(hashType);
    return sha256d(w.finish());
  }
}
