// NodeMetrics and the RPC observer without a daemon: gauges read their source, peers plug in,
// RPC calls and block processing are timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricsRegistry } from '@ocean-ts/service-kit';
import { NodeMetrics } from '../../src/metrics/node-metrics.js';
import type { MempoolFigures } from '../../src/metrics/node-metrics-source.js';
import { RpcMetricsObserver } from '../../src/metrics/rpc-metrics-observer.js';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

describe('NodeMetrics', () => {
  it('gauges follow the source at each scrape; a peer source can be plugged in', async () => {
    const state: { height?: number; header?: number; pool?: MempoolFigures } = {};
    const m = new NodeMetrics({
      source: { chainHeight: () => state.height, headerHeight: () => state.header, mempool: () => state.pool },
      defaultMetrics: false,
    });
    state.height = 5;
    state.header = 7;
    state.pool = { transactions: 2, bytes: 450 };
    let text = await m.registry.metrics();
    assert.equal(line(text, 'ocean_chain_height '), 'ocean_chain_height 5');
    assert.equal(line(text, 'ocean_header_height '), 'ocean_header_height 7');
    assert.equal(line(text, 'ocean_mempool_transactions '), 'ocean_mempool_transactions 2');
    assert.equal(line(text, 'ocean_mempool_bytes '), 'ocean_mempool_bytes 450');
    assert.equal(line(text, 'ocean_peers '), 'ocean_peers 0');
    assert.equal(line(text, 'process_cpu'), undefined, 'defaults off');
    m.setPeerSource(() => 8);
    state.height = 6;
    text = await m.registry.metrics();
    assert.equal(line(text, 'ocean_peers '), 'ocean_peers 8');
    assert.equal(line(text, 'ocean_chain_height '), 'ocean_chain_height 6');
  });

  it('times block processing by result', async () => {
    const m = new NodeMetrics({ source: { chainHeight: () => 0, headerHeight: () => 0, mempool: () => undefined }, defaultMetrics: false });
    assert.equal(await m.timeBlockProcess(async () => null, (r) => r === null), null);
    assert.equal(await m.timeBlockProcess(async () => 'bad-blk', (r) => r === null), 'bad-blk');
    await m.timeBlockProcess(async () => null, (r) => r === null);
    const text = await m.registry.metrics();
    assert.equal(line(text, 'ocean_block_process_duration_seconds_count{result="accepted"}'), 'ocean_block_process_duration_seconds_count{result="accepted"} 2');
    assert.equal(line(text, 'ocean_block_process_duration_seconds_count{result="rejected"}'), 'ocean_block_process_duration_seconds_count{result="rejected"} 1');
  });
});

describe('RpcMetricsObserver', () => {
  it('observes the duration on a monotonic clock, labelled by method, outcome and code; tracks in-flight', async () => {
    const registry = new MetricsRegistry();
    let now = 100;
    const o = new RpcMetricsObserver(registry, () => now);
    const a = o.callStarted('getblock');
    const b = o.callStarted('getblockhash');
    assert.match(await registry.metrics(), /^ocean_rpc_requests_in_flight 2$/m);
    now = 100.003;
    a(null);
    a(null); // a second call of the same done function is ignored
    now = 102;
    b(-8);
    const text = await registry.metrics();
    assert.match(text, /^ocean_rpc_requests_in_flight 0$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_count\{method="getblock",outcome="success",code=""\} 1$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_bucket\{le="0.0025",method="getblock",outcome="success",code=""\} 0$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_bucket\{le="0.005",method="getblock",outcome="success",code=""\} 1$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_count\{method="getblockhash",outcome="error",code="-8"\} 1$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_sum\{method="getblockhash",outcome="error",code="-8"\} 2$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_bucket\{le="1",method="getblockhash",outcome="error",code="-8"\} 0$/m);
    assert.match(text, /^ocean_rpc_request_duration_seconds_bucket\{le="2.5",method="getblockhash",outcome="error",code="-8"\} 1$/m);
  });
});
