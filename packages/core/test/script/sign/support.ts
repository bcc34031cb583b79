// Fixtures of the signing-engine tests: deterministic keys, the usual output templates, and a
// two-input transaction spending them.
import { hash160, sha256 } from '../../../src/crypto/hash.js';
import type { Secp256k1 } from '../../../src/crypto/secp256k1.js';
import { OutPoint } from '../../../src/primitives/outpoint.js';
import { Transaction } from '../../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../../src/primitives/transaction-builder.js';
import { TxIn } from '../../../src/primitives/tx-in.js';
import { TxOut } from '../../../src/primitives/tx-out.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../../src/primitives/confidential.js';
import { OP } from '../../../src/script/opcodes.js';
import { ScriptBuilder } from '../../../src/script/script-builder.js';

/** Private key number `n` (1-based): 31 zero bytes then n, offset so that it is not trivially 1. */
export function privKey(n: number): Uint8Array {
  const k = new Uint8Array(32).fill(0x11);
  k[31] = n;
  return k;
}

export const p2pk = (pub: Uint8Array): Uint8Array => new ScriptBuilder().push(pub).op(OP.OP_CHECKSIG).build();
export const p2pkh = (pub: Uint8Array): Uint8Array =>
  new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(pub)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
export const p2sh = (script: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_HASH160).push(hash160(script)).op(OP.OP_EQUAL).build();
export const p2wpkh = (pub: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_0).push(hash160(pub)).build();
export const p2wsh = (script: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_0).push(sha256(script)).build();
export function multisig(m: number, pubs: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder().number(m);
  for (const p of pubs) b.push(p);
  return b.number(pubs.length).op(OP.OP_CHECKMULTISIG).build();
}
/** Ocean's locked multisig: `<height> OP_CHECKLOCKTIMEVERIFY OP_DROP <m> <keys> <n> OP_CHECKMULTISIG`. */
export function lockedMultisig(height: number, m: number, pubs: readonly Uint8Array[]): Uint8Array {
  return new ScriptBuilder().pushScriptNum(height).op(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP).raw(multisig(m, pubs)).build();
}

export const ASSET = new Uint8Array(32).fill(0x5a);
export const AMOUNT = ConfidentialValue.fromAmount(123_456_789n);

export function pubKeys(secp: Secp256k1, n: number, compressed = true): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => secp.publicKeyCreate(privKey(i + 1), compressed));
}

/** A transaction with `inputs` inputs (distinct dummy prevouts) and two explicit outputs. */
export function spendingTx(inputs = 1, locktime = 0, sequence = 0xffffffff): Transaction {
  const b = new TransactionBuilder();
  b.version = 2;
  b.locktime = locktime;
  for (let i = 0; i < inputs; i++) b.addInput(new TxIn(new OutPoint(new Uint8Array(32).fill(0xa0 + i), i), new Uint8Array(0), sequence));
  const out = (v: bigint, script: Uint8Array) => new TxOut(ConfidentialAsset.fromId(ASSET), ConfidentialValue.fromAmount(v), ConfidentialNonce.NULL, script);
  b.addOutput(out(100_000_000n, Uint8Array.of(OP.OP_TRUE)));
  b.addOutput(out(1_000n, new Uint8Array(0)));
  return b.build();
}
