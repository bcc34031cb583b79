import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonObject, jsonDiff, parseJson, writeJson } from '@ocean-ts/core';
import { chainIds, chainSwitches } from './support/corpus-chains.js';
import { readSharedJson, tool } from './support/shared.js';

const txs = (readSharedJson('vectors', 'ocean-corpus', 'transactions.json') as JsonObject).get('transactions') as JsonObject[];

test('every corpus chain is selected by its node options without error', () => {
  for (const id of chainIds()) {
    const r = tool([...chainSwitches(id), '-create']);
    assert.equal(r.code, 0, `${id}: ${r.stderr}`);
    assert.equal(r.stdout, '0200000000000000000000\n');
  }
});

test(`ocean-tx -json prints the original's decoderawtransaction for every corpus transaction (${txs.length})`, () => {
  assert.ok(txs.length >= 399);
  for (const t of txs) {
    const chain = t.get('chain') as string;
    const txid = t.get('txid') as string;
    const r = tool(['-json', ...chainSwitches(chain), t.get('hex') as string]);
    assert.equal(r.code, 0, `${txid}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    const got = parseJson(r.stdout);
    const d = jsonDiff(got, t.get('decoderawtransaction')!);
    assert.equal(d, undefined, `${chain} ${txid}: ${d}`);
    // pretty-printed exactly like UniValue write(4), one trailing newline
    assert.equal(writeJson(got, 4) + '\n', r.stdout);
    // amounts keep 8 decimals in the text
    for (const m of r.stdout.matchAll(/"(value|value-minimum|value-maximum|assetamount|tokenamount)": ([^,\n]+)/g)) {
      assert.match(m[2]!, /^-?\d+\.\d{8}$/, `${txid} ${m[1]}`);
    }
  }
});

test('ocean-tx -txid and the default hex output for every corpus transaction', () => {
  for (const t of txs) {
    const hex = t.get('hex') as string;
    const txid = tool(['-txid', hex]);
    assert.equal(txid.code, 0);
    assert.equal(txid.stdout, `${t.get('txid') as string}\n`);
    const out = tool([hex]);
    assert.equal(out.stdout, `${hex}\n`, 'hex round trip');
    const viaStdin = tool(['-txid', '-'], `${hex}\n`);
    assert.equal(viaStdin.stdout, txid.stdout);
  }
});

test('the original ocean-tx exited 0 on every corpus transaction, and so does ocean-tx here (also with -chain)', () => {
  for (const t of txs) {
    const orig = t.get('ocean_tx_json') as JsonObject;
    assert.equal(jsonDiff(orig.get('exit')!, parseJson('0')), undefined);
    const r = tool(['-json', `-chain=ocean_test`, t.get('hex') as string]);
    assert.equal(r.code, 0);
    // the original's reduced view and ours agree on the fields both have
    const mine = parseJson(r.stdout) as JsonObject;
    const theirs = orig.get('json') as JsonObject;
    for (const k of ['txid', 'hash', 'version', 'locktime']) assert.equal(jsonDiff(mine.get(k)!, theirs.get(k)!), undefined, k);
  }
});
