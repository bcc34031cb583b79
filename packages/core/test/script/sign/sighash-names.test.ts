import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../../../src/script/sighash.js';
import { SIGHASH_TYPE_NAMES } from '../../../src/script/sign/sighash-names.js';

test("SIGHASH_TYPE_NAMES is Core 0.14's mapSigHashValues: BASE or BASE|ANYONECANPAY, exact case", () => {
  const bases: Record<string, number> = { ALL: SIGHASH_ALL, NONE: SIGHASH_NONE, SINGLE: SIGHASH_SINGLE };
  const expected = new Map<string, number>();
  for (const [name, type] of Object.entries(bases)) {
    expected.set(name, type);
    expected.set(`${name}|ANYONECANPAY`, type | SIGHASH_ANYONECANPAY);
  }
  assert.equal(SIGHASH_TYPE_NAMES.size, 6);
  for (const [name, type] of expected) assert.equal(SIGHASH_TYPE_NAMES.get(name), type, name);
  for (const bad of ['all', 'ANYONECANPAY', 'ANYONECANPAY|ALL', 'ALL ', '']) assert.equal(SIGHASH_TYPE_NAMES.get(bad), undefined, bad);
});
