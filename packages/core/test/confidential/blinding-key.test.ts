import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { deriveBlindingKey, deriveIssuanceBlindingKey, issuanceBlindingScript } from '../../src/confidential/blinding-key.js';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { id32 } from '../consensus/support/fixtures.js';

test('the blinding key of a script is HMAC-SHA256(master, scriptPubKey)', () => {
  const master = fromHex('0b'.repeat(32));
  const script = fromHex('76a91482b73af6ed8a7f515119ee2c92c8c0ccec4158be88ac');
  const key = deriveBlindingKey(master, script)!;
  assert.equal(toHex(key), toHex(hmac(nobleSha256, master, script)));
  // per script and per master key
  assert.notEqual(toHex(deriveBlindingKey(master, script.subarray(1))!), toHex(key));
  assert.notEqual(toHex(deriveBlindingKey(id32(1), script)!), toHex(key));
  // RFC 4231 test case 2 structure with a 32-byte key: HMAC of "what do ya want for nothing?"
  const jefe = new TextEncoder().encode('Jefe'.padEnd(32, '\0'));
  const msg = new TextEncoder().encode('what do ya want for nothing?');
  assert.equal(toHex(deriveBlindingKey(jefe, msg)!), toHex(hmac(nobleSha256, jefe, msg)));
  assert.throws(() => deriveBlindingKey(new Uint8Array(31), script), RangeError);
});

test('issuance blinding script: OP_RETURN <prevout txid> <n as CScript number>', () => {
  const txid = id32(0x42);
  const hex = (n: number) => toHex(issuanceBlindingScript(new OutPoint(txid, n)));
  const prefix = `6a20${toHex(txid)}`;
  assert.equal(hex(0), `${prefix}00`);
  assert.equal(hex(1), `${prefix}51`);
  assert.equal(hex(16), `${prefix}60`);
  assert.equal(hex(17), `${prefix}0111`);
  assert.equal(hex(128), `${prefix}028000`);
  assert.equal(hex(1000), `${prefix}02e803`);
  const master = id32(9);
  assert.equal(
    toHex(deriveIssuanceBlindingKey(master, new OutPoint(txid, 3))!),
    toHex(hmac(nobleSha256, master, fromHex(`${prefix}53`))),
  );
});
