import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_OCEAN_SERVICES,
  InvItem,
  MSG_CMPCT_BLOCK,
  MSG_FILTERED_BLOCK,
  MSG_WITNESS_BLOCK,
  MSG_WITNESS_FLAG,
  MSG_WITNESS_TX,
  OCEAN_CLIENT_VERSION,
  OCEAN_MAGIC,
  REJECT_PEGIN,
  formatSubVersion,
  formatVersion,
  inventoryTypeName,
  oceanUserAgent,
  userAgentCommentError,
} from '../src/index.js';

test('user agent: /Satoshi:2.1.1.1/ with -uacomment values as (c1; c2)', () => {
  assert.equal(oceanUserAgent(), '/Satoshi:2.1.1.1/');
  assert.equal(oceanUserAgent(['c1']), '/Satoshi:2.1.1.1(c1)/');
  assert.equal(oceanUserAgent(['c1', 'c2']), '/Satoshi:2.1.1.1(c1; c2)/');
  assert.equal(formatVersion(OCEAN_CLIENT_VERSION), '2.1.1.1');
  // Core drops the build number when it is zero
  assert.equal(formatVersion(140_200), '0.14.2');
  assert.equal(formatSubVersion('Satoshi', 140_200, []), '/Satoshi:0.14.2/');
});

test('user agent comments: BIP14 safe characters and the 256-byte total, with Core init messages', () => {
  assert.equal(userAgentCommentError(['ok comment, v1.2; x_y-z?@']), undefined);
  assert.equal(userAgentCommentError(['a/b']), 'User Agent comment (a/b) contains unsafe characters.');
  assert.equal(userAgentCommentError(['(x)']), 'User Agent comment ((x)) contains unsafe characters.');
  assert.equal(userAgentCommentError(['x'.repeat(236)]), undefined); // 17 + 2 + 236 = 255
  assert.equal(userAgentCommentError(['x'.repeat(237)]), undefined); // 256
  assert.equal(
    userAgentCommentError(['x'.repeat(238)]),
    'Total length of network version string (257) exceeds maximum length (256). Reduce the number or size of uacomments.',
  );
});

test('constants of ocean-core-p2p.md', () => {
  assert.deepEqual([...OCEAN_MAGIC], [0xfa, 0xbf, 0xb5, 0xda]);
  assert.equal(DEFAULT_OCEAN_SERVICES, 9n);
  assert.equal(MSG_WITNESS_FLAG, 0x40000000);
  assert.equal(MSG_WITNESS_TX, 0x40000001);
  assert.equal(MSG_WITNESS_BLOCK, 0x40000002);
  assert.equal(REJECT_PEGIN, 0x44);
  assert.equal(inventoryTypeName(MSG_WITNESS_TX), 'witness-tx');
  assert.equal(inventoryTypeName(MSG_FILTERED_BLOCK), 'merkleblock');
  assert.equal(inventoryTypeName(MSG_CMPCT_BLOCK), 'cmpctblock');
  assert.equal(inventoryTypeName(7), undefined);
  assert.equal(new InvItem(MSG_WITNESS_BLOCK, Uint8Array.from({ length: 32 }, (_, i) => i)).toString(), `witness-block 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100`);
});
