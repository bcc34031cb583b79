import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEE_INCREMENT, DEFAULT_MAX_FEE, DEFAULT_MIN_FEE, FeePolicy, validateFeeConfig, type FeeConfig } from '../../src/service/fee-policy.js';
import type { FeeSource } from '../../src/service/fee-source.js';
import { readMainstayVector } from '../merkle/vectors.js';

interface FeesFile {
  fee_config_validation: { defaults: FeeConfig; cases: { config: FeeConfig; expected: FeeConfig }[] };
  bump_sequence: { setup: { minFee: number; maxFee: number; feeIncrement: number }; 'after_each_bump_[prev,current]': [number, number][] };
}
const fees = readMainstayVector<FeesFile>('fees.json');

/** A fee source returning the queued answers in order. */
function source(...answers: (number | undefined | Error)[]): FeeSource & { calls: number } {
  return {
    calls: 0,
    async recommendedFeeRate() {
      const a = answers[this.calls++];
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

test('fees.json: config validation defaults and the six TestAttestFeesWithConfig cases', () => {
  assert.deepEqual(fees.fee_config_validation.defaults, { minFee: DEFAULT_MIN_FEE, maxFee: DEFAULT_MAX_FEE, feeIncrement: DEFAULT_FEE_INCREMENT });
  assert.equal(fees.fee_config_validation.cases.length, 6);
  for (const c of fees.fee_config_validation.cases) {
    assert.deepEqual(validateFeeConfig(c.config).limits, c.expected, JSON.stringify(c.config));
  }
});

test('validation rules: max is compared with the validated min; ≥ 100 becomes 100; warnings only for configured values', () => {
  assert.deepEqual(validateFeeConfig({}).limits, { minFee: 10, maxFee: 100, feeIncrement: 5 });
  assert.deepEqual(validateFeeConfig({}).warnings, []);
  assert.deepEqual(validateFeeConfig({ minFee: 99, maxFee: 99 }).limits, { minFee: 99, maxFee: 100, feeIncrement: 5 });
  assert.deepEqual(validateFeeConfig({ minFee: 1, maxFee: 2, feeIncrement: 1 }).limits, { minFee: 1, maxFee: 2, feeIncrement: 1 });
  assert.deepEqual(validateFeeConfig({ minFee: 20, maxFee: 150 }).limits, { minFee: 20, maxFee: 100, feeIncrement: 5 });
  assert.deepEqual(validateFeeConfig({ minFee: 2.5 }).limits.minFee, 10);
  const r = validateFeeConfig({ minFee: 0, maxFee: 10, feeIncrement: 20 });
  assert.equal(r.warnings.length, 2);
  assert.match(r.warnings[0]!, /minFee 0/);
  assert.match(r.warnings[1]!, /maxFee 10/);
});

test('fees.json: the bump sequence (min 10, max 100, increment 20)', async () => {
  const { setup } = fees.bump_sequence;
  const policy = new FeePolicy(setup, { useMinimum: true });
  await policy.reset();
  assert.deepEqual([policy.prevFee, policy.currentFee], [0, 10]);
  const seen: [number, number][] = [];
  for (let i = 0; i < 5; i++) {
    policy.bump();
    seen.push([policy.prevFee, policy.currentFee]);
  }
  assert.deepEqual(seen, fees.bump_sequence['after_each_bump_[prev,current]']);
  policy.bump();
  assert.deepEqual([policy.prevFee, policy.currentFee], [100, 100]);
});

test('reset asks the source and clamps; a failing, empty or NaN source falls back to the minimum', async () => {
  const limits = { minFee: 10, maxFee: 50, feeIncrement: 5 };
  const src = source(27, 500, 3, new Error('down'), undefined, Number.NaN, 12.9);
  const policy = new FeePolicy(limits, { source: src });
  const results: number[] = [];
  for (let i = 0; i < 7; i++) {
    policy.bump();
    await policy.reset();
    assert.equal(policy.prevFee, 0);
    results.push(policy.currentFee);
  }
  assert.deepEqual(results, [27, 50, 10, 10, 10, 10, 12]);
  assert.equal(src.calls, 7);

  const regtest = new FeePolicy(limits, { useMinimum: true, source: src });
  await regtest.reset();
  assert.equal(regtest.currentFee, 10);
  assert.equal(src.calls, 7, 'useMinimum never asks the source');
  assert.throws(() => new FeePolicy(limits), TypeError);
  assert.throws(() => new FeePolicy({ minFee: 10, maxFee: 5, feeIncrement: 5 }, { useMinimum: true }), RangeError);
});

test('bumping an unconfirmed attestation: once per send, retries reuse (prev, current)', async () => {
  const policy = new FeePolicy({ minFee: 10, maxFee: 40, feeIncrement: 20 }, { useMinimum: true });
  await policy.reset();
  assert.equal(policy.isFeeBumped, false);
  assert.deepEqual(policy.bumpForReplacement(), { previous: 10, current: 30, delta: 20 });
  assert.equal(policy.isFeeBumped, true);
  // signing failed, HandleUnconfirmed runs again before any send: no second bump
  assert.deepEqual(policy.bumpForReplacement(), { previous: 10, current: 30, delta: 20 });
  policy.markSent();
  assert.equal(policy.isFeeBumped, false);
  assert.deepEqual(policy.bumpForReplacement(), { previous: 30, current: 40, delta: 10 });
  policy.markSent();
  assert.deepEqual(policy.bumpForReplacement(), { previous: 40, current: 40, delta: 0 }, 'capped at maxFee');

  // recovery from the mempool: the paid rate, clamped, and the flag cleared
  policy.setCurrent(25.7);
  assert.deepEqual([policy.currentFee, policy.isFeeBumped], [25, false]);
  policy.setCurrent(400);
  assert.equal(policy.currentFee, 40);
  policy.setCurrent(1);
  assert.equal(policy.currentFee, 10);
  assert.deepEqual(policy.bumpForReplacement(), { previous: 10, current: 30, delta: 20 });
});
