import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssetLabels } from '../../src/chain/asset-labels.js';
import { ChainParams } from '../../src/chain/chain-params.js';
import { ChainParamsError } from '../../src/chain/errors.js';
import { fromDisplayHex, toDisplayHex } from '../../src/encoding/hex.js';

const CBT = 'a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a';
const GOLD = '11'.repeat(31) + '22';

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: unknown) => e instanceof ChainParamsError && e.message === message);

test('user labels come first, then CBT, then policy assets', () => {
  const p = ChainParams.fromOptionValues({ regtest: '1', assetdir: [`${GOLD}:GOLD`, `${'33'.repeat(32)}:silver:1`] });
  assert.deepEqual(
    p.assetLabels.entries().map((e) => e.label),
    ['GOLD', 'silver:1', 'CBT'],
  );
  assert.deepEqual(p.assetLabels.toRecord(), { GOLD, 'silver:1': '33'.repeat(32), CBT });
  assert.equal(toDisplayHex(p.assetLabels.assetFor('GOLD')!), GOLD);
  assert.equal(p.assetLabels.labelFor(fromDisplayHex(GOLD)), 'GOLD');
  assert.equal(p.assetLabels.labelFor(new Uint8Array(32)), undefined);
  assert.equal(p.assetLabels.assetFor('gold'), undefined);
  assert.equal(toDisplayHex(p.assetLabels.resolve('CBT')!), CBT);
  assert.equal(toDisplayHex(p.assetLabels.resolve('ab'.repeat(32))!), 'ab'.repeat(32));
  assert.equal(p.assetLabels.resolve('nope'), undefined);
});

test('protected labels and duplicates are startup errors', () => {
  for (const label of ['', '*', 'CBT', 'Cbt', 'cbt']) {
    rejects(() => ChainParams.fromOptionValues({ regtest: '1', assetdir: `${GOLD}:${label}` }), `Error in -assetdir: '${label}' label is protected`);
  }
  rejects(
    () => ChainParams.fromOptionValues({ regtest: '1', assetdir: [`${GOLD}:A`, `${GOLD}:B`] }),
    `Error in -assetdir: duplicated asset '${GOLD}'`,
  );
  rejects(
    () => ChainParams.fromOptionValues({ regtest: '1', assetdir: [`${GOLD}:A`, `${'33'.repeat(32)}:A`] }),
    "Error in -assetdir: duplicated label 'A'",
  );
  // a user label on the pegged asset collides with CBT
  rejects(() => ChainParams.fromOptionValues({ regtest: '1', assetdir: `${CBT}:MINE` }), `Error in -assetdir: duplicated asset '${CBT}'`);
  // a user label named like a policy asset collides when that asset exists
  rejects(
    () => ChainParams.fromOptionValues({ regtest: '1', policycoins: '100', whitelistcoinsdestination: '51', assetdir: `${GOLD}:WHITELIST` }),
    "Error in -assetdir: duplicated label 'WHITELIST'",
  );
  assert.ok(ChainParams.fromOptionValues({ regtest: '1', assetdir: `${GOLD}:WHITELIST` }));
  assert.ok(AssetLabels.build([], fromDisplayHex(CBT)).assetFor('CBT'));
});
