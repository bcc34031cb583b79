// Script verification benchmarks: `npx tsx bench/script.bench.ts` (or call benchScript from run.ts).
// Reports ops/s and ratios within one run; never a timed assertion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../packages/core/src/encoding/hex.js';
import { loadNativeSecp256k1 } from '../packages/core/src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../packages/core/src/crypto/secp256k1-noble.js';
import { Transaction } from '../packages/core/src/primitives/transaction.js';
import { TxIn } from '../packages/core/src/primitives/tx-in.js';
import { TxOut } from '../packages/core/src/primitives/tx-out.js';
import { OutPoint } from '../packages/core/src/primitives/outpoint.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../packages/core/src/primitives/confidential.js';
import { verifyScript, evalScript } from '../packages/core/src/script/interpreter.js';
import { BLOCK_SCRIPT_VERIFY_FLAGS } from '../packages/core/src/script/flags.js';
import { TransactionSignatureChecker } from '../packages/core/src/script/transaction-checker.js';
import { PrecomputedTransactionData } from '../packages/core/src/script/precomputed-transaction-data.js';
import { signatureHash } from '../packages/core/src/script/sighash.js';
import { BaseSignatureChecker, SigVersion } from '../packages/core/src/script/checker.js';
import { scriptFromAsm } from '../packages/core/src/script/asm.js';
import { measure, report } from './harness.js';

function exampleHex(sharedDir: string, marker: string): Uint8Array {
  const text = readFileSync(join(sharedDir, 'spec', 'ocean-core-examples.md'), 'utf8');
  const at = text.indexOf(marker);
  const start = text.indexOf('```', at);
  const end = text.indexOf('```', start + 3);
  return fromHex(
    text
      .slice(start + 3, end)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]+$/.test(l))
      .join(''),
  );
}

export function benchScript(sharedDir: string): void {
  // 1. A real P2PKH input (ocean-core-examples.md §5.2) through verifyScript, native vs noble.
  const spend = Transaction.decode(exampleHex(sharedDir, '### 5.2 P2PKH spend'));
  const prevScript = fromHex('76a9144ffdd1fd682e721a3408641a721b036717f1a87388ac');
  const native = loadNativeSecp256k1();
  const noble = new NobleSecp256k1();
  const results = [native, noble].map((secp) =>
    measure(`verifyScript P2PKH (${secp.name})`, () => {
      const c = new TransactionSignatureChecker(secp, spend, 0, ConfidentialValue.NULL);
      const r = verifyScript(spend.inputs[0]!.scriptSig, prevScript, [], BLOCK_SCRIPT_VERIFY_FLAGS, c);
      if (!r.ok) throw new Error('bench: P2PKH spend failed');
    }),
  );
  report(results, results[0]);

  // 2. Sighash of every input of a 20-in / 20-out transaction: one shared PrecomputedTransactionData
  //    vs recomputing per input (what the cache saves).
  const asset = ConfidentialAsset.fromId(new Uint8Array(32).fill(1));
  const inputs = Array.from({ length: 20 }, (_, i) => new TxIn(new OutPoint(new Uint8Array(32).fill(i), i), new Uint8Array(0), 0xffffffff));
  const outputs = Array.from(
    { length: 20 },
    (_, i) => new TxOut(asset, ConfidentialValue.fromAmount(BigInt(1000 + i)), ConfidentialNonce.NULL, prevScript),
  );
  const tx = new Transaction(2, inputs, outputs, 0);
  const amount = ConfidentialValue.fromAmount(5000n);
  const sighash: ReturnType<typeof measure>[] = [];
  for (const [name, sv] of [
    ['legacy', SigVersion.BASE],
    ['segwit v0', SigVersion.WITNESS_V0],
  ] as const) {
    sighash.push(
      measure(`${name} sighash, 20 inputs, fresh hashes per input`, () => {
        for (let i = 0; i < 20; i++) signatureHash(prevScript, tx, i, 1, amount, sv);
      }),
      measure(`${name} sighash, 20 inputs, shared precomputed data`, () => {
        const pre = new PrecomputedTransactionData(tx);
        for (let i = 0; i < 20; i++) signatureHash(prevScript, tx, i, 1, amount, sv, pre);
      }),
    );
  }
  report(sighash, sighash[0]);

  // 3. Pure interpreter work (no signatures): arithmetic, stack and splice opcodes.
  const script = scriptFromAsm(
    '1 2 ADD 3 EQUALVERIFY 0x08 0x0102030405060708 DUP CAT 4 12 SUBSTR 8 RSHIFT SIZE 11 EQUALVERIFY DROP ' +
      '0x04 0x01020304 10 1000 DETERMINISTICRANDOM DROP 1',
  );
  const base = new BaseSignatureChecker();
  report([
    measure('evalScript arithmetic/splice/DETERMINISTICRANDOM', () => {
      const r = evalScript([], script, BLOCK_SCRIPT_VERIFY_FLAGS, base, SigVersion.BASE);
      if (!r.ok) throw new Error('bench: script failed');
    }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const shared = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../shared');
  console.log('# script');
  benchScript(shared);
}
