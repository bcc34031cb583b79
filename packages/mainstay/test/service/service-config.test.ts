// The daemon's configuration pieces owned by the service: timing (the original's minutes, regtest's
// 5 s, our millisecond overrides), the estimatesmartfee fee source, the -conf flag and the profiles
// built from conf.json.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHex } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { ConfReader } from '../../src/config/conf-reader.js';
import { ConfigError } from '../../src/config/config-error.js';
import { parseMainstayConfig } from '../../src/config/mainstay-config.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { EstimateSmartFeeSource } from '../../src/service/estimate-fee-source.js';
import { FeePolicy } from '../../src/service/fee-policy.js';
import { extractConfFlag, staychainProfileFor, timingOverrides } from '../../src/service/mainstay-main.js';
import { DEFAULT_TIMING, effectiveDelay, resolveServiceTiming } from '../../src/service/service-timing.js';
import { FakeBitcoinNode } from '../support/fake-bitcoin-node.js';
import { FakeClock } from '../support/fake-clock.js';
import { secp, signerKey } from '../support/attestation-fixture.js';

const MIN = 60_000;

describe('service timing', () => {
  it('defaults are the original constants; minutes ≤ 0 mean 60; regtest forces 5 s', () => {
    const t = resolveServiceTiming({ newAttestationMinutes: -1, handleUnconfirmedMinutes: 0 }, false);
    assert.deepEqual(t, DEFAULT_TIMING);
    assert.equal(t.fixedMs, 1000);
    assert.equal(t.sigsMs, MIN);
    assert.equal(t.confirmationMs, 15 * MIN);
    assert.equal(t.firstStepMs, 10_000);
    const c = resolveServiceTiming({ newAttestationMinutes: 30, handleUnconfirmedMinutes: 90 }, true);
    assert.equal(c.newAttestationMs, 30 * MIN);
    assert.equal(c.handleUnconfirmedMs, 90 * MIN);
    assert.equal(effectiveDelay(c, 15 * MIN), 5000);
    assert.equal(effectiveDelay(t, -5), 0);
  });

  it('our millisecond overrides; regtestDelayMs only in regtest mode; bad values are errors', () => {
    const reader = new ConfReader({ timing: { sigsMs: '250', regtestDelayMs: '100', newAttestationMinutes: '5' } }, {});
    const o = timingOverrides(reader);
    assert.deepEqual(o, { sigsMs: 250, regtestDelayMs: 100 });
    assert.equal(resolveServiceTiming({ newAttestationMinutes: 5, handleUnconfirmedMinutes: -1 }, true, o).regtestDelayMs, 100);
    assert.equal(resolveServiceTiming({ newAttestationMinutes: 5, handleUnconfirmedMinutes: -1 }, false, o).regtestDelayMs, undefined);
    assert.throws(() => timingOverrides(new ConfReader({ timing: { sigsMs: '-3' } }, {})), ConfigError);
    assert.throws(() => timingOverrides(new ConfReader({ timing: { sigsMs: '1.5' } }, {})), /timing\.sigsMs must be a non-negative integer/);
  });
});

describe('EstimateSmartFeeSource', () => {
  it('sat/kvB → whole sat/B; no estimate → the policy minimum; clamped to maxFee', async () => {
    const node = new FakeBitcoinNode({ clock: new FakeClock() });
    const source = new EstimateSmartFeeSource(node);
    const policy = new FeePolicy({ minFee: 10, maxFee: 80, feeIncrement: 5 }, { source });
    node.estimateFeerate = 25_999;
    assert.equal(await source.recommendedFeeRate(), 25);
    await policy.reset();
    assert.equal(policy.currentFee, 25);
    node.estimateFeerate = undefined;
    assert.equal(await source.recommendedFeeRate(), undefined);
    await policy.reset();
    assert.equal(policy.currentFee, 10);
    node.estimateFeerate = 500_000;
    await policy.reset();
    assert.equal(policy.currentFee, 80);
    assert.ok(node.calls.includes('estimatesmartfee'));
  });
});

describe('daemon start-up pieces', () => {
  it('-conf in any Go form, the other flags passed on', () => {
    assert.deepEqual(extractConfFlag(['-conf', 'a.json', '-regtest']), { conf: 'a.json', rest: ['-regtest'] });
    assert.deepEqual(extractConfFlag(['-tx', 'x', '--conf=b.json']), { conf: 'b.json', rest: ['-tx', 'x'] });
    assert.deepEqual(extractConfFlag([]), { conf: undefined, rest: [] });
    assert.throws(() => extractConfFlag(['-conf']), /needs an argument/);
  });

  it('profile A topup needs both address and script (else a warning), and the same m', () => {
    const k = [signerKey(0), signerKey(1)];
    const script = toHex(buildMultisigScript(1, k.map((x) => secp.publicKeyCreate(x.key, true))));
    const cfg = (staychain: Record<string, string>) =>
      parseMainstayConfig(
        JSON.stringify({ main: { rpcurl: 'h:1', rpcuser: 'u', rpcpass: 'p', chain: 'regtest' }, staychain: { initTx: 'ab'.repeat(32), initScript: script, initChaincodes: k.map((x) => toHex(x.chaincode)).join(','), ...staychain } }),
        { env: {} },
      );
    const logger = new RecordingLogger();
    const p = staychainProfileFor(cfg({ topupAddress: '2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB' }), secp, logger);
    assert.equal(p.topupAddress, undefined);
    assert.ok(logger.messages('warn').some((m) => m.includes('topup disabled')));
    const twoOfTwo = toHex(buildMultisigScript(2, k.map((x) => secp.publicKeyCreate(x.topupKey!, true))));
    assert.throws(() => staychainProfileFor(cfg({ topupAddress: '2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB', topupScript: twoOfTwo }), secp, logger), /must be equal/);
    assert.throws(() => staychainProfileFor(cfg({ initChaincodes: toHex(k[0]!.chaincode) }), secp, logger), /number of chaincodes/);
  });
});
