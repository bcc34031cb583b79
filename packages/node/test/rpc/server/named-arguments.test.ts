import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, JsonObject, parseJson, writeJson } from '@ocean-ts/core';
import { transformNamedArguments } from '../../../src/rpc/server/named-arguments.js';
import { RpcError } from '../../../src/rpc/server/rpc-error.js';

const names = ['address', 'amount', 'comment', 'comment_to', 'subtractfeefromamount'];

function map(json: string, argNames: readonly string[] = names): string {
  const obj = parseJson(json);
  assert.ok(obj instanceof JsonObject);
  return writeJson(transformNamedArguments(obj, argNames));
}

test('named arguments land in declaration order, whatever the request order', () => {
  assert.equal(map('{"amount":1.50000000,"address":"2dx"}'), '["2dx",1.50000000]');
});

test('gaps between given names are filled with null; nothing is appended after the last', () => {
  assert.equal(map('{"address":"a","comment_to":"b"}'), '["a",null,null,"b"]');
  assert.equal(map('{"subtractfeefromamount":true}'), '[null,null,null,null,true]');
  assert.equal(map('{"address":"a"}'), '["a"]');
  assert.equal(map('{}'), '[]');
});

test('an explicit null is kept (also at the end)', () => {
  assert.equal(map('{"address":"a","amount":null}'), '["a",null]');
});

test('a name given twice takes its last value (Core fills an unordered_map)', () => {
  assert.equal(map('{"address":"first","address":"second"}'), '["second"]');
});

test('unknown name → -8 Unknown named parameter <name> (first unknown in request order)', () => {
  const run = (json: string, argNames: readonly string[] = names) => () => map(json, argNames);
  assert.throws(run('{"address":"a","bogus":1}'), (e: unknown) => e instanceof RpcError && e.code === -8 && e.message === 'Unknown named parameter bogus');
  assert.throws(run('{"zz":1,"yy":2}'), { message: 'Unknown named parameter zz' });
});

test('a method without argument names refuses every named argument but accepts {}', () => {
  assert.throws(() => map('{"x":1}', []), { message: 'Unknown named parameter x' });
  assert.equal(map('{}', []), '[]');
});

test('values are passed through untouched (number tokens keep their text)', () => {
  const obj = new JsonObject().push('amount', JsonNumber.parse('0.10000000'));
  const out = transformNamedArguments(obj, names);
  assert.equal(writeJson(out), '[null,0.10000000]');
});
