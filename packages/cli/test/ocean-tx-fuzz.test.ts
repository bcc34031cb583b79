/** Garbage in, one clean error line out: the tool's entry function never throws or prints a stack. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChainParams, JsonObject, NobleSecp256k1, decodeWif, hash160, parseJson, toHex } from '@ocean-ts/core';
import { readSharedJson, tool } from './support/shared.js';
import type { ToolResult } from '../src/ocean-tx/main.js';

const txs = ((readSharedJson('vectors', 'ocean-corpus', 'transactions.json') as JsonObject).get('transactions') as JsonObject[]).map(
  (t) => t.get('hex') as string,
);

function checkClean(r: ToolResult, what: string): void {
  assert.ok(r.code === 0 || r.code === 1, what);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: no stack trace`);
  assert.doesNotMatch(r.stderr, /unexpected failure/, `${what}: no internal error`);
  if (r.code === 1) {
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^(error|Error): .+\n$/s, what);
  } else {
    assert.equal(r.stderr, '');
  }
}

test('property: random hex strings decode or fail with "invalid transaction encoding"', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('', '-json', '-txid'), (bytes, mode) => {
      const hex = toHex(bytes);
      const r = tool(mode ? [mode, hex] : [hex]);
      checkClean(r, hex);
      if (r.code === 1) assert.equal(r.stderr, 'error: invalid transaction encoding\n');
      if (r.code === 0 && mode === '-json') parseJson(r.stdout);
    }),
    { numRuns: 500 },
  );
});

test('property: mutated corpus transactions (flips, truncation, insertion) never crash -json', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: txs.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert', 'delete')), { minLength: 1, maxLength: 4 }),
      (i, edits) => {
        const bytes = Array.from(Buffer.from(txs[i]!, 'hex'));
        for (const [pos, val, op] of edits) {
          const p = bytes.length === 0 ? 0 : pos % bytes.length;
          if (op === 'set') bytes[p] = val;
          else if (op === 'cut') bytes.length = p;
          else if (op === 'insert') bytes.splice(p, 0, val);
          else bytes.splice(p, 1);
        }
        const hex = Buffer.from(bytes).toString('hex');
        const r = tool(['-json', hex]);
        checkClean(r, hex);
        if (r.code === 0) parseJson(r.stdout);
      },
    ),
    { numRuns: 400 },
  );
});

const commandArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.tuple(
    fc.constantFrom('nversion', 'locktime', 'in', 'delin', 'delout', 'outaddr', 'outpubkey', 'outdata', 'outscript', 'outmultisig', 'outfee', 'asset', 'sign', 'set', 'load'),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 33 }).map((b) => toHex(b)), fc.integer().map(String)), { maxLength: 6 }).map((p) => p.join(':')),
    ),
  ).map(([k, v]) => `${k}=${v}`),
);

test('property: random command lines fail cleanly or produce a transaction', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('-json', '-txid', '-regtest', '-create', '-chain=x', '-foo'), { maxLength: 3 }), fc.array(commandArb, { maxLength: 6 }), (opts, cmds) => {
      const r = tool([...opts, '-create', ...cmds]);
      checkClean(r, [...opts, ...cmds].join(' '));
    }),
    { numRuns: 500 },
  );
});

test('property: signing decoded corpus transactions with arbitrary previous outputs fails cleanly or signs', () => {
  const key = 'cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy';
  const wif = decodeWif(key, ChainParams.fromOptionValues({}).base58);
  const pkh = toHex(hash160(new NobleSecp256k1().publicKeyCreate(wif.key, wif.compressed)));
  const scripts = ['76a914' + pkh + '88ac', '0014' + pkh, '76a914' + '11'.repeat(20) + '88ac', 'a914' + '22'.repeat(20) + '87', '0014' + '33'.repeat(20), '0020' + '44'.repeat(32), '51', '6a', '00', '5121' + '02' + '55'.repeat(32) + '51ae'];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: txs.length - 1 }), fc.array(fc.constantFrom(...scripts), { minLength: 1, maxLength: 3 }), fc.constantFrom('ALL', 'NONE', 'SINGLE|ANYONECANPAY'), (i, spks, flags) => {
      const hex = txs[i]!;
      const dec = parseJson(tool(['-json', hex]).stdout) as JsonObject;
      const vin = (dec.get('vin') as JsonObject[]).filter((v) => v.has('txid'));
      const prevs = vin.slice(0, spks.length).map((v, k) => ({ txid: v.get('txid'), vout: Number((v.get('vout') as { raw: string }).raw), scriptPubKey: spks[k], redeemScript: '51', amount: 1 }));
      const r = tool([hex, `set=privatekeys:["${key}"]`, `set=prevtxs:${JSON.stringify(prevs)}`, `sign=${flags}`]);
      checkClean(r, `${i} ${flags}`);
    }),
    { numRuns: 150 },
  );
});
