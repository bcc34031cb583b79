import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonNumber, JsonObject, writeJson } from '@ocean-ts/core';
import { basicAuthorization, parseCookie, toJsonValue } from '../src/index.js';

test('parseCookie: __cookie__:<hex>, first line only, split at the first colon', () => {
  const hex = 'ab'.repeat(32);
  assert.deepEqual(parseCookie(`__cookie__:${hex}`), { user: '__cookie__', password: hex });
  assert.deepEqual(parseCookie(`__cookie__:${hex}\nignored`), { user: '__cookie__', password: hex });
  assert.deepEqual(parseCookie('u:p:q'), { user: 'u', password: 'p:q' });
  assert.equal(parseCookie('nocolon'), undefined);
  assert.equal(parseCookie(''), undefined);
});

test('basicAuthorization: UTF-8 user and password', () => {
  assert.equal(basicAuthorization({ user: 'u', password: 'p' }), 'Basic dTpw');
  const header = basicAuthorization({ user: 'rpcuser💻0', password: 'rpcpass🔑0' });
  assert.equal(Buffer.from(header.slice(6), 'base64').toString('utf8'), 'rpcuser💻0:rpcpass🔑0');
});

test('toJsonValue: plain JavaScript to the UniValue model', () => {
  assert.equal(writeJson(toJsonValue([1, 2n, 'x', true, null, { b: 1, a: [0.5], skip: undefined }])), '[1,2,"x",true,null,{"b":1,"a":[0.5]}]');
  const n = JsonNumber.parse('1.00000000');
  assert.equal(toJsonValue(n), n);
  const o = new JsonObject([['k', n]]);
  assert.equal(toJsonValue(o), o);
  assert.throws(() => toJsonValue((() => 1) as never), TypeError);
  assert.throws(() => toJsonValue(Number.NaN), /finite/);
});
