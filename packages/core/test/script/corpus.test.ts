/**
 * The original node's own decoding and validation, from shared/vectors/ocean-corpus:
 * - every distinct script's `decodescript` (asm, type, reqSigs, address and p2sh payloads,
 *   pegout_asm);
 * - every transaction's scriptSig / scriptPubKey asm (scriptSigs with sighash decoding);
 * - every input of every corpus transaction verifies with the block flags against the output it
 *   spends (real legacy, P2SH, segwit and confidential-value sighashes);
 * - every signed block header's proof verifies with the block-proof checker.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toDisplayHex, toHex, bytesEqual } from '../../src/encoding/hex.js';
import { base58CheckDecode } from '../../src/encoding/base58.js';
import { hash160 } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { Transaction } from '../../src/primitives/transaction.js';
import type { TxOut } from '../../src/primitives/tx-out.js';
import { BlockHeader } from '../../src/primitives/block-header.js';
import { scriptToAsm } from '../../src/script/asm.js';
import { extractDestinations } from '../../src/script/standard.js';
import { OpReader } from '../../src/script/op-reader.js';
import { verifyScript } from '../../src/script/interpreter.js';
import { BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, BLOCK_SCRIPT_VERIFY_FLAGS } from '../../src/script/flags.js';
import { TransactionSignatureChecker } from '../../src/script/transaction-checker.js';
import { PrecomputedTransactionData } from '../../src/script/precomputed-transaction-data.js';
import { BlockProofChecker } from '../../src/script/block-proof-checker.js';
import { readJson } from '../support/vectors.js';

const secp = loadNativeSecp256k1();

interface DecodedScript {
  asm: string;
  type: string;
  reqSigs?: number;
  addresses?: string[];
  p2sh?: string;
  pegout_asm?: string;
}
interface CorpusScript {
  hex: string;
  decodescript: DecodedScript;
}
interface CorpusTx {
  chain: string;
  txid: string;
  hex: string;
  kinds: string[];
  block_height: number;
  decoderawtransaction: {
    vin: { coinbase?: string; txid?: string; vout?: number; is_pegin?: boolean; scriptSig?: { asm: string; hex: string } }[];
    vout: { scriptPubKey: DecodedScript & { hex: string } }[];
  };
}

const payload = (address: string): Uint8Array => base58CheckDecode(address).subarray(1);

function checkDecoded(script: Uint8Array, d: DecodedScript, where: string): void {
  assert.equal(scriptToAsm(script), d.asm, `${where}: asm`);
  const x = extractDestinations(script);
  assert.equal(x.type, d.type, `${where}: type`);
  if (d.reqSigs === undefined) {
    assert.equal(x.ok, false, `${where}: no reqSigs expected`);
  } else {
    assert.equal(x.ok, true, `${where}: reqSigs expected`);
    assert.equal(x.required, d.reqSigs, `${where}: reqSigs`);
    assert.deepEqual(
      x.destinations.map((dd) => toHex(dd.hash)),
      (d.addresses ?? []).map((a) => toHex(payload(a))),
      `${where}: address payloads`,
    );
  }
}

describe('corpus scripts.json (decodescript)', () => {
  const { scripts } = readJson<{ scripts: CorpusScript[] }>('vectors', 'ocean-corpus', 'scripts.json');
  test(`all ${scripts.length} scripts: asm, type, reqSigs, addresses, p2sh`, () => {
    for (const s of scripts) {
      const script = fromHex(s.hex);
      const d = s.decodescript;
      checkDecoded(script, d, s.hex.slice(0, 40));
      if (d.type === 'scripthash') assert.equal(d.p2sh, undefined);
      else assert.deepEqual(toHex(payload(d.p2sh!)), toHex(hash160(script)));
      if (d.pegout_asm !== undefined) {
        // Elements' pegout script: the second push of `OP_RETURN <genesis> <script>`.
        const r = new OpReader(script, 1);
        r.next();
        r.next();
        assert.equal(scriptToAsm(r.data), d.pegout_asm);
      }
    }
  });
});

describe('corpus transactions.json', () => {
  const { transactions } = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json');
  const byTxid = new Map<string, Transaction>();
  const anyChain = new Map<string, Transaction>();
  for (const t of transactions) {
    const tx = Transaction.decode(fromHex(t.hex));
    byTxid.set(`${t.chain}:${t.txid}`, tx);
    anyChain.set(t.txid, tx);
  }

  test(`scriptSig (sighash-decoded) and scriptPubKey asm of ${transactions.length} transactions`, () => {
    let decodedSigs = 0;
    for (const t of transactions) {
      const tx = byTxid.get(`${t.chain}:${t.txid}`)!;
      t.decoderawtransaction.vin.forEach((vin, i) => {
        if (!vin.scriptSig) return;
        const asm = scriptToAsm(tx.inputs[i]!.scriptSig, true);
        assert.equal(asm, vin.scriptSig.asm, `${t.txid}:${i}`);
        if (asm.includes('[')) decodedSigs++;
      });
      t.decoderawtransaction.vout.forEach((vout, j) => {
        checkDecoded(tx.outputs[j]!.scriptPubKey, vout.scriptPubKey, `${t.txid} out ${j}`);
      });
    }
    assert.ok(decodedSigs > 200);
  });

  test('every spent input verifies with the block flags', () => {
    let verified = 0;
    const kinds = new Map<string, number>();
    for (const t of transactions) {
      const tx = byTxid.get(`${t.chain}:${t.txid}`)!;
      if (tx.isCoinbase || t.block_height === 0) continue; // genesis transactions are never script-checked
      const pre = new PrecomputedTransactionData(tx);
      tx.inputs.forEach((input, i) => {
        if (input.isPegin) return; // the spent "output" is on the parent chain
        // identical genesis transactions of several chains are listed once
        const prevId = toDisplayHex(input.prevout.txid);
        const prevTx = byTxid.get(`${t.chain}:${prevId}`) ?? anyChain.get(prevId);
        assert.ok(prevTx, `${t.txid}:${i} spends a transaction outside the corpus`);
        const prev: TxOut = prevTx.outputs[input.prevout.index]!;
        const checker = new TransactionSignatureChecker(secp, tx, i, prev.value, pre);
        const r = verifyScript(input.scriptSig, prev.scriptPubKey, tx.inWitness[i]!.scriptWitness, BLOCK_SCRIPT_VERIFY_FLAGS, checker);
        assert.deepEqual(r, { ok: true }, `${t.chain} ${t.txid}:${i}`);
        const kind = extractDestinations(prev.scriptPubKey).type + (tx.inWitness[i]!.scriptWitness.length ? '+witness' : '');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        verified++;
      });
    }
    console.log(`verified ${verified} corpus inputs: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    assert.ok(verified > 500);
  });
});

describe('corpus blocks.json (block proofs)', () => {
  const { blocks } = readJson<{ blocks: { chain: string; height: number; hash: string; getblockheader_hex: string; getblockheader: { bits: string } }[] }>(
    'vectors',
    'ocean-corpus',
    'blocks.json',
  );
  test('challenge asm and proof of every non-genesis header', () => {
    let signed = 0;
    for (const b of blocks) {
      const h = BlockHeader.decode(fromHex(b.getblockheader_hex));
      assert.equal(toDisplayHex(h.hash), b.hash);
      assert.equal(scriptToAsm(h.challenge), b.getblockheader.bits);
      if (b.height === 0) continue;
      const checker = new BlockProofChecker(secp, h.hash);
      const r = verifyScript(h.solution, h.challenge, [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, checker);
      assert.deepEqual(r, { ok: true }, `${b.chain} block ${b.height}`);
      if (h.solution.length > 0) {
        signed++;
        // a proof for another block hash fails
        const other = h.hash.slice();
        other[0] = other[0]! ^ 1;
        assert.equal(verifyScript(h.solution, h.challenge, [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, new BlockProofChecker(secp, other)).ok, false);
      }
    }
    assert.ok(signed > 10);
    assert.ok(bytesEqual(new Uint8Array(0), new Uint8Array(0)));
  });
});
