import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../src/rpc/server/work-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('runs up to `concurrency` tasks, queues up to `maxDepth`, refuses beyond', async () => {
  const q = new WorkQueue(2, 1);
  const gates = [deferred(), deferred(), deferred()];
  const started: number[] = [];
  const task = (i: number) => () => {
    started.push(i);
    return gates[i]!.promise;
  };
  assert.equal(q.submit(task(0)), true);
  assert.equal(q.submit(task(1)), true);
  assert.equal(q.submit(task(2)), true);
  assert.equal(q.submit(task(0)), false);
  assert.deepEqual(started, [0, 1]);
  assert.equal(q.running, 2);
  assert.equal(q.depth, 1);
  gates[0]!.resolve();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1, 2]);
  const idle = q.idle();
  gates[1]!.resolve();
  gates[2]!.resolve();
  await idle;
  assert.equal(q.running, 0);
  assert.equal(q.depth, 0);
});

test('bounds are at least 1; a throwing or rejecting task frees its slot', async () => {
  const q = new WorkQueue(0, 0);
  assert.equal(q.concurrency, 1);
  assert.equal(q.maxDepth, 1);
  assert.equal(
    q.submit(() => {
      throw new Error('sync');
    }),
    true,
  );
  assert.equal(q.submit(() => Promise.reject(new Error('async'))), true);
  await q.idle();
  assert.equal(q.running, 0);
  await q.idle();
});
