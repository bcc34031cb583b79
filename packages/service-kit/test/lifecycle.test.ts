import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { Lifecycle } from '../src/lifecycle.js';
import { handleShutdownSignals, type SignalSource } from '../src/process-signals.js';
import { RecordingLogger } from '../src/recording-logger.js';

describe('Lifecycle', () => {
  it('runs handlers once, newest first', async () => {
    const order: string[] = [];
    const lc = new Lifecycle();
    lc.onShutdown('db', () => void order.push('db'));
    lc.onShutdown('rpc', async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push('rpc');
    });
    lc.onShutdown('lock', () => void order.push('lock'));
    assert.equal(lc.shuttingDown, false);
    const a = lc.shutdown('SIGTERM');
    const b = lc.shutdown('stop');
    assert.equal(a, b);
    assert.equal(lc.shuttingDown, true);
    const report = await a;
    assert.deepEqual(order, ['lock', 'rpc', 'db']);
    assert.deepEqual(report.ran, ['lock', 'rpc', 'db']);
    assert.equal(report.reason, 'SIGTERM');
    assert.equal(await lc.stopped, report);
    await lc.shutdown('again');
    assert.deepEqual(order, ['lock', 'rpc', 'db']);
  });

  it('keeps going when a handler fails or hangs', async () => {
    const order: string[] = [];
    const log = new RecordingLogger();
    const lc = new Lifecycle({ handlerTimeoutMs: 20, logger: log });
    lc.onShutdown('first', () => void order.push('first'));
    lc.onShutdown('hangs', () => new Promise(() => {}));
    lc.onShutdown('throws', () => {
      throw new Error('boom');
    });
    const report = await lc.shutdown('test');
    assert.deepEqual(order, ['first']);
    assert.deepEqual(report.timedOut, ['hangs']);
    assert.equal(report.failed.length, 1);
    assert.equal(report.failed[0]!.name, 'throws');
    assert.ok(log.messages('error').includes('Shutdown handler failed'));
    assert.ok(log.messages('warn').includes('Shutdown handler timed out'));
  });

  it('unregistered handlers do not run; late ones still run', async () => {
    const order: string[] = [];
    const lc = new Lifecycle();
    const off = lc.onShutdown('gone', () => void order.push('gone'));
    lc.onShutdown('a', () => {
      order.push('a');
      lc.onShutdown('added-during', () => void order.push('added-during'));
    });
    lc.onShutdown('b', () => void order.push('b'));
    off();
    await lc.shutdown('x');
    assert.deepEqual(order, ['b', 'a', 'added-during']);
    let late = false;
    lc.onShutdown('after', () => {
      late = true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(late, true);
  });
});

describe('handleShutdownSignals', () => {
  it('the first signal shuts down, later ones are reported, listeners are removed after', async () => {
    const emitter = new EventEmitter();
    const source: SignalSource = emitter;
    const lc = new Lifecycle();
    let runs = 0;
    lc.onShutdown('h', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
    });
    const repeated: string[] = [];
    handleShutdownSignals(lc, source, { onRepeatedSignal: (s) => repeated.push(s) });
    assert.equal(emitter.listenerCount('SIGTERM'), 1);
    assert.equal(emitter.listenerCount('SIGINT'), 1);
    emitter.emit('SIGINT');
    emitter.emit('SIGTERM');
    const report = await lc.stopped;
    assert.equal(report.reason, 'SIGINT');
    assert.equal(runs, 1);
    assert.deepEqual(repeated, ['SIGTERM']);
    assert.equal(emitter.listenerCount('SIGTERM'), 0);
    assert.equal(emitter.listenerCount('SIGINT'), 0);
  });

  it('the returned function removes the listeners', () => {
    const emitter = new EventEmitter();
    const remove = handleShutdownSignals(new Lifecycle(), emitter, { signals: ['SIGHUP'] });
    assert.equal(emitter.listenerCount('SIGHUP'), 1);
    remove();
    assert.equal(emitter.listenerCount('SIGHUP'), 0);
  });
});
