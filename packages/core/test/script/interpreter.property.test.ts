import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { Transaction } from '../../src/primitives/transaction.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { evalScript, verifyScript } from '../../src/script/interpreter.js';
import { SigVersion } from '../../src/script/checker.js';
import { ScriptError } from '../../src/script/errors.js';
import { SCRIPT_VERIFY_CLEANSTACK, SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS } from '../../src/script/flags.js';
import { TransactionSignatureChecker } from '../../src/script/transaction-checker.js';
import { encodePushData } from '../../src/script/script-builder.js';

const secp = loadNativeSecp256k1();
const tx = new Transaction(2, [new TxIn(new OutPoint(new Uint8Array(32).fill(7), 1), new Uint8Array(0), 5)], [], 1000);
const checker = new TransactionSignatureChecker(secp, tx, 0, 1234n);
const ERRORS = new Set<string>(Object.values(ScriptError));

/** Any combination of the 16 flags, made consistent as VerifyScript requires. */
const arbFlags = fc.integer({ min: 0, max: 0xffff }).map((f) => {
  let flags = f;
  if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
  if (flags & SCRIPT_VERIFY_WITNESS) flags |= SCRIPT_VERIFY_P2SH;
  return flags;
});

/** Scripts built from opcodes and small pushes, so execution gets past the first few bytes. */
const arbOp = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0x4f, max: 0xff }).map((o) => Uint8Array.of(o)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x51, max: 0x60 }).map((o) => Uint8Array.of(o)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }).map((d) => encodePushData(d)) },
  { weight: 1, arbitrary: fc.constantFrom(0x63, 0x64, 0x67, 0x68).map((o) => Uint8Array.of(o)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
);
const arbScript = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(arbOp, { maxLength: 60 }).map((parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }),
);
const arbStack = fc.array(fc.uint8Array({ maxLength: 10 }), { maxLength: 6 });

const isResult = (r: { ok: boolean; error?: string }) => r.ok || (r.error !== undefined && ERRORS.has(r.error));

describe('interpreter robustness', () => {
  test('evalScript never throws: failures come back as script errors', () => {
    fc.assert(
      fc.property(arbScript, arbStack, arbFlags, fc.boolean(), (script, stack, flags, witness) => {
        const r = evalScript(stack, script, flags, checker, witness ? SigVersion.WITNESS_V0 : SigVersion.BASE);
        assert.ok(isResult(r as { ok: boolean; error?: string }));
      }),
      { numRuns: 3000 },
    );
  });

  test('verifyScript never throws for consistent flags', () => {
    fc.assert(
      fc.property(arbScript, arbScript, arbStack, arbFlags, (sig, pub, witness, flags) => {
        const r = verifyScript(sig, pub, witness, flags, checker);
        assert.ok(isResult(r as { ok: boolean; error?: string }));
      }),
      { numRuns: 3000 },
    );
  });
});
