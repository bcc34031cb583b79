// Every corpus transaction input signed by one of the corpus chains' known keys (genesis policy
// destinations, free coins, block signers, peg-in claim keys) is re-signed from its unsigned form:
// signatures are RFC6979 without grinding, as in Core 0.14, so the result must equal the original
// transaction byte for byte — covering the legacy sighash of inputs that carry an issuance and
// peg-in inputs, whose spent output comes from the peg-in witness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toDisplayHex, toHex } from '../../../src/encoding/hex.js';
import { Transaction } from '../../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../../src/primitives/transaction-builder.js';
import { TxIn } from '../../../src/primitives/tx-in.js';
import { TxInWitness } from '../../../src/primitives/witness.js';
import { loadNativeSecp256k1 } from '../../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../../src/crypto/secp256k1-noble.js';
import { peginSpentOutput } from '../../../src/consensus/pegin.js';
import { MemorySigningProvider } from '../../../src/script/sign/memory-signing-provider.js';
import { signTransaction, type SpentOutput } from '../../../src/script/sign/sign-transaction.js';
import type { Secp256k1 } from '../../../src/crypto/secp256k1.js';
import { readJson } from '../../support/vectors.js';

interface CorpusTxJson {
  chain: string;
  txid: string;
  kinds: string[];
  hex: string;
}
interface CorpusKey {
  wif: string;
  privkey_hex: string;
  pubkey: string;
}
const txs = readJson<{ transactions: CorpusTxJson[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
const chains = readJson<{ chains: { id: string; keys?: Record<string, CorpusKey> }[] }>('vectors', 'ocean-corpus', 'chains.json').chains;

const byTxid = new Map<string, Transaction>();
for (const t of txs) byTxid.set(`${t.chain}:${t.txid}`, Transaction.decode(fromHex(t.hex)));

/** The last push of a scriptSig (the public key of a P2PKH spend). */
function lastPush(scriptSig: Uint8Array): Uint8Array | undefined {
  let i = 0;
  let last: Uint8Array | undefined;
  while (i < scriptSig.length) {
    const n = scriptSig[i]!;
    if (n < 1 || n > 75) return undefined;
    last = scriptSig.subarray(i + 1, i + 1 + n);
    i += 1 + n;
  }
  return last;
}

interface Case {
  chain: string;
  txid: string;
  tx: Transaction;
  index: number;
  key: CorpusKey;
  spent: SpentOutput;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const t of txs) {
    const keys = Object.values(chains.find((c) => c.id === t.chain)?.keys ?? {});
    const tx = byTxid.get(`${t.chain}:${t.txid}`)!;
    tx.inputs.forEach((input, index) => {
      const pub = lastPush(input.scriptSig);
      const key = pub && keys.find((k) => k.pubkey === toHex(pub));
      if (!key) return;
      let spent: SpentOutput | undefined;
      if (input.isPegin) {
        const out = peginSpentOutput(tx.inWitness[index]!.peginWitness);
        spent = { scriptPubKey: out.scriptPubKey, amount: out.value };
      } else {
        const prev = byTxid.get(`${t.chain}:${toDisplayHex(input.prevout.txid)}`)?.outputs[input.prevout.index];
        if (prev) spent = { scriptPubKey: prev.scriptPubKey, amount: prev.value };
      }
      assert.ok(spent, `spent output of ${t.txid}:${index} is in the corpus`);
      out.push({ chain: t.chain, txid: t.txid, tx, index, key, spent });
    });
  }
  return out;
}

function unsigned(tx: Transaction, index: number): Transaction {
  const b = TransactionBuilder.from(tx);
  const input = tx.inputs[index]!;
  b.setInput(index, new TxIn(input.prevout, new Uint8Array(0), input.sequence, input.issuance, input.isPegin));
  const w = tx.inWitness[index] ?? TxInWitness.EMPTY;
  b.setInputWitness(index, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, [], w.peginWitness));
  return b.build();
}

function resign(c: Case, secp: Secp256k1): Transaction {
  const provider = new MemorySigningProvider(secp);
  provider.addKey(fromHex(c.key.privkey_hex), true);
  const tx = unsigned(c.tx, c.index);
  const r = signTransaction({
    variants: [tx],
    spentOutput: (i) => (i === c.index ? c.spent : undefined),
    provider,
    secp,
  });
  assert.ok(!r.errors.some((e) => e.index === c.index), `${c.txid}:${c.index} signs completely: ${JSON.stringify(r.errors)}`);
  return r.tx;
}

const all = cases();

test('the corpus has known-key spends of several kinds, with issuances and peg-ins among them', () => {
  assert.ok(all.length >= 30, `found ${all.length}`);
  assert.ok(all.some((c) => c.tx.inputs[c.index]!.hasIssuance));
  assert.ok(all.some((c) => c.tx.inputs[c.index]!.isPegin));
});

for (const [name, secp] of [
  ['native', loadNativeSecp256k1()],
  ['noble', new NobleSecp256k1()],
] as const) {
  test(`re-signing reproduces every known-key corpus input byte for byte (${name})`, () => {
    for (const c of all) {
      const signed = resign(c, secp);
      assert.equal(toHex(signed.toBytes()), toHex(c.tx.toBytes()), `${c.chain} ${c.txid} input ${c.index}`);
    }
  });
}

test('a different key does not reproduce the corpus signature (the check can fail)', () => {
  const secp = loadNativeSecp256k1();
  const c = all[0]!;
  const other = all.find((o) => o.key.privkey_hex !== c.key.privkey_hex)!;
  const provider = new MemorySigningProvider(secp);
  provider.addKey(fromHex(other.key.privkey_hex), true);
  const r = signTransaction({ variants: [unsigned(c.tx, c.index)], spentOutput: () => c.spent, provider, secp });
  assert.equal(r.complete, false);
  assert.notEqual(toHex(r.tx.toBytes()), toHex(c.tx.toBytes()));
});
