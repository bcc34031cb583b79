import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams, OptionValues } from '@ocean-ts/core';
import { policyAssetHooks } from '../../src/policy/policy-asset-hooks.js';
import { guardnodeParams } from './support.js';

test('isPolicyAsset: the configured genesis policy assets only', () => {
  const params = guardnodeParams(); // only -permissioncoinsdestination is set
  const hooks = policyAssetHooks(params);
  assert.equal(hooks.isPolicyAsset?.(params.policyAsset('permission')!), true);
  assert.equal(hooks.isPolicyAsset?.(params.feeAsset), false);
  assert.equal(hooks.isPolicyAsset?.(params.genesisPolicyAsset('freezelist') ?? new Uint8Array(32)), false);
  const plain = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], []));
  assert.equal(policyAssetHooks(plain).isPolicyAsset, undefined);
});
