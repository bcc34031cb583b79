import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Clock, FakeChain, fund, makePool, simple, spend, out, feeOut, utxo, type Utxo } from './support.js';

type Op =
  | { kind: 'spend'; pick: number; fee: number; rbf: boolean; split: boolean }
  | { kind: 'join'; a: number; b: number; fee: number }
  | { kind: 'prioritise'; pick: number; delta: number }
  | { kind: 'mine'; pick: number }
  | { kind: 'trim'; keep: number }
  | { kind: 'expire'; advance: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('spend' as const), pick: fc.nat(), fee: fc.integer({ min: 1_000, max: 200_000 }), rbf: fc.boolean(), split: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), a: fc.nat(), b: fc.nat(), fee: fc.integer({ min: 1_000, max: 200_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prioritise' as const), pick: fc.nat(), delta: fc.integer({ min: -5_000, max: 50_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mine' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trim' as const), keep: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), advance: fc.integer({ min: 0, max: 4000 }) }) },
);

test('random accepts / replacements / removals keep the pool indexes consistent; expiry removes everything too old', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
      const chain = new FakeChain();
      const clock = new Clock();
      const pool = makePool(chain, clock, { options: { expirySeconds: 6000, limitAncestorCount: 6, limitDescendantCount: 6 } });
      // candidate outputs: confirmed coins and outputs of pool transactions (spent or not)
      const outs: Utxo[] = fund(chain, 4, 10_000_000n);
      for (const op of ops) {
        clock.now += 1;
        if (op.kind === 'spend' && outs.length > 0) {
          const u = outs[op.pick % outs.length]!;
          const v = u.out.value.amount;
          const fee = BigInt(op.fee);
          if (v <= fee + 2n) continue;
          const rest = v - fee;
          const outputs = op.split ? [out(rest / 2n), out(rest - rest / 2n), feeOut(fee)] : [out(rest), feeOut(fee)];
          const tx = spend([u], outputs, { sequence: op.rbf ? 0xfffffffd : 0xffffffff });
          if (pool.accept(tx).status === 'accepted') outs.push(...tx.outputs.slice(0, outputs.length - 1).map((_, i) => utxo(tx, i)));
        } else if (op.kind === 'join' && outs.length > 1) {
          const a = outs[op.a % outs.length]!;
          const b = outs[op.b % outs.length]!;
          if (a === b) continue;
          const total = a.out.value.amount + b.out.value.amount;
          const fee = BigInt(op.fee);
          const tx = spend([a, b], [out(total - fee), feeOut(fee)], { sequence: 0xfffffffd });
          if (pool.accept(tx).status === 'accepted') outs.push(utxo(tx, 0));
        } else if (op.kind === 'prioritise' && pool.size > 0) {
          const ids = pool.txids();
          pool.prioritiseTransaction(ids[op.pick % ids.length]!, BigInt(op.delta));
        } else if (op.kind === 'mine' && pool.size > 0) {
          // mine a pool transaction without in-pool parents
          const roots = pool.txids().filter((id) => pool.entryInfo(id)!.depends.length === 0);
          const id = roots[op.pick % roots.length]!;
          const tx = pool.get(id)!.tx;
          chain.height++;
          chain.confirm(tx, chain.height);
          pool.removeForBlock([tx]);
        } else if (op.kind === 'trim') {
          pool.trimToSize(op.keep * 600);
        } else if (op.kind === 'expire') {
          clock.now += op.advance;
          pool.limitSize();
          // nothing older than the expiry is left (the scan may be skipped only when nothing can be)
          for (const id of pool.txids()) assert.ok(pool.entryInfo(id)!.time >= clock.now - 6000, `${id} should have expired`);
        }
        pool.checkConsistency();
        for (const id of pool.txids()) {
          const e = pool.entryInfo(id)!;
          assert.ok(e.ancestorcount >= 1 && e.descendantcount >= 1);
        }
      }
    }),
    { numRuns: 60 },
  );
});

test('simple() helper spends are independent per coin', () => {
  const chain = new FakeChain();
  const [u] = fund(chain, 1);
  assert.notEqual(simple(u!, 1n).txidHex, simple(u!, 2n).txidHex);
});
