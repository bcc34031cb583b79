import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContractTerms } from '../../src/chain/contract-terms.js';
import { hashDataFile, normalizeDataFile } from '../../src/chain/data-file.js';
import { HeightSchedule } from '../../src/chain/height-schedule.js';
import { toDisplayHex, toHex } from '../../src/encoding/hex.js';

const LATEST = 'These are the terms and conditions\nApprove to use the CBT network\n';
const OLD1 = 'These are the old terms and conditions\nApprove to use the CBT network\n';
const H_LATEST = '858ab0fbcee7654401eb2db40f3318ddcdf679003b00a01f8d8d920a6ce9e3e6';
const H_OLD1 = '55f1a7f85f8fdc9d1cae38d30afe24f153bc6c97a6b73f27c6885ef6d0d400f7';
const ZERO = '00'.repeat(32);

test('file normalisation: every line re-terminated with \\n, \\r kept, empty = no contract', () => {
  assert.equal(normalizeDataFile(undefined), '');
  assert.equal(normalizeDataFile(''), '');
  assert.equal(normalizeDataFile('a'), 'a\n');
  assert.equal(normalizeDataFile('a\nb'), 'a\nb\n');
  assert.equal(normalizeDataFile('a\nb\n'), 'a\nb\n');
  assert.equal(normalizeDataFile('a\r\nb\r\n'), 'a\r\nb\r\n');
  assert.equal(normalizeDataFile('a\n\n'), 'a\n\n');
  assert.equal(normalizeDataFile('\n'), '\n');
  assert.equal(toHex(hashDataFile('')), ZERO);
  assert.equal(toDisplayHex(hashDataFile(LATEST)), H_LATEST);
  assert.equal(toDisplayHex(hashDataFile(LATEST.slice(0, -1))), H_LATEST); // missing final newline
  assert.notEqual(toDisplayHex(hashDataFile(LATEST.replace(/\n/g, '\r\n'))), H_LATEST);
  assert.equal(toDisplayHex(hashDataFile('{"version": 1, "assets": {}}\n')), '1c1e22ca6e7665a1e087d3dd459d3d192c3dc386f4d6b7a5dfe06a142fa87c69');
});

test('contract hash at height 0: old1 else latest else zero', () => {
  assert.equal(toDisplayHex(new ContractTerms({ latest: LATEST, old: [OLD1] }).hashAt(0)), H_OLD1);
  assert.equal(toDisplayHex(new ContractTerms({ latest: LATEST, old: [''] }).hashAt(0)), H_LATEST);
  assert.equal(toDisplayHex(new ContractTerms({ latest: LATEST }).hashAt(0)), H_LATEST);
  const none = new ContractTerms({});
  assert.equal(toHex(none.hashAt(0)), ZERO);
  assert.equal(toHex(none.hashAt(7)), ZERO);
  assert.equal(none.hasContract, false);
  assert.equal(new ContractTerms({ latest: LATEST, old: [OLD1] }).latestText, LATEST);
});

test('-contractchange schedule: first key strictly above h', () => {
  const noChange = new ContractTerms({ latest: LATEST, old: [OLD1] });
  assert.equal(toDisplayHex(noChange.hashAt(1)), H_LATEST);
  const one = new ContractTerms({ latest: LATEST, old: [OLD1] }, [6]);
  assert.equal(toDisplayHex(one.hashAt(0)), H_OLD1);
  assert.equal(toDisplayHex(one.hashAt(1)), H_OLD1);
  assert.equal(toDisplayHex(one.hashAt(5)), H_OLD1);
  assert.equal(toDisplayHex(one.hashAt(6)), H_LATEST);
  assert.equal(toDisplayHex(one.hashAt(0xfffffffe)), H_LATEST);
  // old<i> pairs with the i-th occurrence; order given, not sorted
  const old2 = 'second\n';
  const two = new ContractTerms({ latest: LATEST, old: [OLD1, old2] }, [20, 10]);
  assert.equal(toDisplayHex(two.hashAt(9)), toDisplayHex(hashDataFile(old2)));
  assert.equal(toDisplayHex(two.hashAt(10)), H_OLD1);
  assert.equal(toDisplayHex(two.hashAt(19)), H_OLD1);
  assert.equal(toDisplayHex(two.hashAt(20)), H_LATEST);
  // a change without its old<i>.txt maps to the zero hash
  const missing = new ContractTerms({ latest: LATEST }, [3]);
  assert.equal(toHex(missing.hashAt(2)), ZERO);
  assert.equal(toDisplayHex(missing.hashAt(3)), H_LATEST);
});

test('HeightSchedule: greatest height ≤ h, later duplicates win', () => {
  const s = new HeightSchedule([
    { height: 10, value: 'a' },
    { height: 5, value: 'b' },
    { height: 10, value: 'c' },
  ]);
  assert.equal(s.at(4), undefined);
  assert.equal(s.at(5), 'b');
  assert.equal(s.at(9), 'b');
  assert.equal(s.at(10), 'c');
  assert.equal(s.at(1e9), 'c');
  assert.deepEqual(s.items.map((i) => i.height), [5, 10]);
  assert.equal(HeightSchedule.empty().isEmpty, true);
});
