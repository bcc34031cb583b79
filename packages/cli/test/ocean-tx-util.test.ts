/**
 * The original's `bitcoin-util-test.json` cases (src/test/data), adapted to Ocean: the expected
 * files are stale Bitcoin-format transactions, so success cases are checked against the Ocean
 * equivalent of what the arguments describe (same version, inputs, scripts, values, lock time;
 * every output explicit in the chain's pegged asset), Bitcoin mainnet addresses / keys in the
 * arguments are replaced by the same hashes / keys on the selected chain, and error cases must
 * print the original's exact error text with exit code 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  ChainParams,
  JsonNumber,
  JsonObject,
  NobleSecp256k1,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  Transaction,
  TransactionSignatureChecker,
  fromHex,
  jsonDiff,
  parseJson,
  toDisplayHex,
  toHex,
  verifyScript,
} from '@ocean-ts/core';
import { oceanAddress, oceanFromBitcoinHex, oceanWif } from './support/bitcoin-format.js';
import { readShared, sharedPath, tool } from './support/shared.js';

interface UtilCase {
  args: string[];
  input?: string;
  output_cmp?: string;
  return_code?: number;
  error_txt?: string;
  description: string;
}

const cases = JSON.parse(readShared('vectors', 'ocean', 'bitcoin-util-test.json')) as UtilCase[];
const chain = ChainParams.fromOptionValues({});
const CBT = chain.peggedAsset;
const secp = new NobleSecp256k1();

const isTxHex = (a: string) => /^[0-9a-f]+$/.test(a) && a.length % 2 === 0 && a.length >= 20;

/** Replace Bitcoin-format transactions, addresses and WIF keys by their Ocean equivalents. */
function adaptArg(a: string): string {
  if (isTxHex(a)) return toHex(oceanFromBitcoinHex(a, CBT).toBytes());
  if (a.startsWith('outaddr=')) {
    return 'outaddr=' + a.slice(8).split(':').map((p) => oceanAddress(p, chain.base58) ?? p).join(':');
  }
  if (a.startsWith('set=privatekeys:')) {
    const keys = JSON.parse(a.slice('set=privatekeys:'.length)) as string[];
    return 'set=privatekeys:' + JSON.stringify(keys.map((k) => oceanWif(k, chain.base58) ?? k));
  }
  return a;
}

function inputHex(file: string): string {
  return toHex(oceanFromBitcoinHex(readShared('vectors', 'ocean', file), CBT).toBytes());
}

/** The stale reference transaction of an expected-output file (its JSON's hex when there is one). */
function referenceTx(outputCmp: string): { tx: Transaction; json?: JsonObject } {
  const base = outputCmp.replace(/\.(hex|json)$/, '');
  const jsonPath = sharedPath('vectors', 'ocean', `${base}.json`);
  if (existsSync(jsonPath)) {
    const json = parseJson(readShared('vectors', 'ocean', `${base}.json`)) as JsonObject;
    return { tx: oceanFromBitcoinHex(json.get('hex') as string, CBT), json };
  }
  return { tx: oceanFromBitcoinHex(readShared('vectors', 'ocean', `${base}.hex`), CBT) };
}

/** The version the arguments ask for: the last nversion=, else the input's, else 2 (-create). */
function expectedVersion(c: UtilCase, input?: Transaction): number {
  const nv = c.args.filter((a) => a.startsWith('nversion=')).pop();
  if (nv) return Number(nv.slice(9));
  return input ? input.version : 2;
}

const isSignCase = (c: UtilCase) => c.args.some((a) => a.startsWith('sign='));

/**
 * The signatures verify against the transaction as it was when `sign=` ran (commands after it —
 * here an added output — invalidate SIGHASH_ALL signatures, in the original too).
 */
function checkSignatures(final: Transaction, c: UtilCase, args: string[]): void {
  const upToSign = args.slice(0, args.findIndex((a) => a.startsWith('sign=')) + 1).filter((a) => a !== '-json');
  const atSign = tool(upToSign);
  assert.equal(atSign.code, 0, atSign.stderr);
  const tx = Transaction.decode(fromHex(atSign.stdout.trim()));
  assert.deepEqual(final.inputs.map((i) => toHex(i.scriptSig)), tx.inputs.map((i) => toHex(i.scriptSig)));
  const prevtxs = JSON.parse(c.args.find((a) => a.startsWith('set=prevtxs:'))!.slice('set=prevtxs:'.length)) as { txid: string; vout: number; scriptPubKey: string }[];
  tx.inputs.forEach((input, i) => {
    const prev = prevtxs.find((p) => p.txid === toDisplayHex(input.prevout.txid) && p.vout === input.prevout.index)!;
    assert.ok(input.scriptSig.length > 0, 'input was signed');
    const r = verifyScript(input.scriptSig, fromHex(prev.scriptPubKey), tx.inWitness[i]!.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, new TransactionSignatureChecker(secp, tx, i, 0n));
    assert.deepEqual(r, { ok: true }, `signature of input ${i} verifies with Ocean's sighash`);
  });
}

/** Compare everything but the signatures (which use Ocean's sighash) with the reference. */
function compareTx(got: Transaction, ref: Transaction, version: number, signed: boolean): void {
  assert.equal(got.version, version, 'version');
  assert.equal(got.locktime, ref.locktime, 'locktime');
  assert.equal(got.inputs.length, ref.inputs.length, 'input count');
  got.inputs.forEach((inp, i) => {
    const r = ref.inputs[i]!;
    assert.ok(inp.prevout.equals(r.prevout), `input ${i} prevout`);
    assert.equal(inp.sequence, r.sequence, `input ${i} sequence`);
    if (!signed) assert.equal(toHex(inp.scriptSig), toHex(r.scriptSig), `input ${i} scriptSig`);
  });
  assert.equal(got.outputs.length, ref.outputs.length, 'output count');
  got.outputs.forEach((o, i) => assert.ok(o.equals(ref.outputs[i]!), `output ${i}`));
}

/** Compare our -json with the stale Bitcoin JSON on the fields both have (addresses mapped). */
function compareJson(got: JsonObject, expected: JsonObject, version: number, signed: boolean): void {
  assert.equal((got.get('version') as JsonNumber).raw, String(version));
  assert.equal(jsonDiff(got.get('locktime')!, expected.get('locktime')!), undefined);
  const gin = got.get('vin') as JsonObject[];
  const ein = expected.get('vin') as JsonObject[];
  assert.equal(gin.length, ein.length);
  gin.forEach((g, i) => {
    const e = ein[i]!;
    for (const k of ['txid', 'vout', 'sequence']) assert.equal(jsonDiff(g.get(k)!, e.get(k)!), undefined, `vin[${i}].${k}`);
    if (!signed) assert.equal(jsonDiff(g.get('scriptSig')!, e.get('scriptSig')!), undefined, `vin[${i}].scriptSig`);
    else {
      const pubkey = ((e.get('scriptSig') as JsonObject).get('asm') as string).split(' ')[1]!;
      assert.match((g.get('scriptSig') as JsonObject).get('asm') as string, new RegExp(`^[0-9a-f]{140,146}\\[ALL\\] ${pubkey}$`));
    }
    assert.equal(g.get('is_pegin'), false);
  });
  const gout = got.get('vout') as JsonObject[];
  const eout = expected.get('vout') as JsonObject[];
  assert.equal(gout.length, eout.length);
  gout.forEach((g, i) => {
    const e = eout[i]!;
    assert.equal(jsonDiff(g.get('value')!, e.get('value')!), undefined, `vout[${i}].value`);
    assert.match((g.get('value') as JsonNumber).raw, /^\d+\.\d{8}$/);
    assert.equal(g.get('asset'), toDisplayHex(CBT));
    assert.equal(g.get('assetlabel'), 'CBT');
    assert.equal(jsonDiff(g.get('n')!, e.get('n')!), undefined);
    const gs = g.get('scriptPubKey') as JsonObject;
    const es = e.get('scriptPubKey') as JsonObject;
    assert.equal(gs.get('hex'), es.get('hex'));
    assert.equal(gs.get('asm'), es.get('asm'));
    assert.equal(gs.get('type'), es.get('hex') === '' ? 'fee' : es.get('type'), `vout[${i}] type`);
    if (es.has('reqSigs')) assert.equal(jsonDiff(gs.get('reqSigs')!, es.get('reqSigs')!), undefined);
    if (es.has('addresses')) {
      const mapped = (es.get('addresses') as string[]).map((a) => oceanAddress(a, chain.base58)!);
      assert.deepEqual(gs.get('addresses'), mapped);
    }
  });
}

for (const c of cases) {
  test(`bitcoin-util-test: ${c.description} [${c.args.join(' ').slice(0, 120)}]`, () => {
    const args = c.args.map(adaptArg);
    const stdin = c.input ? inputHex(c.input) : '';
    const r = tool(args, stdin);
    if (c.return_code !== undefined && c.return_code !== 0) {
      assert.equal(r.code, c.return_code);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `${c.error_txt}\n`);
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const inputTx = c.input
      ? Transaction.decode(fromHex(stdin))
      : args.find((a) => isTxHex(a))
        ? Transaction.decode(fromHex(args.find((a) => isTxHex(a))!))
        : undefined;
    const version = expectedVersion(c, inputTx);
    const ref = referenceTx(c.output_cmp!);
    const signed = isSignCase(c);
    const json = args.includes('-json');
    // the hex form of the same command line
    const hexRun = json ? tool(args.filter((a) => a !== '-json'), stdin) : r;
    assert.equal(hexRun.code, 0);
    const tx = Transaction.decode(fromHex(hexRun.stdout.trim()));
    compareTx(tx, ref.tx, version, signed);
    if (signed) checkSignatures(tx, c, args);
    if (json) {
      // -json agrees with the hex output
      const again = tool(['-json', hexRun.stdout.trim()]);
      assert.equal(r.stdout, again.stdout);
      compareJson(parseJson(r.stdout) as JsonObject, ref.json!, version, signed);
    } else {
      assert.match(r.stdout, /^[0-9a-f]+\n$/);
      if (!signed) assert.equal(r.stdout, `${toHex(withVersion(ref.tx, version).toBytes())}\n`);
    }
  });
}

function withVersion(tx: Transaction, version: number): Transaction {
  return new Transaction(version, tx.inputs, tx.outputs, tx.locktime, tx.inWitness, tx.outWitness);
}

test('every bitcoin-util-test case ran', () => {
  assert.equal(cases.length, 58);
});
